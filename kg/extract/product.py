"""Extract the product: its active ingredients, generic name, and whether the page is a placeholder."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.text import evidence
from kg.model import Document, Fact, Ingredient, Problem, Section, Severity

# Qualifiers in titles that say how a product is given, not what it contains.
_QUALIFIER = re.compile(
    r"\s*\((?:systemic|topical|ophthalmic|nasal|oral|oral inhalation|inhalation|otic|liposomal|injection|"
    r"injectable|vaginal|rectal|dental|transdermal|intravenous|parenteral|local|cutaneous)\)\s*",
    re.I,
)
_SPLIT = re.compile(r"\s*\+\s*")
_SYNONYM = re.compile(r"^([A-Za-z][A-Za-z-]+)\s*/\s*[A-Za-z][A-Za-z-]+$")
_REFUSAL = re.compile(
    r"\b(?:i cannot|i can['’]t|i am unable|i['’]m unable|please provide|as an ai\b|i need more (?:information|context)|"
    r"could you (?:please )?(?:provide|clarify)|please specify|please clarify)",
    re.I,
)


def ingredient_names(title: str) -> list[str]:
    """The active ingredients a title names: "Folic Acid + Cyanocobalamin" -> two names.

    Only "+" separates components; " and " and commas usually belong to one product name
    ("Hylan Polymers A and B", "C1 Esterase Inhibitor, Human").
    """
    out: list[str] = []
    seen: set[str] = set()
    for part in _SPLIT.split(_QUALIFIER.sub(" ", title)):
        name = re.sub(r"\s+", " ", part).strip(" ,;")
        m = _SYNONYM.match(name)
        if m:  # "Calcipotriol/Calcipotriene" names one substance twice
            name = m.group(1)
        if name and name.lower() not in seen:
            seen.add(name.lower())
            out.append(name)
    return out


# A damaged title lost digits ("Coenzyme Q", "Omega-", "Vitamin B") or the parentheses around a
# synonym, which left two words merged ("Docosahexanoic acidDHA", "ThiamineVitamin B").
_LOST_DIGITS = re.compile(r"(?:-|\b(?:Q|B|Type|Factor|D|K|E))$")
_MERGED = re.compile(r"(?<=[a-z]{3})(?=[A-Z]{2}|[A-Z][a-z])")


def ingredients(doc: Document) -> list[str]:
    """The product's active ingredients: the title's, with what a damaged title lost taken back
    from the Generic Name line where it still stands ("Coenzyme Q" -> "Coenzyme Q10")."""
    names = ingredient_names(doc.title)
    generic = generic_name(doc) or ""
    used: set[int] = set()
    out: list[str] = []
    for name in names:
        merged = _MERGED.search(name)
        if merged and len(name[merged.start() :].split()) <= 2:
            name = name[: merged.start()].rstrip()  # "acidDHA": the synonym's parentheses were lost
        if _LOST_DIGITS.search(name) and generic:
            stem = re.escape(name.rstrip("-"))
            for m in re.finditer(rf"\b{stem}-?\s?\d[\w'’.-]*", generic, re.I):
                if m.start() not in used:
                    used.add(m.start())
                    name = m.group(0)
                    break
        if name and name.lower() not in {o.lower() for o in out}:
            out.append(name)
    return out


def extract(doc: Document) -> Iterator[Fact]:
    ev = (evidence(doc, None, doc.title, Section.OTHER, doc.title_line),)
    for name in ingredients(doc):
        yield Ingredient(name, ev)


def generic_name(doc: Document) -> str | None:
    """The first line of the Generic Name section, when it is short enough to be a name."""
    for st in doc.section(Section.GENERIC_NAME):
        for b in st.blocks:
            text = b.text.strip()
            if text and len(text) <= 200:
                return text
            break
    return None


def _opening_text(doc: Document) -> str:
    parts: list[str] = []
    for st in doc.sections:
        for b in st.blocks:
            parts.append(b.text)
            if sum(map(len, parts)) > 800:
                return " ".join(parts)
    return " ".join(parts)


def is_placeholder(doc: Document) -> bool:
    """A refusal or placeholder page: it asks for input or declines instead of describing a product."""
    filled = sum(1 for st in doc.sections if st.section is not Section.OTHER and st.blocks)
    if filled >= 4:
        return False
    return filled == 0 or bool(_REFUSAL.search(_opening_text(doc)))


def problems(doc: Document) -> Iterator[Problem]:
    """Warnings about the product that a content maintainer should see."""
    if is_placeholder(doc):
        yield Problem(
            doc.file,
            doc.title_line,
            Severity.WARNING,
            "placeholder",
            "page is a refusal or placeholder, not a monograph",
        )
    parts = [p.strip().lower() for p in _SPLIT.split(doc.title) if p.strip()]
    if len(parts) != len(set(parts)):
        yield Problem(
            doc.file, doc.title_line, Severity.WARNING, "title-repeats", f"title repeats a component: {doc.title!r}"
        )
    if re.search(r"[A-Za-z]-(?:\s|$|\+)", doc.title) or "  " in doc.title:
        yield Problem(
            doc.file,
            doc.title_line,
            Severity.WARNING,
            "title-damaged",
            f"title looks damaged (a trailing '-' or lost characters): {doc.title!r}",
        )
