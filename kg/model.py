"""The typed model every stage passes along: parsed documents, facts with evidence, monographs."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Section(str, Enum):
    """The canonical sections of a monograph, plus the text outside them."""

    GENERIC_NAME = "generic-name"
    USAGE = "usage"
    DOSAGE = "dosage"
    SIDE_EFFECTS = "side-effects"
    HOW_IT_WORKS = "how-it-works"
    PRECAUTIONS = "precautions"
    FAQS = "faqs"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The section's heading as monographs write it."""
        return SECTION_TITLES[self]


SECTION_TITLES = {
    Section.GENERIC_NAME: "Generic Name",
    Section.USAGE: "Usage",
    Section.DOSAGE: "Dosage",
    Section.SIDE_EFFECTS: "Side Effects",
    Section.HOW_IT_WORKS: "How it Works",
    Section.PRECAUTIONS: "Precautions",
    Section.FAQS: "FAQs",
    Section.OTHER: "Other text",
}

CANONICAL_SECTIONS = tuple(s for s in Section if s is not Section.OTHER)


class BlockKind(str, Enum):
    """The shape of one block of text."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one input file, located like a compiler message."""

    file: str
    line: int
    severity: Severity
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity.value}: {self.message} [{self.code}]"


@dataclass(frozen=True, slots=True)
class Block:
    """One heading, paragraph or list item, as plain text with its source line.

    ``lead`` is the bold text a block opens with (``**Common:** nausea`` has lead
    ``Common:``), ``rest`` the text after it; ``label`` is the lead without its colon
    when the lead is a label (ends in, or is followed by, a colon).
    """

    kind: BlockKind
    text: str
    line: int
    depth: int = 0
    lead: str | None = None
    rest: str = ""
    label: str | None = None
    parent: str | None = None  # text of the enclosing list item, for nested items


@dataclass(frozen=True, slots=True)
class SectionText:
    """The blocks under one section heading (or bold pseudo-heading)."""

    section: Section
    heading: str
    line: int
    blocks: tuple[Block, ...]
    component: str | None = None  # "Usage (Alprazolam)" or a component's own heading


@dataclass(frozen=True, slots=True)
class QA:
    """One FAQ question with its answer."""

    question: str
    answer: str
    line: int


@dataclass(frozen=True, slots=True)
class Document:
    """A monograph file parsed into sections; no facts extracted yet."""

    file: str  # path as shown in messages
    key: str  # stable identity within the collection: relative path without suffix
    title: str
    title_line: int
    sections: tuple[SectionText, ...]
    faqs: tuple[QA, ...] = ()
    notes: tuple[Block, ...] = ()  # disclaimers and notes kept apart from the answers
    problems: tuple[Problem, ...] = ()

    def section(self, kind: Section) -> tuple[SectionText, ...]:
        return tuple(s for s in self.sections if s.section is kind)

    def blocks(self, kind: Section) -> tuple[Block, ...]:
        return tuple(b for s in self.sections if s.section is kind for b in s.blocks)

    @property
    def present(self) -> frozenset[Section]:
        return frozenset(s.section for s in self.sections if s.blocks or s.section is Section.GENERIC_NAME)


# --- facts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: file, section, line and the quoted sentence."""

    file: str
    section: Section
    line: int
    quote: str


def _evidence() -> tuple[Evidence, ...]:
    return ()


class FactKind(str, Enum):
    """The kinds of fact the extractors produce; each maps to one RDF class."""

    INGREDIENT = "ingredient"
    INDICATION = "indication"
    ROUTE = "route"
    DOSAGE_FORM = "dosage-form"
    DOSE = "dose"
    SIDE_EFFECT = "side-effect"
    MECHANISM = "mechanism"
    DRUG_CLASS = "drug-class"
    CONTRAINDICATION = "contraindication"
    PRECAUTION = "precaution"
    INTERACTION = "interaction"
    PREGNANCY_CATEGORY = "pregnancy-category"
    FAQ = "faq"


class Relation(str, Enum):
    """How a product relates to a condition it is used for."""

    TREATS = "treats"
    PREVENTS = "prevents"
    DIAGNOSES = "diagnoses"


class EffectGroup(str, Enum):
    """The group a side effect is listed under."""

    COMMON = "common"
    SERIOUS = "serious"
    RARE = "rare"
    UNSPECIFIED = "unspecified"


class Population(str, Enum):
    """Populations that doses and precautions concern."""

    ADULT = "adult"
    CHILD = "child"
    ELDERLY = "elderly"
    PREGNANCY = "pregnancy"
    BREASTFEEDING = "breastfeeding"
    HEPATIC_IMPAIRMENT = "hepatic-impairment"
    RENAL_IMPAIRMENT = "renal-impairment"


