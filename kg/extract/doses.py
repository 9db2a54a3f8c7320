"""Extract stated numeric doses with UCUM units, frequency, route, population and ingredient."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kg.extract import routes
from kg.extract.product import ingredients
from kg.extract.text import evidence, sentences
from kg.model import Block, BlockKind, Document, Dose, Fact, Population, Route, Section

# --- quantities -------------------------------------------------------------------------

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_MASS = r"mg|milligrams?|mcg|micrograms?|µg|μg|ug|g|gm|grams?|ng|nanograms?"
_AMOUNT = (
    rf"(?:{_MASS}|mL|ml|milliliters?|millilitres?|(?:million\s+)?(?:IU|international\s+units?|units?)|"
    r"mmol|mEq|meq|MBq|GBq|mCi|µCi|μCi|microcuries|millicuries|%)"
)
# "/day" and "per day" are part of the unit ("150 mg/day", "8 to 16 mg per day" -> mg/d): a total
# for the day, however it is divided.
_PER = (
    r"(?:\s*/\s*(?:kg|kilograms?|m²|m2|sq\.?\s*m|day|d|dose|hr|hours?|h|min|minutes?|week|wk)|"
    r"\s+per\s+(?:kg|kilograms?|m²|m2|sq\.?\s*m|day|dose|hr|hour|h|min|minute))"
    r"(?![a-zA-Z])"
)
_UNIT = rf"(?:{_AMOUNT})(?![a-zA-Zµμ])(?:{_PER}){{0,2}}"
# Range connectors the corpus uses: "50-100 mg", "125 mg to 1000 mg", "2–4 mg", "20 or 40 mg",
# "between 2.5 and 5 mg".
# A match starts with a digit, "." or "between"/"from": testing that first spares the look-behind
# and the rest of the pattern at almost every position.
_QTY = re.compile(
    rf"(?=[\d.bf])(?<![\w.,/])(?:(?P<between>between|from)\s+)?(?P<a>{_NUM})\s*(?P<ua>{_UNIT})?"
    rf"(?:\s*(?P<conn>-|–|—|to|or|and)\s*(?P<b>{_NUM})\s*(?P<ub>{_UNIT})|\s*(?P<u>(?<=\d|\s){_UNIT}))"
    r"(?P<tail>\s*/\s*(?:\d|min|minute|dL|dl|L\b|mL|ml|1\.73))?",
    re.I,
)

_MASS_UCUM = {
    "mg": "mg",
    "milligram": "mg",
    "milligrams": "mg",
    "mcg": "ug",
    "microgram": "ug",
    "micrograms": "ug",
    "µg": "ug",
    "μg": "ug",
    "ug": "ug",
    "g": "g",
    "gm": "g",
    "gram": "g",
    "grams": "g",
    "ng": "ng",
    "nanogram": "ng",
    "nanograms": "ng",
    "ml": "mL",
    "milliliter": "mL",
    "milliliters": "mL",
    "millilitre": "mL",
    "millilitres": "mL",
    "iu": "[iU]",
    "international unit": "[iU]",
    "international units": "[iU]",
    "unit": "[U]",
    "units": "[U]",
    "mmol": "mmol",
    "meq": "meq",
    "mbq": "MBq",
    "gbq": "GBq",
    "mci": "mCi",
    "µci": "uCi",
    "μci": "uCi",
    "microcuries": "uCi",
    "millicuries": "mCi",
    "%": "%",
}
_PER_UCUM = {
    "kg": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "m²": "m2",
    "m2": "m2",
    "sq m": "m2",
    "sq. m": "m2",
    "sqm": "m2",
    "day": "d",
    "d": "d",
    "hr": "h",
    "hour": "h",
    "hours": "h",
    "h": "h",
    "min": "min",
    "minute": "min",
    "minutes": "min",
    "week": "wk",
    "wk": "wk",
}
_PER_SPLIT = re.compile(r"\s*/\s*|\s+per\s+", re.I)
_MILLION = re.compile(r"^million\s+", re.I)


def unit_code(text: str) -> tuple[str, float] | None:
    """UCUM code for a unit as written, and the factor its number takes ("million units" -> 1e6)."""
    factor = 1.0
    t = text.strip()
    if _MILLION.match(t):
        factor = 1e6
        t = _MILLION.sub("", t)
    parts = _PER_SPLIT.split(t)
    head = re.sub(r"\s+", " ", parts[0].lower())
    code = _MASS_UCUM.get(head)
    if code is None:
        return None
    for p in parts[1:]:
        p = re.sub(r"\s+", " ", p.lower())
        if p == "dose":  # "2 mg/kg/dose" is a per-dose amount in mg/kg
            continue
        den = _PER_UCUM.get(p)
        if den is None:
            return None
        code += "/" + den
    if code.startswith("mL/min"):
        return None  # creatinine clearance, not a dose
    return code, factor


def _num(text: str) -> float:
    return float(text.replace(",", ""))


# --- what is not a dose ---------------------------------------------------------------------

# "reduce the dose by 50%", "25-30% of the normal dose", "in 10% of patients".
_PCT_AFTER = re.compile(
    r"^\s*(?:of|reduction|increase|decrease|lower|higher|less|more|greater|adjusted|body|weight|"
    r"dextrose|glucose|saline|sodium\s+chloride|nacl)\b",
    re.I,
)
_PCT_BEFORE = re.compile(
    r"\b(?:by|reduc\w*|decreas\w*|increas\w*|lower\w*|approximately|about|around|"
    r"in|least|over|under|above|below|than|efficacy|rate)\s+(?:up\s+to\s+|of\s+|about\s+|approximately\s+)?$",
    re.I,
)
# "≥50 kg", "<30 mL/min", "LVEF >50%": a threshold, not an amount given.
_COMPARATOR = re.compile(r"[<>≤≥]\s*=?\s*$")
# A limit: "up to 160 mg", "maximum (daily dose) of 120 mg", "not to exceed 4 g".
_LIMIT = re.compile(
    r"(?:\bup\s+to|\bmax(?:imum|imal)?\b|\bmax\.|\bnot\s+(?:to\s+)?exceed(?:ing)?|\bshould\s+not\s+exceed|"
    r"\bno\s+more\s+than|\bat\s+most|\bmust\s+not\s+exceed|\bdo\s+not\s+exceed|\blimit(?:ed)?\s+to|"
    r"\bcapped\s+at|\bceiling)[^.;\d]{0,40}$",
    re.I,
)

# --- frequency ------------------------------------------------------------------------------

_W = r"(?:one|two|three|four|five|six|\d+(?:\s*(?:-|–|to|or)\s*\d+)?)"
_FREQ_TERMS: tuple[tuple[str, str | None], ...] = (
    (r"once\s+(?:a\s+|per\s+|every\s+)?day|once[- ]daily|(?-i:OD|QD|qd|q\.d\.)|(?-i:o\.d\.)", "once daily"),
    (
        r"twice\s+(?:a\s+|per\s+|every\s+)?day|twice[- ]daily|two\s+times\s+(?:a\s+|per\s+)?day|two\s+times\s+daily|"
        r"(?-i:BID|BD|bid|b\.i\.d\.)",
        "twice daily",
    ),
    (
        r"three\s+times\s+(?:a\s+|per\s+)?day|three\s+times\s+daily|thrice\s+daily|(?-i:TID|TDS|tid|t\.i\.d\.)",
        "three times daily",
    ),
    (r"four\s+times\s+(?:a\s+|per\s+)?day|four\s+times\s+daily|(?-i:QID|qid|q\.i\.d\.)", "four times daily"),
    (r"once\s+(?:a\s+|per\s+|every\s+)?week|once[- ]weekly", "weekly"),
    (r"twice\s+(?:a\s+|per\s+)?week|twice[- ]weekly", "twice weekly"),
    (r"once\s+(?:a\s+|per\s+|every\s+)?month|once[- ]monthly", "monthly"),
    (r"every\s+other\s+day|on\s+alternate\s+days", "every other day"),
    (r"(?:at\s+)?bedtime|(?-i:HS|hs|h\.s\.)", "at bedtime"),
    (r"as\s+needed|as\s+required|(?-i:PRN|prn|p\.r\.n\.)", "as needed"),
    (rf"{_W}\s+(?:or\s+{_W}\s+)?times\s+(?:a\s+|per\s+)?(?:day|daily)", None),
    (rf"{_W}\s+(?:or\s+{_W}\s+)?times\s+(?:a\s+|per\s+)?week(?:ly)?", None),
    (rf"every\s+{_W}\s+(?:hours?|hrs?|days?|weeks?|months?|minutes?)", None),
    (r"(?-i:q)\d+(?:-\d+)?h\b", None),
    (r"(?:daily|weekly|monthly)\s+or\s+(?:daily|weekly|monthly)", None),
    (r"daily|a\s+day|per\s+day|each\s+day|every\s+day|/\s*day", "daily"),
    (r"weekly|per\s+week|a\s+week|every\s+week", "weekly"),
    (r"monthly|every\s+month", "monthly"),
    (r"(?:as\s+a\s+)?single\s+dose|one[- ]time\s+dose", "single dose"),
)
_FREQ = re.compile("|".join(rf"(?P<f{i}>\b(?:{p})(?!\w))" for i, (p, _) in enumerate(_FREQ_TERMS)), re.I)
_WS = re.compile(r"\s+")
_WORD_NUM = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6"}


def frequency(text: str) -> str | None:
    """The first frequency stated in ``text``, normalised ("BID" -> "twice daily")."""
    m = _FREQ.search(text)
    if not m or m.lastgroup is None:
        return None
    fixed = _FREQ_TERMS[int(m.lastgroup[1:])][1]
    if fixed is not None:
        return fixed
    t = _WS.sub(" ", m.group(0).lower()).replace("–", "-")
    t = re.sub(r"\s*-\s*", "-", t)
    if t.startswith("q") and t.endswith("h"):
        return f"every {t[1:-1]} hours"
    t = re.sub(r"times (?:a |per )?day", "times daily", t)
    t = re.sub(r"times (?:a |per )?week(?:ly)?", "times weekly", t)
    return t


# --- population -----------------------------------------------------------------------------

_POP = re.compile(
    r"\b(?P<child>child(?:ren)?(?:'s)?|p(?:a)?ediatric|infants?|neonates?|newborns?|adolescents?|kids?|babies|toddlers?)\b|"
    r"\b(?P<elderly>elderly|geriatric|older\s+(?:adults?|patients?|people|individuals?)|seniors?)\b|"
    r"\b(?P<adult>adults?)\b",
    re.I,
)


def population(text: str | None) -> Population | None:
    """The one population ``text`` names, else None (none or several)."""
    if not text:
        return None
    found = {m.lastgroup for m in _POP.finditer(text)}
    if "elderly" in found:
        # "older adults" names the elderly, not adults in general
        found.discard("adult")
    if len(found) != 1:
        return None
    name = found.pop()
    return {"child": Population.CHILD, "elderly": Population.ELDERLY, "adult": Population.ADULT}[name] if name else None


# --- context of a block -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    """What a block's surroundings say about its doses: route, population, ingredient."""

    route: Route | None
    population: Population | None
    ingredient: str | None


