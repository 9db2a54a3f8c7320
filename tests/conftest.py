"""Shared fixtures: the real collection (when $KG_CORPUS is set) and the project's folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.export import Report, export
from kg.serialize import Format

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The real collection; tests that need it skip when KG_CORPUS is unset."""
    value = os.environ.get("KG_CORPUS")
    if not value:
        pytest.skip("KG_CORPUS is not set")
    path = Path(value)
    if not (path / "composition").is_dir():
        pytest.fail(f"KG_CORPUS={value} has no composition/ folder")
    return path


@pytest.fixture(scope="session")
def shared(corpus: Path) -> Path:
    """The folder beside the collection holding gold/ and eval/."""
    return corpus.resolve().parent


@pytest.fixture(scope="session")
def whole(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Path]:
    """The whole collection exported once (N-Quads) for the tests that need it."""
    out = tmp_path_factory.mktemp("corpus-export")
    report = export([corpus], out, [Format.NQUADS], jobs=2)
    return report, out
