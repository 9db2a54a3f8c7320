"""The ontology, SHACL shapes and JSON-LD context in ontology/: complete, aligned, and every export conforms.

ontology/context.jsonld is kg.serialize.context() as committed; after changing kg/terms.py
regenerate it with

    KG_REGENERATE_CONTEXT=1 .venv/bin/python -m pytest tests/test_ontology.py -k context

which rewrites the file (and still fails once, so the change is seen before it is committed).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg import terms as T
from kg.cli import main
from kg.export import export
from kg.mapping import all_terms_used
from kg.model import EffectGroup, FactKind, Population, Relation, Route, Section
from kg.serialize import Format, context
from kg.validate import CONTEXT, ONTOLOGY, SHAPES, Violation, load_shapes, ontology_file, validate

ROOT = Path(__file__).resolve().parent.parent
ONT = ROOT / "ontology"
KG = rdflib.Namespace(T.KG)
SCHEMA = rdflib.Namespace(T.SCHEMA)
PROV = rdflib.Namespace(T.PROV)
VOID = rdflib.Namespace(T.VOID)
BASE = T.DEFAULT_BASE


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONT / ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ONT / SHAPES, format="turtle")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    export([ROOT / "content"], out, [Format.NQUADS, Format.TURTLE, Format.JSONLD])
    return out


def _kg_terms_in(path: Path, fmt: str) -> set[str]:
    ds = rdflib.Dataset()
    ds.parse(path, format=fmt)
    found: set[str] = set()
    for quad in ds.quads((None, None, None, None)):
        for term in quad[:3]:
            if isinstance(term, rdflib.URIRef) and str(term).startswith(T.KG):
                found.add(str(term))
    return found


# --- the ontology declares every term -----------------------------------------------------------


def test_ontology_header(ontology: rdflib.Graph) -> None:
    onts = list(ontology.subjects(RDF.type, OWL.Ontology))
    assert onts == [rdflib.URIRef(T.KG.rstrip("#"))]
    ont = onts[0]
    for prop in (
        OWL.versionInfo,
        OWL.versionIRI,
        rdflib.DCTERMS.title,
        rdflib.DCTERMS.license,
        rdflib.DCTERMS.description,
    ):
        assert ontology.value(ont, prop) is not None, prop
    description = str(ontology.value(ont, rdflib.DCTERMS.description))
    assert "statement node" in description and "schema.org view" in description


def _declared(ontology: rdflib.Graph, iri: str) -> bool:
    return any(ontology.triples((rdflib.URIRef(iri), RDF.type, None)))


def test_every_term_the_mapping_can_emit_is_declared(ontology: rdflib.Graph) -> None:
    used = set(all_terms_used())
    assert used, "all_terms_used() gave nothing"
    missing = sorted(t for t in used if not _declared(ontology, t))
    assert not missing, f"terms used by kg.mapping but not declared in ontology/kg.ttl: {missing}"


def test_every_kg_term_in_a_real_export_is_declared(ontology: rdflib.Graph, exported: Path) -> None:
    found = _kg_terms_in(exported / "kg.nq", "nquads") | _kg_terms_in(exported / "kg.jsonld", "json-ld")
    assert T.KG + "DrugProduct" in found
    missing = sorted(t for t in found if not _declared(ontology, t))
    assert not missing, f"kg: terms in the export but not declared in ontology/kg.ttl: {missing}"


def test_every_declared_term_has_label_and_comment(ontology: rdflib.Graph) -> None:
    lacking = []
    for s in set(ontology.subjects(RDF.type, None)):
        if isinstance(s, rdflib.URIRef) and str(s).startswith(T.KG):
            for prop in (RDFS.label, RDFS.comment):
                values = list(ontology.objects(s, prop))
                if not values or not all(str(v).strip() for v in values):
                    lacking.append(f"{s} {prop}")
    assert not lacking, lacking


def test_every_declared_kg_term_is_in_terms_or_is_a_superclass(ontology: rdflib.Graph) -> None:
    """The ontology may add abstract classes the data never states (kg:Statement, value-set
    classes), but no property or statement class the mapping does not know."""
    used = set(all_terms_used())
    extra = {
        str(s)
        for s in ontology.subjects(RDF.type, None)
        if isinstance(s, rdflib.URIRef) and str(s).startswith(T.KG) and str(s) not in used
    }
    assert extra == {T.KG + n for n in ("Statement", "IndicationRelation", "EffectGroup", "Population")}
    for cls in extra:
        assert (rdflib.URIRef(cls), RDF.type, OWL.Class) in ontology


def test_every_fact_kind_has_a_mapping() -> None:
    assert set(T.KINDS) == set(FactKind)
    segments = [kt.segment for kt in T.KINDS.values()]
    assert len(segments) == len(set(segments))
    for kind, kt in T.KINDS.items():
        assert kt.statement_class.startswith(T.KG) and kt.link.startswith(T.KG), kind
        assert (kt.concept_link is None) == (kt.concept_class is None), kind


def test_individuals_are_typed(ontology: rdflib.Graph) -> None:
    tables: list[tuple[dict[object, str], str]] = [
        (dict(T.SECTIONS), "Section"),
        (dict(T.GROUPS), "EffectGroup"),
        (dict(T.RELATIONS), "IndicationRelation"),
        (dict(T.POPULATIONS), "Population"),
    ]
    for table, cls in tables:
        members = {rdflib.URIRef(v) for v in table.values()}
        for m in members:
            assert (m, RDF.type, KG[cls]) in ontology, m
            assert (m, RDF.type, OWL.NamedIndividual) in ontology, m
        one_of = ontology.value(KG[cls], OWL.oneOf)
        assert set(rdflib.collection.Collection(ontology, one_of)) == members, cls


# --- alignment to schema.org and PROV-O ------------------------------------------------------------

CLASS_ALIGNMENT = {
    "DrugProduct": SCHEMA.Drug,
    "Substance": SCHEMA.Drug,
    "Condition": SCHEMA.MedicalCondition,
    "AdverseEffect": SCHEMA.MedicalSignOrSymptom,
    "DoseSchedule": SCHEMA.DoseSchedule,
    "Contraindication": SCHEMA.MedicalContraindication,
    "FAQ": SCHEMA.Question,
    "Monograph": SCHEMA.MedicalWebPage,
    "Evidence": PROV.Entity,
    "DrugClass": SCHEMA.DrugClass,
    "InteractingAgent": SCHEMA.Drug,
    "Dataset": VOID.Dataset,
    "IndicationStatement": SCHEMA.MedicalIndication,
}
PROPERTY_ALIGNMENT = {
    "quote": PROV.value,
    "line": SCHEMA.position,
    "gloss": SCHEMA.description,
    "evidence": PROV.wasDerivedFrom,
    "describedBy": SCHEMA.subjectOf,
    "genericName": SCHEMA.nonProprietaryName,
    "dose": SCHEMA.doseSchedule,
    "contraindication": SCHEMA.contraindication,
    "frequency": SCHEMA.frequency,
    "unit": SCHEMA.doseUnit,
    "unitText": SCHEMA.unitText,
    "minValue": SCHEMA.minValue,
    "maxValue": SCHEMA.maxValue,
    "category": SCHEMA.pregnancyCategory,
}


@pytest.mark.parametrize(("local", "parent"), sorted(CLASS_ALIGNMENT.items()))
def test_class_alignment(ontology: rdflib.Graph, local: str, parent: rdflib.URIRef) -> None:
    assert (KG[local], RDF.type, OWL.Class) in ontology
    assert (KG[local], RDFS.subClassOf, parent) in ontology


@pytest.mark.parametrize(("local", "parent"), sorted(PROPERTY_ALIGNMENT.items()))
def test_property_alignment(ontology: rdflib.Graph, local: str, parent: rdflib.URIRef) -> None:
    assert (KG[local], RDFS.subPropertyOf, parent) in ontology


def test_statement_classes_and_links(ontology: rdflib.Graph) -> None:
    for kind, kt in T.KINDS.items():
        cls, link = rdflib.URIRef(kt.statement_class), rdflib.URIRef(kt.link)
        assert (cls, RDFS.subClassOf, KG.Statement) in ontology, kind
        assert (link, RDF.type, OWL.ObjectProperty) in ontology, kind
        assert (link, RDFS.domain, KG.DrugProduct) in ontology, kind
        assert (link, RDFS.range, cls) in ontology, kind
        if kt.concept_link:
            concept_link = rdflib.URIRef(kt.concept_link)
            assert (concept_link, RDFS.domain, cls) in ontology, kind
            assert (concept_link, RDFS.range, rdflib.URIRef(kt.concept_class or "")) in ontology, kind
        schema_class = T.STATEMENT_SCHEMA_CLASS.get(kind)
        if schema_class:
            assert (cls, RDFS.subClassOf, rdflib.URIRef(schema_class)) in ontology, kind


def test_property_kinds_match_the_json_ld_context(ontology: rdflib.Graph) -> None:
    """A kg: property written as an IRI in JSON-LD is an object property, a literal one a datatype property."""
    for prop in set(T.VALUE_TYPES) | set(T.STRING_PROPERTIES):
        if not prop.startswith(T.KG):
            continue
        expected = OWL.ObjectProperty if T.VALUE_TYPES.get(prop) == "@id" else OWL.DatatypeProperty
        assert (rdflib.URIRef(prop), RDF.type, expected) in ontology, prop


# --- the shapes stay in step with the model ---------------------------------------------------------


def _in_lists(shapes: rdflib.Graph, path: rdflib.URIRef) -> Iterator[set[rdflib.term.Node]]:
    for ps in shapes.subjects(SH.path, path):
        for lst in shapes.objects(ps, SH["in"]):
            yield set(rdflib.collection.Collection(shapes, lst))


def test_shape_value_lists_match_the_model(shapes: rdflib.Graph) -> None:
    sections = {rdflib.URIRef(v) for v in T.SECTIONS.values()}
    canonical = {rdflib.URIRef(T.SECTIONS[s]) for s in Section if s is not Section.OTHER}
    assert list(_in_lists(shapes, KG.section)) == [sections]
    assert list(_in_lists(shapes, KG.missingSection)) == [canonical]
    assert list(_in_lists(shapes, KG.group)) == [{rdflib.URIRef(T.GROUPS[g]) for g in EffectGroup}]
    assert list(_in_lists(shapes, KG.relation)) == [{rdflib.URIRef(T.RELATIONS[r]) for r in Relation}]
    assert list(_in_lists(shapes, KG.population)) == [{rdflib.URIRef(T.POPULATIONS[p]) for p in Population}]
    categories = {rdflib.URIRef(v) for v in T.PREGNANCY_CATEGORIES.values()}
    assert list(_in_lists(shapes, KG.category)) == [categories]
    assert list(_in_lists(shapes, SCHEMA.pregnancyCategory)) == [categories]
    routes = {rdflib.Literal(r.value) for r in Route}
    assert list(_in_lists(shapes, SCHEMA.administrationRoute)) == [routes]
    assert list(_in_lists(shapes, SCHEMA.name)) == [routes]  # a route concept's name


def test_every_statement_class_has_a_shape_requiring_evidence(shapes: rdflib.Graph) -> None:
    for kind, kt in T.KINDS.items():
        node_shapes = list(shapes.subjects(SH.targetClass, rdflib.URIRef(kt.statement_class)))
        assert node_shapes, kind
        props = {p for ns in node_shapes for p in shapes.objects(ns, SH.property)}
        paths = {shapes.value(p, SH.path) for p in props}
        assert KG.evidence in paths, kind
        if kt.concept_link:
            assert rdflib.URIRef(kt.concept_link) in paths, kind


def test_flattened_shapes_keep_every_constraint(shapes: rdflib.Graph) -> None:
    flat = load_shapes(ONT / SHAPES)
    assert len(flat) >= len(shapes)
    assert not any(
        (ns, SH.property, None) in flat
        for t in (SH.targetClass, SH.targetObjectsOf)
        for ns in flat.subjects(t, None)
        if (ns, RDF.type, SH.NodeShape) in flat
    )


# --- the export conforms, and the shapes can fail ----------------------------------------------------


@pytest.mark.parametrize("name", ["kg.nq", "kg.ttl", "kg.jsonld"])
def test_content_export_conforms(exported: Path, name: str) -> None:
    report = validate([exported / name])
    assert report.triples > 300
    assert report.violations == (), "\n".join(map(str, report.violations))
    assert report.conforms


def test_validate_command(exported: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "-o", str(exported)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "0 violation(s)" in result.stderr


def _broken(exported: Path, tmp_path: Path) -> Path:
    """The content export with one deliberate fault of each kind the shapes must catch."""
    ds = rdflib.Dataset()
    ds.parse(exported / "kg.nq", format="nquads")
    g = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    product = rdflib.URIRef(BASE + "product/cyanocobalamin")
    doses = sorted(g.objects(product, KG.dose))
    dose = doses[0]
    # a dose whose minimum is above its maximum
    g.set((dose, KG.minValue, rdflib.Literal("5000", datatype=rdflib.XSD.decimal)))
    # evidence without a quote, and one with a line 0
    evidence = sorted(g.subjects(KG.quote, None))
    g.remove((evidence[0], KG.quote, None))
    g.set((evidence[1], KG.line, rdflib.Literal(0)))
    # a product without a name
    g.remove((product, SCHEMA.name, None))
    # a side effect in no group, an indication with a relation from the wrong value set
    effect = sorted(g.objects(product, KG.sideEffect))[0]
    g.remove((effect, KG.group, None))
    indication = sorted(g.objects(product, KG.indication))[0]
    g.set((indication, KG.relation, KG["group-common"]))
    # a statement with no evidence
    route = sorted(g.objects(product, KG.route))[0]
    g.remove((route, KG.evidence, None))
    out = tmp_path / "broken.ttl"
    g.serialize(out, format="turtle")
    return out


def test_broken_export_fails(exported: Path, tmp_path: Path) -> None:
    report = validate([_broken(exported, tmp_path)])
    assert not report.conforms
    got = {(v.path, v.component) for v in report.violations}
    expected = {
        (T.MIN_VALUE, "LessThanOrEqualsConstraintComponent"),
        (T.QUOTE, "MinCountConstraintComponent"),
        (T.LINE, "MinInclusiveConstraintComponent"),
        (T.NAME, "MinCountConstraintComponent"),
        (T.GROUP, "MinCountConstraintComponent"),
        (T.RELATION, "InConstraintComponent"),
        (T.EVIDENCE_OF, "MinCountConstraintComponent"),
    }
    assert expected <= got, sorted(got)
    by_path = {v.path: v for v in report.violations}
    assert by_path[T.NAME].focus == BASE + "product/cyanocobalamin"
    assert all(v.severity == "violation" for v in report.violations)
    assert len(report.violations) == len(expected), "\n".join(map(str, report.violations))


def test_validate_command_lists_violations(exported: Path, tmp_path: Path) -> None:
    broken = _broken(exported, tmp_path)
    result = CliRunner().invoke(main, ["validate", str(broken), "-j", "1"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 7
    assert all(line.startswith(f"{broken}: -: violation: ") for line in lines)
    assert any("kg:minValue" in line and "[LessThanOrEqualsConstraintComponent]" in line for line in lines)
    assert "7 violation(s)" in result.stderr


def test_violations_name_their_graph(exported: Path, tmp_path: Path) -> None:
    text = (exported / "kg.nq").read_text(encoding="utf-8")
    # drop every quote: each evidence node in the monograph's graph loses its kg:quote
    broken = tmp_path / "broken.nq"
    kept = [line for line in text.splitlines() if f"<{T.QUOTE}>" not in line]
    broken.write_text("".join(line + "\n" for line in kept), encoding="utf-8")
    report = validate([broken])
    assert report.violations
    assert {v.graph for v in report.violations} == {BASE + "graph/cyanocobalamin"}
    assert all(isinstance(v, Violation) and v.path == T.QUOTE for v in report.violations)


def test_shared_concepts_are_checked_across_graphs(exported: Path, tmp_path: Path) -> None:
    """A graph naming a concept differently from the concepts graph breaks it only in their union."""
    text = (exported / "kg.nq").read_text(encoding="utf-8")
    graph = f"<{BASE}graph/cyanocobalamin>"
    other = f"<{BASE}graph/other>"
    effect = f"<{BASE}effect/nausea>"
    assert f'{effect} <{T.NAME}> "nausea" <{BASE}concepts> .' in text  # stated once, in the concepts graph
    lines = [line for line in text.splitlines() if line.endswith(f"{graph} .")]
    copy = [
        line.replace(graph, other)
        .replace("/product/cyanocobalamin", "/product/other")
        .replace("/monograph/cyanocobalamin", "/monograph/other")
        for line in lines
    ]
    copy.append(f'{effect} <{T.NAME}> "nausea)" {other} .')
    data = tmp_path / "two.nq"
    data.write_text(text + "".join(line + "\n" for line in copy), encoding="utf-8")
    assert validate([data], batch_graphs=1).violations == validate([data]).violations
    (v,) = validate([data], batch_graphs=1).violations
    assert v.focus == BASE + "effect/nausea" and v.path == T.NAME and v.component == "MaxCountConstraintComponent"
    assert validate([exported / "kg.nq"], batch_graphs=1).conforms


def test_validation_uses_the_ontology_for_subclasses(exported: Path, tmp_path: Path) -> None:
    """sh:class schema:Drug accepts a kg:Substance through the ontology's rdfs:subClassOf."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix schema: <https://schema.org/> .\n"
        "@prefix kg: <https://w3id.org/kg-monograph/ontology#> .\n"
        "[] a sh:NodeShape ; sh:targetObjectsOf kg:substance ; sh:class schema:Drug .\n",
        encoding="utf-8",
    )
    assert validate([exported / "kg.nq"], shapes).conforms


