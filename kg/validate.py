"""Check an export against the SHACL shapes in ontology/ with pySHACL and return the violations as records."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from kg import terms as T
from kg.errors import DataError
from kg.query import RDF_FORMATS

ONTOLOGY = "kg.ttl"
SHAPES = "shapes.ttl"
CONTEXT = "context.jsonld"

# Named graphs per pySHACL run: large enough to amortise the per-run setup, small enough
# that a worker's rdflib graph stays around a hundred megabytes.
BATCH_GRAPHS = 150
_XSD_STRING = T.XSD + "string"
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)


def ontology_file(name: str) -> Path:
    """A file of ontology/: from the source checkout, else the copy installed as package data."""
    checkout = Path(__file__).resolve().parent.parent / "ontology" / name
    if checkout.is_file():
        return checkout
    installed = resources.files("kg.ontology") / name
    return Path(str(installed))


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL validation result. Terms are full IRIs, or literals in N-Triples syntax."""

    focus: str
    path: str | None  # an IRI, "^IRI" for an inverse path, or None for a node-level constraint
    message: str
    severity: str  # "violation", "warning" or "info"
    shape: str | None = None  # the shape that reported it (a blank node's shapes are anonymous)
    component: str = ""  # the SHACL constraint component, e.g. sh:MinCountConstraintComponent
    value: str | None = None
    graph: str | None = None  # the named graph it was found in, when the data has named graphs


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of validating some files: what was read and every violation found."""

    files: tuple[Path, ...]
    triples: int
    graphs: int
    violations: tuple[Violation, ...] = field(default=())

    @property
    def conforms(self) -> bool:
        return not self.violations


# --- shapes -----------------------------------------------------------------------------------


def load_shapes(path: Path) -> rdflib.Graph:
    """The shapes graph, with each node shape's property shapes given the node shape's targets.

    pySHACL evaluates the property shapes of a node shape one focus node at a time and
    rebuilds every constraint for each; a property shape with targets of its own is checked
    over all its focus nodes in one pass. For SHACL Core the two forms give the same results
    (a closed shape keeps its moved paths as ignored properties), and the run is about five
    times faster on an export.
    """
    sg = rdflib.Graph()
    sg.parse(str(path), format="turtle")
    for node in set(sg.subjects(SH.property, None)):
        targets = [(p, o) for p in _TARGETS for o in sg.objects(node, p)]
        if not targets:
            continue
        moved = list(sg.objects(node, SH.property))
        if (node, SH.closed, rdflib.Literal(True)) in sg:
            old = sg.value(node, SH.ignoredProperties)
            ignored = list(Collection(sg, old)) if old is not None else []
            paths = [sg.value(ps, SH.path) for ps in moved]
            ignored += [p for p in paths if isinstance(p, rdflib.URIRef) and p not in ignored]
            sg.remove((node, SH.ignoredProperties, None))
            head = rdflib.BNode()
            Collection(sg, head, ignored)
            sg.add((node, SH.ignoredProperties, head))
        for ps in moved:
            for p, o in targets:
                sg.add((ps, p, o))
            sg.remove((node, SH.property, ps))
    return sg


# --- data -------------------------------------------------------------------------------------


class _Terms:
    """Converts Oxigraph terms to rdflib ones, reusing IRI objects: most IRIs recur thousands of times."""

    def __init__(self) -> None:
        self.iris: dict[str, rdflib.URIRef] = {}

    def iri(self, value: str) -> rdflib.URIRef:
        node = self.iris.get(value)
        if node is None:
            node = self.iris[value] = rdflib.URIRef(value)
        return node

    def term(self, t: object) -> rdflib.term.Identifier:
        if isinstance(t, ox.NamedNode):
            return self.iri(t.value)
        if isinstance(t, ox.Literal):
            if t.language:
                return rdflib.Literal(t.value, lang=t.language)
            dt = t.datatype.value
            return rdflib.Literal(t.value) if dt == _XSD_STRING else rdflib.Literal(t.value, datatype=self.iri(dt))
        if isinstance(t, ox.BlankNode):
            return rdflib.BNode(t.value)
        raise DataError(f"unsupported RDF term in the data: {t}")


def _graph(quads: Iterable[ox.Quad], terms: _Terms) -> rdflib.Graph:
    g = rdflib.Graph()
    add = g.add
    for q in quads:
        add((terms.term(q.subject), terms.iri(q.predicate.value), terms.term(q.object)))
    return g


def _load(files: Sequence[Path], folder: Path) -> ox.Store:
    store = ox.Store(str(folder))
    for f in files:
        if not f.is_file():
            raise DataError(f"{f}: no such file")
        fmt = RDF_FORMATS.get(f.suffix.lower())
        if fmt is None:
            raise DataError(f"{f}: unknown RDF format (expected one of {', '.join(sorted(RDF_FORMATS))})")
        try:
            if fmt.supports_datasets:
                store.bulk_load(path=str(f), format=fmt)
            else:
                store.bulk_load(path=str(f), format=fmt, to_graph=ox.DefaultGraph())
        except SyntaxError as exc:
            raise DataError(f"{f}: {exc}") from exc
    store.flush()
    return store


# --- one pySHACL run ----------------------------------------------------------------------------


def _show(node: rdflib.term.Node | None, rg: rdflib.Graph) -> str | None:
    if node is None:
        return None
    if isinstance(node, rdflib.URIRef):
        return str(node)
    if isinstance(node, rdflib.BNode):
        inverse = rg.value(node, SH.inversePath)
        if isinstance(inverse, rdflib.URIRef):
            return f"^{inverse}"
        return "_:" + str(node)
    return node.n3()


_SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


def _results(rg: rdflib.Graph, graph: str | None) -> list[Violation]:
    out: list[Violation] = []
    for r in rg.subjects(RDF.type, SH.ValidationResult):
        component = rg.value(r, SH.sourceConstraintComponent)
        shape = rg.value(r, SH.sourceShape)
        out.append(
            Violation(
                focus=_show(rg.value(r, SH.focusNode), rg) or "",
                path=_show(rg.value(r, SH.resultPath), rg),
                message=str(rg.value(r, SH.resultMessage) or ""),
                severity=_SEVERITY.get(rg.value(r, SH.resultSeverity), "violation"),  # type: ignore[call-overload]
                shape=str(shape) if isinstance(shape, rdflib.URIRef) else None,
                component=str(component).removeprefix(str(SH)) if component else "",
                value=_show(rg.value(r, SH.value), rg),
                graph=graph,
            )
        )
    return out


def _check(data: rdflib.Graph, shapes: rdflib.Graph, ontology: rdflib.Graph, graph: str | None) -> list[Violation]:
    # The ontology is mixed into the data so sh:class and sh:targetClass see rdfs:subClassOf
    # (SHACL reads class membership through subClassOf* itself); no RDFS/OWL inference is
    # run, as the export states every type the shapes look for and closure over a large
    # graph would cost more than the validation.
    _conforms, rg, _text = shacl_validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", inplace=True, allow_infos=True
    )
    return _results(rg, graph)


# --- batches, run in worker processes on large exports ------------------------------------------

_WORKER: dict[str, object] = {}


def _worker_init(store_dir: str, shapes: str, ontology: str) -> None:
    _WORKER["store"] = ox.Store.read_only(store_dir)
    _WORKER["shapes"] = load_shapes(Path(shapes))
    _WORKER["ontology"] = rdflib.Graph().parse(ontology, format="turtle")


def _batch_quads(
    store: ox.Store, graphs: Sequence[str], subjects: Sequence[str], shared: Sequence[str]
) -> Iterator[ox.Quad]:
    """The quads of some named graphs, or of some subjects across every graph, plus the default graph.

    With the named graphs come the descriptions, from the ``shared`` graphs, of the nodes they
    refer to (the concepts, and the nodes under a concept's IRI), so sh:class and the concepts'
    own shapes see what the export states about them.
    """
    referred: set[ox.NamedNode] = set()
    for g in graphs:
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g)):
            if isinstance(q.object, ox.NamedNode):
                referred.add(q.object)
            yield q
    if referred and shared:
        pending = sorted(referred, key=lambda n: n.value)
        done: set[ox.NamedNode] = set()
        while pending:
            node = pending.pop()
            if node in done:
                continue
            done.add(node)
            for g in shared:
                for q in store.quads_for_pattern(node, None, None, ox.NamedNode(g)):
                    if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(node.value + "/"):
                        pending.append(q.object)
                    yield q
    for s in subjects:
        yield from store.quads_for_pattern(ox.NamedNode(s), None, None, None)
    yield from store.quads_for_pattern(None, None, None, ox.DefaultGraph())


def _run_batch(graphs: Sequence[str], subjects: Sequence[str], shared: Sequence[str]) -> list[Violation]:
    store = _WORKER["store"]
    assert isinstance(store, ox.Store)
    data = _graph(_batch_quads(store, graphs, subjects, shared), _Terms())
    where = graphs[0] if len(graphs) == 1 else None
    found = _check(data, _WORKER["shapes"], _WORKER["ontology"], where)  # type: ignore[arg-type]
    if where is None and graphs:
        # name the graph each focus node was found in, for the report
        found = [_locate(store, v, graphs) for v in found]
    return found


def _locate(store: ox.Store, v: Violation, graphs: Sequence[str]) -> Violation:
    if v.focus.startswith('"') or v.focus.startswith("_:"):
        return v
    node = ox.NamedNode(v.focus)
    found = [g for g in graphs if next(iter(store.quads_for_pattern(node, None, None, ox.NamedNode(g))), None)]
    # a node stated in several graphs (a shared concept) belongs to none of them
    if len(found) != 1:
        return v
    return Violation(v.focus, v.path, v.message, v.severity, v.shape, v.component, v.value, found[0])


def _subject_batches(subjects: Sequence[str], size: int) -> Iterator[list[str]]:
    """Subjects in batches of about ``size`` that never part a node from the nodes under its
    IRI (a concept and its ``…/match/…`` nodes), which its shapes check together. Sorting
    alone does not keep them together: ``gum-pain-and-x`` sorts between ``gum-pain`` and
    ``gum-pain/match/…``."""
    present = set(subjects)
    groups: dict[str, list[str]] = {}
    for s in sorted(present):
        root, cut = s, s
        while "/" in cut:
            cut = cut.rsplit("/", 1)[0]
            if cut in present:
                root = cut
        groups.setdefault(root, []).append(s)
    batch: list[str] = []
    for root in sorted(groups):
        if batch and len(batch) >= size:
            yield batch
            batch = []
        batch.extend(groups[root])
    if batch:
        yield batch


def _monograph_graphs(store: ox.Store) -> set[str]:
    rows = store.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?m a <{T.MONOGRAPH}> }} }}")
    return {row[0].value for row in rows}  # type: ignore[union-attr]


def _shared_subjects(store: ox.Store, shared: Sequence[str]) -> list[str]:
    """The subjects of the shared graphs (the concepts graph) and those typed in more than one
    named graph: each is checked once with its statements from every graph (a graph stating
    a concept differently from the concepts graph breaks it only in their union)."""
    rows = store.query(
        "SELECT ?s WHERE { GRAPH ?g { ?s a ?t } FILTER(isIRI(?s)) } GROUP BY ?s HAVING (COUNT(DISTINCT ?g) > 1)"
    )
    found = {row[0].value for row in rows}  # type: ignore[union-attr]
    for g in shared:
        found.update(
            q.subject.value
            for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))
            if isinstance(q.subject, ox.NamedNode)
        )
    return sorted(found)


def validate(
    data_files: list[Path],
    shapes: Path | None = None,
    *,
    jobs: int = 1,
    batch_graphs: int = BATCH_GRAPHS,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Validate RDF files against the SHACL shapes (default: ontology/shapes.ttl).

    Files with named graphs (N-Quads, TriG) are checked a batch of monograph graphs at a time,
    each with the default graph (the dataset description) and the descriptions of the concepts
    it refers to from the other named graphs (the concepts graph); the shared concepts are then
    checked once more with their triples from every graph. Files of triples are checked as one
    graph. ``jobs`` > 1 spreads the batches over worker processes.
    """
    shapes_file = shapes or ontology_file(SHAPES)
    ontology = ontology_file(ONTOLOGY)
    if not shapes_file.is_file():
        raise DataError(f"{shapes_file}: no such file")
    tmp = Path(tempfile.mkdtemp(prefix="kg-validate-"))
    try:
        store = _load(data_files, tmp / "db")
        triples = len(store)
        named = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
        monographs = _monograph_graphs(store)
        graphs = [g for g in named if g in monographs]
        common = [g for g in named if g not in monographs]
        if not graphs:
            graphs, common = named, []
        shared = _shared_subjects(store, common) if len(named) > 1 else []
        del store  # reopened read-only, here and in the workers
        tasks: list[tuple[list[str], list[str]]] = [
            (graphs[i : i + batch_graphs], []) for i in range(0, len(graphs), batch_graphs)
        ]
        if shared:
            tasks += [([], batch) for batch in _subject_batches(shared, batch_graphs * 50)]
        if not graphs:
            tasks = [([], [])]  # the default graph alone
        init = (str(tmp / "db"), str(shapes_file), str(ontology))
        found: list[Violation] = []
        if jobs <= 1 or len(tasks) <= 1:
            _worker_init(*init)
            for n, (g, s) in enumerate(tasks, 1):
                found += _run_batch(g, s, common)
                if progress:
                    progress(n, len(tasks))
            _WORKER.clear()
        else:
            with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=init) as pool:
                futures = [pool.submit(_run_batch, g, s, common) for g, s in tasks]
                for n, fut in enumerate(futures, 1):
                    found += fut.result()
                    if progress:
                        progress(n, len(tasks))
    except OSError as exc:
        raise DataError(f"cannot validate: {exc}") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return Report(tuple(data_files), triples, len(graphs), tuple(_dedupe(found)))


def _dedupe(found: Iterable[Violation]) -> list[Violation]:
    """Each result once: the default graph and shared concepts are seen by several batches."""
    seen: set[tuple[object, ...]] = set()
    out: list[Violation] = []
    order = sorted(found, key=lambda v: (v.graph is None, v.graph or "", v.focus, v.path or "", v.component, v.message))
    for v in order:
        key = (v.focus, v.path, v.message, v.shape, v.component, v.value)
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out


def default_jobs() -> int:
    return max(1, min(8, os.cpu_count() or 1))
