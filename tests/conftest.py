"""Shared fixtures: the real collection (when $KG_CORPUS is set) and the project's folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
