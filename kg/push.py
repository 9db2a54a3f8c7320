"""Load an export into a triplestore over the SPARQL 1.1 Graph Store HTTP Protocol, one graph per monograph."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from kg import terms as T
from kg.errors import DataError, KgError

# Export files that keep the named graphs, best first.
DATASET_FILES = {"kg.nq": ox.RdfFormat.N_QUADS, "kg.trig": ox.RdfFormat.TRIG}
NTRIPLES = "application/n-triples"

Progress = Callable[[int, str], None]
"""Called after each graph with (graphs done, graph IRI or "default")."""


class PushError(KgError):
    """The triplestore could not be reached, or refused the data."""


@dataclass(slots=True)
class PushReport:
    """What a push sent: graphs replaced, shared graphs merged, graphs that failed and why,
    triples sent, retries made."""

    replaced: int = 0
    merged: int = 0
    triples: int = 0
    retries: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def export_file(export_dir: Path) -> tuple[Path, ox.RdfFormat]:
    """The export's N-Quads or TriG file, which keep one graph per monograph."""
    for name, fmt in DATASET_FILES.items():
        if (export_dir / name).is_file():
            return export_dir / name, fmt
    raise DataError(f"{export_dir}: no kg.nq or kg.trig to push (export with -f nq)")


def graphs(path: Path, fmt: ox.RdfFormat) -> Iterator[tuple[str | None, list[ox.Triple]]]:
    """Each graph of the file with its triples (None names the default graph), one at a time.

    The exporter writes each graph's quads together; a graph met again later would be
    replaced by its second part alone, so that is an error rather than a silent loss.
    """
    seen: set[str | None] = set()
    current: str | None = None
    triples: list[ox.Triple] = []
    started = False
    try:
        for quad in ox.parse(path=str(path), format=fmt):
            name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            if not started or name != current:
                if started:
                    yield current, triples
                if name in seen:
                    raise DataError(f"{path}: the quads of graph {name or 'default'} are not together")
                seen.add(name)
                current, triples, started = name, [], True
            triples.append(ox.Triple(quad.subject, quad.predicate, quad.object))
    except SyntaxError as exc:
        raise DataError(f"{path}: {exc}") from exc
    if started:
        yield current, triples


def graph_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store Protocol address of one graph (indirect identification)."""
    sep = "&" if urlsplit(endpoint).query else "?"
    return f"{endpoint}{sep}default" if graph is None else f"{endpoint}{sep}graph={quote(graph, safe='')}"


# Statuses worth another try: the store is busy or briefly down.
RETRYABLE = frozenset({408, 429, 500, 502, 503, 504})


_MONOGRAPH = ox.NamedNode(T.MONOGRAPH)
_TYPE = ox.NamedNode(T.TYPE)


def is_shared(graph: str | None, triples: list[ox.Triple]) -> bool:
    """A named graph that describes no monograph: the concepts every monograph graph refers to."""
    return graph is not None and not any(t.predicate == _TYPE and t.object == _MONOGRAPH for t in triples)


def put_graph(
    endpoint: str,
    graph: str | None,
    body: bytes,
    *,
    retries: int,
    timeout: float,
    backoff: float,
    method: str = "PUT",
) -> int:
    """PUT one graph's whole content, which the store swaps in only once it has read all of it
    (or POST it, which the store merges into the graph once it has read all of it).

    Returns the number of retries made; raises PushError when every attempt failed.
    """
    url = graph_url(endpoint, graph)
    for attempt in range(retries + 1):
        req = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": NTRIPLES})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                resp.read()
            return attempt
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", errors="replace").strip()
            reason = f"HTTP {exc.code}: {detail or exc.reason}"
            if exc.code not in RETRYABLE:
                raise PushError(reason) from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = str(getattr(exc, "reason", exc))
        if attempt < retries:
            time.sleep(backoff * 2**attempt)
    raise PushError(f"{reason} (after {retries + 1} attempts)")


def push(
    export_dir: Path,
    endpoint: str,
    *,
    retries: int = 3,
    timeout: float = 60.0,
    backoff: float = 0.5,
    jobs: int = 4,
    progress: Progress | None = None,
) -> PushReport:
    """Replace each graph of the export in the store at ``endpoint`` (its Graph Store Protocol URL).

    Each graph goes in one PUT, so the store swaps old content for new only once it has
    accepted the new; a graph that fails keeps what it had. The concepts graph, which every
    monograph graph refers to, is merged (POST) instead, so pushing part of a collection adds
    its concepts without taking away those of the monographs it leaves out. Failures are
    collected in the report, not raised, so one bad graph does not stop the rest.
    """
    if urlsplit(endpoint).scheme not in ("http", "https"):
        raise PushError(f"{endpoint}: not an http(s) URL")
    path, fmt = export_file(export_dir)
    report = PushReport()
    started = time.monotonic()

    Outcome = tuple[str | None, bool, int, int, str | None]  # graph, merged, triples, retries, error

    def one(item: tuple[str | None, list[ox.Triple]]) -> Outcome:
        graph, triples = item
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        merge = is_shared(graph, triples)
        try:
            tries = put_graph(
                endpoint,
                graph,
                body,
                retries=retries,
                timeout=timeout,
                backoff=backoff,
                method="POST" if merge else "PUT",
            )
            return graph, merge, len(triples), tries, None
        except PushError as exc:
            return graph, merge, len(triples), retries, str(exc)

    def results() -> Iterator[Outcome]:
        # Threads overlap the waits on the store; a short queue keeps few graphs in memory at once.
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            pending: deque[Future[Outcome]] = deque()
            for item in graphs(path, fmt):
                pending.append(pool.submit(one, item))
                if len(pending) >= 2 * max(1, jobs):
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

    for done, (graph, merged, count, tries, error) in enumerate(results(), 1):
        report.retries += tries
        if error is None:
            report.merged += merged
            report.replaced += not merged
            report.triples += count
        else:
            report.failed[graph or "default"] = error
        if progress is not None:
            progress(done, graph or "default")
    report.seconds = time.monotonic() - started
    return report
