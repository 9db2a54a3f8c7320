"""kg push: an export loaded into a real Oxigraph server over the Graph Store Protocol answers as `kg query` does."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from test_queries import EXPECTED, MONOGRAPHS, QUERIES, build_export, normalize

from kg import push as pu
from kg import query as q
from kg.cli import main
from kg.export import export
from kg.mapping import Options
from kg.serialize import Format


def oxigraph_binary() -> str | None:
    found = shutil.which("oxigraph")
    beside = Path(sys.executable).parent / "oxigraph"
    return found or (str(beside) if beside.is_file() else None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sparql(base: str, query: str) -> ox.QuerySolutions | ox.QueryBoolean:
    req = urllib.request.Request(
        f"{base}/query",
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        return ox.parse_query_results(resp.read(), format=ox.QueryResultsFormat.JSON)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server on a free loopback port; its default graph is the union of the graphs."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph, part of the test extras)")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-db")
    log = location.parent / "oxigraph.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):  # up to 20 s to start
            if proc.poll() is not None:
                pytest.fail(f"oxigraph exited: {log.read_text(errors='replace')}")
            try:
                sparql(base, "ASK {}")
                break
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph did not start within 20 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_export(tmp_path_factory.mktemp("push"))


@pytest.fixture(scope="module")
def pushed(oxigraph: str, exported: Path) -> pu.PushReport:
    return pu.push(exported, f"{oxigraph}/store")


def test_push_replaces_one_graph_per_monograph(oxigraph: str, pushed: pu.PushReport) -> None:
    assert pushed.failed == {}
    assert pushed.replaced == len(MONOGRAPHS) + 1  # and the dataset description, in the default graph
    assert pushed.merged == 1  # the concepts graph
    graphs = q.table(sparql(oxigraph, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")).rows
    assert sorted(r[0].rsplit("/", 1)[1] for r in graphs) == sorted(["concepts", *MONOGRAPHS])


@pytest.mark.parametrize("path", QUERIES, ids=[f.stem for f in QUERIES])
def test_questions_answer_as_kg_query_does(oxigraph: str, pushed: pu.PushReport, exported: Path, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    local = q.table(q.run(q.open_store(q.data_files([], exported)), text)).rows
    remote = q.table(sparql(oxigraph, text)).rows
    assert remote == local
    assert normalize(remote) == EXPECTED[path.stem]


def test_a_second_push_replaces_content_and_a_failed_one_keeps_it(
    oxigraph: str, pushed: pu.PushReport, tmp_path: Path
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "atenolol.md").write_text(
        MONOGRAPHS["atenolol"].replace("Headache, nausea, fatigue", "Cough"), encoding="utf-8"
    )
    out = tmp_path / "out"
    export([src], out, [Format.NQUADS], Options())
    effects = (
        "SELECT ?e WHERE { GRAPH ?g { ?p schema:name 'Atenolol' ; kg:sideEffect/kg:effect ?c } ?c schema:name ?e }"
        " ORDER BY ?e"
    )
    full = q.with_prefixes(effects)
    assert [r[0] for r in q.table(sparql(oxigraph, full)).rows] == ["fatigue", "headache", "nausea"]

    # The store refuses every graph (no such service): nothing is replaced, nothing emptied.
    failed = pu.push(out, f"{oxigraph}/no-such-store", retries=1, backoff=0.01)
    assert failed.replaced == 0 and len(failed.failed) == 3
    assert all("HTTP 404" in why for why in failed.failed.values())
    assert [r[0] for r in q.table(sparql(oxigraph, full)).rows] == ["fatigue", "headache", "nausea"]

    report = pu.push(out, f"{oxigraph}/store")
    assert report.failed == {} and report.replaced == 2 and report.merged == 1
    assert [r[0] for r in q.table(sparql(oxigraph, full)).rows] == ["cough"]
    # the concepts graph was merged, not replaced: the left-out monographs' concepts keep their names
    assert q.table(
        sparql(oxigraph, q.with_prefixes("ASK { ?c a kg:AdverseEffect ; schema:name 'headache' }"))
    ).rows == [["true"]]
    # the other monographs' graphs are untouched
    assert json.loads(
        json.dumps(q.table(sparql(oxigraph, q.with_prefixes("ASK { ?p schema:name 'Amlodipine' }"))).rows)
    ) == [["true"]]


def test_unreachable_store_is_retried_then_reported(exported: Path) -> None:
    report = pu.push(exported, f"http://127.0.0.1:{free_port()}/store", retries=2, backoff=0.01, jobs=2)
    assert report.replaced == 0
    assert len(report.failed) == len(MONOGRAPHS) + 2
    assert report.retries == 2 * len(report.failed)
    assert all("after 3 attempts" in why for why in report.failed.values())


def test_cli_push_prints_a_summary_and_fails_on_failures(oxigraph: str, exported: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["push", "--endpoint", f"{oxigraph}/store", str(exported)])
    assert result.exit_code == 0, result.output
    assert f"graphs replaced: {len(MONOGRAPHS) + 1}" in result.stdout
    assert "graphs merged:   1" in result.stdout
    assert "graphs failed:   0" in result.stdout
    result = runner.invoke(main, ["push", "--endpoint", f"{oxigraph}/nowhere", "--retries", "0", str(exported)])
    assert result.exit_code == 1
    assert "kg: failed:" in result.stderr
    result = runner.invoke(main, ["push", "--endpoint", "ftp://x/", str(exported)])
    assert result.exit_code == 1 and "not an http(s) URL" in result.stderr


def test_push_needs_a_dataset_file(tmp_path: Path) -> None:
    with pytest.raises(pu.DataError):
        pu.push(tmp_path, "http://127.0.0.1:1/store")