def _one_route(text: str | None) -> Route | None:
    found = routes.label_routes(text)
    return found[0] if len(found) == 1 else None


def _ingredient_in(text: str | None, names: Sequence[str]) -> str | None:
    if not text or len(names) < 2:
        return None
    low = text.lower()
    hits = [n for n in names if n.lower() in low]
    return hits[0] if len(hits) == 1 else None


def _ingredient_after(text: str, names: Sequence[str]) -> str | None:
    """The ingredient named right after a quantity ("400 mcg folic acid", "1-5mg for folic acid")."""
    low = text.lower().lstrip(" ,:(")
    low = re.sub(r"^(?:of|for|as)\s+", "", low)
    for n in names:
        if low.startswith(n.lower()):
            return n
    return None


# --- extraction ---------------------------------------------------------------------------------

_Amount = tuple[float, float, str, str, bool, str | None]  # min, max, unit, unit as written, is_limit, ingredient


def _route_for(sentence: str, start: int, end: int) -> Route | None:
    """The route a sentence ties to the quantity at [start, end): the nearest stated route."""
    best: tuple[int, Route] | None = None
    for m in routes.mentions(sentence):
        if m.negated:
            continue
        dist = start - m.end if m.end <= start else m.start - end
        if best is None or dist < best[0]:
            best = (max(dist, 0), m.route)
    if best is None:
        return None
    return best[1]