class Route(str, Enum):
    """Routes of administration (the annotation guideline's terms)."""

    ORAL = "oral"
    SUBLINGUAL = "sublingual"
    BUCCAL = "buccal"
    INTRAMUSCULAR = "intramuscular"
    INTRAVENOUS = "intravenous"
    SUBCUTANEOUS = "subcutaneous"
    INTRADERMAL = "intradermal"
    TOPICAL = "topical"
    TRANSDERMAL = "transdermal"
    OPHTHALMIC = "ophthalmic"
    OTIC = "otic"
    NASAL = "nasal"
    INHALATION = "inhalation"
    RECTAL = "rectal"
    VAGINAL = "vaginal"
    INTRATHECAL = "intrathecal"
    EPIDURAL = "epidural"
    INTRA_ARTICULAR = "intra-articular"
    INTRAVITREAL = "intravitreal"
    INTRAVESICAL = "intravesical"
    INTRALESIONAL = "intralesional"
    INTRAUTERINE = "intrauterine"
    INTRACAVERNOUS = "intracavernous"
    INTRAPERITONEAL = "intraperitoneal"
    INTRA_ARTERIAL = "intra-arterial"
    INTRAOSSEOUS = "intraosseous"
    PERINEURAL = "perineural"
    INFILTRATION = "infiltration"
    DENTAL = "dental"
    OROMUCOSAL = "oromucosal"
    ENTERAL = "enteral"


# Every fact is a frozen dataclass whose identity leaves the evidence out, so the same
# fact read in two places compares equal and their evidence can be merged.


@dataclass(frozen=True, slots=True)
class Ingredient:
    name: str
    evidence: tuple[Evidence, ...] = field(default_factory=_evidence, compare=False)
    kind = FactKind.INGREDIENT


@dataclass(frozen=True, slots=True)
class Indication:
    condition: str
    relation: Relation = Relation.TREATS
    evidence: tuple[Evidence, ...] = field(default_factory=_evidence, compare=False)
    kind = FactKind.INDICATION


@dataclass(frozen=True, slots=True)
class RouteFact:
    route: Route
    evidence: tuple[Evidence, ...] = field(default_factory=_evidence, compare=False)
    kind = FactKind.ROUTE


@dataclass(frozen=True, slots=True)
class DosageForm:
    form: str
    evidence: tuple[Evidence, ...] = field(default_factory=_evidence, compare=False)
    kind = FactKind.DOSAGE_FORM


@dataclass(frozen=True, slots=True)
class Dose:
    """A stated dose: a value or range in a UCUM unit, with what qualifies it."""

    minimum: float
    maximum: float
    unit: str  # UCUM code
    unit_text: str  # as written
    frequency: str | None = None
    route: Route | None = None
    population: Population | None = None
    ingredient: str | None = None
    is_limit: bool = False  # "maximum 4 g", "not to exceed", "up to"
    evidence: tuple[Evidence, ...] = field(default_factory=_evidence, compare=False)
    kind = FactKind.DOSE


@dataclass(frozen=True, slots=True)
class SideEffect:
    effect: str
    group: EffectGroup = EffectGroup.UNSPECIFIED
    gloss: str | None = None
    evidence: tuple[Evidence, ...] = field(default_factory=_evidence, compare=False)
    kind = FactKind.SIDE_EFFECT


@dataclass(frozen=True, slots=True)
class Mechanism:
    text: str
    evidence: tuple[Evidence, ...] = field(default_factory=_evidence, compare=False)
    kind = FactKind.MECHANISM


@dataclass(frozen=True, slots=True)
class DrugClass:
    name: str
    evidence: tuple[Evidence, ...] = field(default_factory=_evidence, compare=False)
    kind = FactKind.DRUG_CLASS


@dataclass(frozen=True, slots=True)
class Contraindication:
    condition: str
    population: Population | None = None
    evidence: tuple[Evidence, ...] = field(default_factory=_evidence, compare=False)
    kind = FactKind.CONTRAINDICATION


@dataclass(frozen=True, slots=True)
class Precaution:
    """A caution ("use with caution in renal impairment"), with the population it concerns."""

    topic: str  # the label or the condition the caution is about
    population: Population | None = None
    evidence: tuple[Evidence, ...] = field(default_factory=_evidence, compare=False)
    kind = FactKind.PRECAUTION


@dataclass(frozen=True, slots=True)
class Interaction:
    agent: str  # a named drug or drug class
    evidence: tuple[Evidence, ...] = field(default_factory=_evidence, compare=False)
    kind = FactKind.INTERACTION


@dataclass(frozen=True, slots=True)
class PregnancyCategory:
    letter: str  # A, B, C, D or X
    evidence: tuple[Evidence, ...] = field(default_factory=_evidence, compare=False)
    kind = FactKind.PREGNANCY_CATEGORY


@dataclass(frozen=True, slots=True)
class Faq:
    question: str
    answer: str
    evidence: tuple[Evidence, ...] = field(default_factory=_evidence, compare=False)
    kind = FactKind.FAQ


Fact = (
    Ingredient
    | Indication
    | RouteFact
    | DosageForm
    | Dose
    | SideEffect
    | Mechanism
    | DrugClass
    | Contraindication
    | Precaution
    | Interaction
    | PregnancyCategory
    | Faq
)


@dataclass(frozen=True, slots=True)
class Monograph:
    """Everything extracted from one file: the product, its facts and the file's problems."""

    key: str
    file: str
    title: str
    generic_name: str | None
    sections: frozenset[Section]
    facts: tuple[Fact, ...]
    problems: tuple[Problem, ...] = ()
    is_placeholder: bool = False  # a refusal or placeholder page: no product behind it

    def of(self, kind: FactKind) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.kind is kind)
