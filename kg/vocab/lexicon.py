"""The compiled lexicon, and the linker the mapping calls: text as written -> one concept with links.

Loading is lazy (on first lookup), once per process, and only splits lines: a term's record is
parsed when a lookup first needs it. Every lookup is a dictionary lookup, cached per process.

Matching, in order, stopping at the first that finds a term of a vocabulary the kind allows:

1. the normalised key of the text (kg.vocab.normalize) against every label and exact synonym
   (and HPO's lay broad synonyms such as "Rash"), then the same without parenthesised asides:
   a synonym match, ``skos:exactMatch``; the concept is the vocabulary's, so every spelling of
   it meets on one node named by its preferred label;
2. a close reading, each with a fixed score (HPO broad synonyms, severity words dropped, the
   digit of "HIV-1" dropped, "liver problems" read as "liver disease", a salt's counter-ion
   dropped): ``skos:closeMatch`` with that score; the concept keeps its own node, since a
   close match is not an identity;
3. nothing: no link rather than a wrong one.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from kg.vocab.normalize import key, level_key, tokens, without_parentheses

LEXICON = Path(__file__).parent / "data" / "lexicon.tsv.gz"
THRESHOLD = 0.8
"""Close matches scoring below this are not linked."""

# Which vocabularies name each kind of concept, the first one the concept's home.
KIND_SOURCES: dict[str, tuple[str, ...]] = {
    "effect": ("hpo", "mondo", "mesh", "icd10cm"),
    "condition": ("mondo", "hpo", "mesh", "icd10cm"),
    "substance": ("chebi", "mesh"),
    "agent": ("chebi", "mesh"),
    "dosage-form": ("mesh",),
}

# The vocabularies whose every term is a disease, disorder or phenotype.
_DISORDER_SOURCES = ("mondo", "hpo", "icd10cm")
_NOT_DISORDER_CODES = tuple(f"ICD10CM:{chapter}" for chapter in "VWXYZ")

# Canonical IRI of each vocabulary's identifiers, by CURIE prefix.
IRI_PREFIX: dict[str, str] = {
    "HP": "http://purl.obolibrary.org/obo/HP_",
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
    "CHEBI": "http://purl.obolibrary.org/obo/CHEBI_",
    "NCIT": "http://purl.obolibrary.org/obo/NCIT_",
    "MESH": "http://id.nlm.nih.gov/mesh/",
    "SNOMEDCT": "http://snomed.info/id/",
    "ICD10CM": "http://purl.bioontology.org/ontology/ICD10CM/",
    "MEDDRA": "http://purl.bioontology.org/ontology/MEDDRA/",
    "UMLS": "https://identifiers.org/umls:",
}
SOURCE_OF_PREFIX: dict[str, str] = {
    "HP": "hpo",
    "MONDO": "mondo",
    "CHEBI": "chebi",
    "NCIT": "ncit",
    "MESH": "mesh",
    "SNOMEDCT": "snomedct",
    "ICD10CM": "icd10cm",
    "MEDDRA": "meddra",
    "UMLS": "umls",
}
# UCUM codes as IRIs in the w3id.org/uom namespace of "UCUM in RDF" (Lefrançois and Zimmermann,
# 2018): one IRI per code, percent-encoded, so "mg/kg/d" is one resolvable unit.
UCUM_IRI = "https://w3id.org/uom/"

# Words that qualify a mention without changing what it is ("severe headache").
_QUALIFIERS = frozenset(
    {
        "severe",
        "mild",
        "moderate",
        "serious",
        "rare",
        "common",
        "uncommon",
        "occasional",
        "possible",
        "potential",
        "transient",
        "temporary",
        "persistent",
        "sudden",
        "unusual",
        "excessive",
        "significant",
        "minor",
        "major",
        "slight",
        "frequent",
        "prolonged",
        "very",
        "some",
        "certain",
        "other",
        "rarely",
        "extreme",
        "intense",
        "occasionally",
        "potentially",
        "life",
        "threatening",
        "fatal",
        "new",
        "worsening",
        "symptom",
    }
)
# Vague heads that monographs put after an organ ("kidney problems").
_VAGUE = frozenset(
    {
        "problem",
        "issue",
        "damage",
        "disorder",
        "trouble",
        "condition",
        "complication",
        "abnormality",
        "dysfunction",
        "disease",
        "injury",
        "toxicity",
        "impairment",
        "effect",
    }
)
# A mention that names a term among other words: which vocabularies are read for it, the score
# of a term that leaves out only connecting words, and what each further word left out costs.
_CONTAINED_SOURCES: dict[str, tuple[str, ...]] = {
    "effect": ("hpo", "mondo", "icd10cm"),
    "condition": ("mondo", "hpo", "icd10cm"),
}
_CONTAINED_TOP, _CONTAINED_STEP = 0.95, 0.05
# Words that connect or place a term without changing what it is ("pain at the injection site").
_CONNECTIVE = frozenset(
    {
        "at",
        "in",
        "on",
        "of",
        "or",
        "and",
        "to",
        "with",
        "from",
        "after",
        "during",
        "near",
        "due",
        "by",
        "for",
        "as",
        "like",
        "such",
        "site",
        "area",
        "including",
        "especially",
        "associated",
        "related",
        "induced",
    }
)
# Words that say the term is absent, or only feared: such a mention is not the term.
_NEGATING = frozenset(
    {
        "no",
        "not",
        "non",
        "without",
        "absence",
        "absent",
        "lack",
        "free",
        "history",
        "risk",
        "prevent",
        "avoid",
        "unlike",
        "except",
    }
)
# Counter-ions and hydrates of a salt: "metformin hydrochloride" is close to metformin.
_SALT = frozenset(
    {
        "hydrochloride",
        "hcl",
        "dihydrochloride",
        "maleate",
        "sodium",
        "potassium",
        "calcium",
        "magnesium",
        "sulfate",
        "hydrobromide",
        "bromide",
        "citrate",
        "acetate",
        "phosphate",
        "besylate",
        "besilate",
        "mesylate",
        "mesilate",
        "tartrate",
        "bitartrate",
        "succinate",
        "fumarate",
        "hemifumarate",
        "monohydrate",
        "dihydrate",
        "trihydrate",
        "hydrate",
        "anhydrous",
        "propionate",
        "dipropionate",
        "valerate",
        "butyrate",
        "furoate",
        "disodium",
        "trometamol",
        "tromethamine",
        "lactate",
        "gluconate",
        "nitrate",
        "chloride",
        "oxalate",
        "palmitate",
        "stearate",
        "benzoate",
        "pamoate",
        "embonate",
        "malate",
        "xinafoate",
        "iodide",
        "medoxomil",
        "cilexetil",
        "axetil",
        "pivoxil",
        "ester",
        "base",
        "diethylamine",
        "micronized",
        "usp",
        "ip",
        "bp",
    }
)


# "increased risk of bleeding": the words around the thing feared, which is what the drug does.
_RISK = frozenset({"increased", "increase", "higher", "high", "greater", "elevated", "risk", "possible"})
# Words that place one word in or on another: "pain in the joints" is "joint pain".
_PLACE = ("in", "on", "around", "within")
# Stereo descriptors written as a word of their own, and enantiomer prefixes written into the
# name: the single enantiomer is close to the racemate the vocabularies name.
_STEREO = frozenset({"l", "d", "s", "r", "dl", "levo", "dextro"})
_ENANTIOMER = ("levo", "dextro", "dex", "es", "ar")
_LEVEL_SCORE = 0.9
# A state written as a noun that vocabularies write as an adjective before its place ("skin
# thinning", "Thin skin"), and other forms of one word ("blurry", "blurred").
_ADJECTIVE = {
    "thinning": "thin",
    "dryness": "dry",
    "redness": "red",
    "swelling": "swollen",
    "tenderness": "tender",
    "stiffness": "stiff",
    "prolongation": "prolonged",
}
_DERIVED = {
    "blurry": "blurred",
    "cramping": "cramp",
    "blistering": "blister",
    "itchiness": "itching",
    "allergic": "allergy",
}
LEVEL = "@"  # kg.vocab.build.LEVEL: index keys of direction keys
LAY = "~"  # kg.vocab.build.LAY: index keys of the lay words of kg.vocab.tables
CAPITALS = "!"  # kg.vocab.build.CAPITALS: index keys of acronyms
_CAPITALS = re.compile(r"\b[A-Z][A-Z0-9]{1,5}\b")
_RELATED_BASE = 1 << 24  # kg.vocab.build.RELATED_BASE: index entries of related synonyms
_SCOPE_SCORE = {"c": 0.85, "r": 0.8}  # the most a broad or a related synonym's reading scores
_UNSPECIFIED_UNIT = re.compile(r"\[U\]")
_HOMED = frozenset({"HP", "MONDO", "CHEBI", "MESH", "ICD10CM"})


@dataclass(frozen=True, slots=True)
class Link:
    """A link from a concept to a vocabulary's identifier."""

    iri: str
    source: str  # the vocabulary's short name, a key of Lexicon.sources
    exact: bool
    score: float  # 1.0 for a synonym match


