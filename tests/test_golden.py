"""Golden cases: small monographs in the corpus's shapes, each with the graph it must export.

Each folder under tests/golden/ holds one monograph and its expected export. The test
compares byte for byte and, for a readable failure, by graph isomorphism. After an
intended change, regenerate with `KG_REGENERATE=1 pytest tests/test_golden.py` and review
the diff of the expected files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, to_isomorphic

from kg.export import export
from kg.mapping import Options
from kg.serialize import Format

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())
OPTS = Options(base="https://example.org/kg/", site_url="https://example.org/site/")


def _diff(expected: Graph, actual: Graph) -> str:
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"- {t}" for t in sorted(only_expected)][:20] + [f"+ {t}" for t in sorted(only_actual)][:20]
    return "\n".join(lines)


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, tmp_path: Path) -> None:
    folder = GOLDEN / case
    export([folder / f"{case}.md"], tmp_path, [Format.NQUADS, Format.TURTLE], OPTS, jobs=1)
    for name in ("kg.nq", "kg.ttl"):
        actual = (tmp_path / name).read_bytes()
        expected_file = folder / f"expected.{name.split('.')[1]}"
        if os.environ.get("KG_REGENERATE"):
            expected_file.write_bytes(actual)
        expected = expected_file.read_bytes()
        if actual != expected:
            if name == "kg.ttl":
                g_exp, g_act = (
                    Graph().parse(data=expected, format="turtle"),
                    Graph().parse(data=actual, format="turtle"),
                )
            else:
                d_exp, d_act = Dataset(default_union=True), Dataset(default_union=True)
                d_exp.parse(data=expected, format="nquads")
                d_act.parse(data=actual, format="nquads")
                # the quads' graph names dropped, so the difference reads as triples
                g_exp, g_act = Graph(), Graph()
                for g, d in ((g_exp, d_exp), (g_act, d_act)):
                    for s, p, o, _ in d.quads():
                        g.add((s, p, o))
            pytest.fail(f"{case}/{name} differs from {expected_file.name}:\n{_diff(g_exp, g_act)}")


def test_every_case_has_expectations() -> None:
    assert len(CASES) >= 5
    for case in CASES:
        assert (GOLDEN / case / "expected.nq").is_file(), case
        assert (GOLDEN / case / "expected.ttl").is_file(), case
