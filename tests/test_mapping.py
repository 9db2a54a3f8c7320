"""Mapping: every kind has terms, IRIs are stable and collision-free, the schema.org view has the contract's shape."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyoxigraph import NamedNode

from kg import terms as T
from kg.iri import slug
from kg.mapping import Options, monograph_triples, statement_iri
from kg.model import (
    Dose,
    EffectGroup,
    Evidence,
    FactKind,
    Indication,
    Ingredient,
    Monograph,
    Relation,
    Route,
    RouteFact,
    Section,
    SideEffect,
)

OPTS = Options(base="https://example.org/kg/", site_url="https://example.org/site/")
EV = (Evidence("x.md", Section.SIDE_EFFECTS, 12, "Nausea"),)


def _mono(*facts: object, key: str = "x") -> Monograph:
    return Monograph(key, "x.md", "X + Y", None, frozenset({Section.USAGE}), tuple(facts))  # type: ignore[arg-type]


def test_every_kind_has_terms() -> None:
    assert set(T.KINDS) == set(FactKind)
    for kt in T.KINDS.values():
        assert kt.statement_class.startswith(T.KG) and kt.link.startswith(T.KG)


def test_statement_iris_differ_by_qualifier_not_by_evidence() -> None:
    product = "https://example.org/kg/product/x"
    a = SideEffect("nausea", EffectGroup.COMMON, None, EV)
    b = SideEffect("nausea", EffectGroup.COMMON, None, (Evidence("x.md", Section.SIDE_EFFECTS, 40, "Nausea."),))
    c = SideEffect("nausea", EffectGroup.SERIOUS, None, EV)
    assert statement_iri(product, a) == statement_iri(product, b)
    assert statement_iri(product, a) != statement_iri(product, c)
    assert statement_iri(product, a).startswith(product + "/side-effect/nausea-")


def test_schema_view_shape() -> None:
    dose = Dose(1000, 2000, "ug", "mcg", "daily", Route.ORAL, None, None, False, EV)
    triples = monograph_triples(
        OPTS,
        _mono(
            Ingredient("Folic Acid", EV),
            RouteFact(Route.ORAL, EV),
            dose,
            SideEffect("flushing", EffectGroup.COMMON, "redness", EV),
            SideEffect("anaphylaxis", EffectGroup.SERIOUS, None, EV),
        ),
    )
    product = "<https://example.org/kg/product/x>"
    s = "<https://schema.org/"
    assert (product, f"{s}activeIngredient>", '"Folic Acid"') in triples
    assert (product, f"{s}administrationRoute>", '"oral"') in triples
    assert (product, f"{s}adverseOutcome>", "<https://example.org/kg/effect/flushing>") in triples
    assert (product, f"{s}seriousAdverseOutcome>", "<https://example.org/kg/effect/anaphylaxis>") in triples
    assert ("<https://example.org/kg/effect/flushing>", f"{s}name>", '"flushing"') in triples
    values = [t for t in triples if t[1] == f"{s}minValue>"]
    assert values == [(values[0][0], f"{s}minValue>", '"1000"^^<http://www.w3.org/2001/XMLSchema#decimal>')]
    assert (product, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", f"{s}Drug>") in triples


@pytest.mark.parametrize("relation", list(Relation))
def test_an_indication_is_also_one_direct_triple(relation: Relation) -> None:
    """Beside its statement, an indication links the product straight to its condition by a
    property of its relation, and by no other relation's property."""
    triples = monograph_triples(OPTS, _mono(Indication("pernicious anemia", relation, EV)))
    product = "<https://example.org/kg/product/x>"
    condition = "<https://example.org/kg/condition/pernicious-anemia>"
    direct = {p for s, p, o in triples if s == product and p[1:-1] in T.DIRECT_RELATIONS.values()}
    assert direct == {f"<{T.DIRECT_RELATIONS[relation]}>"}
    assert (product, f"<{T.DIRECT_RELATIONS[relation]}>", condition) in triples
    stmt = next(o for s, p, o in triples if s == product and p == f"<{T.KG}indication>")
    assert (stmt, f"<{T.KG}relation>", f"<{T.RELATIONS[relation]}>") in triples
    assert (stmt, f"<{T.KG}condition>", condition) in triples


def test_triples_sorted_unique_and_free_of_blank_nodes() -> None:
    triples = monograph_triples(OPTS, _mono(Ingredient("A", EV), Ingredient("A", EV)))
    assert triples == sorted(set(triples))
    assert not any(term.startswith("_:") for t in triples for term in t)


def test_same_title_different_keys_never_collide() -> None:
    a = set(monograph_triples(OPTS, _mono(Ingredient("A", EV), key="p/x")))
    b = set(monograph_triples(OPTS, _mono(Ingredient("A", EV), key="p/x-")))
    local = lambda ts: {t[0] for t in ts if "/product/" in t[0] or "/monograph/" in t[0]}  # noqa: E731
    assert local(a).isdisjoint(local(b))


@given(st.text(min_size=1, max_size=200))
def test_slug_is_a_valid_iri_segment(name: str) -> None:
    s = slug(name)
    assert s and len(s) <= 93
    NamedNode("https://example.org/kg/effect/" + s)
    assert slug(name) == s


@pytest.mark.parametrize(("a", "b"), [("β-alanine", "alanine"), ("x" * 120, "x" * 121)])
def test_lossy_slugs_stay_apart(a: str, b: str) -> None:
    assert slug(a) != slug(b)
