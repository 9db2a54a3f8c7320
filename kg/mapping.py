"""Map monographs to RDF: the one layer that makes triples, driven by the tables in kg.terms."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from decimal import Decimal
from functools import lru_cache

from pyoxigraph import Literal, NamedNode

from kg import terms as T
from kg.iri import digest, key_path, normal_name, slug
from kg.model import (
    CANONICAL_SECTIONS,
    Contraindication,
    DosageForm,
    Dose,
    DrugClass,
    EffectGroup,
    Evidence,
    Fact,
    FactKind,
    Faq,
    Indication,
    Ingredient,
    Interaction,
    Mechanism,
    Monograph,
    Precaution,
    PregnancyCategory,
    RouteFact,
    SideEffect,
)
from kg.vocab.lexicon import Concept, lexicon
from kg.vocab.normalize import tokens

Triple = tuple[str, str, str]
"""A triple as three terms in N-Triples syntax; cheap to sort, hash and pass between processes."""


@dataclass(frozen=True, slots=True)
class Options:
    """Where IRIs and page URLs are rooted."""

    base: str = T.DEFAULT_BASE
    site_url: str = T.DEFAULT_SITE_URL

    def __post_init__(self) -> None:
        NamedNode(self.base)  # raises ValueError on an invalid IRI
        NamedNode(self.site_url)


@lru_cache(maxsize=65536)
def iri(value: str) -> str:
    return str(NamedNode(value))


def lit(value: str) -> str:
    return str(Literal(value))


def typed(value: str, datatype: str) -> str:
    return str(Literal(value, datatype=NamedNode(datatype)))


def decimal(value: float) -> str:
    d = Decimal(repr(float(value))).normalize()
    text = format(d, "f")
    return typed(text, T.XSD_DECIMAL)


def integer(value: int) -> str:
    return typed(str(int(value)), T.XSD_INTEGER)


TRUE = typed("true", T.XSD_BOOLEAN)
A = iri(T.TYPE)


def monograph_iri(opts: Options, key: str) -> str:
    return f"{opts.base}monograph/{key_path(key)}"


def product_iri(opts: Options, key: str) -> str:
    return f"{opts.base}product/{key_path(key)}"


def graph_iri(opts: Options, key: str) -> str:
    return f"{opts.base}graph/{key_path(key)}"


def dataset_iri(opts: Options) -> str:
    return f"{opts.base}dataset"


def concepts_graph_iri(opts: Options) -> str:
    """The named graph describing the shared concepts once, for every monograph graph that refers to them."""
    return f"{opts.base}concepts"


def page_url(opts: Options, key: str) -> str:
    return f"{opts.site_url}{key_path(key)}/"


def concept_iri(opts: Options, segment: str, name: str) -> str:
    return f"{opts.base}{segment}/{slug(name)}"


_IDENTITY: dict[type, tuple[str, ...]] = {}


def identity(fact: Fact) -> tuple[object, ...]:
    """A fact's identity: every field but its evidence."""
    cls = type(fact)
    names = _IDENTITY.get(cls)
    if names is None:
        names = _IDENTITY[cls] = tuple(f.name for f in fields(cls) if f.name != "evidence")
    return tuple(getattr(fact, n) for n in names)


def _concept_name(fact: Fact) -> str | None:
    """The name of the shared concept a fact is about, if it is about one."""
    if isinstance(fact, Ingredient):
        return fact.name
    if isinstance(fact, Indication):
        return fact.condition
    if isinstance(fact, RouteFact):
        return fact.route.value
    if isinstance(fact, DosageForm):
        return fact.form
    if isinstance(fact, SideEffect):
        return fact.effect
    if isinstance(fact, DrugClass):
        return fact.name
    if isinstance(fact, Interaction):
        return fact.agent
    return None


# The lexicon's name for each kind of concept it links; kinds not listed keep their name as written.
_LINKED: dict[FactKind, str] = {
    FactKind.INGREDIENT: "substance",
    FactKind.INDICATION: "condition",
    FactKind.SIDE_EFFECT: "effect",
    FactKind.DOSAGE_FORM: "dosage-form",
}


def resolve(kind: FactKind, name: str) -> Concept:
    """The concept a fact's text names: synonyms and spellings of one vocabulary concept resolve
    to one Concept (one node), with that concept's links to standard vocabularies."""
    if kind is FactKind.ROUTE:
        return lexicon().route(name)
    linked = _LINKED.get(kind)
    if linked is None:
        # The same word normalisation as unlinked vocabulary kinds, so that spellings one
        # slug would merge ("proton-pump inhibitors", "Proton Pump Inhibitor") share one name.
        return Concept(" ".join(tokens(name)) or normal_name(name))
    return lexicon().link(linked, name)


