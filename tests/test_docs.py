"""Docs under test: every `$ kg query` example in the README prints what the README shows."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.export import Report

ROOT = Path(__file__).resolve().parent.parent


def examples() -> list[tuple[str, str]]:
    """(query, output) for each `$ kg query '…'` block of the README."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    found = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("    $ kg query '"):
            query = [lines[i][len("    $ kg query '") :]]
            while not query[-1].endswith("'"):
                i += 1
                query.append(lines[i][4:])
            query[-1] = query[-1][:-1]
            out = []
            i += 1
            while i < len(lines) and lines[i].startswith("    ") and not lines[i].startswith("    $"):
                out.append(lines[i][4:])
                i += 1
            found.append(("\n".join(query), "\n".join(out) + "\n"))
        else:
            i += 1
    return found


EXAMPLES = examples()
# The examples about the seed page run on an export of content/; the others on the collection.
SEED = [e for e in EXAMPLES if '"Cyanocobalamin"' in e[0]]
COLLECTION = [e for e in EXAMPLES if e not in SEED]


def test_the_readme_has_query_examples() -> None:
    assert len(SEED) >= 2 and len(COLLECTION) >= 1


@pytest.mark.parametrize(("query", "expected"), SEED, ids=[f"seed-{i}" for i in range(len(SEED))])
def test_seed_examples(query: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)  # the README's commands run from the project folder
    runner = CliRunner()
    assert runner.invoke(main, ["export", "-q"]).exit_code == 0
    result = runner.invoke(main, ["query", query])
    assert result.exit_code == 0, result.output
    assert result.stdout == expected


@pytest.mark.corpus
@pytest.mark.parametrize(("query", "expected"), COLLECTION, ids=[f"collection-{i}" for i in range(len(COLLECTION))])
def test_collection_examples(query: str, expected: str, whole: tuple[Report, Path]) -> None:
    _, out = whole
    result = CliRunner().invoke(main, ["query", query, "--data", str(out / "kg.nq")])
    assert result.exit_code == 0, result.output
    assert re.sub(r"\s+\n", "\n", result.stdout) == re.sub(r"\s+\n", "\n", expected)
