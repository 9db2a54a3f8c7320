"""Serialization: every format parses back, with rdflib and pyoxigraph, to one graph; JSON-LD is compact."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg import terms as T
from kg.export import export
from kg.query import RDF_FORMATS
from kg.serialize import Format, context

ROOT = Path(__file__).resolve().parent.parent
RDFLIB = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "nq": "nquads", "trig": "trig"}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("export")
    export([ROOT / "content", ROOT / "tests" / "golden"], d, list(Format), jobs=1)
    return d


def _rdflib(path: Path) -> Graph:
    fmt = RDFLIB[path.suffix[1:]]
    if fmt in ("nquads", "trig"):
        ds = Dataset(default_union=True)
        ds.parse(data=path.read_bytes(), format=fmt)
        g = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    return Graph().parse(data=path.read_bytes(), format=fmt)


def _oxigraph(path: Path) -> set[tuple[str, str, str]]:
    return {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in ox.parse(path=str(path), format=RDF_FORMATS[path.suffix])
    }


def test_all_formats_are_one_graph(out: Path) -> None:
    reference = _rdflib(out / "kg.nt")
    assert len(reference) > 500
    ox_reference = _oxigraph(out / "kg.nt")
    assert len(ox_reference) == len(reference)
    for fmt in Format:
        path = out / fmt.filename
        assert isomorphic(_rdflib(path), reference), f"rdflib reads {path.name} as a different graph"
        assert _oxigraph(path) == ox_reference, f"pyoxigraph reads {path.name} as a different graph"


def test_one_named_graph_per_monograph(out: Path) -> None:
    graphs = {str(q.graph_name) for q in ox.parse(path=str(out / "kg.nq"), format=ox.RdfFormat.N_QUADS)}
    named = {g for g in graphs if g.startswith("<")}
    assert len(named) == 7  # content/cyanocobalamin.md, five golden cases and the concepts graph
    assert all("/graph/" in g for g in named - {f"<{T.DEFAULT_BASE}concepts>"})


def test_jsonld_is_compact_against_the_context(out: Path) -> None:
    doc = json.loads((out / "kg.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == context()["@context"]
    keys = {k for node in doc["@graph"] for k in node}
    assert "name" in keys and "sideEffect" in keys
    assert not any(k.startswith("http") for k in keys), "property IRIs should be compacted to terms"


def test_no_blank_nodes(out: Path) -> None:
    assert not any(t.startswith("_:") for triple in _oxigraph(out / "kg.nt") for t in triple)


def test_turtle_and_jsonld_hold_the_same_graph_as_nquads_union(out: Path) -> None:
    assert _oxigraph(out / "kg.ttl") == _oxigraph(out / "kg.jsonld") == _oxigraph(out / "kg.nq")


def test_jsonld_reads_each_ntriples_escape_once() -> None:
    from kg.serialize import _unescape

    assert _unescape(r"a\\'''") == "a\\'''"  # an escaped backslash, then plain quotes
    assert _unescape(r"x\"y\n\u00e9\U0001F600\\n") == 'x"y\né😀\\n'