def _concept_triples(opts: Options, concept: str, c: Concept, written: str) -> Iterator[Triple]:
    """A concept's labels and its links; the text as written stays an alternative label (and in
    the fact's evidence quote)."""
    yield concept, iri(T.NAME), lit(c.name)
    if c.matched:
        yield concept, iri(T.PREF_LABEL), lit(c.name)
    alt = normal_name(written)
    if alt != c.name:
        yield concept, iri(T.ALT_LABEL), lit(alt)
    for link in c.links:
        target = iri(link.iri)
        yield target, iri(T.IN_DATASET), iri(vocabulary_iri(opts, link.source))
        if link.exact:
            yield concept, iri(T.EXACT_MATCH), target
            continue
        yield concept, iri(T.CLOSE_MATCH), target
        node = iri(f"{stmt_str(concept)}/match/{digest(link.iri, size=8)}")
        yield concept, iri(T.MATCH), node
        yield node, A, iri(T.CLOSE_MATCH_NODE)
        yield node, iri(T.MATCH_TARGET), target
        yield node, iri(T.MATCH_SCORE), decimal(link.score)


def vocabulary_iri(opts: Options, source: str) -> str:
    return f"{opts.base}vocabulary/{source}"


def statement_iri(product: str, fact: Fact) -> str:
    kind = fact.kind.value
    name = _concept_name(fact)
    if isinstance(fact, Contraindication):
        name = fact.condition
    elif isinstance(fact, Precaution):
        name = fact.topic
    elif isinstance(fact, PregnancyCategory):
        name = fact.letter
    ident = digest(*map(str, identity(fact)), size=8)
    prefix = slug(name)[:40].rstrip("-") if name else ""
    return f"{product}/{kind}/{prefix}-{ident}" if prefix else f"{product}/{kind}/{ident}"


def _evidence(mono: str, ev: Evidence) -> tuple[str, list[Triple]]:
    node = iri(f"{mono}/evidence/L{ev.line}-{digest(ev.section.value, ev.quote, size=8)}")
    return node, [
        (node, iri(T.IN_SECTION), iri(T.SECTIONS[ev.section])),
        (node, iri(T.LINE), integer(ev.line)),
        (node, iri(T.QUOTE), lit(ev.quote)),
        (node, iri(T.QUOTED_FROM), iri(mono)),
    ]


def _schema_view(product: str, stmt: str, concept: str | None, fact: Fact) -> Iterator[Triple]:
    """The core facts restated in schema.org terms, in the shape generic consumers read."""
    if isinstance(fact, Ingredient):
        yield product, iri(T.S_ACTIVE_INGREDIENT), lit(fact.name)
    elif isinstance(fact, RouteFact):
        yield product, iri(T.S_ROUTE), lit(fact.route.value)
    elif isinstance(fact, DosageForm):
        yield product, iri(T.S_DOSAGE_FORM), lit(fact.form)
    elif isinstance(fact, Indication) and concept:
        yield concept, iri(T.S_DRUG), product
    elif isinstance(fact, SideEffect) and concept:
        link = T.S_SERIOUS_ADVERSE if fact.group is EffectGroup.SERIOUS else T.S_ADVERSE
        yield product, iri(link), concept
    elif isinstance(fact, Contraindication):
        yield product, iri(T.S_CONTRAINDICATION), stmt
        yield stmt, iri(T.NAME), lit(fact.condition)
    elif isinstance(fact, PregnancyCategory):
        yield product, iri(T.S_PREGNANCY), iri(T.PREGNANCY_CATEGORIES[fact.letter])
    elif isinstance(fact, DrugClass) and concept:
        yield product, iri(T.S_DRUG_CLASS), concept
    elif isinstance(fact, Mechanism):
        yield product, iri(T.S_MECHANISM), lit(fact.text)
    elif isinstance(fact, Interaction) and concept:
        yield product, iri(T.S_INTERACTING), concept
    elif isinstance(fact, Dose):
        yield product, iri(T.S_DOSE_SCHEDULE), stmt
        value = iri(stmt_str(stmt) + "/value")
        yield stmt, iri(T.S_DOSE_VALUE), value
        yield stmt, iri(T.S_DOSE_UNIT), lit(fact.unit)
        if fact.route is not None:
            yield stmt, iri(T.S_ROUTE), lit(fact.route.value)
        if fact.frequency:
            yield stmt, iri(T.S_FREQUENCY), lit(fact.frequency)
        if fact.population is not None:
            yield stmt, iri(T.S_TARGET_POPULATION), lit(fact.population.value)
        yield value, A, iri(T.SCHEMA_QUANTITY)
        yield value, iri(T.S_MIN), decimal(fact.minimum)
        yield value, iri(T.S_MAX), decimal(fact.maximum)
        yield value, iri(T.S_UNIT_CODE), lit(fact.unit)
    elif isinstance(fact, Faq):
        answer = iri(stmt_str(stmt) + "/answer")
        yield stmt, iri(T.NAME), lit(fact.question)
        yield stmt, iri(T.S_ACCEPTED_ANSWER), answer
        yield answer, A, iri(T.ANSWER)
        yield answer, iri(T.S_TEXT), lit(fact.answer)


