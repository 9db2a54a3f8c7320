"""Extract routes of administration and dosage forms, leaving out routes the text rules out."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.text import evidence, sentences
from kg.model import Block, Document, DosageForm, Evidence, Fact, Route, RouteFact, Section

# --- route mentions --------------------------------------------------------------------

# Words after "oral", "nasal"… that make the phrase a body part, a disease or another
# product ("oral contraceptive", "nasal congestion"), not a route of this product.
_NOT_ORAL = (
    r"contracepti\w*|thrush|candidiasis|hygiene|cavity|cavities|mucosa\w*|mucositis|ulcer\w*|lesion\w*|"
    r"health|surgery|surgical|care|anticoagula\w*|hypoglyc\w*|antidiabet\w*|iron|glucose|intake|tissue\w*|sex|"
    r"temperature|fluids?|thermometer|and maxillofacial|mucous|pain|infections?|herpes|bacteria|flora|microbiome"
)
_NOT_NASAL = (
    r"congestion|polyps?|passages?|symptoms?|allerg\w*|discharge|obstruction|stuffiness|blockage|decongest\w*|"
    r"irritation|dryness|bleeding|cavity|mucosa\w*|airways?|septum|swelling|secretions?|breathing|itching|sinus\w*"
)
_NOT_BODY = (
    r"bleeding|discharge|dryness|itching|irritation|atrophy|infections?|yeast|candidiasis|flora|pain|prolapse|"
    r"fissures?|tears?"
)
_NOT_UTERINE = r"growth|fetal|foetal|death|pregnan\w*|insemination|infection"
# Roman-numeral "IV" (stage IV, type IV, NYHA class IV) is not the route.
_NOT_ROMAN = (
    r"(?<![Ss]tage )(?<![Tt]ype )(?<![Gg]rade )(?<![Cc]lass )(?<![Pp]hase )(?<![Ff]actor )(?<![Ll]evel )"
    r"(?<![Ss]chedule )(?<![Pp]art )(?<![Cc]ategory )(?<![Cc]omponent )(?<![Cc]ollagen )(?<!III, )(?<!III and )"
    r"(?<!III or )(?<!III-)(?<!III/)"
)

# (route, pattern, implied-by-form). Explicit route words come first in the alternation
# so that "vaginal suppository" is read as one vaginal mention, not as a suppository.
_TERMS: tuple[tuple[Route, str, bool], ...] = (
    (
        Route.OPHTHALMIC,
        r"(?:topical\s+)?(?:ophthalmic(?:ally)?|ocular(?!\s+(?:side|adverse|pain|symptoms?))|"
        r"eye\s*drops?|eye\s+(?:ointment|gel|solution|suspension)|"
        r"(?:into|in|to)\s+(?:the\s+|each\s+|both\s+)?(?:affected\s+)?eyes?\b(?:\s*\(s\))?|"
        r"conjunctival\s+sac)",
        False,
    ),
    (
        Route.OTIC,
        r"(?:topical\s+)?(?:otic|auricular|ear\s*drops?|ear\s+canal|"
        r"(?:into|in)\s+(?:the\s+|each\s+)?(?:affected\s+)?ears?\b)",
        False,
    ),
    (
        Route.NASAL,
        rf"(?:intra)?nasal(?:ly)?(?!\s+(?:{_NOT_NASAL})\b)|(?:into|in)\s+(?:each|the|one|both)\s+nostrils?",
        False,
    ),
    (Route.VAGINAL, rf"(?:intra)?vaginal(?:ly)?(?!\s+(?:{_NOT_BODY})\b)|pessar(?:y|ies)|per\s+vaginam", False),
    (Route.RECTAL, rf"rectal(?:ly)?(?!\s+(?:{_NOT_BODY})\b)|per\s+rectum|enemas?", False),
    (Route.SUBLINGUAL, r"sublingual(?:ly)?|under\s+the\s+tongue", False),
    (Route.BUCCAL, r"buccal(?:ly)?|between\s+the\s+(?:cheek|gum)\s+and", False),
    (Route.INTRADERMAL, r"intradermal(?:ly)?|intracutaneous(?:ly)?", False),
    (Route.SUBCUTANEOUS, r"sub-?cutaneous(?:ly)?|(?-i:SC|SQ|Sub[Qq]|SUBQ|S\.C\.|s\.c\.)|under\s+the\s+skin", False),
    (
        Route.INTRAMUSCULAR,
        r"intra-?muscular(?:ly)?|(?-i:IM|I\.M\.|i\.m\.)|into\s+(?:a|the)\s+(?:large\s+)?muscle",
        False,
    ),
    (
        Route.INTRAVENOUS,
        rf"intra-?venous(?:ly)?|{_NOT_ROMAN}(?-i:IV)(?![-/]?(?:III|V|I)\b)|(?-i:I\.V\.|i\.v\.)|"
        r"(?<!subcutaneous )(?<!epidural )(?<!intrathecal )(?<!arterial )(?<!intra-arterial )"
        r"(?<!continuous subcutaneous )(?<!perineural )(?<!wound )(?<!intraosseous )"
        r"(?:infusions?(?!\s+(?:site|reactions?|related))|infused)",
        False,
    ),
    (Route.TRANSDERMAL, r"transdermal(?:ly)?|(?<!eye )(?<!test )patch(?:es)?(?!\s+(?:test|of)\b)", False),
    (
        Route.INHALATION,
        # "oral inhalation" is breathed in through the mouth: inhalation, not oral
        r"(?:oral(?:ly)?\s+)?inhal(?:ation|ed|er|ers|ing)(?!al)|nebuli[sz](?:ed|er|ers|ation)|nebules?|respules?|"
        r"metered[- ]dose|(?-i:MDI|DPI)|rotacaps?|dry\s+powder\s+inhal\w*",
        False,
    ),
    (Route.INTRATHECAL, r"intrathecal(?:ly)?", False),
    (Route.EPIDURAL, r"epidural(?:ly)?(?!\s+(?:hematoma|haematoma|abscess))", False),
    (Route.INTRA_ARTICULAR, r"intra-?articular(?:ly)?|into\s+the\s+(?:affected\s+)?joints?", False),
    (Route.INTRAVITREAL, r"intravitreal(?:ly)?", False),
    (Route.INTRAVESICAL, r"intravesical(?:ly)?|into\s+the\s+bladder", False),
    (Route.INTRALESIONAL, r"intralesional(?:ly)?|into\s+the\s+lesions?", False),
    (Route.INTRAUTERINE, rf"intrauterine(?!\s+(?:{_NOT_UTERINE}))", False),
    (Route.INTRACAVERNOUS, r"intracavern(?:os(?:al|us)|ous)(?:ly)?", False),
    (Route.INTRAPERITONEAL, r"intraperitoneal(?:ly)?", False),
    (Route.INTRA_ARTERIAL, r"intra-?arterial(?:ly)?", False),
    (Route.INTRAOSSEOUS, r"intra-?osseous(?:ly)?", False),
    (Route.PERINEURAL, r"perineural(?:ly)?|nerve\s+blocks?", False),
    (Route.OROMUCOSAL, r"oromucosal", False),
    (Route.ENTERAL, r"enteral(?:ly)?|(?:naso-?gastric|feeding|PEG|G-)\s*tubes?", False),
    (
        Route.TOPICAL,
        r"topical(?:ly)?(?!\s+(?:ophthalmic|ocular|otic|nasal|vaginal|rectal))|"
        r"(?:to|on|onto|over)\s+(?:the\s+)?(?:affected|infected|involved|cleansed|clean|dry)\s+"
        r"(?:skin|areas?|sites?|parts?|lesions?|nails?|scalp)(?:\s*\(s\))?|"
        r"(?:to|on|onto)\s+the\s+skin|externally|external\s+use|cutaneous(?:ly)?",
        False,
    ),
    (Route.ORAL, rf"oral(?:ly)?(?!\s+(?:{_NOT_ORAL})\b)(?!-)|by\s+mouth|per\s+os", False),
    # Dosage forms that make a route certain.
    (
        Route.ORAL,
        r"(?<!vaginal )(?<!sublingual )(?<!buccal )(?<!inhalation )(?<!eye )"
        r"(?:tablets?|capsules?|caplets?|syrups?|elixirs?|softgels?|chewables?)"
        r"(?!\s+(?:for|of)\s+(?:inhalation|vaginal|rectal))",
        True,
    ),
    (
        Route.TOPICAL,
        r"(?<!eye )(?<!ophthalmic )(?<!vaginal )(?<!rectal )(?<!nasal )(?<!oral )(?<!dental )(?<!ear )"
        r"(?<!soft)(?:creams?|ointments?|(?<!soft-)gels?(?!\s*(?:caps|tabs))|lotions?|shampoos?|liniments?)"
        r"(?!\s+(?:for|into)\s+(?:the\s+)?(?:eyes?|ophthalmic|vaginal|rectal))",
        True,
    ),
    (Route.INHALATION, r"inhalers?", True),
    (Route.RECTAL, r"suppositor(?:y|ies)", True),
)

_GROUPS = [f"r{i}" for i in range(len(_TERMS))]
_ROUTE_RE = re.compile(
    "|".join(rf"(?P<{g}>\b(?:{pat})(?!\w))" for g, (_, pat, _) in zip(_GROUPS, _TERMS, strict=True)), re.I
)
# The full pattern is tried only where one of these word starts occurs: trying its forty
# alternatives at every character would cost milliseconds a page. Lower-case starts are
# searched in lower-cased text, as a prefix tree (much faster than re.I alternation).
_CANDIDATE = re.compile(
    r"\b(?=[a-z])(?:o(?:ral|cul|tic|ver|n|intm|rom|phth)|b(?:y|ucc|etw)|p(?:er|essar|atch|erin|eg)|"
    r"e(?:ye|ar|nema|pid|nter|xtern|lixir)|in(?:to|tra|fus|hal)?|t(?:o|rans|opic|ablet)|"
    r"c(?:onj|utan|apsul|aplet|ream|hew)|auric|n(?:asal|ebul|erve|aso)|vagin|r(?:ect|espul|otacap)|"
    r"s(?:ubl|ub|yrup|oftgel|hampoo|uppos)|under|meter|dry|feed|g(?:el|-)|l(?:otion|inim))"
)
_BY_GROUP = {g: (route, form) for g, (route, _, form) in zip(_GROUPS, _TERMS, strict=True)}
_CANDIDATE_CASED = re.compile(r"\b(?:S[CQ]|S\.C|IM|I\.[MV]|IV|MDI|DPI|PEG|Sub[Qq]|SUBQ|s\.c|i\.[vm])")

# --- negation --------------------------------------------------------------------------

# Clause boundaries: a negation does not reach past these ("not IV; it is given orally").
_CLAUSE = re.compile(
    r"[;:]|\s[-–—]\s|\.\s|,\s*(?:and|or)\s+(?=(?:is|are|should|can|may|must|it|they|its|their|this|these|then)\b)|"
    r"\b(?=(?:but|while|whereas|however|although|though|instead|rather|unlike|except)\b)|"
    r"\band\s+(?=(?:is|are|was|were|should|can|may|must|it|they|its|their|this|these|the|then|also|only|usually|"
    r"typically|generally|commonly|primarily|mainly)\b)",
    re.I,
)
_PRE_NEG = re.compile(
    # "not exceeding 4 doses a day" limits a dose, it rules no route out
    r"\b(?:not(?!\s+(?:exceeding|to\s+exceed|exceed|more|less|only))|never|cannot|can't|isn't|aren't|won't|wasn't|"
    r"doesn't|don't|shouldn't|mustn't|avoid\w*|unsuitable|"
    r"inappropriate|unable|rather\s+than|instead\s+of|as\s+opposed\s+to|unlike|except|nor|neither|n/?a|"
    r"contraindicated|unavailable|no)\b",
    re.I,
)
_POST_NEG = re.compile(
    r"\b(?:is|are|was|were|be|been)\s+(?:(?:generally|typically|usually|also|currently|often|commonly|normally|"
    r"strictly|absolutely|definitely|simply|therefore|thus)\s+)?(?:not|never|unlikely|inappropriate|contraindicated|"
    r"unavailable)\b|\bnot\s+(?:applicable|recommended|advised|appropriate|standard|available|possible|feasible|"
    r"indicated|approved|suitable|relevant|typical|usual)\b|\bn/a\b|\bunlikely\b|\bdoes\s+not\s+apply\b|"
    r"\b(?:isn't|aren't)\b",
    re.I,
)
# "with oral ivermectin", "other topical products": the route of another drug.
_OTHER_DRUG = re.compile(r"\b(?:with|plus|other|another|concomitant|concurrent)\s+(?:an?\s+|the\s+)?$", re.I)
# "begins with an oral dose": a route followed by these words is this product's, whatever came before
_OWN_DOSE = re.compile(r"\s+(?:doses?|dosages?|dosing)\b", re.I)
_POST_REACH = 90  # a post-negation further away than this belongs to another subject
_NA = re.compile(
    r"^\W*(?:not\s+applicable|n/?a\b|none\b|not\s+available|not\s+relevant|not\s+used|no\s+\w+\s+"
    r"(?:form|formulation|administration)s?\b)",
    re.I,
)
# A route said of one component taken alone, in a block that rules the route out for the product.
_SEPARATE = re.compile(
    r"\b(?:separate(?:ly)?|individual(?:ly)?|components?|alone|on\s+their\s+own|each\s+drug)\b", re.I
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A route word in a text, and whether the text rules the route out."""

    route: Route
    start: int
    end: int
    negated: bool
    from_form: bool


