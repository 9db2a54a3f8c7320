"""The vocabulary: every ontology and schema.org IRI the export uses, spelled here and nowhere else."""

from __future__ import annotations

from kg.model import EffectGroup, FactKind, Population, Relation, Route, Section

KG = "https://w3id.org/kg-monograph/ontology#"
SCHEMA = "https://schema.org/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
VOID = "http://rdfs.org/ns/void#"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"

DEFAULT_BASE = "https://w3id.org/kg-monograph/id/"
DEFAULT_SITE_URL = "https://rxhive.zynapte.com/"

PREFIXES: dict[str, str] = {
    "kg": KG,
    "schema": SCHEMA,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCT,
    "void": VOID,
}

TYPE = RDF + "type"
LABEL = RDFS + "label"
PREF_LABEL = SKOS + "prefLabel"

# --- classes -----------------------------------------------------------------------------
MONOGRAPH = KG + "Monograph"
PRODUCT = KG + "DrugProduct"
SUBSTANCE = KG + "Substance"
CONDITION = KG + "Condition"
ADVERSE_EFFECT = KG + "AdverseEffect"
ROUTE = KG + "Route"
DOSAGE_FORM = KG + "DosageForm"
DRUG_CLASS = KG + "DrugClass"
AGENT = KG + "InteractingAgent"
EVIDENCE = KG + "Evidence"
DATASET = KG + "Dataset"
SECTION = KG + "Section"
ANSWER = SCHEMA + "Answer"

SCHEMA_DRUG = SCHEMA + "Drug"
SCHEMA_CONDITION = SCHEMA + "MedicalCondition"
SCHEMA_SYMPTOM = SCHEMA + "MedicalSignOrSymptom"
SCHEMA_DOSE = SCHEMA + "DoseSchedule"
SCHEMA_QUANTITY = SCHEMA + "QuantitativeValue"
SCHEMA_CONTRAINDICATION = SCHEMA + "MedicalContraindication"
SCHEMA_QUESTION = SCHEMA + "Question"
SCHEMA_WEBPAGE = SCHEMA + "MedicalWebPage"
SCHEMA_DRUG_CLASS = SCHEMA + "DrugClass"

# --- properties ---------------------------------------------------------------------------
NAME = SCHEMA + "name"
URL = SCHEMA + "url"
ABOUT = SCHEMA + "about"
SOURCE_FILE = KG + "sourceFile"
GENERIC_NAME = KG + "genericName"
PLACEHOLDER = KG + "isPlaceholder"
MISSING_SECTION = KG + "missingSection"
DESCRIBED_BY = KG + "describedBy"
EVIDENCE_OF = KG + "evidence"
IN_SECTION = KG + "section"
LINE = KG + "line"
QUOTE = KG + "quote"
QUOTED_FROM = PROV + "wasQuotedFrom"
IN_DATASET = VOID + "inDataset"

GROUP = KG + "group"
GLOSS = KG + "gloss"
RELATION = KG + "relation"
POPULATION = KG + "population"
FREQUENCY = KG + "frequency"
MIN_VALUE = KG + "minValue"
MAX_VALUE = KG + "maxValue"
UNIT = KG + "unit"
UNIT_TEXT = KG + "unitText"
IS_LIMIT = KG + "isLimit"
DOSE_ROUTE = KG + "doseRoute"
DOSE_INGREDIENT = KG + "doseIngredient"
TEXT = KG + "text"
CATEGORY = KG + "category"

S_ACTIVE_INGREDIENT = SCHEMA + "activeIngredient"
S_ROUTE = SCHEMA + "administrationRoute"
S_DOSAGE_FORM = SCHEMA + "dosageForm"
S_ADVERSE = SCHEMA + "adverseOutcome"
S_SERIOUS_ADVERSE = SCHEMA + "seriousAdverseOutcome"
S_CONTRAINDICATION = SCHEMA + "contraindication"
S_PREGNANCY = SCHEMA + "pregnancyCategory"
S_DOSE_SCHEDULE = SCHEMA + "doseSchedule"
S_DRUG = SCHEMA + "drug"
S_DRUG_CLASS = SCHEMA + "drugClass"
S_MECHANISM = SCHEMA + "mechanismOfAction"
S_INTERACTING = SCHEMA + "interactingDrug"
S_DOSE_VALUE = SCHEMA + "doseValue"
S_DOSE_UNIT = SCHEMA + "doseUnit"
S_FREQUENCY = SCHEMA + "frequency"
S_TARGET_POPULATION = SCHEMA + "targetPopulation"
S_MIN = SCHEMA + "minValue"
S_MAX = SCHEMA + "maxValue"
S_UNIT_CODE = SCHEMA + "unitCode"
S_ACCEPTED_ANSWER = SCHEMA + "acceptedAnswer"
S_TEXT = SCHEMA + "text"