def _block_quantities(
    doc: Document, block: Block, ctx: _Context, names: Sequence[str], doc_route: Route | None
) -> Iterator[Dose]:
    body = block.rest if block.label else block.text
    label_route = _one_route(block.label)
    br = routes.block_routes(block)
    if label_route is not None and label_route in br.negative:
        label_route = None
    label_pop = population(block.label)
    label_ing = _ingredient_in(block.label, names)
    carried: Route | None = None
    for sent in sentences(body):
        qs = list(_QTY.finditer(sent))
        sent_routes = [m.route for m in routes.mentions(sent) if not m.negated]
        if not qs:
            if len(set(sent_routes)) == 1:
                carried = sent_routes[0]
            continue
        sent_pop = population(sent)
        for i, q in enumerate(qs):
            for lo, hi, unit, unit_text, limit, ing in _dose(
                sent, q, qs[i + 1].start() if i + 1 < len(qs) else len(sent), names
            ):
                route = _route_for(sent, q.start(), q.end()) or label_route or ctx.route or carried or doc_route
                pop = sent_pop or label_pop or ctx.population
                nxt = qs[i + 1].start() if i + 1 < len(qs) else len(sent)
                freq = frequency(sent[q.end() : min(nxt, q.end() + 80)])
                if freq is None and unit.endswith("/d"):
                    freq = "daily"
                yield Dose(
                    minimum=lo,
                    maximum=hi,
                    unit=unit,
                    unit_text=unit_text,
                    frequency=freq,
                    route=route,
                    population=pop,
                    ingredient=ing or label_ing or ctx.ingredient,
                    is_limit=limit,
                    evidence=(evidence(doc, block, sent, Section.DOSAGE),),
                )
        if len(set(sent_routes)) == 1:
            carried = sent_routes[0]