def stmt_str(node: str) -> str:
    """The IRI inside an N-Triples IRI term."""
    return node[1:-1]


ConceptKey = tuple[FactKind, str]
Concepts = dict[ConceptKey, tuple[Triple, ...]]
"""The shared concepts a monograph refers to, each with its description, by (kind, name as written)."""


def _qualifiers(stmt: str, opts: Options, fact: Fact, concepts: Concepts) -> Iterator[Triple]:
    """The project's own view of a fact's qualifiers."""
    if isinstance(fact, Indication):
        yield stmt, iri(T.RELATION), iri(T.RELATIONS[fact.relation])
    elif isinstance(fact, SideEffect):
        yield stmt, iri(T.GROUP), iri(T.GROUPS[fact.group])
        if fact.gloss:
            yield stmt, iri(T.GLOSS), lit(fact.gloss)
    elif isinstance(fact, Dose):
        yield stmt, iri(T.MIN_VALUE), decimal(fact.minimum)
        yield stmt, iri(T.MAX_VALUE), decimal(fact.maximum)
        yield stmt, iri(T.UNIT), lit(fact.unit)
        yield stmt, iri(T.UNIT_TEXT), lit(fact.unit_text)
        if fact.frequency:
            yield stmt, iri(T.FREQUENCY), lit(fact.frequency)
        if fact.route is not None:
            route = _refer(opts, FactKind.ROUTE, fact.route.value, concepts)
            yield stmt, iri(T.DOSE_ROUTE), route
        if fact.population is not None:
            yield stmt, iri(T.POPULATION), iri(T.POPULATIONS[fact.population])
        if fact.ingredient:
            substance = _refer(opts, FactKind.INGREDIENT, fact.ingredient, concepts)
            yield stmt, iri(T.DOSE_INGREDIENT), substance
        unit = lexicon().unit(fact.unit)
        if unit is not None:
            # the UCUM code is already the statement's kg:unit; the IRI is the link, not a node
            # this graph describes
            yield stmt, iri(T.UNIT_CONCEPT), iri(unit.iri)
        if fact.is_limit:
            yield stmt, iri(T.IS_LIMIT), TRUE
    elif isinstance(fact, Contraindication | Precaution):
        text = fact.condition if isinstance(fact, Contraindication) else fact.topic
        yield stmt, iri(T.TEXT), lit(text)
        if fact.population is not None:
            yield stmt, iri(T.POPULATION), iri(T.POPULATIONS[fact.population])
    elif isinstance(fact, Mechanism):
        yield stmt, iri(T.TEXT), lit(fact.text)
    elif isinstance(fact, PregnancyCategory):
        yield stmt, iri(T.CATEGORY), iri(T.PREGNANCY_CATEGORIES[fact.letter])


@lru_cache(maxsize=65536)
def _concept(opts: Options, kind: FactKind, name: str) -> tuple[str, tuple[Triple, ...]]:
    """A shared concept's node and its own triples, which the concepts graph states once for all
    the monographs that refer to it. The node is the resolved concept's, so synonyms share it.

    Cached: a pure function of its arguments, asked for again by most monographs."""
    kt = T.KINDS[kind]
    resolved = resolve(kind, name)
    node = iri(concept_iri(opts, kt.segment, resolved.name))
    out: list[Triple] = []
    if kt.concept_class:
        out.append((node, A, iri(kt.concept_class)))
    if kt.concept_schema_class:
        out.append((node, A, iri(kt.concept_schema_class)))
    out.extend(_concept_triples(opts, node, resolved, name))
    return node, tuple(out)


def _refer(opts: Options, kind: FactKind, name: str, concepts: Concepts) -> str:
    """The node of the concept ``name`` names, noting its description among ``concepts``."""
    node, own = _concept(opts, kind, name)
    concepts[kind, name] = own
    return node


def _fact(
    opts: Options, mono: str, product: str, fact: Fact, concepts: Concepts, evidence: dict[Evidence, str]
) -> Iterator[Triple]:
    kt = T.KINDS[fact.kind]
    stmt = iri(statement_iri(stmt_str(product), fact))
    yield product, iri(kt.link), stmt
    yield stmt, A, iri(kt.statement_class)
    schema_class = T.STATEMENT_SCHEMA_CLASS.get(fact.kind)
    if schema_class:
        yield stmt, A, iri(schema_class)
    concept = None
    name = _concept_name(fact)
    if kt.concept_link and kt.concept_class and name:
        concept = _refer(opts, fact.kind, name, concepts)
        yield stmt, iri(kt.concept_link), concept
        if isinstance(fact, Indication):
            yield product, iri(T.DIRECT_RELATIONS[fact.relation]), concept
    yield from _qualifiers(stmt, opts, fact, concepts)
    yield from _schema_view(product, stmt, concept, fact)
    for ev in fact.evidence:
        node = evidence.get(ev)  # a sentence is often the evidence of several facts
        if node is None:
            node, triples = _evidence(stmt_str(mono), ev)
            evidence[ev] = node
            yield from triples
        yield stmt, iri(T.EVIDENCE_OF), node


