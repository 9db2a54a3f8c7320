"""Run the pipeline: sources -> parse -> extract -> map -> serialize, with a report of every problem."""

from __future__ import annotations

import gc
import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from kg import __version__
from kg.errors import NothingExported, StrictModeError
from kg.extract import extract
from kg.iri import normal_name
from kg.mapping import (
    ConceptKey,
    Options,
    Triple,
    concepts_graph_iri,
    dataset_triples,
    graph_iri,
    iri,
    monograph_graph,
    monograph_iri,
    product_iri,
)
from kg.model import FactKind, Problem, Severity
from kg.parse import ParseError, parse
from kg.serialize import DEFAULT_FORMATS, Format, Rendered, Staging, Writer, render
from kg.sources import Source, discover, read
from kg.vocab.lexicon import lexicon

Progress = Callable[[int, int, str], None]
"""Called after each file with (files done, files in all, file just done)."""

REPORT = "report.json"


@dataclass(slots=True)
class Report:
    """What an export read, wrote and found wrong."""

    files_read: int = 0
    monographs: int = 0
    placeholders: int = 0
    triples: int = 0
    facts: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR and p.code in SKIPPING]

    def by_file(self) -> dict[str, list[Problem]]:
        out: dict[str, list[Problem]] = {}
        for p in self.problems:
            out.setdefault(p.file, []).append(p)
        return dict(sorted(out.items()))

    def to_json(self) -> dict[str, object]:
        return {
            "exporter": f"kg {__version__}",
            "files_read": self.files_read,
            "monographs_exported": self.monographs,
            "placeholder_pages": self.placeholders,
            "files_skipped": len({p.file for p in self.skipped}),
            "triples": self.triples,
            "facts": dict(sorted(self.facts.items())),
            "errors": sum(p.severity is Severity.ERROR for p in self.problems),
            "warnings": sum(p.severity is Severity.WARNING for p in self.problems),
            "files": {
                f: [{"line": p.line, "severity": p.severity.value, "code": p.code, "message": p.message} for p in ps]
                for f, ps in self.by_file().items()
            },
            "outputs": self.outputs,
        }


# Errors after which a file contributes nothing to the graph.
SKIPPING = frozenset({"empty", "binary", "too-large", "unreadable", "vanished", "not-found", "extract-failed"})


@dataclass(frozen=True, slots=True)
class Result:
    """One file through the pipeline: its monograph and rendered graph, or why it was skipped."""

    source: Source
    rendered: Rendered | None  # None when the file was skipped
    triples: int
    facts: tuple[tuple[str, int], ...]
    placeholder: bool
    problems: tuple[Problem, ...]
    title: str = ""
    title_line: int = 0


def process(src: Source, opts: Options, formats: frozenset[Format], seen: set[ConceptKey] | None = None) -> Result:
    """Read, parse, extract, map and render one file; never raises for bad input.

    The descriptions of shared concepts whose keys are in ``seen`` are left out of the result
    (they were handed over with an earlier file); the keys of those handed over now are added.
    """
    try:
        data = read(src)
    except FileNotFoundError:
        return _skipped(src, Problem(src.display, 0, Severity.ERROR, "vanished", "file disappeared during the export"))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return _skipped(src, Problem(src.display, 0, Severity.ERROR, "unreadable", f"cannot read file: {reason}"))
    try:
        doc = parse(data, src.display, src.key)
    except ParseError as exc:
        return _skipped(src, exc.problem)
    try:
        mono = extract(doc)
        graph = monograph_graph(opts, mono)
    except Exception as exc:
        where = exc.__traceback__
        while where is not None and where.tb_next is not None:
            where = where.tb_next
        at = f" in {Path(where.tb_frame.f_code.co_filename).name}:{where.tb_lineno}" if where else ""
        problem = Problem(
            src.display,
            0,
            Severity.ERROR,
            "extract-failed",
            f"extraction failed ({type(exc).__name__}: {exc}{at}); file skipped",
        )
        return _skipped(src, problem)
    # The monograph's own subjects sit under its monograph and product IRIs; anything else
    # is a shared concept that other monographs may describe too.
    local = (iri(monograph_iri(opts, src.key))[:-1], iri(product_iri(opts, src.key))[:-1])
    fresh: list[Triple] = []
    for key, description in graph.concepts.items():
        if seen is None or key not in seen:
            fresh.extend(description)
    if seen is not None:
        seen.update(graph.concepts)
    rendered = render(iri(graph_iri(opts, src.key)), graph.triples, fresh, local, formats)
    facts = tuple(sorted(Counter(f.kind.value for f in mono.facts).items()))
    triples = len(graph.triples)
    return Result(src, rendered, triples, facts, mono.is_placeholder, mono.problems, doc.title, doc.title_line)


def _skipped(src: Source, problem: Problem) -> Result:
    return Result(src, None, 0, (), False, (problem,))


def _duplicate_titles(titles: dict[str, list[tuple[str, int, str]]]) -> Iterator[Problem]:
    """A warning for each file whose title another exported file also has: two pages for one
    product (a cut-off copy, a twin under another name) that the reader will want to merge."""
    for group in titles.values():
        if len(group) < 2:
            continue
        for file, line, title in sorted(group):
            others = sorted(f for f, _, _ in group if f != file)
            shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
            yield Problem(
                file, line, Severity.WARNING, "duplicate-title", f"title {title!r} is also the title of {shown}"
            )


CHUNK = 48
"""Files per task a worker takes: big enough to keep hand-over costs small, small enough to balance."""


@dataclass(frozen=True, slots=True)
class Chunk:
    """A worker's share: its files' results (texts left out) and the files holding the texts."""

    results: tuple[Result, ...]
    files: dict[Format, Path]