def _dose(sent: str, q: re.Match[str], nxt: int, names: Sequence[str]) -> list[_Amount]:
    """The doses one quantity match states: one range, or two amounts ("20 mg or 40 mg")."""
    if q.group("tail"):
        return []  # a concentration ("125 mg/5 mL") or a clearance ("30 mL/min")
    conn = (q.group("conn") or "").lower()
    ua, ub, u = q.group("ua"), q.group("ub"), q.group("u")
    unit_text = u or ub or ua
    if unit_text is None:
        return []
    coded = unit_code(unit_text)
    if coded is None:
        return []
    code, factor = coded
    before = sent[max(0, q.start() - 60) : q.start()]
    after = sent[q.end() : q.end() + 30]
    if code == "%" and (_PCT_AFTER.match(after) or _PCT_BEFORE.search(before)):
        return []
    if _COMPARATOR.search(before):
        return []
    limit = bool(_LIMIT.search(before))
    ing = _ingredient_after(sent[q.end() : nxt], names) if len(names) > 1 else None
    a = _num(q.group("a")) * factor
    if q.group("b") is None:
        return [(a, a, code, unit_text.strip(), limit, ing)]
    b = _num(q.group("b")) * factor
    first = unit_code(ua) if ua is not None else (code, factor)
    # "125 mg to 1000 mg per day": the range's last unit says what both amounts are per
    if first is not None and conn not in ("or", "and") and code.startswith(first[0] + "/"):
        first = (code, first[1])
    separate = (
        first is None
        or first[0] != code
        or (ua is not None and conn in ("or", "and"))
        or (conn == "and" and not q.group("between"))
    )
    if separate:
        # two stated amounts ("20 mg or 40 mg", "5 and 10 mg tablets"): each is a dose of its own
        out: list[_Amount] = [(b, b, code, unit_text.strip(), False, None)]
        if first is not None:
            a = _num(q.group("a")) * first[1]
            out.insert(0, (a, a, first[0], (ua or unit_text).strip(), limit, None))
        return out
    assert first is not None  # a range always has its first amount
    a = _num(q.group("a")) * first[1]
    lo, hi = (a, b) if a <= b else (b, a)
    return [(lo, hi, code, unit_text.strip(), limit, ing)]


def extract(doc: Document) -> Iterator[Fact]:
    """Every numeric dose the Dosage sections state."""
    names = ingredients(doc)
    doc_routes = routes.routes_of(doc)
    doc_route = doc_routes[0] if len(doc_routes) == 1 else None
    for st in doc.section(Section.DOSAGE):
        comp_ing = _ingredient_in(st.component, names) or _ingredient_in(st.heading, names)
        head = _Context(_one_route(st.heading), population(st.component or st.heading), comp_ing)
        ctx = head
        for b in st.blocks:
            if b.kind is BlockKind.PARAGRAPH and b.label:
                # a bold paragraph label ("**Adult Dosage:**") sets the context of the items below it
                lr = _one_route(b.label)
                ctx = _Context(
                    lr or head.route,
                    population(b.label) or head.population,
                    _ingredient_in(b.label, names) or head.ingredient,
                )
            elif b.kind is BlockKind.HEADING:
                ctx = head
            parent_ctx = ctx
            if b.parent:
                parent_label = b.parent.split(":", 1)[0] if ":" in b.parent[:80] else None
                pr = _one_route(parent_label)
                pp = population(parent_label)
                parent_ctx = _Context(
                    pr or ctx.route, pp or ctx.population, _ingredient_in(parent_label, names) or ctx.ingredient
                )
            yield from _block_quantities(doc, b, parent_ctx, names, doc_route)