@dataclass(frozen=True, slots=True)
class MonographGraph:
    """One monograph's named graph, sorted, and the descriptions of the shared concepts it refers
    to (which belong to the concepts graph, stated once however many monographs name them)."""

    triples: list[Triple]
    concepts: Concepts


def monograph_triples(opts: Options, m: Monograph) -> list[Triple]:
    """Every triple about one monograph: its own graph and the concepts it refers to, sorted."""
    g = monograph_graph(opts, m)
    return sorted(set(g.triples).union(*g.concepts.values()))


def monograph_graph(opts: Options, m: Monograph) -> MonographGraph:
    """One monograph's named graph, deduplicated and sorted, and the concepts it refers to."""
    mono = iri(monograph_iri(opts, m.key))
    product = iri(product_iri(opts, m.key))
    out: list[Triple] = [
        (mono, A, iri(T.MONOGRAPH)),
        (mono, A, iri(T.SCHEMA_WEBPAGE)),
        (mono, iri(T.NAME), lit(m.title)),
        (mono, iri(T.URL), iri(page_url(opts, m.key))),
        (mono, iri(T.SOURCE_FILE), lit(m.file)),
        (mono, iri(T.ABOUT), product),
        (mono, iri(T.IN_DATASET), iri(dataset_iri(opts))),
        (product, A, iri(T.PRODUCT)),
        (product, A, iri(T.SCHEMA_DRUG)),
        (product, iri(T.NAME), lit(m.title)),
        (product, iri(T.DESCRIBED_BY), mono),
    ]
    for section in CANONICAL_SECTIONS:
        if section not in m.sections:
            out.append((mono, iri(T.MISSING_SECTION), iri(T.SECTIONS[section])))
    if m.generic_name:
        out.append((product, iri(T.GENERIC_NAME), lit(m.generic_name)))
    if m.is_placeholder:
        out.append((product, iri(T.PLACEHOLDER), TRUE))
    concepts: Concepts = {}
    evidence: dict[Evidence, str] = {}
    for fact in m.facts:
        out.extend(_fact(opts, mono, product, fact, concepts, evidence))
    return MonographGraph(sorted(set(out)), concepts)


def dataset_triples(opts: Options, version: str, created: str | None, documents: int, title: str) -> list[Triple]:
    """The dataset's own description: exporter version, size, and a date only when one was fixed."""
    ds = iri(dataset_iri(opts))
    out = [
        (ds, A, iri(T.DATASET)),
        (ds, iri(T.D_TITLE), lit(title)),
        (ds, iri(T.D_VERSION), lit(version)),
        (ds, iri(T.D_DOCUMENTS), integer(documents)),
    ]
    if created:
        out.append((ds, iri(T.D_CREATED), typed(created, T.XSD_DATETIME)))
    # The vocabularies the concepts link to, each with the version and licence it was built from.
    for source, info in sorted(lexicon().sources.items()):
        vocab = iri(vocabulary_iri(opts, source))
        out.append((ds, iri(T.D_SOURCE), vocab))
        out.append((vocab, A, iri(T.VOCABULARY)))
        out.append((vocab, iri(T.D_TITLE), lit(info["name"])))
        if info.get("version"):
            out.append((vocab, iri(T.OWL_VERSION_INFO), lit(info["version"])))
        if info.get("licence"):
            out.append((vocab, iri(T.D_RIGHTS), lit(info["licence"])))
        if info.get("package"):
            out.append((vocab, iri(T.VOCAB_PACKAGE), lit(info["package"])))
    return sorted(out)


def all_terms_used() -> Iterable[str]:
    """Every ontology IRI the mapping can emit, for the test that each is declared in ontology/."""
    for kt in T.KINDS.values():
        yield kt.statement_class
        yield kt.link
        if kt.concept_link:
            yield kt.concept_link
        if kt.concept_class:
            yield kt.concept_class
    yield from T.SECTIONS.values()
    yield from T.GROUPS.values()
    yield from T.RELATIONS.values()
    yield from T.DIRECT_RELATIONS.values()
    yield from T.POPULATIONS.values()
    for name in dir(T):
        value = getattr(T, name)
        if isinstance(value, str) and value.startswith(T.KG) and value != T.KG:
            yield value