def _clauses(text: str) -> list[int]:
    return [0, *(m.start() if m.end() == m.start() else m.end() for m in _CLAUSE.finditer(text)), len(text) + 1]


def _find(text: str) -> list[re.Match[str]]:
    found: list[re.Match[str]] = []
    low = text.lower()
    starts = {c.start() for c in _CANDIDATE_CASED.finditer(text)}
    if len(low) == len(text):
        starts.update(c.start() for c in _CANDIDATE.finditer(low))
    else:  # lower() changed the length (rare letters): fall back to trying every word
        starts.update(c.start() for c in re.finditer(r"\b\w", text))
    end = 0
    for pos in sorted(starts):
        if pos < end:
            continue
        m = _ROUTE_RE.match(text, pos)
        if m:
            found.append(m)
            end = m.end()
    return found


@lru_cache(maxsize=8192)
def mentions(text: str) -> tuple[Mention, ...]:
    """Every route word in ``text`` with its negation status."""
    found = _find(text)
    if not found:
        return ()
    bounds = _clauses(text)
    out: list[Mention] = []
    for m in found:
        group = m.lastgroup
        assert group is not None
        route, form = _BY_GROUP[group]
        out.append(Mention(route, m.start(), m.end(), _negated(text, bounds, m.start(), m.end()), form))
    return tuple(out)