@dataclass(frozen=True, slots=True)
class Concept:
    """What a mention resolves to: the node's name and the vocabulary links it carries."""

    name: str  # the preferred label: the node's schema:name, and what its IRI is minted from
    links: tuple[Link, ...] = ()
    matched: bool = False  # a synonym match: the name is the vocabulary's preferred label


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    iri: str
    name: str


def curie_iri(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return IRI_PREFIX[prefix] + local


class Lexicon:
    """The compiled lexicon file, loaded once."""

    def __init__(self, path: Path = LEXICON) -> None:
        with gzip.open(path, "rb") as fh:
            lines = fh.read().decode("utf-8").split("\n")
        header = json.loads(lines[0])
        self.sources: dict[str, dict[str, str]] = header["sources"]
        n = int(header["terms"])
        self._rows = lines[1 : n + 1]
        self._index = dict(line.split("\t", 1) for line in lines[n + 1 :] if line)
        self._routes: dict[str, list[str]] = header["routes"]
        units = header["units"]
        self._prefixes: dict[str, str] = units["prefixes"]
        self._atoms: dict[str, list[object]] = units["atoms"]
        self._cache: dict[tuple[str, str], Concept] = {}
        self._disorders: dict[str, bool] = {}
        self._compact: dict[str, str] | None = None

    def __len__(self) -> int:
        return len(self._rows)

    # --- term records ---------------------------------------------------------------------

    @lru_cache(maxsize=65536)  # noqa: B019 - one Lexicon per process, kept for its life
    def term(self, n: int) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
        """Term ``n``: its CURIE, preferred label, equivalent terms and cross-references."""
        cid, pref, peers, xrefs, _ = self._rows[n].split("\t")
        return cid, pref, tuple(p for p in peers.split(",") if p), tuple(x for x in xrefs.split(",") if x)

    @lru_cache(maxsize=65536)  # noqa: B019 - one Lexicon per process
    def preferred(self, n: int, kind: str) -> str:
        """Term ``n``'s preferred label for a kind: the synonym the collection uses most for that
        kind when the lexicon was built with one, else the vocabulary's own label."""
        row = self._rows[n].split("\t")
        for pair in row[4].split(";") if row[4] else ():
            k, _, label = pair.partition("=")
            if k == kind:
                return label
        return row[1]

    def hits(self, k: str) -> list[tuple[int, bool]]:
        """Terms whose label normalises to ``k``, each with whether it is an exact label."""
        return [(n, scope == "e") for n, scope in self.scoped_hits(k)]

    def scoped_hits(self, k: str) -> list[tuple[int, str]]:
        """Terms whose label normalises to ``k``, each with the label's scope: "e" an exact label
        or synonym, "c" a broad synonym, "r" a related synonym."""
        raw = self._index.get(k)
        if not raw:
            return []
        out = []
        for h in raw.split(","):
            i = int(h)
            if i >= _RELATED_BASE:
                out.append((i - _RELATED_BASE, "r"))
            elif i >= 0:
                out.append((i, "e"))
            else:
                out.append((-i - 1, "c"))
        return out

    def _best(self, k: str, order: tuple[str, ...], exact_only: bool) -> tuple[int, bool] | None:
        hit = self._best_scoped(k, order, exact_only)
        return (hit[0], hit[1] == "e") if hit else None

    def _best_scoped(self, k: str, order: tuple[str, ...], exact_only: bool) -> tuple[int, str] | None:
        best: tuple[int, int, str] | None = None
        for n, scope in self.scoped_hits(k):
            if exact_only and scope != "e":
                continue
            src = SOURCE_OF_PREFIX[self.term(n)[0].split(":", 1)[0]]
            if src not in order:
                continue
            rank = order.index(src) + len(order) * "ecr".index(scope)
            if best is None or rank < best[0]:
                best = (rank, n, scope)
        return (best[1], best[2]) if best else None

    def _links(self, n: int, exact: bool, score: float, order: tuple[str, ...], k: str) -> tuple[Link, ...]:
        cid, _, peers, xrefs = self.term(n)
        curies = [cid, *peers, *xrefs]
        if exact:
            # every other vocabulary of this kind that names the same key, if only once
            for m, ex in self.hits(k):
                if ex:
                    curies.append(self.term(m)[0])
        seen: dict[str, Link] = {}
        for c in curies:
            prefix = c.split(":", 1)[0]
            if prefix not in IRI_PREFIX or c in seen:
                continue
            src = SOURCE_OF_PREFIX[prefix]
            if prefix in _HOMED and src not in order:
                continue  # a peer outside this kind's vocabularies (a MeSH chemical for a symptom)
            seen[c] = Link(curie_iri(c), src, exact, 1.0 if exact else score)
        return tuple(sorted(seen.values(), key=lambda lk: lk.iri))

    # --- the linker -----------------------------------------------------------------------

    def link(self, kind: str, text: str) -> Concept:
        """The concept a mention of ``kind`` names, with its links; cached per process."""
        cached = self._cache.get((kind, text))
        if cached is None:
            cached = self._cache[(kind, text)] = self._link(kind, text)
        return cached

    def exact_term(self, kind: str, text: str) -> int | None:
        """The term a mention names by one of its labels or exact synonyms, if any."""
        order = KIND_SOURCES.get(kind)
        if not order or not tokens(text):
            return None
        hit = self._exact_hit(text, key(text), order)
        return hit[0] if hit is not None else None

    def names_disorder(self, text: str) -> bool:
        """Whether a mention is, word for word, the label or an exact synonym of a disease or
        phenotype (MONDO, HPO, ICD-10-CM), not only of a MeSH heading, which may be a chemical."""
        found = self._disorders.get(text)
        if found is None:
            hit = self._exact_hit(text, key(text), _DISORDER_SOURCES) if tokens(text) else None
            # ICD-10-CM's chapters V-Y (external causes: "exposure", "surgical procedure") and
            # Z (reasons for an encounter) classify circumstances, not disorders
            found = hit is not None and not self.term(hit[0])[0].startswith(_NOT_DISORDER_CODES)
            self._disorders[text] = found
        return found

    def _exact_hit(self, text: str, k: str, order: tuple[str, ...]) -> tuple[int, str] | None:
        """The term a mention names by a label or exact synonym, with the key that found it.
        The collection's preferred labels are voted through this too, so a spelling that
        links (light-headedness as "lightheadedness") also counts towards its term's name."""
        capitals = CAPITALS + k if _CAPITALS.search(text) else ""
        for kk in self._exact_keys(k, key(without_parentheses(text)), capitals, text):
            hit = self._best(kk, order, exact_only=True) if kk else None
            if hit is not None:
                return hit[0], kk
        return None

    def _link(self, kind: str, text: str) -> Concept:
        words = " ".join(tokens(text))
        order = KIND_SOURCES.get(kind)
        if not order or not words:
            return Concept(words or text)
        k = key(text)
        exact = self._exact_hit(text, k, order)
        if exact is not None:
            n, kk = exact
            return Concept(self.preferred(n, kind), self._links(n, True, 1.0, order, kk), matched=True)
        written = [w for w in tokens(text) if w not in ("the", "a", "an")]
        close = self._close(kind, k, 0, " ".join(written) if "of" in written else "")
        if close is not None:
            n, kk, s = close
            return Concept(words, self._links(n, False, s, order, kk))
        return Concept(words)

    def _exact_keys(self, k: str, bare: str, capitals: str, text: str) -> Iterator[str]:
        yield k
        if bare != k:
            yield bare
        joined = self._joined(k)
        if joined and not self._glues_words(k, joined, text):
            yield joined
        yield capitals

    def _glues_words(self, k: str, joined: str, text: str) -> bool:
        """Whether reading ``k`` as ``joined`` glues two words that the text writes apart with a
        space and that are each a term of their own: "lip edema" is swelling of the lips, not
        lipedema; "post-operative" and "multi-organ" are one word written with a hyphen."""
        words = k.split()
        written = " ".join(text.lower().split())
        i = 0
        for part in joined.split():
            start, glued = i, ""
            while i < len(words) and len(glued) < len(part):
                glued += words[i]
                i += 1
            if glued != part:
                return False  # the vocabulary splits what the text writes as one word
            for a, b in zip(words[start:i], words[start + 1 : i], strict=False):
                if a in self._index and b in self._index and f"{a} {b}" in written:
                    return True
        return False

    def _joined(self, k: str) -> str:
        """The key a vocabulary writes as one word or as two ("levo-carnitine", "levocarnitine";
        "light-headedness", "lightheadedness"), when that spelling is the only one it has: ""
        otherwise. The table of keys without spaces is made on the first miss."""
        if self._compact is None:
            compact: dict[str, str] = {}
            for kk in self._index:
                if kk[:1].isalnum():
                    c = kk.replace(" ", "")
                    compact[c] = "" if c in compact and compact[c] != kk else kk
            self._compact = compact
        found = self._compact.get(k.replace(" ", ""), "")
        return found if found != k else ""

    @lru_cache(maxsize=65536)  # noqa: B019 - one Lexicon per process; cached by normalised key
    def _close(self, kind: str, k: str, depth: int = 0, with_of: str = "") -> tuple[int, str, float] | None:
        """The term a mention names by a close reading: (term, the key read, score), the best
        scoring reading first and of equal ones the first tried; None under the threshold."""
        order = KIND_SOURCES[kind]
        found: tuple[int, str, float] | None = None
        for kk, score in self._close_readings(kind, k):
            if score < THRESHOLD:
                continue
            scoped = self._best_scoped(kk, order, exact_only=False)
            if scoped is not None:
                n, scope = scoped
                s = score if scope == "e" else min(score, _SCOPE_SCORE[scope])
                return n, kk, s
        if kind in _CONTAINED_SOURCES:
            kept = " ".join(w for w in k.split() if w not in _QUALIFIERS)
            for kk in dict.fromkeys((k, kept)):
                for prefix in (LAY, f"{LAY}{kind}:"):
                    lay = self._best_scoped(prefix + kk, order, exact_only=False)
                    if lay is not None:
                        return lay[0], prefix + kk, _SCOPE_SCORE[lay[1]]
        lk = level_key(k)
        if lk and kind in _CONTAINED_SOURCES:
            hit = self._best(LEVEL + lk, _CONTAINED_SOURCES[kind], exact_only=True)
            if hit is not None:
                return hit[0], LEVEL + lk, _LEVEL_SCORE
        contained = self._contained(kind, k)
        if contained is not None:
            found = contained
        if depth == 0:
            for kk, factor, exact_only in self._rewrites(kind, k, with_of):
                if found is not None and factor <= found[2]:
                    continue
                term = self._best_trusted(kk, order)
                if term is None and self._joined(kk):
                    term = self._best_trusted(self._joined(kk), order)
                if term is not None:
                    found = (term, kk, factor)
                    continue
                if exact_only:
                    continue
                inner = self._close(kind, kk, depth + 1)
                if inner is not None and (found is None or min(inner[2], factor) > found[2]):
                    found = (inner[0], inner[1], min(inner[2], factor))
        return found

    @staticmethod
    def _rewrites(kind: str, k: str, with_of: str = "") -> list[tuple[str, float, bool]]:
        """Other ways of writing what a mention names, each with what it costs: a coordination
        read one part at a time ("unusual bleeding or bruising"), the object of "risk of" ("increased
        risk of bleeding"), a placed word put first ("pain in the joints": "joint pain"), an
        infection as MONDO writes it ("fungal infection": "fungal infectious disease"), and an
        ingredient without its enantiomer prefix ("levocetirizine", "S-amlodipine")."""
        ws = k.split()
        out: list[tuple[str, float]] = []
        if not ws:
            return []
        if kind in ("substance", "agent"):
            if len(ws) > 1 and ws[0] in _STEREO:
                out.append((" ".join(ws[1:]), 0.85))
            for prefix in _ENANTIOMER:
                if ws[0].startswith(prefix) and len(ws[0]) - len(prefix) >= 6:
                    out.append((" ".join([ws[0][len(prefix) :], *ws[1:]]), 0.85))
            return [(kk, score, False) for kk, score in out]
        for i, w in enumerate(ws):
            if w in _ADJECTIVE and not (w == "thinning" and "hair" in ws):  # thinning hair is less hair
                # "skin thinning", "thinning of the skin": "thin skin"
                out.append((" ".join([_ADJECTIVE[w], *ws[:i], *ws[i + 1 :]]), 0.95))
            elif w in _DERIVED:  # "blurry vision": "blurred vision"
                out.append((" ".join([*ws[:i], _DERIVED[w], *ws[i + 1 :]]), 0.95))
        if "stomach" in ws:  # the lay word for the abdomen: "stomach cramps", "abdominal cramps"
            out.append((" ".join("abdominal" if w == "stomach" else w for w in ws), 0.9))
        for conj in ("or", "and"):
            if conj in ws and ws.index(conj) not in (0, len(ws) - 1):
                i = ws.index(conj)
                left, right = ws[:i], ws[i + 1 :]
                if len(left) == 1 and len(right) > 1:  # "liver or kidney problems": the head is shared
                    parts = [[left[0], right[-1]], right]
                elif len(right) == 1 and len(left) > 1:  # "skin irritation or redness": so is the place
                    parts = [left, [*left[:-1], right[0]]]
                else:
                    parts = [left, right]
                out += [(" ".join(part), 0.9) for part in parts]
                break
        if "risk" in ws and kind == "effect":
            rest = [w for w in ws if w not in _RISK]
            if rest and len(rest) < len(ws):
                out.append((" ".join(rest), 0.9))
        for p in _PLACE:
            if p in ws and 0 < ws.index(p) < len(ws) - 1:
                i = ws.index(p)
                out.append((" ".join([*ws[i + 1 :], *ws[:i]]), 0.9))
                break
        of = with_of.split()
        # "infections of the urinary tract"; a longer phrase after "of" is not one place
        if "of" in of and 0 < of.index("of") < len(of) - 1 and len(of) - of.index("of") <= 3:
            i = of.index("of")
            out.append((key(" ".join([*of[i + 1 :], *of[:i]])), 0.9))
        if ws[0] == "infected" and len(ws) > 1:  # "infected wounds": "wound infection"
            out.append((" ".join([*ws[1:], "infection"]), 0.9))
        if ws[-1] == "infection" and len(ws) > 1:
            out.append((" ".join([*ws[:-1], "infectious", "disease"]), 0.95))
            bare = [w for w in ws[:-1] if not w.isdigit() and w != "type"]  # "HIV-1", "virus type 1"
            if bare and len(bare) < len(ws) - 1:
                out.append((" ".join([*bare, "infectious", "disease"]), 0.85))
        # each with whether only a term named exactly so counts (not a close reading of it)
        return [(kk, score, kk.endswith("infectious disease")) for kk, score in out]

    @lru_cache(maxsize=65536)  # noqa: B019 - one Lexicon per process; cached by normalised key
    def _contained(self, kind: str, k: str) -> tuple[int, str, float] | None:
        """The longest disease or phenotype term named inside a longer mention ("rash at the
        injection site" -> skin rash, "advanced prostate cancer" -> prostate cancer), scored
        down by each word it leaves out: (term, its key, score), or None under the threshold."""
        order = _CONTAINED_SOURCES.get(kind)
        ws = [w for w in k.split() if w not in _QUALIFIERS]
        if not order or len(ws) < 2:
            return None
        for size in range(len(ws) - 1, 0, -1):
            for start in range(len(ws) - size + 1):
                outside = ws[:start] + ws[start + size :]
                if any(w in _NEGATING for w in outside):
                    continue  # "no rash", "risk of stroke"; but "non-small cell lung cancer" is a term
                extra = sum(1 for w in outside if w not in _CONNECTIVE)
                score = round(_CONTAINED_TOP - _CONTAINED_STEP * extra, 2)
                if score < THRESHOLD:
                    continue
                g = " ".join(ws[start : start + size])
                if len(g) < 4:
                    continue
                n = self._best_trusted(g, order)
                if n is None and self._joined(g):
                    g = self._joined(g)
                    n = self._best_trusted(g, order)
                if n is not None:
                    return n, g, score
                lay = self._best_scoped(LAY + g, KIND_SOURCES[kind], exact_only=False)
                if lay is not None and lay[1] == "c" and min(score, _SCOPE_SCORE["c"]) >= THRESHOLD:
                    return lay[0], LAY + g, min(score, _SCOPE_SCORE["c"])
        return None

    def _best_trusted(self, k: str, order: tuple[str, ...]) -> int | None:
        """The term of the first vocabulary in ``order`` that names ``k`` exactly and may be read
        off a part of a mention (see _trusted)."""
        found = [(order.index(src), n) for n, ex in self.hits(k) if ex and (src := self._source(n)) in order]
        for _, n in sorted(found):
            if self._trusted(n, k):
                return n
        return None

    def _source(self, n: int) -> str:
        return SOURCE_OF_PREFIX[self.term(n)[0].split(":", 1)[0]]

    def _trusted(self, n: int, k: str) -> bool:
        """Whether term ``n`` may be read off key ``k`` found by taking a mention apart: HPO's
        labels and exact synonyms are curated for this; of the others only a term's own label, or
        a synonym of several words, since their one-word synonyms are often acronyms or loose
        ("COLD" for COPD)."""
        cid, pref, _, _ = self.term(n)
        return cid.startswith("HP:") or key(pref) == k or (cid.startswith("MONDO:") and " " in k)

    @staticmethod
    def _close_readings(kind: str, k: str) -> list[tuple[str, float]]:
        ws = k.split()
        out: list[tuple[str, float]] = [(k, 0.85)]  # a broad synonym of a vocabulary term
        kept = [w for w in ws if w not in _QUALIFIERS]
        named = [w for w in ws if w not in ("symptom", "sign")]  # "common cold symptoms"
        if named and named != ws and named != kept:
            out.append((" ".join(named), 0.9))
        if kept and kept != ws:
            out.append((" ".join(kept), 0.9))
        if len(kept) == 2 and kind not in ("substance", "agent"):
            out.append((f"{kept[1]} {kept[0]}", 0.85))  # "stomach upset": "upset stomach"
        if kind == "dosage-form" and len(kept) >= 2:
            # the head noun is the form; the words before it say how it is given or released
            out.append((kept[-1], 0.85))
        if kind in ("substance", "agent"):
            base = [w for w in kept if w not in _SALT]
            if base and base != kept:
                out.append((" ".join(base), 0.9))
        else:
            # "HIV-1 infection", "human immunodeficiency virus type 1 infection"
            nodigit = [
                w
                for i, w in enumerate(kept)
                if not w.isdigit() and not (w == "type" and kept[i + 1 : i + 2] and kept[i + 1].isdigit())
            ]
            if nodigit and nodigit != kept:
                out.append((" ".join(nodigit), 0.85))
            if len(kept) >= 2 and kept[-1] in _VAGUE:
                organ = " ".join(kept[:-1])
                out += [(f"{organ} disease", 0.8), (f"abnormality {organ}", 0.8)]
        return out

    def route(self, value: str) -> Concept:
        """A route of administration (kg.model.Route value) with its codes from the route table."""
        links = []
        for c in self._routes.get(value, ()):
            prefix = c.split(":", 1)[0]
            # MeSH's headings are for giving a drug that way, close to the route itself
            exact = prefix != "MESH"
            links.append(Link(curie_iri(c), SOURCE_OF_PREFIX[prefix], exact, 1.0 if exact else 0.9))
        return Concept(value, tuple(sorted(links, key=lambda lk: lk.iri)), matched=bool(links))

    @lru_cache(maxsize=4096)  # noqa: B019 - one Lexicon per process
    def unit(self, code: str) -> Unit | None:
        """The UCUM unit a code names, or None when the code is not valid UCUM."""
        # The extractor writes "units" whose kind the text does not say as [U]; UCUM's code for
        # a unit of no further stated kind is the arbitrary unit [arb'U].
        code = _UNSPECIFIED_UNIT.sub("[arb'U]", code)
        names = []
        for i, part in enumerate(code.split("/")):
            factors = []
            for sym in part.split("."):
                name = self._unit_atom(sym)
                if name is None:
                    return None
                factors.append(name)
            names.append((" per " if i else "") + " ".join(factors))
        return Unit(code, UCUM_IRI + quote(code, safe=""), "".join(names))

    def _unit_atom(self, sym: str) -> str | None:
        if not sym:
            return None
        base = sym.rstrip("0123456789")
        power = sym[len(base) :]
        if base.isdigit() or not base:
            return sym if sym.isdigit() else None
        suffix = f"^{power}" if power else ""
        atom = self._atoms.get(base)
        if atom is not None:
            return f"{atom[0]}{suffix}"
        for plen in (2, 1):
            prefix, rest = base[:plen], base[plen:]
            atom = self._atoms.get(rest)
            if prefix in self._prefixes and atom is not None and atom[1]:
                return f"{self._prefixes[prefix]}{atom[0]}{suffix}"
        return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon of this process, loaded on first use."""
    return Lexicon()
