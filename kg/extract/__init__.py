"""Extract facts from a parsed Document into a Monograph; one module per kind of fact."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from kg.extract import doses, indications, mechanism, precautions, product, routes, side_effects
from kg.extract.text import evidence
from kg.model import Document, Fact, Faq, Monograph, Section

Extractor = Callable[[Document], Iterable[Fact]]

EXTRACTORS: tuple[Extractor, ...] = (
    product.extract,
    indications.extract,
    routes.extract,
    doses.extract,
    side_effects.extract,
    mechanism.extract,
    precautions.extract,
)


def _faqs(doc: Document) -> Iterable[Fact]:
    for qa in doc.faqs:
        if qa.question and qa.answer:
            yield Faq(qa.question, qa.answer, (evidence(doc, None, qa.question, Section.FAQS, qa.line),))


def merge(facts: Iterable[Fact]) -> tuple[Fact, ...]:
    """Merge equal facts (identity leaves evidence out), keeping every piece of evidence, in first-seen order."""
    seen: dict[Fact, Fact] = {}
    for f in facts:
        old = seen.get(f)
        if old is None:
            seen[f] = f
        else:
            extra = tuple(e for e in f.evidence if e not in old.evidence)
            if extra:
                seen[f] = replace(old, evidence=old.evidence + extra)
    return tuple(seen.values())


def extract(doc: Document) -> Monograph:
    """Run every extractor over one document."""
    facts: list[Fact] = []
    for ex in EXTRACTORS:
        facts.extend(ex(doc))
    facts.extend(_faqs(doc))
    generic = product.generic_name(doc)
    return Monograph(
        key=doc.key,
        file=doc.file,
        title=doc.title,
        generic_name=generic,
        sections=doc.present,
        facts=merge(facts),
        problems=doc.problems + tuple(product.problems(doc)),
        is_placeholder=product.is_placeholder(doc),
    )
