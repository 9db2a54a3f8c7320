"""kg serve: the SPARQL 1.1 Protocol endpoint over a small export, through real HTTP on loopback."""

from __future__ import annotations

import csv
import io
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_queries import EXPECTED, MONOGRAPHS, QUERIES, build_export, normalize

from kg import query as q
from kg import server as sv

MAX_ROWS = 50
TIMEOUT = 2.0


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = build_export(tmp_path_factory.mktemp("server"))
    root = Path(__file__).resolve().parent.parent
    endpoint = sv.Endpoint(
        q.data_files([], out), timeout=TIMEOUT, max_rows=MAX_ROWS, workers=2, examples=root / "queries"
    )
    endpoint.start()
    httpd = sv.make_server(endpoint, "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        endpoint.close()
        thread.join(5)


def fetch(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None
) -> Reply:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return Reply(resp.status, dict(resp.headers.items()), resp.read())
    except urllib.error.HTTPError as exc:
        return Reply(exc.code, dict(exc.headers.items()), exc.read())


def get(base: str, query: str, accept: str | None = None, **params: str) -> Reply:
    qs = urllib.parse.urlencode({"query": query, **params})
    return fetch(f"{base}/sparql?{qs}", headers={"Accept": accept} if accept else {})


def rows_of(body: bytes, fmt: ox.QueryResultsFormat) -> list[list[str]]:
    return normalize(q.table(ox.parse_query_results(body, format=fmt)).rows)


@pytest.mark.parametrize("path", QUERIES, ids=[f.stem for f in QUERIES])
def test_every_question_through_get_and_post(base_url: str, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = EXPECTED[path.stem]
    r = get(base_url, text, "application/sparql-results+json")
    assert r.status == 200, r.body
    assert r.headers["Content-Type"].startswith("application/sparql-results+json")
    assert rows_of(r.body, ox.QueryResultsFormat.JSON) == expected
    r = fetch(
        f"{base_url}/sparql",
        text.encode(),
        {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+xml"},
    )
    assert r.status == 200 and r.headers["Content-Type"].startswith("application/sparql-results+xml")
    assert rows_of(r.body, ox.QueryResultsFormat.XML) == expected
    form = urllib.parse.urlencode({"query": text}).encode()
    r = fetch(
        f"{base_url}/sparql",
        form,
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/tab-separated-values"},
    )
    assert r.status == 200 and r.headers["Content-Type"].startswith("text/tab-separated-values")
    assert rows_of(r.body, ox.QueryResultsFormat.TSV) == expected


def test_csv_results(base_url: str) -> None:
    r = get(base_url, (QUERIES[0]).read_text(encoding="utf-8"), "text/csv")
    assert r.status == 200 and r.headers["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(r.body.decode())))
    assert table[0] == ["drug", "file"]
    assert normalize(table[1:]) == EXPECTED[QUERIES[0].stem]


def test_accept_preferences_and_format_parameter(base_url: str) -> None:
    query = "SELECT ?x WHERE { VALUES ?x { 1 } }"
    r = get(base_url, query, "text/csv;q=0.5, application/sparql-results+xml;q=0.9")
    assert r.headers["Content-Type"].startswith("application/sparql-results+xml")
    r = get(base_url, query, "*/*")
    assert json.loads(r.body)["results"]["bindings"] == [
        {"x": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}
    ]
    r = get(base_url, query, "image/png")
    assert r.status == 406
    r = get(base_url, query, "application/json", format="csv")
    assert r.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in r.headers["Content-Disposition"]
    assert r.body.decode().splitlines() == ["x", "1"]


def test_json_results_say_what_oxigraphs_own_serializer_says() -> None:
    """The endpoint writes JSON results itself (to cap rows); every kind of term comes out as Oxigraph writes it."""
    query = """SELECT ?iri ?plain ?lang ?typed ?blank ?unbound ?repeated WHERE {
      VALUES (?iri ?plain ?lang ?typed) {
        (<http://example.org/caf\u00e9> "a \\"quoted\\" line\\n\\tand caf\u00e9 \U0001f600 \\\\" "chat"@fr 1.50)
        (<http://example.org/b> "" "x"@en-GB "2026-01-01"^^<http://www.w3.org/2001/XMLSchema#date>)
      }
      BIND(BNODE() AS ?blank) BIND(?plain AS ?repeated)
    }"""
    result = ox.Store().query(query)
    assert isinstance(result, ox.QuerySolutions)
    native = result.serialize(format=ox.QueryResultsFormat.JSON)
    assert native is not None
    parsed = ox.parse_query_results(native, format=ox.QueryResultsFormat.JSON)
    assert isinstance(parsed, ox.QuerySolutions)
    variables = [v.value for v in parsed.variables]
    rows = [list(sol) for sol in parsed]
    assert len(rows) == 2 and all(row[variables.index("unbound")] is None for row in rows)
    assert json.loads(sv.encode_solutions(variables, rows, sv.JSON)) == json.loads(native)


def test_ask_and_construct(base_url: str) -> None:
    r = get(base_url, "ASK { ?p a kg:DrugProduct }")
    assert json.loads(r.body) == {"head": {}, "boolean": True}
    r = get(base_url, "CONSTRUCT { ?p a kg:DrugProduct } WHERE { ?p a kg:DrugProduct }", "application/n-triples")
    assert r.status == 200 and r.headers["Content-Type"].startswith("application/n-triples")
    assert len(list(ox.parse(r.body, format=ox.RdfFormat.N_TRIPLES))) == len(MONOGRAPHS)


@pytest.mark.parametrize(
    "send",
    [
        {"data": b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", "headers": {"Content-Type": "application/sparql-update"}},
        {"data": b"update=DROP+ALL", "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
        {
            "data": b"query=LOAD+%3Chttp%3A%2F%2Fexample.org%2Fx%3E",
            "headers": {"Content-Type": "application/x-www-form-urlencoded"},
        },
        {"data": b"query=CLEAR+DEFAULT", "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
    ],
    ids=["sparql-update", "update-form", "load-as-query", "clear-as-query"],
)
def test_updates_are_refused(base_url: str, send: dict[str, object]) -> None:
    r = fetch(f"{base_url}/sparql", send["data"], send["headers"], method="POST")  # type: ignore[arg-type]
    assert r.status == 403, r.body
    assert b"read-only" in r.body
    # nothing changed
    assert json.loads(get(base_url, "ASK { <urn:a> <urn:b> <urn:c> }").body)["boolean"] is False


def test_service_is_refused_but_the_word_in_comments_and_strings_is_not(base_url: str) -> None:
    r = get(base_url, "SELECT * WHERE { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert r.status == 403 and b"SERVICE" in r.body
    r = get(
        base_url, '# SERVICE and INSERT in a comment\nSELECT ("LOAD SERVICE" AS ?x) WHERE { BIND(<urn:service> AS ?y) }'
    )
    assert r.status == 200, r.body
    assert json.loads(r.body)["results"]["bindings"][0]["x"]["value"] == "LOAD SERVICE"


def test_read_only_check_reads_keywords_only() -> None:
    sv.check_read_only("SELECT ?service WHERE { ?s <http://x/INSERT> 'DELETE' ; ex:load ?o } # DROP")
    sv.check_read_only('SELECT * WHERE { ?s ?p """multi\nline SERVICE""" }')
    for bad in (
        "INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "PREFIX ex: <x:> DELETE WHERE { ?s ex:p ?o }",
        "SELECT * WHERE { 'x' SERVICE <http://e/> { } }",
        "# c\nload <http://e/>",
    ):
        with pytest.raises(sv.Refused):
            sv.check_read_only(bad)


def test_syntax_errors_name_line_and_column(base_url: str) -> None:
    r = get(base_url, "SELECT ?x\nWHERE { ?x ?y }")
    assert r.status == 400
    assert b"line 2" in r.body


def test_results_are_capped(base_url: str) -> None:
    r = get(base_url, "SELECT * WHERE { ?s ?p ?o }")
    assert r.status == 200
    assert len(json.loads(r.body)["results"]["bindings"]) == MAX_ROWS
    assert "X-Result-Truncated" in r.headers
    r = get(base_url, "SELECT * WHERE { ?s ?p ?o } LIMIT 3")
    assert "X-Result-Truncated" not in r.headers


def test_a_query_over_the_time_limit_is_stopped_and_the_endpoint_recovers(base_url: str) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    r = get(base_url, slow)
    assert r.status == 503
    assert b"time limit" in r.body
    r = get(base_url, "ASK { ?p a kg:DrugProduct }")
    assert r.status == 200 and json.loads(r.body)["boolean"] is True


def test_page_and_examples(base_url: str) -> None:
    r = fetch(f"{base_url}/")
    assert r.status == 200 and r.headers["Content-Type"].startswith("text/html")
    assert b'id="query"' in r.body and b"<script" in r.body
    assert b"http://" not in r.body.replace(b"http://www.w3.org", b"").replace(b"http://purl.org", b"").replace(
        b"http://rdfs.org", b""
    ), "the page must not load anything from elsewhere"
    examples = json.loads(fetch(f"{base_url}/queries").body)
    assert [e["name"] for e in examples] == [f.stem for f in QUERIES]
    assert examples[0]["title"].startswith("Which drugs treat")
    assert fetch(f"{base_url}/nowhere").status == 404


def test_bad_requests(base_url: str) -> None:
    assert fetch(f"{base_url}/sparql").status == 400
    r = fetch(f"{base_url}/sparql", b"query=ASK{}", {"Content-Type": "text/plain"}, method="POST")
    assert r.status == 415
    r = get(base_url, "ASK {}", **{"default-graph-uri": "urn:g"})
    assert r.status == 400


def test_default_host_is_loopback() -> None:
    assert sv.DEFAULT_HOST == "127.0.0.1"
    assert sv.is_loopback("127.0.0.1") and sv.is_loopback("::1") and not sv.is_loopback("0.0.0.0")