def _negated(text: str, bounds: list[int], start: int, end: int) -> bool:
    """Whether the clause around [start, end) rules the words there out."""
    lo = max(b for b in bounds if b <= start)
    hi = min(b for b in bounds if b >= end)
    before = text[lo:start]
    after = text[end : min(hi, end + _POST_REACH)]
    other = _OTHER_DRUG.search(before) and not _OWN_DOSE.match(after)
    return bool(_PRE_NEG.search(before) or _POST_NEG.search(after) or other)


# --- dosage forms --------------------------------------------------------------------------

_FORM_BASE = re.compile(
    r"\b(?=[a-z])(?:tablets?|capsules?|injections?|solutions?|suspensions?|syrups?|creams?|ointments?|gels?|lotions?|"
    r"drops|sprays?|patch(?:es)?(?!\s+of\b)|suppositor(?:y|ies)|inhalers?|powders?|granules|lozenges?|elixirs?|emulsions?|"
    r"foams?|shampoos?|pessar(?:y|ies)|implants?|sachets?)\b"
)
# Read backwards from the form word, so the modifier costs nothing where no form is named.
_FORM_MOD_RE = re.compile(
    r"\b((?:extended|sustained|delayed|controlled|modified|immediate|prolonged)[- ]release|orally[- ]disintegrating|"
    r"chewable|effervescent|dispersible|film[- ]coated|enteric[- ]coated|oral|topical|ophthalmic|nasal|eye|ear|"
    r"vaginal|rectal|transdermal|dry[- ]powder|metered[- ]dose|(?-i:ER|XR|SR|XL|CR|DR|ODT))\s+$",
    re.I,
)
_FORM_SINGULAR = {"patches": "patch", "suppositories": "suppository", "pessaries": "pessary", "granules": "granules"}
_FORM_MOD = {
    "er": "extended-release",
    "xr": "extended-release",
    "xl": "extended-release",
    "sr": "sustained-release",
    "cr": "controlled-release",
    "dr": "delayed-release",
    "odt": "orally disintegrating",
}