D_VERSION = KG + "exporterVersion"
D_CREATED = DCT + "created"
D_TITLE = DCT + "title"
D_TRIPLES = VOID + "triples"
D_DOCUMENTS = VOID + "documents"
D_SOURCE = DCT + "source"

XSD_INTEGER = XSD + "integer"
XSD_DECIMAL = XSD + "decimal"
XSD_BOOLEAN = XSD + "boolean"
XSD_DATETIME = XSD + "dateTime"


# --- per-kind tables: the mapping layer looks every term up here ------------------------


class KindTerms:
    """How one kind of fact is stated: the statement class, the link from the product to it,
    and, for facts about a shared concept, the concept's class, IRI segment and link."""

    __slots__ = ("concept_class", "concept_link", "concept_schema_class", "link", "segment", "statement_class")

    def __init__(
        self,
        statement_class: str,
        link: str,
        segment: str,
        concept_link: str | None = None,
        concept_class: str | None = None,
        concept_schema_class: str | None = None,
    ) -> None:
        self.statement_class = statement_class
        self.link = link
        self.segment = segment
        self.concept_link = concept_link
        self.concept_class = concept_class
        self.concept_schema_class = concept_schema_class


KINDS: dict[FactKind, KindTerms] = {
    FactKind.INGREDIENT: KindTerms(
        KG + "IngredientStatement", KG + "ingredient", "substance", KG + "substance", SUBSTANCE
    ),
    FactKind.INDICATION: KindTerms(
        KG + "IndicationStatement", KG + "indication", "condition", KG + "condition", CONDITION, SCHEMA_CONDITION
    ),
    FactKind.ROUTE: KindTerms(KG + "RouteStatement", KG + "route", "route", KG + "routeOfAdministration", ROUTE),
    FactKind.DOSAGE_FORM: KindTerms(
        KG + "DosageFormStatement", KG + "dosageForm", "dosage-form", KG + "form", DOSAGE_FORM
    ),
    FactKind.DOSE: KindTerms(KG + "DoseSchedule", KG + "dose", "dose"),
    FactKind.SIDE_EFFECT: KindTerms(
        KG + "SideEffectStatement", KG + "sideEffect", "effect", KG + "effect", ADVERSE_EFFECT
    ),
    FactKind.MECHANISM: KindTerms(KG + "MechanismStatement", KG + "mechanism", "mechanism"),
    FactKind.DRUG_CLASS: KindTerms(KG + "DrugClassStatement", KG + "drugClass", "drug-class", KG + "class", DRUG_CLASS),
    FactKind.CONTRAINDICATION: KindTerms(KG + "Contraindication", KG + "contraindication", "contraindication"),
    FactKind.PRECAUTION: KindTerms(KG + "Precaution", KG + "precaution", "precaution"),
    FactKind.INTERACTION: KindTerms(KG + "InteractionStatement", KG + "interaction", "agent", KG + "agent", AGENT),
    FactKind.PREGNANCY_CATEGORY: KindTerms(
        KG + "PregnancyCategoryStatement", KG + "pregnancyCategory", "pregnancy-category"
    ),
    FactKind.FAQ: KindTerms(KG + "FAQ", KG + "faq", "faq"),
}

# Extra schema.org classes stated on statement nodes that have one.
STATEMENT_SCHEMA_CLASS: dict[FactKind, str] = {
    FactKind.DOSE: SCHEMA_DOSE,
    FactKind.CONTRAINDICATION: SCHEMA_CONTRAINDICATION,
    FactKind.FAQ: SCHEMA_QUESTION,
}

