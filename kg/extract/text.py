"""Text helpers shared by the extractors: sentences, evidence, name clean-up."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from kg.model import Block, Document, Evidence, Section, SectionText

_ABBREV = r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)(?<!\bDr)(?<!\bapprox)(?<!\bNo)"
# The cheap end-of-sentence check comes first so the abbreviation look-behinds run only after . ! ?
_SENTENCE_END = re.compile(r"(?<=[.!?])" + _ABBREV + r"\s+(?=[\"“(\[]?[A-Z0-9])")
_WS = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def sentences(text: str) -> tuple[str, ...]:
    """Split a paragraph into sentences; abbreviations such as "e.g." do not end one.

    Cached: several extractors split the same paragraph of a page.
    """
    return tuple(s.strip() for s in _SENTENCE_END.split(text) if s.strip())


def evidence(
    doc: Document, block: Block | None, quote: str, section: Section | None = None, line: int | None = None
) -> Evidence:
    """Evidence for a fact read from ``quote`` in ``block`` of ``doc``."""
    sec = section if section is not None else Section.OTHER
    return Evidence(
        file=doc.file,
        section=sec,
        line=line if line is not None else (block.line if block is not None else doc.title_line),
        quote=_quote(quote),
    )


@lru_cache(maxsize=4096)
def _quote(text: str) -> str:
    """A quote with its whitespace collapsed; cached because one sentence is often evidence for several facts."""
    return _WS.sub(" ", text).strip()[:1000]


def section_blocks(doc: Document, kind: Section) -> Iterator[tuple[SectionText, Block]]:
    """Every block of every section of one kind, with its section."""
    for st in doc.sections:
        if st.section is kind:
            for b in st.blocks:
                yield st, b


def clean_name(text: str) -> str:
    """Trim a term: whitespace, surrounding punctuation and leading articles."""
    t = _WS.sub(" ", text).strip(" \t.,;:!?*\"'“”‘’")
    t = re.sub(r"^(?:a|an|the)\s+", "", t, flags=re.I)
    return t