def _form_name(mod: str | None, base: str) -> str:
    b = base.lower()
    b = _FORM_SINGULAR.get(b, b[:-1] if b.endswith("s") and b != "drops" else b)
    if mod:
        m = mod.lower().replace(" ", "-")
        m = _FORM_MOD.get(m, m)
        if m == "dry-powder" and b == "powder":
            m = ""
        return f"{m} {b}".strip() if m else b
    return b


# --- extraction ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BlockRoutes:
    """The routes one block states (positive) and rules out (negative), with the sentence for each.

    ``explicit`` holds the positive routes named by a route word, not only implied by a dosage form.
    """

    positive: dict[Route, str]
    negative: frozenset[Route]
    explicit: frozenset[Route]


# A form word does not imply its usual route in a sentence that names a route the same form
# also has ("eye drops, ointment", "vaginal gel, cream or tablet").
_FORM_OVERRIDES = {
    Route.TOPICAL: frozenset({Route.OPHTHALMIC, Route.OTIC, Route.NASAL, Route.VAGINAL, Route.RECTAL}),
    Route.ORAL: frozenset({Route.VAGINAL, Route.INHALATION, Route.SUBLINGUAL, Route.BUCCAL}),
    Route.RECTAL: frozenset({Route.VAGINAL}),
    Route.INHALATION: frozenset(),
}