SECTIONS: dict[Section, str] = {s: KG + "section-" + s.value for s in Section}
GROUPS: dict[EffectGroup, str] = {g: KG + "group-" + g.value for g in EffectGroup}
RELATIONS: dict[Relation, str] = {r: KG + r.value for r in Relation}
# One triple from a product straight to the condition of each indication statement, a property
# per relation: what an indication says, for questions that need neither its evidence nor its
# other qualifiers (Wikidata's "direct claims" beside its qualified statements).
DIRECT_RELATIONS: dict[Relation, str] = {r: KG + f"{r.value}Condition" for r in Relation}
USED_FOR = KG + "usedFor"  # their common super-property, the inverse of schema:drug
POPULATIONS: dict[Population, str] = {p: KG + "population-" + p.value for p in Population}
ROUTE_SEGMENT = "route"
PREGNANCY_CATEGORIES: dict[str, str] = {c: SCHEMA + f"FDAcategory{c}" for c in "ABCDX"}
ROUTES: tuple[Route, ...] = tuple(Route)

# How each property's values are written, for the JSON-LD context: "@id" for IRIs, an XSD
# datatype for typed literals; properties not listed take plain strings.
VALUE_TYPES: dict[str, str] = {
    **{kt.link: "@id" for kt in KINDS.values()},
    **{kt.concept_link: "@id" for kt in KINDS.values() if kt.concept_link},
    **{p: "@id" for p in DIRECT_RELATIONS.values()},
    URL: "@id",
    ABOUT: "@id",
    DESCRIBED_BY: "@id",
    EVIDENCE_OF: "@id",
    IN_SECTION: "@id",
    QUOTED_FROM: "@id",
    IN_DATASET: "@id",
    GROUP: "@id",
    RELATION: "@id",
    POPULATION: "@id",
    DOSE_ROUTE: "@id",
    DOSE_INGREDIENT: "@id",
    CATEGORY: "@id",
    MISSING_SECTION: "@id",
    S_ADVERSE: "@id",
    S_SERIOUS_ADVERSE: "@id",
    S_CONTRAINDICATION: "@id",
    S_PREGNANCY: "@id",
    S_DOSE_SCHEDULE: "@id",
    S_DRUG: "@id",
    S_DRUG_CLASS: "@id",
    S_INTERACTING: "@id",
    S_DOSE_VALUE: "@id",
    S_ACCEPTED_ANSWER: "@id",
    MIN_VALUE: XSD_DECIMAL,
    MAX_VALUE: XSD_DECIMAL,
    S_MIN: XSD_DECIMAL,
    S_MAX: XSD_DECIMAL,
    LINE: XSD_INTEGER,
    D_DOCUMENTS: XSD_INTEGER,
    IS_LIMIT: XSD_BOOLEAN,
    PLACEHOLDER: XSD_BOOLEAN,
    D_CREATED: XSD_DATETIME,
}

STRING_PROPERTIES: tuple[str, ...] = (
    NAME,
    PREF_LABEL,
    SOURCE_FILE,
    GENERIC_NAME,
    QUOTE,
    GLOSS,
    FREQUENCY,
    UNIT,
    UNIT_TEXT,
    TEXT,
    S_ACTIVE_INGREDIENT,
    S_ROUTE,
    S_DOSAGE_FORM,
    S_MECHANISM,
    S_DOSE_UNIT,
    S_FREQUENCY,
    S_TARGET_POPULATION,
    S_UNIT_CODE,
    S_TEXT,
    D_VERSION,
    D_TITLE,
)

# --- links to standard vocabularies (kg.vocab) ----------------------------------------------
ALT_LABEL = SKOS + "altLabel"
NOTATION = SKOS + "notation"
EXACT_MATCH = SKOS + "exactMatch"
CLOSE_MATCH = SKOS + "closeMatch"
VOCABULARY = KG + "Vocabulary"
CLOSE_MATCH_NODE = KG + "CloseMatch"
MATCH = KG + "match"  # concept -> its kg:CloseMatch nodes, one per close link, with the score
MATCH_TARGET = KG + "target"
MATCH_SCORE = KG + "score"
UNIT_CONCEPT = KG + "unitConcept"
VOCAB_PACKAGE = KG + "package"
OWL_VERSION_INFO = OWL + "versionInfo"
D_RIGHTS = DCT + "rights"
VALUE_TYPES.update(
    {
        EXACT_MATCH: "@id",
        CLOSE_MATCH: "@id",
        MATCH: "@id",
        MATCH_TARGET: "@id",
        UNIT_CONCEPT: "@id",
        MATCH_SCORE: XSD_DECIMAL,
    }
)
STRING_PROPERTIES = (*STRING_PROPERTIES, ALT_LABEL, NOTATION, VOCAB_PACKAGE, OWL_VERSION_INFO, D_RIGHTS)