_HANDED_OVER: dict[Path, set[ConceptKey]] = {}
"""In a worker, the concepts whose descriptions it has handed to the main process, per export."""


def process_chunk(
    sources: Sequence[Source], opts: Options, formats: frozenset[Format], folder: Path, index: int
) -> Chunk:
    """Process consecutive files and write their rendered graphs to one scratch file per format,
    so the worker, not the main process, does the writing and no text crosses between them.
    Each concept's description crosses once per worker, not once per monograph naming it."""
    if folder not in _HANDED_OVER:
        _HANDED_OVER.clear()
        _HANDED_OVER[folder] = set()
    seen = _HANDED_OVER[folder]
    files = {fmt: folder / f"{index:06d}.{fmt.value}" for fmt in formats}
    handles = {fmt: open(path, "w", encoding="utf-8", newline="\n") for fmt, path in files.items()}  # noqa: SIM115
    results: list[Result] = []
    first_node = True
    try:
        for src in sources:
            res = process(src, opts, formats, seen)
            r = res.rendered
            if r is not None:
                for fmt, text in r.texts():
                    if fmt in handles:
                        handles[fmt].write(text)
                if Format.JSONLD in handles and r.jsonld:
                    handles[Format.JSONLD].write(r.jsonld if first_node else ",\n" + r.jsonld)
                    first_node = False
                res = replace(res, rendered=r.without_texts())
            results.append(res)
    finally:
        for h in handles.values():
            h.close()
    return Chunk(tuple(results), files)


def _worker_start() -> None:
    """Load what every file needs, then keep the cyclic garbage collector off it.

    The lexicon's hundreds of thousands of objects live for the whole run; left in the
    collector's care, each full collection walks them all again. A monograph's own objects
    are freed by reference counting, so collections can also run less often.
    """
    lexicon()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def _process_all(
    sources: Sequence[Source], opts: Options, formats: frozenset[Format], jobs: int, writer: Writer, scratch: Path
) -> Iterator[Result]:
    """Every file's result in order; the rendered text goes to the writer as it arrives."""
    if jobs <= 1 or len(sources) < 2 * CHUNK:
        seen: set[ConceptKey] = set()
        for src in sources:
            res = process(src, opts, formats, seen)
            if res.rendered is not None:
                writer.add(res.rendered)
            yield res
        return
    chunks = [sources[i : i + CHUNK] for i in range(0, len(sources), CHUNK)]
    n = len(chunks)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start) as pool:
        for chunk in pool.map(process_chunk, chunks, [opts] * n, [formats] * n, [scratch] * n, range(n)):
            for res in chunk.results:
                if res.rendered is not None:
                    writer.add(res.rendered)  # only the triples about shared concepts are left in it
            writer.add_files(chunk.files)
            yield from chunk.results


def source_date(env: dict[str, str]) -> str | None:
    """The export date from SOURCE_DATE_EPOCH, as xsd:dateTime, or None when it is not set."""
    raw = env.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    try:
        return datetime.fromtimestamp(int(raw), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError, OSError) as exc:
        raise NothingExported(f"SOURCE_DATE_EPOCH={raw!r} is not a number of seconds") from exc


def export(
    sources: Iterable[Path],
    out_dir: Path,
    formats: Iterable[Format] = DEFAULT_FORMATS,
    opts: Options | None = None,
    *,
    created: str | None = None,
    strict: bool = False,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Report:
    """Export the monographs under ``sources`` into ``out_dir``; return the report.

    Every problem is collected into the report; the output files and report are replaced
    only once all of them are written. Raises NothingExported when no file could be
    exported and StrictModeError (after writing) when ``strict`` and any problem was found.
    """
    opts = opts or Options()
    fmts = frozenset(formats)
    report = Report()
    found = discover(list(sources), report.problems)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Staging(out_dir)
    writer: Writer | None = None
    scratch = Path(tempfile.mkdtemp(prefix=".kg-chunks-", suffix=".tmp", dir=out_dir))
    try:
        writer = Writer(out_dir, fmts, staging)
        titles: dict[str, list[tuple[str, int, str]]] = {}
        for i, res in enumerate(_process_all(found, opts, fmts, jobs, writer, scratch), 1):
            unread = any(p.code in ("vanished", "unreadable") for p in res.problems)
            report.files_read += not unread
            report.problems.extend(res.problems)
            if res.rendered is not None:
                report.monographs += 1
                report.placeholders += res.placeholder
                report.triples += res.triples
                report.facts.update(dict(res.facts))
                title = res.title
                titles.setdefault(normal_name(title), []).append((res.source.display, res.title_line, title))
            if progress is not None:
                progress(i, len(found), res.source.display)
        report.problems.extend(_duplicate_titles(titles))
        if not report.monographs:
            first = f": {report.problems[0]}" if report.problems else ""
            raise NothingExported(f"no monograph could be exported{first}")
        for kind in FactKind:
            report.facts.setdefault(kind.value, 0)
        report.triples += len(writer.concepts)  # the concepts graph
        written = writer.finish(
            iri(concepts_graph_iri(opts)),
            dataset_triples(opts, __version__, created, report.monographs, "Drug monograph knowledge graph"),
        )
        report.outputs = [*sorted(p.name for p in written.values()), REPORT]
        handle, _ = staging.open(REPORT)
        with handle:
            json.dump(report.to_json(), handle, indent=1, ensure_ascii=False)
            handle.write("\n")
        staging.commit()
    except BaseException:
        if writer is not None:
            writer.close()
        staging.abort()
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if strict and report.problems:
        raise StrictModeError(f"{len(report.problems)} problem(s) found in strict mode")
    return report


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
