"""Extract indications facts."""

from __future__ import annotations

from collections.abc import Iterator

from kg.model import Document, Fact


def extract(doc: Document) -> Iterator[Fact]:
    return iter(())
