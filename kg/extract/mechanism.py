"""Extract how a product works (the How it Works text) and the drug classes the text names."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.text import evidence, sentences
from kg.model import Block, BlockKind, Document, DrugClass, Fact, Mechanism, Section

_MAX_SENTENCES = 3
_MAX_CHARS = 700
_PARENS = re.compile(r"\s*\([^()]*\)")
_WS = re.compile(r"\s+")

# Words a class name ends with: "calcium channel blocker", "proton pump inhibitor", "antihistamine".
_CLASS_HEADS = frozenset(
    [
        "blocker",
        "blockers",
        "inhibitor",
        "inhibitors",
        "antagonist",
        "antagonists",
        "agonist",
        "agonists",
        "analog",
        "analogue",
        "analogs",
        "antibiotic",
        "antibody",
        "vaccine",
        "diuretic",
        "steroid",
        "corticosteroid",
        "glucocorticoid",
        "hormone",
        "antihistamine",
        "decongestant",
        "expectorant",
        "mucolytic",
        "suppressant",
        "antitussive",
        "analgesic",
        "antipyretic",
        "anesthetic",
        "anaesthetic",
        "antidepressant",
        "antipsychotic",
        "anticonvulsant",
        "antiepileptic",
        "anticoagulant",
        "antiplatelet",
        "antiemetic",
        "antispasmodic",
        "antifungal",
        "antiviral",
        "antiretroviral",
        "antibacterial",
        "antimicrobial",
        "antiseptic",
        "antimalarial",
        "anthelmintic",
        "bronchodilator",
        "vasodilator",
        "vasoconstrictor",
        "laxative",
        "statin",
        "benzodiazepine",
        "sedative",
        "hypnotic",
        "stimulant",
        "nsaid",
        "opioid",
        "barbiturate",
        "bisphosphonate",
        "sulfonylurea",
        "biguanide",
        "penicillin",
        "cephalosporin",
        "fluoroquinolone",
        "macrolide",
        "tetracycline",
        "aminoglycoside",
        "carbapenem",
        "immunosuppressant",
        "immunomodulator",
        "antimetabolite",
        "nitrate",
        "glycoside",
        "retinoid",
        "ssri",
        "snri",
        "tca",
        "maoi",
        "ppi",
        "arb",
        "emollient",
        "keratolytic",
        "counterirritant",
        "insecticide",
        "pediculicide",
        "scabicide",
        "surfactant",
        "antacid",
        "antiarrhythmic",
        "antianginal",
        "antihypertensive",
        "antidiabetic",
        "thrombolytic",
        "fibrinolytic",
        "hemostatic",
        "uricosuric",
        "modulator",
        "anxiolytic",
        "anti-inflammatory",
        "relaxant",
        "antioxidant",
        "probiotic",
        "anabolic",
        "androgen",
        "estrogen",
        "progestin",
        "progestogen",
        "contraceptive",
        "sympathomimetic",
        "anticholinergic",
        "antimuscarinic",
        "cholinergic",
        "dopaminergic",
        "chelator",
        "binder",
        "sequestrant",
        "prodrug",
        "alkylating",
        "cytotoxic",
        "chemotherapeutic",
        "amphetamine",
        "triptan",
        "ergot",
        "nucleoside",
        "nucleotide",
        "interferon",
    ]
)
# Heads too vague to be a class; the adjective before them may be one ("antiretroviral medication").
_VAGUE_HEADS = frozenset(
    ["agent", "agents", "drug", "drugs", "medication", "medications", "medicine", "medicines", "compound", "therapy"]
)
_NOT_CLASS = re.compile(
    r"^(?:combination|form|type|kind|medication|drug|medicine|synthetic|generic|prescription|vitamin|mineral|"
    r"substance|compound|product|treatment|dose|tablet|brand|version|salt|derivative|component|mixture)\b"
)
_DROP_LEAD = re.compile(
    r"^(?:(?:a|an|the|potent|powerful|highly|very|relatively|widely\s+used|commonly\s+used|well-known|"
    r"topical|oral|injectable|intravenous|inhaled|systemic|prescription|synthetic|type\s+of|kind\s+of|"
    r"class\s+of|group\s+of|family\s+of|member\s+of\s+the|medications?\s+called|drugs?\s+called)\s+)+"
)
_CLASS_FRAME = re.compile(
    r"(?:\b(?:is|are|was|acts\s+as|works\s+as|functions\s+as|classified\s+as|known\s+as|used\s+as|"
    r"categorized\s+as|belongs?\s+to\s+(?:a|the)\s+(?:class|group|family)\s+of\s+(?:drugs|medications|medicines|"
    r"compounds|agents)\s+(?:called|known\s+as)\s+(?:the\s+)?(?=\S))\s*|,\s+|^)"
    r"(?P<np>(?:(?:a|an|the)\s+|(?<=called\s)|(?<=as\s))[a-z0-9][a-z0-9\s\-/']{2,80}?)(?=\s*(?:,|\.|;|:|\(|\)|$|\s(?:that|which|who|used|"
    r"primarily|mainly|meaning|and\s+(?:it|is|works|acts)|with|by|in|for|to|of\s+the|of\s+(?:a|an)|medication\b|"
    r"drug|agent|medicine|works|acts)\b))"
)
_SPLIT = re.compile(r"\s+(?:and|or|&)\s+|\s*,\s*")


def _class_names(sentence: str) -> Iterator[str]:
    s = _PARENS.sub("", sentence).lower()
    for m in _CLASS_FRAME.finditer(s):
        np = m.group("np")
        for part in _SPLIT.split(np):
            name = _DROP_LEAD.sub("", part.strip()).strip(" -")
            words = name.split()
            if not words or len(words) > 6 or _NOT_CLASS.match(name):
                continue
            if words[-1] in _VAGUE_HEADS and len(words) >= 2:
                words = words[:-1]
                name = " ".join(words)
            head = words[-1]
            if head.endswith("s") and head[:-1] in _CLASS_HEADS:
                # "belongs to a class of drugs called calcium channel blockers": one class, singular
                head = words[-1] = head[:-1]
                name = " ".join(words)
            if head in _CLASS_HEADS or head.endswith(
                ("-blocker", "-blockers", "-inhibitor", "-agonist", "-antagonist")
            ):
                yield (
                    head if head in {"ssri", "snri", "tca", "maoi", "ppi", "arb", "nsaid"} and len(words) == 1 else name
                )


def _text(blocks: tuple[Block, ...]) -> tuple[str, Block] | None:
    """The first sentences of a section: an intro ending in ":" takes the items it introduces."""
    picked: list[str] = []
    first: Block | None = None
    for b in blocks:
        if b.kind is BlockKind.HEADING:
            continue
        if first is None:
            first = b
        for sent in sentences(b.text) if b.kind is BlockKind.PARAGRAPH else [b.text]:
            picked.append(sent)
            if len(picked) >= _MAX_SENTENCES or sum(len(p) for p in picked) >= _MAX_CHARS:
                break
        if len(picked) >= _MAX_SENTENCES or sum(len(p) for p in picked) >= _MAX_CHARS:
            break
        if b.kind is BlockKind.PARAGRAPH and not b.text.rstrip().endswith(":") and picked:
            break
    if first is None or not picked:
        return None
    return _WS.sub(" ", " ".join(picked)).strip(), first


def extract(doc: Document) -> Iterator[Fact]:
    """One Mechanism per How it Works section (or component), and the drug classes stated around it."""
    seen: set[str] = set()
    for st in doc.sections:
        if st.section is not Section.HOW_IT_WORKS or not st.blocks:
            continue
        got = _text(st.blocks)
        if got is not None:
            yield Mechanism(got[0], (evidence(doc, got[1], got[0], Section.HOW_IT_WORKS),))
    for st in doc.sections:
        if st.section not in (Section.HOW_IT_WORKS, Section.USAGE):
            continue
        for b in st.blocks:
            texts = [b.text]
            if b.label and "(" in b.label:
                # "Amlodipine (Calcium Channel Blocker):" names the component's class
                texts.append("is a " + b.label[b.label.index("(") + 1 :].rstrip(":) "))
            for text in texts:
                for sent in sentences(text):
                    for name in _class_names(sent):
                        if name not in seen:
                            seen.add(name)
                            yield DrugClass(name, (evidence(doc, b, sent, st.section),))