def test_ontology_files_are_found() -> None:
    for name in (ONTOLOGY, SHAPES, CONTEXT):
        assert ontology_file(name).is_file(), name


# --- the committed JSON-LD context ---------------------------------------------------------------------


def test_committed_context_is_generated() -> None:
    committed = ONT / CONTEXT
    generated = json.dumps(context(), indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("KG_REGENERATE_CONTEXT") and committed.read_text(encoding="utf-8") != generated:
        committed.write_text(generated, encoding="utf-8")
        pytest.fail(f"{committed} regenerated; review and commit it")
    assert committed.read_text(encoding="utf-8") == generated, (
        f"{committed} is stale: KG_REGENERATE_CONTEXT=1 .venv/bin/python -m pytest tests/test_ontology.py -k context"
    )


def test_export_uses_the_committed_context(exported: Path) -> None:
    committed = json.loads((ONT / CONTEXT).read_text(encoding="utf-8"))
    doc = json.loads((exported / "kg.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == committed["@context"]


def test_context_terms_are_declared(ontology: rdflib.Graph) -> None:
    ctx = context()["@context"]
    for key, value in ctx.items():
        iri = value if isinstance(value, str) else value["@id"]
        if iri.startswith("kg:"):
            assert _declared(ontology, T.KG + iri[3:]), key
        assert re.fullmatch(r"[A-Za-z][\w.-]*(:[\w.-]+)?", key), key


# --- the real collection ------------------------------------------------------------------------------


@pytest.mark.corpus
def test_corpus_sample_conforms(corpus: Path, tmp_path: Path) -> None:
    """Every 8th monograph of the collection (about 800), exported and validated: no violations."""
    files = sorted((corpus / "composition").rglob("*.md"))[::8]
    out = tmp_path / "out"
    export(files, out, [Format.NQUADS], jobs=os.cpu_count() or 1)
    report = validate([out / "kg.nq"], jobs=os.cpu_count() or 1)
    assert report.graphs > 500
    shown = "\n".join(map(str, report.violations[:50]))
    assert report.conforms, f"{len(report.violations)} violation(s):\n{shown}"


def test_shared_subject_batches_keep_a_concept_with_its_match_nodes() -> None:
    from kg.validate import _subject_batches

    subjects = ["a/x", "b/c", "b/c/match/1", "b/c/match/2", "b/d", "e"]
    assert list(_subject_batches(subjects, 2)) == [["a/x", "b/c", "b/c/match/1", "b/c/match/2"], ["b/d", "e"]]
    assert [s for b in _subject_batches(subjects, 1) for s in b] == subjects
    # "-" sorts before "/": a longer name must not come between a concept and its match nodes
    tricky = ["g/pain", "g/pain-and-x", "g/pain/match/1"]
    assert list(_subject_batches(tricky, 1)) == [["g/pain", "g/pain/match/1"], ["g/pain-and-x"]]
