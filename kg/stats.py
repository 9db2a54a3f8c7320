"""Summarise an export with SPARQL: entities and relations by kind, top concepts, coverage, missing sections."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg import terms as T
from kg.model import CANONICAL_SECTIONS, FactKind
from kg.query import run, show

# Which facts each coverage line counts: a monograph has one when its product has the link.
COVERAGE: dict[str, FactKind] = {
    "indication": FactKind.INDICATION,
    "route": FactKind.ROUTE,
    "dose": FactKind.DOSE,
    "side effect": FactKind.SIDE_EFFECT,
    "contraindication": FactKind.CONTRAINDICATION,
    "pregnancy category": FactKind.PREGNANCY_CATEGORY,
    "interaction": FactKind.INTERACTION,
}
# Which facts' concepts the link-coverage lines count.
LINKED: dict[str, FactKind] = {
    "side effect": FactKind.SIDE_EFFECT,
    "indication": FactKind.INDICATION,
    "ingredient": FactKind.INGREDIENT,
    "dosage form": FactKind.DOSAGE_FORM,
    "route": FactKind.ROUTE,
}
TOP: dict[str, FactKind] = {
    "side effects": FactKind.SIDE_EFFECT,
    "conditions": FactKind.INDICATION,
    "routes": FactKind.ROUTE,
}


@dataclass(slots=True)
class Stats:
    """Figures about one export, each computed by a SPARQL query over it."""

    monographs: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    coverage: dict[str, int] = field(default_factory=dict)
    top: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    missing_sections: dict[str, int] = field(default_factory=dict)
    # per kind: (mentions, mentions linked, concepts, concepts linked); "dose unit" counts doses
    links: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "monographs": self.monographs,
            "entities": self.entities,
            "relations": self.relations,
            "monographs_with": self.coverage,
            "top": {k: [{"name": n, "monographs": c} for n, c in v] for k, v in self.top.items()},
            "monographs_missing_section": self.missing_sections,
            "link_coverage": {
                k: {"mentions": m, "mentions_linked": ml, "concepts": c, "concepts_linked": cl}
                for k, (m, ml, c, cl) in self.links.items()
            },
        }


def _value(term: object) -> str:
    return term.value if isinstance(term, ox.Literal) else "0"


def _count(store: ox.Store, query: str) -> int:
    result = run(store, query)
    assert isinstance(result, ox.QuerySolutions)
    for sol in result:
        value = sol["n"]
        return int(value.value) if value is not None else 0
    return 0


def compute(store: ox.Store, top: int = 10) -> Stats:
    """Compute every figure of ``kg stats``."""
    st = Stats()
    st.monographs = _count(store, f"SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m a <{T.MONOGRAPH}> }}")
    classes = {
        "drug products": T.PRODUCT,
        "substances": T.SUBSTANCE,
        "conditions": T.CONDITION,
        "adverse effects": T.ADVERSE_EFFECT,
        "routes": T.ROUTE,
        "dosage forms": T.DOSAGE_FORM,
        "drug classes": T.DRUG_CLASS,
        "interacting agents": T.AGENT,
    }
    for label, cls in classes.items():
        st.entities[label] = _count(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{cls}> }}")
    for kind, kt in T.KINDS.items():
        st.relations[kind.value] = _count(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?p <{kt.link}> ?s }}")
    for label, kind in COVERAGE.items():
        link = T.KINDS[kind].link
        st.coverage[label] = _count(
            store, f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p a <{T.PRODUCT}> ; <{link}> ?s }}"
        )
    for label, kind in TOP.items():
        kt = T.KINDS[kind]
        result = run(
            store,
            f"""SELECT ?name (COUNT(DISTINCT ?p) AS ?n) WHERE {{
                  ?p <{kt.link}> ?s . ?s <{kt.concept_link}> ?c . ?c <{T.NAME}> ?name }}
                GROUP BY ?name ORDER BY DESC(?n) ?name LIMIT {int(top)}""",
        )
        assert isinstance(result, ox.QuerySolutions)
        st.top[label] = [(show(sol["name"]), int(_value(sol["n"]))) for sol in result]
    linked = f"FILTER EXISTS {{ ?c <{T.EXACT_MATCH}>|<{T.CLOSE_MATCH}> ?v }}"
    for label, kind in LINKED.items():
        kt = T.KINDS[kind]
        pattern = f"?p <{kt.link}> ?s . ?s <{kt.concept_link}> ?c ."
        st.links[label] = (
            _count(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {pattern} }}"),
            _count(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {pattern} {linked} }}"),
            _count(store, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ {pattern} }}"),
            _count(store, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ {pattern} {linked} }}"),
        )
    dose = f"?p <{T.KINDS[FactKind.DOSE].link}> ?s . ?s <{T.UNIT}> ?u ."
    st.links["dose unit"] = (
        _count(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {dose} }}"),
        _count(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {dose} ?s <{T.UNIT_CONCEPT}> ?c }}"),
        _count(store, f"SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE {{ {dose} }}"),
        _count(store, f"SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE {{ {dose} ?s <{T.UNIT_CONCEPT}> ?c }}"),
    )
    for section in CANONICAL_SECTIONS:
        st.missing_sections[section.label] = _count(
            store,
            f"SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m <{T.MISSING_SECTION}> <{T.SECTIONS[section]}> }}",
        )
    return st


def render(st: Stats) -> str:
    """The figures as text for a terminal."""
    lines = [f"monographs: {st.monographs:,}", "", "entities by kind:"]
    lines += [f"  {k:<22} {v:>9,}" for k, v in st.entities.items()]
    lines += ["", "relations (facts) by kind:"]
    lines += [f"  {k:<22} {v:>9,}" for k, v in st.relations.items()]
    lines += ["", "monographs with at least one:"]
    for k, v in st.coverage.items():
        share = f"{100 * v / st.monographs:5.1f}%" if st.monographs else "    -"
        lines.append(f"  {k:<22} {v:>9,}  {share}")
    for k, rows in st.top.items():
        lines += ["", f"most frequent {k} (monographs):"]
        lines += [f"  {name:<40} {n:>7,}" for name, n in rows]
    lines += ["", "link coverage (mentions and concepts with a vocabulary link):"]
    for k, (m, ml, c, cl) in st.links.items():
        ms = f"{100 * ml / m:5.1f}%" if m else "    -"
        cs = f"{100 * cl / c:5.1f}%" if c else "    -"
        lines.append(f"  {k:<14} mentions {ml:>8,}/{m:<8,} {ms}   concepts {cl:>7,}/{c:<7,} {cs}")
    lines += ["", "monographs missing each section:"]
    lines += [f"  {k:<22} {v:>9,}" for k, v in st.missing_sections.items()]
    return "\n".join(lines) + "\n"
