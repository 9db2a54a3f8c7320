"""Term normalisation: the key under which two spellings of one concept meet.

Both sides go through the same function, vocabulary labels when the lexicon is built and the
text as written when a monograph is exported, so a rule only has to be consistent, not
linguistically perfect: "Anaemia" and "anemia", "Seizures" and "seizure", "skin-rash" and
"Skin rash" get one key. Word order is handled by a second, looser key (tokens sorted).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9]+")
_PAREN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")

# British spellings that medical vocabularies (American-first) write otherwise. Applied to
# the start or inside of a token, longest first; a small rule table, not a vocabulary.
_UK_US: tuple[tuple[str, str], ...] = (
    ("haemorrh", "hemorrh"),
    ("oesophag", "esophag"),
    ("oestr", "estr"),
    ("oedem", "edem"),
    ("haem", "hem"),
    ("aemia", "emia"),
    ("aemic", "emic"),
    ("ischaem", "ischem"),
    ("anaes", "anes"),
    ("paed", "ped"),
    ("gynaec", "gynec"),
    ("caesar", "cesar"),
    ("foet", "fet"),
    ("amoeb", "ameb"),
    ("faec", "fec"),
    ("coeli", "celi"),
    ("diarrhoe", "diarrhe"),
    ("rrhoea", "rrhea"),
    ("pnoea", "pnea"),
    ("leukaem", "leukem"),
    ("tumour", "tumor"),
    ("colour", "color"),
    ("behaviour", "behavior"),
    ("sulph", "sulf"),
    ("aluminium", "aluminum"),
    ("orthopaed", "orthoped"),
    ("glycaem", "glycem"),
    ("kalaem", "kalem"),
    ("natraem", "natrem"),
    ("calcaem", "calcem"),
    ("lipaem", "lipem"),
    ("uraem", "urem"),
    ("septicaem", "septicem"),
    ("bacteraem", "bacterem"),
    ("viraem", "virem"),
    ("toxaem", "toxem"),
    # international (INN, British Pharmacopoeia) spellings of drug names that US vocabularies
    # write otherwise: beclometasone, amoxycillin, cefalexin, ethinylestradiol
    ("metasone", "methasone"),
    ("amoxycillin", "amoxicillin"),
    ("cefal", "cephal"),
    ("ethinylestradiol", "ethinyl estradiol"),
    # the INN and British name of the drug US vocabularies name albuterol
    ("salbutamol", "albuterol"),
)
_ISE = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations)$")
_ISE_KEEP = frozenset(
    {
        "exercise",
        "excise",
        "incise",
        "concise",
        "precise",
        "advise",
        "devise",
        "revise",
        "supervise",
        "otherwise",
        "noise",
        "poise",
        "raise",
        "praise",
        "promise",
        "premise",
        "surprise",
        "expertise",
        "franchise",
        "merchandise",
        "compromise",
        "disguise",
        "chemise",
        "paradise",
        "demise",
        "treatise",
        "comprise",
        "enterprise",
        "cruise",
        "bruise",
        "arise",
        "rise",
        "wise",
        "guise",
        "vise",
        "anise",
        "elise",
        "louise",
        "denise",
        "remise",
        "circumcise",
        "exorcise",
        "televise",
        "improvise",
        "apprise",
        "despise",
    }
)

# Words that end in s without being plurals (both sides are cut the same way, so a missing
# entry only merges the word with its s-less twin, which no vocabulary uses differently).
_NOT_PLURAL = frozenset(
    {
        "diabetes",
        "herpes",
        "measles",
        "mumps",
        "rabies",
        "scabies",
        "lupus",
        "tetanus",
        "mellitus",
        "pertussis",
        "shingles",
        "rickets",
        "feces",
        "faeces",
        "menses",
        "nares",
        "caries",
        "series",
        "species",
        "biceps",
        "triceps",
        "uterus",
        "fetus",
        "foetus",
        "virus",
        "status",
        "stasis",
        "sepsis",
        "psoriasis",
        "arthritis",
        "diagnosis",
        "thrombosis",
        "fibrosis",
        "sclerosis",
        "osteoporosis",
        "cirrhosis",
        "tuberculosis",
        "necrosis",
        "ptosis",
        "gas",
        "plus",
        "bus",
        "lens",
        "pancreas",
        "iris",
        "pelvis",
        "penis",
        "testis",
        "anus",
        "thorax",
        "abscess",
        "illness",
        "weakness",
        "dizziness",
        "drowsiness",
        "numbness",
        "stiffness",
        "tightness",
        "sleepiness",
        "dryness",
        "nervousness",
        "restlessness",
        "hoarseness",
        "redness",
        "tenderness",
        "sweetness",
        "blindness",
        "deafness",
        "consciousness",
        "lightheadedness",
        "sluggishness",
        "swollenness",
        "clumsiness",
        "shakiness",
        "unsteadiness",
        "tiredness",
        "sadness",
        "sickness",
        "alopecia",
        "ascites",
        "bronchiectasis",
        "hydronephrosis",
        "always",
        "aids",
        "hiv",
        "mrsa",
        "copd",
        "ards",
        "ibs",
        "pcos",
        "sars",
        "mers",
        "ms",
        "als",
        "sle",
        "bps",
        "glucose",
        "sucrose",
        "lactose",
        "fructose",
        "dextrose",
        "maltose",
        "cellulose",
        "ribose",
        "xylose",
        "bis",
        "tris",
        "this",
        "its",
        "has",
        "was",
        "less",
        "loss",
        "mass",
        "pass",
        "stress",
        "process",
        "access",
        "excess",
        "distress",
        "gauss",
        "clofazimine",
        "ss",
        "us",
        "is",
        "yes",
        "hypnosis",
        "narcosis",
    }
)
_STOP = frozenset({"the", "a", "an", "of", "nos"})
# Closed compounds that vocabularies also write open: "heartbeat" is "heart beat".
_SPLIT: dict[str, tuple[str, ...]] = {"heartbeat": ("heart", "beat")}


def _american(token: str) -> str:
    for uk, us in _UK_US:
        if uk in token:
            token = token.replace(uk, us)
    m = _ISE.search(token)
    if m and token[: m.start()] + "ise" not in _ISE_KEEP:  # "bruises" keeps the s of "bruise"
        token = _ISE.sub(lambda m: "iz" + m.group(1), token)
    return token


def _singular(token: str) -> str:
    if len(token) <= 3 or token in _NOT_PLURAL or not token.endswith("s") or token[0].isdigit():
        return token
    if token.endswith(("ss", "us", "is", "ous")):
        return token
    if token.endswith(("aches", "oses")):  # headaches, doses: the e belongs to the word
        return token[:-1]
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("ches", "shes", "xes", "sses", "zes")):
        return token[:-2]
    return token[:-1]


@lru_cache(maxsize=131072)
def tokens(text: str) -> tuple[str, ...]:
    """The normalised words of a term: folded case and accents, American spelling, singular."""
    t = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).replace("’", "'").lower())
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.replace("'s ", " ").replace("µ", "u").replace("β", "beta").replace("α", "alpha").replace("γ", "gamma")
    return tuple(_singular(_american(w)) for w in _TOKEN.findall(t))


def _key_words(text: str) -> list[str]:
    """The words keys are made of: the normalised words, closed compounds written open (a
    concept's name keeps the compound as written)."""
    out: list[str] = []
    for w in tokens(text):
        if w not in _STOP:
            out.extend(_SPLIT.get(w, (w,)))
    return out


def key(text: str) -> str:
    """The exact key: normalised words in their order, articles and "NOS" left out."""
    return " ".join(_key_words(text))


def loose_key(text: str) -> str:
    """The word-order key: "diabetes mellitus type 2" and "type 2 diabetes mellitus" meet here."""
    return " ".join(sorted(_key_words(text)))


def without_parentheses(text: str) -> str:
    """The term without parenthesised or bracketed asides: "Hypertension (arterial)" -> "Hypertension"."""
    return " ".join(_PAREN.sub(" ", text).split())


def uninvert(label: str) -> str:
    """A MeSH-style inverted heading in natural order: "Anemia, Hemolytic" -> "Hemolytic Anemia"."""
    parts = [p.strip() for p in label.split(",")]
    if len(parts) < 2 or any(not p for p in parts) or len(parts) > 3:
        return label
    return " ".join(reversed(parts))


# Words that say which way a measure or a function is off, each read as one direction, so that
# "increased blood sugar", "high blood sugar" and "elevated blood glucose" differ only by their
# analyte; and the words that only say where or how it was measured.
_DIRECTION: dict[str, str] = {
    **dict.fromkeys(
        ("increased", "increase", "elevated", "elevation", "high", "higher", "raised", "excess", "excessive"),
        "high",
    ),
    **dict.fromkeys(("decreased", "decrease", "low", "lower", "reduced", "reduction", "diminished"), "low"),
    **dict.fromkeys(
        ("abnormal", "abnormality", "altered", "alteration", "change", "disturbance", "problem", "trouble"),
        "abnormal",
    ),
    **dict.fromkeys(("fast", "rapid", "racing"), "fast"),
    **dict.fromkeys(("slow", "slowed"), "slow"),
}
_MEASURED = frozenset({"level", "concentration", "serum", "plasma", "circulating", "blood", "sensation", "in", "body"})
_MEASURE_SYNONYM = {"beat": "rate"}  # "fast heart beat", "fast heart rate"


def level_key(k: str) -> str:
    """The direction key of an exact key that names a measure or function gone one way: direction
    words read as one ("elevated" as "high"), where it was measured left out, words sorted;
    "" when the key names no direction. "increased levels of liver enzymes" and "Elevated liver
    enzymes" meet here; "low potassium levels" and "Low blood potassium levels"."""
    ws = k.split()
    directions = [_DIRECTION[w] for w in ws if w in _DIRECTION]
    if len(set(directions)) != 1:
        return ""
    # "blood" and "plasma" name the sample, except in "blood cell" and "plasma cell"
    rest = [
        _MEASURE_SYNONYM.get(w, w)
        for i, w in enumerate(ws)
        if w not in _DIRECTION and (w not in _MEASURED or ws[i + 1 : i + 2] == ["cell"])
    ]
    if directions[0] == "abnormal" and {"morphology", "morphological"} & set(rest):
        return ""  # a changed shape, not a changed measure or function
    if not rest:
        return ""
    return " ".join([directions[0], *sorted(rest)])