def label_routes(label: str | None) -> list[Route]:
    """Routes a bold label names ("IM Injection", "Duodenal Ulcer (Oral)")."""
    if not label:
        return []
    return list(dict.fromkeys(m.route for m in mentions(label) if not m.negated))


def block_routes(block: Block) -> BlockRoutes:
    """Routes in one block: the label's unless its statement rules them out, and those its sentences state.

    The result is shared between callers (routes and doses both read every Dosage block): do not modify it.
    """
    return _block_routes(block.text, block.rest, block.label)


@lru_cache(maxsize=4096)
def _block_routes(text: str, rest: str, label: str | None) -> BlockRoutes:
    body = rest if label else text
    sents = sentences(body)
    per_sentence = [(s, mentions(s)) for s in sents]
    positive: dict[Route, str] = {}
    explicit: set[Route] = set()
    negative: set[Route] = set()
    for _, ms in per_sentence:
        for m in ms:
            if m.negated:
                negative.add(m.route)
    for s, ms in per_sentence:
        named = {m.route for m in ms if not m.from_form}
        for m in ms:
            if m.negated:
                continue
            # Once the block rules a route out, what it says of a component taken alone does not bring it back.
            if m.route in negative and _SEPARATE.search(s):
                continue
            if m.from_form and named & _FORM_OVERRIDES[m.route]:
                continue
            if not m.from_form:
                explicit.add(m.route)
            positive.setdefault(m.route, s)
    lroutes = label_routes(label)
    if lroutes:  # most labels name no route; the tests below matter only for those that do
        first = sents[0] if sents else ""
        first_negates = bool(_PRE_NEG.search(first) or _POST_NEG.search(first)) or not body.strip()
        na = bool(_NA.match(body)) or not body.strip()
        for r in lroutes:
            if na or (r in negative and r not in positive):
                negative.add(r)
                positive.pop(r, None)
            elif r not in positive and r not in negative and first_negates:
                negative.add(r)
            elif r not in negative:
                positive.setdefault(r, text)
                explicit.add(r)
        # A label's route the statement rules out stays out for the whole block ("**IV:** not given IV.
        # Components are available IV separately.").
        for r in lroutes:
            if r in negative:
                positive.pop(r, None)
    return BlockRoutes(positive, frozenset(negative), frozenset(explicit & positive.keys()))


