"""Answer SPARQL over an export, from an on-disk Oxigraph store kept beside it so repeated queries do not re-parse."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import pyoxigraph as ox

from kg import terms as T
from kg.errors import DataError, QueryError

STORE_DIR = ".kg-store"
# Bumped whenever the store's layout changes, so stores built by older versions are rebuilt.
STORE_LAYOUT = "3"
# Formats an export may hold, best first: N-Quads keeps the named graphs and parses fastest.
PREFERRED = ("kg.nq", "kg.trig", "kg.nt", "kg.ttl", "kg.jsonld")
RDF_FORMATS = {
    # file suffix -> the RDF syntax it holds
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ttl": ox.RdfFormat.TURTLE,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


class OutputFormat(str, Enum):
    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


def data_files(data: Sequence[Path], export_dir: Path) -> list[Path]:
    """The files to query: those given, or the best single file of the export in ``export_dir``."""
    if data:
        for f in data:
            if not f.is_file():
                raise DataError(f"{f}: no such file")
            if f.suffix.lower() not in RDF_FORMATS:
                raise DataError(f"{f}: unknown RDF format (expected one of {', '.join(sorted(RDF_FORMATS))})")
        return list(data)
    for name in PREFERRED:
        if (export_dir / name).is_file():
            return [export_dir / name]
    raise DataError(f"{export_dir}: no export found (run `kg export` first, or give --data FILE)")


def _stamp(files: Sequence[Path]) -> str:
    parts = [f"layout {STORE_LAYOUT}"]
    for f in files:
        st = f.stat()
        parts.append(f"{f.resolve()}|{st.st_size}|{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _load(store: ox.Store, f: Path) -> None:
    """Load one file: its named graphs as they are, and every triple once more into the default graph.

    The default graph is then the RDF merge of all graphs: a concept named in thousands of
    monographs matches once, not once per graph as with Oxigraph's union default graph, which
    keeps COUNTs right and joins through shared concepts from multiplying (100x faster on the
    whole collection).
    """
    fmt = RDF_FORMATS[f.suffix.lower()]
    store.bulk_load(path=str(f), format=fmt)
    if fmt.supports_datasets:
        store.bulk_extend(
            ox.Quad(quad.subject, quad.predicate, quad.object)
            for quad in ox.parse(path=str(f), format=fmt)
            if not isinstance(quad.graph_name, ox.DefaultGraph)
        )


def open_store(files: Sequence[Path]) -> ox.Store:
    """A read-only store holding ``files``, built once and reused while the files are unchanged."""
    folder = files[0].resolve().parent / STORE_DIR
    stamp = _stamp(files)
    stamp_file = folder / "stamp"
    if stamp_file.is_file() and stamp_file.read_text() == stamp:
        try:
            return ox.Store.read_only(str(folder / "db"))
        except OSError:
            pass
    tmp = folder.with_name(f"{STORE_DIR}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir(parents=True)
        store = ox.Store(str(tmp / "db"))
        for f in files:
            try:
                _load(store, f)
            except SyntaxError as exc:
                raise DataError(f"{f}: {exc}") from exc
        store.flush()
        # Bulk loads leave many overlapping files behind; compacting them once (seconds on the
        # whole collection) makes each index lookup two to four times faster for every query after.
        store.optimize()
        del store
        (tmp / "stamp").write_text(stamp)
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(tmp, folder)
    except OSError:
        # A read-only folder: fall back to a store in memory.
        shutil.rmtree(tmp, ignore_errors=True)
        mem = ox.Store()
        for f in files:
            _load(mem, f)
        return mem
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ox.Store.read_only(str(folder / "db"))


_POS = re.compile(r"error at (\d+):(\d+)")


def with_prefixes(query: str) -> str:
    """The query with the project's prefixes declared, unless it declares them itself."""
    declared = {m.lower() for m in re.findall(r"(?im)^\s*prefix\s+([A-Za-z][\w.-]*)?:", query)}
    header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in T.PREFIXES.items() if p.lower() not in declared)
    return header + query


def run(store: ox.Store, query: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a query over the merged default graph (named graphs stay reachable with GRAPH);
    a syntax error becomes a QueryError naming the line and column in the user's text."""
    full = with_prefixes(query)
    offset = full.count("\n") - query.count("\n")
    try:
        return store.query(full)
    except SyntaxError as exc:
        msg = str(exc)
        m = _POS.search(msg)
        if m:
            line, col = int(m.group(1)) - offset, int(m.group(2))
            msg = _POS.sub(f"line {line}, column {col}", msg, count=1)
        raise QueryError(f"query syntax error: {msg}") from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"query failed: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Table:
    """Query results as text cells."""

    columns: list[str]
    rows: list[list[str]]


def show(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    """A term as a person reads it: literals bare, IRIs shortened with the known prefixes."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        for p, ns in T.PREFIXES.items():
            if term.value.startswith(ns) and len(term.value) > len(ns):
                return f"{p}:{term.value[len(ns) :]}"
        return term.value
    return str(term)


def table(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Table:
    if isinstance(result, ox.QueryBoolean):
        return Table(["answer"], [["true" if bool(result) else "false"]])
    if isinstance(result, ox.QuerySolutions):
        cols = [v.value for v in result.variables]
        # Iterating a solution gives its values in the order of the variables (None when
        # unbound), several times faster than looking each one up by name.
        return Table(cols, [[show(t) for t in sol] for sol in result])
    return Table(
        ["subject", "predicate", "object"], [[show(t.subject), show(t.predicate), show(t.object)] for t in result]
    )


def render_table(t: Table, max_width: int = 80) -> str:
    """An aligned text table with a row count, long cells cut to ``max_width``."""
    cells = [
        [c if len(c) <= max_width else c[: max_width - 1] + "…" for c in (x.replace("\n", " ") for x in row)]
        for row in t.rows
    ]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(t.columns)]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [line, "| " + " | ".join(h.ljust(w) for h, w in zip(t.columns, widths, strict=True)) + " |", line]
    out += ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells]
    out.append(line)
    out.append(f"{len(t.rows)} row{'s' if len(t.rows) != 1 else ''}")
    return "\n".join(out) + "\n"


def serialize(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, fmt: OutputFormat) -> str:
    """Results in the chosen format: a text table, or SPARQL 1.1 CSV, TSV or JSON."""
    if fmt is OutputFormat.TABLE:
        return render_table(table(result))
    if isinstance(result, ox.QueryTriples):
        if fmt is OutputFormat.JSON:
            raise QueryError("CONSTRUCT and DESCRIBE results have no JSON results form; use table, csv or tsv")
        t = table(result)
        sep = "," if fmt is OutputFormat.CSV else "\t"
        return "\n".join(sep.join(r) for r in [t.columns, *t.rows]) + "\n"
    rf = {
        OutputFormat.CSV: ox.QueryResultsFormat.CSV,
        OutputFormat.TSV: ox.QueryResultsFormat.TSV,
        OutputFormat.JSON: ox.QueryResultsFormat.JSON,
    }[fmt]
    buf = io.BytesIO()
    result.serialize(buf, rf)
    text = buf.getvalue().decode("utf-8")
    if fmt is OutputFormat.JSON:
        text = json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"
    return text


def rows(store: ox.Store, query: str) -> Iterator[dict[str, str]]:
    """Convenience for library users: each solution as a dict of displayed values."""
    result = run(store, query)
    t = table(result)
    for r in t.rows:
        yield dict(zip(t.columns, r, strict=True))
