"""Serve an export over the SPARQL 1.1 Protocol, read-only, with a query page at /."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import multiprocessing as mp
import queue
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from json.encoder import encode_basestring as _json_str
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg import query as q
from kg import terms as T
from kg.errors import KgError

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10_000
MAX_BODY = 1 << 20

# Result media types, by the short name the page's download links use.
JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
FORMATS = {"json": JSON, "xml": XML, "csv": CSV, "tsv": TSV, "ttl": TURTLE, "nt": NTRIPLES}
ALIASES = {
    "application/json": JSON,
    "application/xml": XML,
    "text/xml": XML,
    "application/csv": CSV,
    "text/plain": NTRIPLES,
}
SOLUTION_TYPES = (JSON, XML, CSV, TSV)
GRAPH_TYPES = (TURTLE, NTRIPLES)


class Refused(KgError):
    """A request this read-only endpoint will not run: an update, LOAD or SERVICE."""


# --- the read-only check -------------------------------------------------------------------

# Everything that can hide a keyword: comments, strings, IRIs, variables and prefixed names.
# What is left are the query's keywords and punctuation.
_HIDING = re.compile(
    r"""\#[^\n\r]*
      | '''(?:[^'\\]|\\.|'(?!''))*'''
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      | '(?:[^'\\\n\r]|\\.)*'
      | "(?:[^"\\\n\r]|\\.)*"
      | <[^<>"{}|^`\\\x00-\x20]*>
      | [?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+
      | [\w.-]*:[\w.:%\\-]*
    """,
    re.VERBOSE,
)
_UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})


def keywords(text: str) -> list[str]:
    """The bare words of a SPARQL text, upper-cased, once comments, strings, IRIs and names are gone."""
    return [w.upper() for w in re.findall(r"[A-Za-z_]+", _HIDING.sub(" ", text))]


def check_read_only(text: str) -> None:
    """Raise Refused for SPARQL Update (LOAD included) and for SERVICE, which would fetch from other hosts.

    The check reads keywords only, so a comment, a string or an IRI that spells a keyword
    does not trip it, and no comment or string can hide one.
    """
    words = set(keywords(text))
    update = sorted(words & _UPDATE_WORDS)
    if update:
        raise Refused(f"this endpoint is read-only: {update[0]} (SPARQL Update) is refused")
    if "SERVICE" in words:
        raise Refused("this endpoint does not run federated queries: SERVICE is refused")


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Answer:
    """A response ready to send."""

    status: int
    content_type: str
    body: bytes
    truncated: bool = False
    rows: int = 0


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != T.XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


_XSD_STRING = ox.NamedNode(T.XSD + "string")


def _json_text(term: Any) -> str:
    """One term as SPARQL 1.1 JSON results text, written directly: a dict per value and
    json.dumps over them took three times as long on results of thousands of rows."""
    if type(term) is ox.Literal:
        value = _json_str(term.value)
        if term.language:
            return f'{{"type":"literal","value":{value},"xml:lang":{_json_str(term.language)}}}'
        if term.datatype == _XSD_STRING:
            return f'{{"type":"literal","value":{value}}}'
        return f'{{"type":"literal","value":{value},"datatype":{_json_str(term.datatype.value)}}}'
    if type(term) is ox.NamedNode:
        return f'{{"type":"uri","value":{_json_str(term.value)}}}'
    return json.dumps(_json_term(term), ensure_ascii=False)


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != T.XSD + "string":
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}</predicate>"
        f"<object>{_xml_term(term.object)}</object></triple>"
    )


def _csv_value(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _tsv_value(term: Any) -> str:
    # N-Triples syntax, as the TSV results format asks; tabs and newlines are escaped inside literals.
    return "" if term is None else str(term)


def encode_solutions(variables: Sequence[str], rows: Sequence[Sequence[Any]], media: str) -> bytes:
    """SELECT results in one of the SPARQL 1.1 results formats."""
    if media == JSON:
        keys = [_json_str(v) + ":" for v in variables]
        texts: dict[Any, str] = {}  # the same term recurs down a column: write it once
        bindings = []
        for row in rows:
            values = []
            for key, t in zip(keys, row, strict=True):
                if t is not None:
                    text = texts.get(t)
                    if text is None:
                        text = texts[t] = _json_text(t)
                    values.append(key + text)
            bindings.append("{" + ",".join(values) + "}")
        head = json.dumps({"vars": list(variables)}, ensure_ascii=False)
        return f'{{"head":{head},"results":{{"bindings":[{",".join(bindings)}]}}}}'.encode()
    if media == XML:
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head>\n<results>")
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode()
    if media == CSV:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        w.writerows([_csv_value(t) for t in row] for row in rows)
        return buf.getvalue().encode()
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join(_tsv_value(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def encode_boolean(value: bool, media: str) -> bytes:
    if media == XML:
        word = "true" if value else "false"
        return (
            f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{word}</boolean></sparql>\n"
        ).encode()
    if media in (CSV, TSV):
        return b"true\n" if value else b"false\n"
    return json.dumps({"head": {}, "boolean": value}).encode()


def answer(store: ox.Store, text: str, solution_media: str, graph_media: str, max_rows: int) -> Answer:
    """Run one query and encode at most ``max_rows`` results of it."""
    try:
        check_read_only(text)
        result = q.run(store, text)
    except Refused as exc:
        return Answer(HTTPStatus.FORBIDDEN, "text/plain; charset=utf-8", f"{exc}\n".encode())
    except KgError as exc:
        return Answer(HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8", f"{exc}\n".encode())
    try:
        if isinstance(result, ox.QueryBoolean):
            return Answer(
                HTTPStatus.OK, _with_charset(solution_media), encode_boolean(bool(result), solution_media), rows=1
            )
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows: list[list[Any]] = []
            for sol in result:
                if len(rows) == max_rows:
                    return Answer(
                        HTTPStatus.OK,
                        _with_charset(solution_media),
                        encode_solutions(variables, rows, solution_media),
                        True,
                        len(rows),
                    )
                rows.append(list(sol))  # the values in the order of the variables, unbound as None
            return Answer(
                HTTPStatus.OK,
                _with_charset(solution_media),
                encode_solutions(variables, rows, solution_media),
                False,
                len(rows),
            )
        triples: list[ox.Triple] = []
        truncated = False
        for t in result:
            if len(triples) == max_rows:
                truncated = True
                break
            triples.append(t)
        fmt = ox.RdfFormat.TURTLE if graph_media == TURTLE else ox.RdfFormat.N_TRIPLES
        body = (
            ox.serialize(triples, format=fmt, prefixes=dict(T.PREFIXES))
            if fmt is ox.RdfFormat.TURTLE
            else ox.serialize(triples, format=fmt)
        )
        return Answer(HTTPStatus.OK, _with_charset(graph_media), body or b"", truncated, len(triples))
    except (OSError, ValueError, RuntimeError) as exc:
        # Errors raised while the results stream, such as a failing function in a FILTER.
        return Answer(HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8", f"query failed: {exc}\n".encode())


def _with_charset(media: str) -> str:
    return f"{media}; charset=utf-8"


# --- the query workers --------------------------------------------------------------------


def _worker_main(files: list[str], conn: Connection) -> None:
    """A worker process: open the store read-only, then answer queries until told to stop."""
    store = q.open_store([Path(f) for f in files])
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        conn.send(answer(store, *job))


class Worker:
    """One query process. pyoxigraph cannot cancel a running query, so a query that overruns
    its time limit is stopped by killing its process; the price is a copy of each result
    between processes and a fresh process (about half a second) after each timeout."""

    def __init__(self, files: Sequence[Path], ready_timeout: float = 120.0) -> None:
        ctx = mp.get_context("spawn")  # fork is unsafe in a threaded server
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=([str(f) for f in files], child), daemon=True)
        self.process.start()
        child.close()
        if not self.conn.poll(ready_timeout) or self.conn.recv() != "ready":
            self.kill()
            raise KgError("a query worker did not start")

    def ask(self, job: tuple[str, str, str, int], timeout: float) -> Answer | None:
        """The answer, or None when the time limit passed (the worker is then dead)."""
        self.conn.send(job)
        if self.conn.poll(timeout):
            try:
                result: Answer = self.conn.recv()
                return result
            except EOFError:
                self.kill()
                return Answer(
                    HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8", b"the query worker failed\n"
                )
        self.kill()
        return None

    def alive(self) -> bool:
        return self.process.is_alive()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()


@dataclass
class Endpoint:
    """The query service behind the HTTP layer: a pool of workers over one export."""

    files: list[Path]
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    workers: int = 2
    examples: Path | None = None
    _idle: queue.Queue[Worker] = field(default_factory=queue.Queue, init=False)
    _all: list[Worker] = field(default_factory=list, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _closed: bool = field(default=False, init=False)

    def start(self) -> None:
        q.open_store(self.files)  # build the shared on-disk store once, before the workers open it
        for _ in range(self.workers):
            self._add()

    def _add(self) -> None:
        w = Worker(self.files)
        with self._lock:
            self._all.append(w)
        self._idle.put(w)

    def run(self, text: str, solution_media: str = JSON, graph_media: str = TURTLE) -> Answer:
        """Answer one query within the time limit, waiting that long at most for a free worker too."""
        deadline = time.monotonic() + self.timeout
        try:
            w = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer(
                HTTPStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", b"all query workers are busy; try again\n"
            )
        result = w.ask((text, solution_media, graph_media, self.max_rows), max(0.01, deadline - time.monotonic()))
        if result is not None and w.alive():
            self._idle.put(w)
            return result
        with self._lock:
            self._all.remove(w)
        if not self._closed:
            self._add()
        if result is not None:
            return result
        msg = f"the query ran past the time limit of {self.timeout:g} s and was stopped\n"
        return Answer(HTTPStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", msg.encode())

    def example_queries(self) -> list[dict[str, str]]:
        """The example questions: file name, the question from its first comment, and the text."""
        if self.examples is None or not self.examples.is_dir():
            return []
        out = []
        for f in sorted(self.examples.glob("*.rq")):
            text = f.read_text(encoding="utf-8")
            first = text.lstrip().splitlines()[0] if text.strip() else ""
            title = first.lstrip("#").strip() if first.startswith("#") else f.stem
            out.append({"name": f.stem, "title": title, "query": text})
        return out

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers, self._all = list(self._all), []
        for w in workers:
            w.stop()


# --- HTTP ---------------------------------------------------------------------------------


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the Accept header prefers most, None when it accepts none of them."""
    if not accept:
        return offered[0]
    best: tuple[float, int, str] | None = None
    for i, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = ALIASES.get(pieces[0].lower(), pieces[0].lower())
        weight = 1.0
        for p in pieces[1:]:
            if p.startswith("q="):
                try:
                    weight = float(p[2:])
                except ValueError:
                    weight = 0.0
        if weight <= 0:
            continue
        if media in ("*/*", "application/*", "text/*"):
            prefix = media.split("/")[0]
            candidates = [m for m in offered if media == "*/*" or m.startswith(prefix + "/")]
            specificity = 0
        else:
            candidates = [m for m in offered if m == media]
            specificity = 1
        for c in candidates[:1]:
            key = (weight + specificity * 1e-3, -i, c)
            if best is None or key[:2] > best[:2]:
                best = key
    return best[2] if best else None


def page() -> bytes:
    return resources.files("kg").joinpath("static/index.html").read_bytes()


class Handler(BaseHTTPRequestHandler):
    """GET and POST /sparql, the query page at /, and the examples at /queries."""

    protocol_version = "HTTP/1.1"
    server_version = "kg-sparql"
    endpoint: Endpoint  # set on the subclass made by make_server

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s " + format, self.address_string(), *args)

    def _send(self, status: int, content_type: str, body: bytes, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode())

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", page())
        elif url.path == "/queries":
            body = json.dumps(self.endpoint.example_queries(), ensure_ascii=False).encode()
            self._send(HTTPStatus.OK, "application/json; charset=utf-8", body)
        elif url.path == "/sparql":
            params = parse_qs(url.query, keep_blank_values=True)
            self._query(params)
        else:
            self._error(HTTPStatus.NOT_FOUND, f"no such page: {url.path}")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._error(HTTPStatus.NOT_FOUND, f"no such page: {url.path}")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self._error(HTTPStatus.BAD_REQUEST, "bad Content-Length")
            return
        if length > MAX_BODY:
            self.close_connection = True
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-update":
            self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
        elif ctype == "application/x-www-form-urlencoded":
            params.update(parse_qs(body, keep_blank_values=True))
            self._query(params)
        elif ctype == "application/sparql-query":
            params["query"] = [body]
            self._query(params)
        else:
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send application/sparql-query or a form with query=")

    def _query(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
            return
        texts = params.get("query", [])
        if len(texts) != 1 or not texts[0].strip():
            self._error(HTTPStatus.BAD_REQUEST, "give exactly one query= parameter")
            return
        if "default-graph-uri" in params or "named-graph-uri" in params:
            self._error(
                HTTPStatus.BAD_REQUEST,
                "default-graph-uri and named-graph-uri are not supported; use FROM and FROM NAMED",
            )
            return
        fmt = (params.get("format") or [""])[0]
        accept: str | None
        if fmt:
            if fmt not in FORMATS:
                self._error(HTTPStatus.BAD_REQUEST, f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
                return
            accept = FORMATS[fmt]
        else:
            accept = self.headers.get("Accept")
        solution_media = negotiate(accept, SOLUTION_TYPES)
        graph_media = negotiate(accept, GRAPH_TYPES)
        if solution_media is None and graph_media is None:
            self._error(HTTPStatus.NOT_ACCEPTABLE, "results come as " + ", ".join(SOLUTION_TYPES + GRAPH_TYPES))
            return
        # A graph type asked for a SELECT (or a results type for a CONSTRUCT) falls back to the default.
        started = time.perf_counter()
        result = self.endpoint.run(texts[0], solution_media or JSON, graph_media or TURTLE)
        extra = {"X-Query-Time": f"{time.perf_counter() - started:.4f}"}
        if result.truncated:
            extra["X-Result-Truncated"] = f"capped at {result.rows} results"
        if fmt and result.status == HTTPStatus.OK:
            ext = {"nt": "nt"}.get(fmt, fmt)
            extra["Content-Disposition"] = f'attachment; filename="results.{ext}"'
        self._send(result.status, result.content_type, result.body, extra)


def make_server(endpoint: Endpoint, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> ThreadingHTTPServer:
    """An HTTP server for the endpoint (port 0: any free port); call serve_forever() to run it."""
    handler = type("BoundHandler", (Handler,), {"endpoint": endpoint})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")