def _forms(text: str) -> Iterator[tuple[str, str]]:
    for s in sentences(text):
        forms = list(_FORM_BASE.finditer(s.lower()))
        if not forms:
            continue
        bounds = _clauses(s)
        for f in forms:
            mod = _FORM_MOD_RE.search(s, max(0, f.start() - 30), f.start())
            start = mod.start() if mod else f.start()
            if _negated(s, bounds, start, f.end()):
                continue
            yield _form_name(mod.group(1) if mod else None, f.group(0)), s


def dosage_routes(doc: Document) -> dict[Route, tuple[Block, str]]:
    """Routes the Dosage sections state, each with the block and sentence that states it."""
    out: dict[Route, tuple[Block, str]] = {}
    explicit: set[Route] = set()
    for st in doc.section(Section.DOSAGE):
        for b in st.blocks:
            br = block_routes(b)
            explicit |= br.explicit
            for r, s in br.positive.items():
                out.setdefault(r, (b, s))
    # An ointment or gel on an eye, ear or vaginal product is not a topical route of its own.
    if Route.TOPICAL in out and Route.TOPICAL not in explicit and explicit & _FORM_OVERRIDES[Route.TOPICAL]:
        del out[Route.TOPICAL]
    return out


# A clear statement outside Dosage that the product is given by a route.
_GIVEN = re.compile(
    r"\b(?:is|are)\s+(?:usually\s+|typically\s+|generally\s+|commonly\s+|primarily\s+|mainly\s+|only\s+|also\s+)?"
    r"(?:given|administered|taken|injected|applied|used|delivered|inhaled|instilled)\s+"
    r"(?:as\s+an?\s+|by\s+|via\s+(?:an?\s+|the\s+)?|through\s+(?:an?\s+|the\s+)?)?(?P<route>[\w-]+(?:\s+\w+)?)",
    re.I,
)


def _fallback_routes(doc: Document) -> dict[Route, tuple[Block, str, Section]]:
    out: dict[Route, tuple[Block, str, Section]] = {}
    for st in doc.sections:
        if st.section in (Section.DOSAGE, Section.SIDE_EFFECTS, Section.FAQS, Section.OTHER):
            continue
        for b in st.blocks:
            for s in sentences(b.text):
                for g in _GIVEN.finditer(s):
                    for m in mentions(s[g.start("route") : g.end("route")]):
                        if not m.negated and not m.from_form and not _PRE_NEG.search(s[: g.start()]):
                            out.setdefault(m.route, (b, s, st.section))
    return out


def title_routes(doc: Document) -> list[Route]:
    """Routes the title names ("Oral Rehydration Solution", "Mometasone (Oral Inhalation)")."""
    return list(dict.fromkeys(m.route for m in mentions(doc.title) if not m.negated))


def extract(doc: Document) -> Iterator[Fact]:
    """Routes of administration and dosage forms the document states for its product."""
    found = dosage_routes(doc)
    for r, (b, s) in found.items():
        yield RouteFact(r, evidence=(evidence(doc, b, s, Section.DOSAGE),))
    stated = set(found)
    if not found:
        for r, (b, s, sec) in _fallback_routes(doc).items():
            stated.add(r)
            yield RouteFact(r, evidence=(evidence(doc, b, s, sec),))
    for r in title_routes(doc):
        if r not in stated:
            yield RouteFact(r, evidence=(evidence(doc, None, doc.title),))
    seen: dict[str, Evidence] = {}
    for st in doc.section(Section.DOSAGE):
        for b in st.blocks:
            for name, s in _forms(b.text):
                if name not in seen:
                    seen[name] = evidence(doc, b, s, Section.DOSAGE)
    for name, ev in seen.items():
        yield DosageForm(name, evidence=(ev,))


def routes_of(doc: Document) -> Sequence[Route]:
    """The routes :func:`extract` would give, in order; for other extractors that tie facts to a route."""
    found = list(dosage_routes(doc)) or list(_fallback_routes(doc))
    return found + [r for r in title_routes(doc) if r not in found]
