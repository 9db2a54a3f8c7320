"""Extract contraindications, precautions with their populations, interactions and FDA pregnancy categories."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from kg.extract.product import ingredients
from kg.extract.text import evidence
from kg.extract.text import sentences as _sentences
from kg.model import (
    Block,
    BlockKind,
    Contraindication,
    Document,
    Fact,
    Interaction,
    Population,
    Precaution,
    PregnancyCategory,
    Section,
    SectionText,
)

# --- pregnancy category -------------------------------------------------------------------

# The letter is matched case-sensitively so that "category a" in running text is not read
# as a letter; "Category C or D" states two letters and yields both.
_CATEGORY = re.compile(
    r"(?i:\bcategor(?:y|ized|ised)(?:\s+as)?(?:\s+(?:fda|us|u\.s\.))?(?:\s+pregnancy)?(?:\s+category)?)"
    r"\s*:?\s*\(?\s*([ABCDX])\b(?:\s*(?:/|or|and|-|to)\s*([ABCDX])\b)?"
)
_PREGNANCY_WORD = re.compile(r"pregnan", re.I)

# --- populations --------------------------------------------------------------------------

_POPULATIONS: tuple[tuple[re.Pattern[str], Population], ...] = (
    (re.compile(r"\bpregnan", re.I), Population.PREGNANCY),
    (
        re.compile(
            r"\b(?:breast[- ]?feed|breast[- ]?fed|lactat|nursing (?:mothers?|women|infants?)|breast milk)", re.I
        ),
        Population.BREASTFEEDING,
    ),
    (
        re.compile(
            r"\b(?:child|children|paediatric|pediatric|infants?|neonat|newborns?|adolescents?|toddlers?|kids)\b", re.I
        ),
        Population.CHILD,
    ),
    (
        re.compile(
            r"\b(?:elderly|older (?:adults?|patients|people|individuals)|geriatric|seniors?|aged? (?:65|over))", re.I
        ),
        Population.ELDERLY,
    ),
    (re.compile(r"\b(?:liver|hepatic)\b", re.I), Population.HEPATIC_IMPAIRMENT),
    (re.compile(r"\b(?:kidney|renal)\b", re.I), Population.RENAL_IMPAIRMENT),
)
# A liver or kidney word only makes the population when the phrase is about impaired function.
_ORGAN_STATE = re.compile(
    r"\b(?:disease|impairment|impaired|dysfunction|insufficiency|failure|problems?|conditions?|function|"
    r"damage|cirrhosis|disorders?)\b",
    re.I,
)
_POP_NAMES = {
    Population.PREGNANCY: "pregnancy",
    Population.BREASTFEEDING: "breastfeeding",
    Population.CHILD: "children",
    Population.ELDERLY: "elderly",
    Population.HEPATIC_IMPAIRMENT: "hepatic impairment",
    Population.RENAL_IMPAIRMENT: "renal impairment",
}


def populations(text: str) -> list[Population]:
    """The populations a phrase names, in a fixed order."""
    out: list[Population] = []
    for pat, pop in _POPULATIONS:
        if pat.search(text):
            if pop in (Population.HEPATIC_IMPAIRMENT, Population.RENAL_IMPAIRMENT) and not _ORGAN_STATE.search(text):
                continue
            out.append(pop)
    return out


# --- frames -------------------------------------------------------------------------------

_ADV = (
    r"(?:\s+(?:absolutely|strictly|generally|also|usually|typically|strongly|definitely|often|always|best|"
    r"completely|totally|specifically|particularly|especially|contraindicated|not|be|ever|otherwise|normally|"
    r"routinely|ordinarily))*"
)
_PRE_NOT = r"(?:\s+(?:also|generally|usually|typically|absolutely|strictly|ever|normally|definitely|really))?"
_CI_WORD = r"contra-?indicated(?:\s*\([^)]{0,80}\))?"
_USE_VERB = r"(?:used|taken|given|administered|prescribed|applied|started|initiated|used or taken|combined)"
_PREP_ALT = r"in|for|during|with|by|among|if|when|while|to|on"
_PREP = r"(?P<prep>" + _PREP_ALT + r")\b"
# The object of "do not use X if …": up to four words, then a preposition or the end of the clause.
_OBJ = r"(?:\s+(?!(?:" + _PREP_ALT + r")\b)[\w\-/+'’]+){0,4}?(?=\s*,?\s*(?:" + _PREP_ALT + r")\b|\s*[.;,)]|\s*$)"

# A strong frame with what follows it (the lookahead on first letters lets the scan skip
# most positions quickly): the conditions come after the preposition, or,
# with nothing after it ("breastfeeding is contraindicated"), they are the subject.
_STRONG = re.compile(
    r"(?=[cCsSmMdDiIaAnN'’])\b(?:"
    + _CI_WORD
    + r"|(?:should|must|may|can|shall)"
    + _PRE_NOT
    + r"\s+not"
    + _ADV
    + r"\s+be\s+"
    + _USE_VERB
    + r"|(?:shouldn't|mustn't|cannot|can't)"
    + _ADV
    + r"\s+be\s+"
    + _USE_VERB
    + r"|(?:do|does)\s+not\s+(?:use|take|give|administer|start|apply|receive)"
    + _OBJ
    + r"|(?:should|must)"
    + _PRE_NOT
    + r"\s+not\s+(?:use|take|receive|be\s+given|be\s+treated\s+with)"
    + _OBJ
    + r"|(?:should|must)"
    + _ADV
    + r"\s+(?:be\s+)?avoid(?:ed)?(?:\s+(?:using|taking|use\s+of))?"
    + _OBJ
    + r"|(?:\bis|\bare|[’']s|[’']re)"
    + _ADV
    + r"\s+(?:avoided|discouraged)"
    # "Pregnancy is also a contraindication"
    + r"|(?:\bis|\bare)(?:\s+(?:also|an?|absolute|relative|strict))*\s+contra-?indications?\b"
    + r"(?!\s+(?:to|for|of|in)\b(?!\s+(?:its|their|the)?\s*use\b))"
    + r"|\bavoid(?:(?:\s+(?:use|using|taking))?"
    + _OBJ
    + r")?(?=\s+(?:in|during|if|while)\b)"
    + r"|not\s+(?:be\s+)?(?:approved|suitable|intended|safe)(?:\s+for\s+use)?"
    # "not indicated for use in children"; "not indicated for asthma" only denies a use
    + r"|not\s+indicated\s+for\s+use(?=\s+(?:in|during)\b)"
    + r"|not\s+(?:be\s+)?recommended(?:\s+for\s+use|\s+to\s+(?:take|use|give|receive)"
    + _OBJ
    + r"(?=\s*,?\s*(?:in|during|if|while|when)\b))?"
    + r")(?P<after>\s*,?\s*(?:"
    + _PREP
    + r")?)",
    re.I,
)
_WEAK = re.compile(r"not\s+(?:be\s+)?recommended", re.I)
_AVOID = re.compile(r"avoid", re.I)
_NEGATED = re.compile(
    r"\b(?:not|no|never|nor)\s+(?:\w+\s+)?(?:contra-?indicat|absolute\s+contra)|\bno\s+(?:known\s+)?contraindications?\b"
    r"|\bwithout\s+consulting|\bunless\s+(?:directed|advised|prescribed|instructed|recommended)\s+by",
    re.I,
)
_CAUTION = re.compile(
    r"\b(?:with\s+(?:extreme\s+|great\s+|particular\s+)?caution|cautious(?:ly)?|caution\s+(?:is|should)|exercise\s+caution"
    r"|use\s+caution|careful(?:ly)?\s+(?:monitor|consider|assess|weigh|evaluat)|close(?:ly)?\s+monitor|"
    r"require[sd]?\s+(?:careful|close|dose|dosage)|(?:dose|dosage)\s+adjustments?|consult\s+(?:your|a|their|the)\s+"
    r"(?:doctor|physician|healthcare|health care|pharmacist)|discuss\b|more\s+(?:sensitive|susceptible)|"
    r"at\s+(?:increased|higher|greater)\s+risk|not\s+(?:been\s+)?(?:fully\s+)?established)",
    re.I,
)
# Where the target of a caution is named.
_CAUTION_TARGET = re.compile(
    r"\b(?:in|for)\s+(?=(?:patients|individuals|people|those|persons|anyone|women|men|children|infants|adults|"
    r"elderly|older|pregnant|breastfeeding|nursing)\b)",
    re.I,
)
_SUBJECT_PERSON = re.compile(
    r"^(?:(?:adult|elderly|older|pediatric|paediatric|female|male|young|pregnant|breastfeeding|nursing|lactating)\s+)?"
    r"(?:patients|individuals|people|persons|those|anyone|someone|women|men|mothers|children|infants|adults|"
    r"users|subjects|anybody|newborns|neonates|girls|boys|adolescents|the\s+elderly|elderly)\b",
    re.I,
)
_SUBJECT_THING = re.compile(
    r"^(?:(?:the\s+)?(?:concurrent|concomitant|combined|simultaneous|co-?administration|combination|use|"
    r"pregnancy|breast-?feeding|lactation|nursing|hypersensitivity|allergy|allergies)\b)",
    re.I,
)

# --- cleaning condition names -------------------------------------------------------------

_CUT = re.compile(
    r"\s+(?:due\s+to|because|since|unless|except|so\s+that|in\s+order|which|whereas|owing\s+to|regardless|"
    r"(?<!such\s)as\s+(?:it|this|they|these|the|there|a|an|its|well\s+as\s+during)\b|"
    r"and\s+(?:should|must|may|can|is|are)\b|or\s+(?:should|must|may|can)\b|but|however|"
    r"(?:with\s+or\s+)?without|as\s+(?:its|their)|under\s+(?:close|medical|strict)|if\s+(?:the|it|this)\b|"
    r"(?:while|when)\s+(?:taking|using|on|receiving|being\s+treated)|for\s+(?:at\s+least|more\s+than|longer)|"
    r"(?:at|for)\s+(?:least|up\s+to)\s+\d)"
    r"|\s*(?:–|—|--|\s-\s|:)\s*|\.\s*$",
    re.I,
)
# Where a whole list of conditions ends: the reason or exception that follows it.
_CUT_LIST = re.compile(
    r"[,;]?\s+(?:due\s+to|because|since|unless|except|so\s+that|in\s+order|owing\s+to|regardless|as\s+(?:it|this|they|these)\b|"
    r"(?:and|but|or)\s+(?:should|must|may|can)\b|but|however|without\s+(?:consulting|medical|a\s+doctor|first|talking|speaking|checking|prior|professional|the|explicit|express|specific)|(?<!such\s)as\s+(?:the|a|an|there|its|their)\b|"
    r"and\s+(?=(?:[\w\-]+\s+){0,4}(?:should|must|is|are|may|can|will)\b))"
    r"|\s*(?:–|—|--|\s-\s|:\s)\s*"
    # ", as blood levels can increase": the reason
    r"|[,;]\s*as\s+(?!well\s+as\b)",
    re.I,
)
_AFTER_VERB = re.compile(r"\bafter\s+(?:receiving|taking|using|the\s+administration\s+of|administration\s+of)\s+", re.I)
_LEAD = re.compile(
    r"^(?:(?:and|or|and/or|nor|such\s+as|including|include|includes|e\.g\.?,?|i\.e\.?,?|like|especially|particularly|"
    r"notably|for\s+example,?|for\s+instance,?|as\s+well\s+as|along\s+with|in|during|while|when|by|among|with|to|for|at|"
    r"a|an|the|any|patients?|individuals?|people|persons?|those|anyone|someone|users?|subjects?|men|women|"
    r"who|that|have|has|had|are|is|were|was|be|being|suffering|from|having|experiencing|known|suspected|"
    r"documented|diagnosed|already|currently|previously|with)\s+)+",
    re.I,
)
_ALLERGY_LEAD = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?:(?:known|suspected|documented|previous|prior|history\s+of)\s+)*"
    r"(?:(?:significant\s+|serious\s+|severe\s+|prior\s+|previous\s+)?(?:hypersensitivity|allergy|allergies|allergic\s+reactions?|sensitivity|"
    r"intolerance)(?:\s+(?:reactions?))?|allergic|hypersensitive|sensitive|intolerant)\s+(?:to|towards?)\s+",
    re.I,
)
_TAKING = re.compile(
    r"^(?:(?:currently|already|concurrently|also|recently|previously)\s+)?(?:taking|taken|using|receiving|received|"
    r"on\s+(?!(?:the|a|an|their|your|his|her)\b)|treated\s+with|"
    r"(?:concurrent|concomitant|combined|simultaneous|current|recent)\s+(?:use|treatment|therapy|administration)\s+"
    r"(?:of|with)|co-?administration\s+(?:of|with)|use\s+of)\s+",
    re.I,
)
_LAST_TAKING = re.compile(
    r".*\b(?:taking|taken|using|receiving|received|treated\s+with|use\s+of|therapy\s+with|treatment\s+with)\s+", re.I
)
_IN_PATIENTS = re.compile(
    r"\s+(?:in|by|for|among)\s+(?:patients|individuals|people|those|persons|children|adults|women|men)\b", re.I
)
_OTHER = re.compile(r"^(?:other|certain|some|specific|some\s+other|any\s+other)\s+", re.I)
_COMPONENTS = re.compile(
    r"^(?:(?:any|all)\s+)?(?:other\s+)?(?:of\s+)?(?:the\s+|its\s+|their\s+)?(?:other\s+)?(?:inactive\s+|listed\s+|related\s+)?"
    r"(?:components?|ingredients?|excipients?|constituents?|formulation|product|preparation)\b",
    re.I,
)
_PRONOUN = re.compile(
    r"^(?:it|them|this\s+(?:drug|medication|medicine|product|combination)|the\s+(?:drug|medication|medicine)|"
    # what is left of "either drug", "both medications" once "either"/"both" is dropped
    r"drugs?|medications?|medicines?|ingredients?)$",
    re.I,
)
_VAGUE = re.compile(
    r"^(?:(?:certain|some|specific|other|various|several|many|particular|the\s+following|following|such|these|those|"
    r"similar|related|"
    r"any|all|underlying|pre-?existing|existing)\s+)+(?:[\w\-]+\s+){0,2}"
    r"(?:conditions?|disorders?|diseases?|situations?|circumstances|problems?|issues|illness(?:es)?|"
    r"medications?|medicines?|drugs?|populations?|groups?|individuals|"
    r"patients|people|cases|types|forms|factors)$"
    r"|^(?:everyone|everybody|all|anyone|you|them|it|this|these|those|use|treatment|therapy|general|people|"
    r"patients|individuals|this\s+population|these\s+populations?|this\s+group|these\s+groups?|these\s+patients|"
    r"such\s+(?:patients|individuals|cases)|this\s+case|these\s+cases|all\s+patients|some\s+people|"
    r"the\s+following|following)$",
    re.I,
)
_ANAPHOR = re.compile(
    r"^(?:(?:any|all|one|either|none)\s+)?(?:of\s+)?(?:this|these|such|those)\s+(?:population|populations|group|groups|"
    r"patients|individuals|age\s+group|cases|periods?|times?|stages?|conditions?|situations?|(?:side\s+)?effects?|"
    r"symptoms?)$",
    re.I,
)
# Heads that name how or where the product is used, not who may not use it.
_NOT_CONDITION = re.compile(
    r"^(?:more\s+than|longer|long-?term|prolonged|extended|large|larger|high|higher|excessive|\d|the\s+eyes?\b|eyes?\b|"
    r"mouth|nose|mucous|broken|open|damaged|irritated|wounds?|skin|areas?|face|ears?\b|amounts?|doses?|quantities|"
    r"combination\s+with|conjunction|place|self-?(?:medication|treatment)|purposes|substitute|replacement|"
    r"treatment|treating|therapy|use(?!\s+of)|the\s+treatment|prevention|this\s+purpose|routine|first-?line|initial|"
    r"a\s+substitute|case|cases|any\s+reason|anyone\s+else|others|other\s+people|someone\s+else|"
    r"driving|operating|machinery|activities|sun|sunlight|exposure|alcohol|grapefruit|animals|pets|dogs|cats|"
    r"veterinary|inside|on\s+the|genitals?|all\b|if\b|direct\b|favou?r\b|your\b|getting\b|(?:intramuscular|intravenous|subcutaneous)\s+injection|"
    # what is left of "particularly without …" once the reason is cut off
    r"\w+ly$)",
    re.I,
)
_DANGLING = frozenset(
    [
        "with",
        "including",
        "include",
        "includes",
        "like",
        "especially",
        "particularly",
        "notably",
        "e.g",
        "e.g.",
        "i.e",
        "i.e.",
        "in",
        "during",
        "while",
        "when",
        "by",
        "among",
        "to",
        "for",
        "at",
        "who",
        "that",
        "from",
        "and",
        "or",
        "nor",
        "such",
        "as",
        "of",
    ]
) | {"such as", "for example", "for instance"}
_SPLIT_COORD = re.compile(r"\s+(?:and/or|or|and|&|/)\s+|/", re.I)
# Words that already are a whole condition: a coordination after them is two conditions,
# not a shared head ("diabetes and renal impairment", not "diabetes impairment").
_WHOLE = re.compile(
    r"(?:osis|sis|itis|emia|aemia|pathy|ism|ia|ure|ness|ion|ing|cancer|disease|disorders?|syndrome|failure|pregnancy|"
    r"breastfeeding|breast-feeding|lactation|children|infants|tumou?rs?|ulcers?|betes|asthma|epilepsy|glaucoma)$",
    re.I,
)
# For coordination a plural noun also ends a condition ("seizures or neurological disorders").
_WHOLE_PLURAL = re.compile(_WHOLE.pattern[:-2] + r"|es|ies|ts|ns)$", re.I)
_MODIFIERS = {
    "severe",
    "moderate",
    "mild",
    "known",
    "recent",
    "active",
    "acute",
    "chronic",
    "uncontrolled",
    "significant",
    "serious",
    "advanced",
    "untreated",
    "existing",
    "current",
    "pre-existing",
    "suspected",
    "unstable",
    "marked",
    "impaired",
    "decompensated",
}
_PREP_WORDS = {"of", "to", "with", "in", "after", "from", "for", "on", "by", "at", "during"}
_PERSON_HEAD = re.compile(
    r"^(?:pregnant|breastfeeding|breast-feeding|nursing|lactating)\s+(?:women|mothers|patients|individuals|people|females)$"
    r"|^(?:women|females|mothers|patients|individuals|people|those|girls)\s+who\s+(?:are|may|might|could|plan|intend)\b"
    r"[\w\s]{0,30}?\b(?:pregnan|breast-?feeding|nursing|lactating)",
    re.I,
)
_PREG_CANON = re.compile(
    r"^(?:pregnant|pregnancy|known\s+or\s+suspected\s+pregnancy|suspected\s+pregnancy|"
    r"(?:women|people|patients)\s+who\s+(?:are|may\s+be)\s+pregnant|pregnant\s+\w+|"
    r"(?:the\s+)?(?:first|second|third|last|late)\s+(?:and\s+third\s+)?trimesters?(?:\s+of\s+pregnancy)?|"
    r"late\s+pregnancy|early\s+pregnancy|women\s+planning\s+(?:a\s+)?pregnancy)$",
    re.I,
)
_BF_CANON = re.compile(
    r"^(?:breast-?feeding|breast\s+feeding|lactation|lactating(?:\s+\w+)?|"
    r"nursing(?:\s+(?:mothers|women))?|"
    r"breastfeeding\s+\w+|(?:women|mothers)\s+who\s+are\s+(?:breastfeeding|nursing))$",
    re.I,
)
_MAX_WORDS = 10
_WS = re.compile(r"\s+")
_SOME_CASES = re.compile(r"^(?:in\s+)?(?:some|certain|rare|specific|selected)\s+cases,?\s+(?:of\s+)?", re.I)
_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.I)
_OPEN_PAREN = re.compile(r"\s*[(\[][^)\]]*$")
_ALLERGEN_SPLIT = re.compile(r"\s+(?:and/or|or|and|nor)\s+|\s*/\s*", re.I)
_EITHER = re.compile(r"^(?:either|both)\s+", re.I)
_KINDS_OF = re.compile(r"^(?:(?:certain|some|specific|particular|other)\s+)?(?:types?|forms?|kinds?)\s+of\s+", re.I)
_ADJECTIVE = re.compile(r"^[a-z\-]+(?:al|ic|ac|ar|ous|ive|ary|oid)$", re.I)


# The characters _split_top acts on; the text between them is copied, not read char by char.
_TOP_SPLIT_CHARS = re.compile(r"[()\[\],;]")


def _split_top(text: str) -> list[str]:
    """Split at commas and semicolons outside parentheses and brackets."""
    out: list[str] = []
    depth = 0
    start = 0
    for m in _TOP_SPLIT_CHARS.finditer(text):
        ch = m.group()
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(text[start : m.start()])
            start = m.end()
    out.append(text[start:])
    return [p.strip() for p in out if p.strip()]


# "… kidney problems or those who are allergic to X": a new noun phrase starts after the conjunction.
_NP_BOUNDARY = re.compile(
    r"\s+(?:or|and|and/or)\s+(?=(?:those|patients|individuals|people|persons|anyone|women|men|children|infants|"
    r"a\s+history|history|known|hypersensitivity|allergy|allergies|allergic|"
    r"in\s+(?:those|patients|individuals|people|pregnant|breastfeeding|nursing|women|men|children|infants))\b)",
    re.I,
)
_ALLERGY_PAIR = re.compile(
    r"\b(?:allergy|allergies|hypersensitivity|allergic\s+reactions?)\s+(?:or|and|and/or|/)\s+"
    r"(?:allergy|allergies|hypersensitivity|allergic\s+reactions?)\b",
    re.I,
)
_PAREN = re.compile(r"\s*[\(\[]([^()\[\]]*)[\)\]]")
_EXAMPLES = re.compile(
    r"^\s*(?:e\.g\.?|eg\.?|i\.e\.?|such\s+as|including|like|for\s+example|especially|particularly)[,:]?\s+", re.I
)


# A head naming a kind of disease, whose parenthesised examples are diseases too.
_DISEASE_HEAD = re.compile(
    r"\b(?:diseases?|disorders?|conditions?|infections?|arrhythmias?|syndromes?|cancers?|tumou?rs?)$", re.I
)


def _drop_parens(text: str) -> str:
    prev = None
    while prev != text:
        prev = text
        text = _PAREN.sub("", text)
    return text


def _items(text: str) -> list[str]:
    """Split a list of conditions into raw items; a vague head with examples gives the examples."""
    return list(_split_items(text))


@lru_cache(maxsize=4096)
def _split_items(text: str) -> tuple[str, ...]:
    # Cached: a contraindication frame splits the same text once to test its first item, then again
    # to read its conditions.
    out: list[str] = []
    if " history of " in text:
        text = _OR_HISTORY.sub(_or_history, text)
    chunks = [c for part in _split_top(text) for c in _NP_BOUNDARY.split(part) if c.strip()]
    for chunk in chunks:
        head = _drop_parens(chunk).strip()
        inner = [m.group(1) for m in _PAREN.finditer(chunk)]
        vague = bool(_VAGUE.match(_LEAD.sub("", head)))
        examples = next((i for i in inner if _EXAMPLES.match(i) or "," in i), None)
        if examples is not None and vague:
            out.extend(_split_top(_EXAMPLES.sub("", examples)))
            continue
        if examples is not None and _EXAMPLES.match(examples) and _DISEASE_HEAD.search(head):
            # "severe inflammatory bowel diseases (such as Crohn's disease, ulcerative colitis)": the
            # head and each example
            out.append(head)
            out.extend(_split_top(_EXAMPLES.sub("", examples)))
            continue
        # "certain conditions such as X" / "conditions including X": the examples are the items
        m = re.search(r"\b(?:such\s+as|including|like|e\.g\.?,?)\s+", head, re.I)
        if m and _VAGUE.match(_LEAD.sub("", head[: m.start()].strip(" ,"))):
            head = head[m.end() :]
        out.append(head)
    return tuple(out)


# "existing or history of cervical cancer": the adjective and the history share the condition
_OR_HISTORY = re.compile(r"\b([A-Za-z-]+)\s+or\s+(?:a\s+)?(history\s+of\s+)([^,;.]+)", re.I)


def _or_history(m: re.Match[str]) -> str:
    word = m.group(1)
    if not (word.lower() in _MODIFIERS or _ADJECTIVE.match(word) or word.lower() in ("recurrent", "prior")):
        return m.group(0)
    return f"{word} {m.group(3)}, {m.group(2)}{m.group(3)}"


def _coord(item: str) -> list[str]:
    """Split "severe liver or kidney disease" into "severe liver disease" and "severe kidney disease"."""
    parts = _SPLIT_COORD.split(item, maxsplit=1)
    if len(parts) != 2:
        return [item]
    left, right = parts[0].strip(), parts[1].strip()
    if re.match(r"^(?:older|over|above|younger|under|below|up|more|less|greater|beyond)\b", right, re.I):
        return [item]  # "aged 75 and older" is one age group
    if not left or not right:
        return [x for x in (left, right) if x]
    lw, rw = left.split(), right.split()
    if left.endswith("-") and len(lw) == 1 and "-" in rw[0]:
        # "second- or third-degree AV block"
        return [" ".join([left + rw[0].split("-", 1)[1], *rw[1:]]), *_coord(right)]
    if len(lw) > 1 and lw[-1].lower() in _PREP_WORDS:
        # "history of/active breast cancer": the preposition takes the right's condition
        tail = list(rw)
        while len(tail) > 1 and tail[0].lower() in _MODIFIERS:
            tail.pop(0)
        return [" ".join([*lw, *tail]), *_coord(right)]
    mods: list[str] = []
    while len(lw) > 1 and lw[0].lower() in _MODIFIERS:
        mods.append(lw.pop(0))
    if len(lw) > 1 and len(rw) >= 2 and _ADJECTIVE.match(lw[-1]) and rw[-1].lower() not in _PREP_WORDS:
        # "history of serious ventricular or atrial arrhythmias": the left shares the right's noun
        return [" ".join([*mods, *lw, *rw[1:]]), *_coord(right)]
    if (
        len(lw) == 1
        and len(rw) >= 2
        and rw[1].lower() not in _PREP_WORDS
        # "sepsis or at high risk of sepsis" is two phrases; "before or after surgery" shares its tail
        and (rw[0].lower() not in _PREP_WORDS or lw[0].lower() in _PREP_WORDS or lw[0].lower() == "before")
        and not _WHOLE_PLURAL.search(lw[0])
    ):
        tail = rw[1:]
        # "hypersensitivity or allergy to X" shares the whole tail after the second noun
        return [" ".join(mods + lw + tail), *_coord(" ".join(mods + rw))]
    if (
        len(lw) == 1
        and len(rw) >= 2
        and rw[1].lower() in ("to", "towards")
        and lw[0].lower() in ("hypersensitivity", "allergy", "allergies", "sensitivity", "intolerance")
    ):
        return [" ".join(lw + rw[1:]), *_coord(right)]
    return [" ".join(mods + lw), *_coord(right)]


def _canon(name: str) -> str:
    if _PREG_CANON.match(name):
        return "pregnancy"
    if _BF_CANON.match(name):
        return "breastfeeding"
    return name


def _clean(raw: str, title: str) -> str | None:
    """Trim one item to a short condition name, or None when it names no condition."""
    t = _CUT.split(raw, maxsplit=1)[0]
    t = _drop_parens(t)
    t = _WS.sub(" ", t).strip(" .,;:*\"'“”‘’")
    t = _SOME_CASES.sub("", t)
    if _PERSON_HEAD.match(t):
        return _canon("pregnancy" if re.search("pregnan", t, re.I) else "breastfeeding")
    t = _LEAD.sub("", t)
    t = _ARTICLE.sub("", t)
    t = _OPEN_PAREN.sub("", t)
    t = t.strip(" .,;:*\"'“”‘’")
    if not t or _VAGUE.match(t) or _NOT_CONDITION.match(t) or _COMPONENTS.match(t):
        return None
    if t.lower() in _DANGLING or t.lower() in _MODIFIERS:
        # "contraindicated in individuals with:", "existing or history of X": the word that
        # led into the condition, not a condition
        return None
    t = _KINDS_OF.sub("", t)
    t = _canon(t)
    m = _ALLERGY_LEAD.match(t)
    if m:
        obj = t[m.end() :].strip()
        if _PRONOUN.match(obj) or re.match(r"^(?:it|them)\s+or\b", obj, re.I):
            obj = title
        if _VAGUE.match(obj):
            return None
        kind = "hypersensitivity" if re.search(r"hypersensitiv", m.group(0), re.I) else "allergy"
        t = f"{kind} to {obj}"
    if len(t.split()) > _MAX_WORDS or len(t) < 3:
        return None
    return t.lower()


def _is_component(text: str) -> bool:
    return bool(_COMPONENTS.match(text.strip()) or _COMPONENTS.match(_LEAD.sub("", text.strip())))


def conditions(text: str, title: str) -> list[str]:
    """Condition names from a list of them, split and trimmed."""
    text = _CUT_LIST.split(text, maxsplit=1)[0]
    text = _AFTER_VERB.sub("after ", text)
    text = _ALLERGY_PAIR.sub("hypersensitivity", text)
    out: list[str] = []
    prefix: str | None = None
    raw_items = _share_heads(_items(text))
    allergy_items: list[str] = []
    for raw in raw_items:
        raw = _CUT.split(raw, maxsplit=1)[0]
        lead = _LEAD.sub("", _drop_parens(raw).strip()).strip()
        am = _ALLERGY_LEAD.match(lead)
        if am:
            prefix = am.group(0)
            allergy_items = [prefix + x for x in _allergy_objects(lead[am.end() :])]
            out.extend(allergy_items)
            continue
        if prefix is not None and _continues_allergy(lead):
            extra = [prefix + x for x in _allergy_objects(lead)]
            allergy_items.extend(extra)
            out.extend(extra)
            continue
        prefix = None
        if _PERSON_HEAD.match(lead):
            out.append("pregnancy" if re.search("pregnan", lead, re.I) else "breastfeeding")
            continue
        tm = _TAKING.match(lead)
        if tm:
            # "taking or have recently taken X": the object follows the last verb; "taking X or
            # have taken one within two weeks": it follows the first
            last = _LAST_TAKING.match(lead)
            objects = [lead[last.end() :]] if last else []
            objects.append(lead[tm.end() :])
            for obj in objects:
                agents = _agents_in(_IN_PATIENTS.split(obj, maxsplit=1)[0])
                if agents:
                    out.extend("use of " + x for x in agents)
                    break
            continue
        if re.match(r"^(?:concurrent|concomitant|combined|simultaneous)\s+use\b", lead, re.I):
            out.append(re.split(r"\s+in\s+(?:patients|individuals|people|those)\b", lead, maxsplit=1, flags=re.I)[0])
            continue
        out.extend(_coord(lead))
    names: list[str] = []
    for o in out:
        c = _clean(o, title)
        if c and c not in names:
            names.append(c)
    # "hypersensitivity to X or any of its components": the components add nothing once X is named
    named = [n for n in names if _ALLERGY_LEAD.match(n) and not _is_component(_ALLERGY_LEAD.sub("", n))]
    if named:
        names = [n for n in names if not (_ALLERGY_LEAD.match(n) and _is_component(_ALLERGY_LEAD.sub("", n)))]
    return names


def _share_heads(items: list[str]) -> list[str]:
    """Give "viral, fungal, or tubercular skin infections" their shared head: "viral skin infections", …."""
    out = list(items)
    for i, it in enumerate(items):
        word = _LEAD.sub("", it.strip())
        # one adjective, or adjectives in coordination ("systemic or local bacterial")
        if not all(_ADJECTIVE.match(w) or w.lower() in ("or", "and") for w in word.split()) or not word:
            continue
        nxt = next((x for x in items[i + 1 :] if len(_LEAD.sub("", x).split()) >= 2), None)
        if nxt is None:
            continue
        nw = _LEAD.sub("", nxt).split()
        if _ADJECTIVE.match(nw[0]):
            out[i] = word + " " + " ".join(nw[1:])
    return out


_TO = re.compile(r"^(?:to|towards)\s+", re.I)


def _allergy_objects(text: str) -> list[str]:
    parts = [p for p in _ALLERGEN_SPLIT.split(text) if p.strip()]
    out: list[str] = []
    for p in parts:
        p = _OTHER.sub("", p.strip())
        p = _EITHER.sub("", p)
        p = _TO.sub("", p)  # "to X or to Y"
        out.append(p)
    return out


def _continues_allergy(text: str) -> bool:
    """Whether a list item after "hypersensitivity to A" is another allergen rather than a new condition."""
    t = text.strip()
    if not t or _TAKING.match(t) or re.match(r"^(?:in|during|for|with|while|when)\b", t, re.I):
        return False
    if _is_component(t) or re.match(r"^(?:other|any|its|their)\b", t, re.I):
        return True
    words = _SPLIT_COORD.split(t)
    return all(len(w.split()) == 1 and not _WHOLE.search(w) for w in words if w)


# --- interactions -------------------------------------------------------------------------

_AGENT_VAGUE_WORDS = {
    "other",
    "certain",
    "some",
    "many",
    "several",
    "various",
    "numerous",
    "medications",
    "medication",
    "drugs",
    "drug",
    "medicines",
    "medicine",
    "prescription",
    "over-the-counter",
    "otc",
    "herbal",
    "supplements",
    "supplement",
    "remedies",
    "products",
    "product",
    "vitamins",
    "substances",
    "agents",
    "all",
    "any",
    "and",
    "or",
    "nonprescription",
    "dietary",
    "including",
    "those",
    "these",
    "that",
    "specific",
    "similar",
    "types",
    "classes",
    "a",
    "the",
    "of",
    "class",
    "combination",
    "combinations",
    "natural",
    "few",
    "most",
    "common",
    "commonly",
    "used",
    "minerals",
    "foods",
    "food",
    "treatments",
    "therapies",
    "ingredients",
    "containing",
    "same",
    "such",
}
_AGENT_BAD = re.compile(
    r"\b(?:that|which|who|affecting|affect|affects|metabolized|metabolised|processed|increase|decrease|"
    r"used\s+to|used\s+for|you|your|it|its|this|interact|cause|known|may|can|might|include|includes|"
    r"is|are|be|should|when|if|than|doctor|pharmacist|physician|effects?|levels?|risk|information|exists?|occurs?|"
    r"possible)\b",
    re.I,
)
_AGENT_LIST = re.compile(
    r"\b(?:including(?:,?\s+but\s+not\s+limited\s+to,?)?|such\s+as|e\.g\.?,?|like|especially|particularly|"
    r"notably|for\s+example,?|examples?\s+(?:include|are)(?:,?\s+but\s+(?:are\s+)?not\s+limited\s+to,?)?:?|"
    r"interacts?\s+with|interactions?\s+with|(?:taken|used|combined|given)\s+(?:together\s+)?with|"
    r"combining\s+(?:\w+\s+){0,3}?with|concomitant(?:ly)?\s+(?:use\s+)?with|contraindicated\s+with|avoid(?:ing)?(?:\s+(?:taking|using|drinking|consuming|combining))?"
    r"|(?:use|taking)\s+of)\s+",
    re.I,
)
_ALCOHOL = re.compile(r"\b(?:alcohol|grapefruit(?:\s+juice)?|caffeine|tobacco|smoking)\b", re.I)


_AGENT_SPLIT = re.compile(r"\s+(?:and/or|or|and|as\s+well\s+as)\s+|,", re.I)
_AGENT_LEAD = re.compile(
    r"^(?:(?:and|or|with|including|such\s+as|like|especially|particularly|e\.g\.,?|(?:concomitant|concurrent|combined)\s+"
    r"use\s+(?:with|of)|use\s+of|taking|using)\s+)+",
    re.I,
)
_AGENT_END = re.compile(
    r"[.;:]\s|\s+(?:to|in\s+order|because|since|as\s+(?:it|this|they|these|the)|due|while|when|can|may|could|might|"
    r"will|should|is|are|unless|if)\b",
    re.I,
)
_WORD = re.compile(r"[\w\-']+")


def _agents_in(text: str) -> list[str]:
    """Named agents in a list; vague ones ("other medications") are left out."""
    out: list[str] = []
    for raw in _items(_CUT.split(text, maxsplit=1)[0]):
        raw = _drop_parens(raw)
        for part in _AGENT_SPLIT.split(raw):
            a = _WS.sub(" ", part).strip(" .,;:*\"'“”‘’")
            a = _AGENT_LEAD.sub("", a)
            a = _OTHER.sub("", a)
            a = _ARTICLE.sub("", a).strip()
            if not a or len(a.split()) > 5 or _AGENT_BAD.search(a):
                continue
            words = [w.lower() for w in _WORD.findall(a)]
            if not words or all(w in _AGENT_VAGUE_WORDS for w in words):
                continue
            if a[0].isdigit():
                continue
            out.append(a.lower())
    return out


def interactions_in(sentence: str) -> list[str]:
    """Agents a sentence says interact with the product."""
    out: list[str] = []
    for m in _AGENT_LIST.finditer(sentence):
        rest = sentence[m.end() :]
        rest = _AGENT_END.split(rest, maxsplit=1)[0]
        for a in _agents_in(rest):
            if a not in out:
                out.append(a)
    for m in _ALCOHOL.finditer(sentence):
        a = m.group(0).lower()
        if a not in out:
            out.append(a)
    return out


# --- the extractor ------------------------------------------------------------------------

_CI_LABEL = re.compile(
    r"^(?:absolute\s+|relative\s+)?contra-?indicat|^(?:who\s+should\s+not|do\s+not\s+(?:use|take)|when\s+not\s+to)",
    re.I,
)
_INTERACTION_LABEL = re.compile(
    r"interact|other\s+(?:medications|medicines|drugs)|concomitant|co-?administration", re.I
)
_META_LABEL = re.compile(
    r"^(?:(?:other|general|additional|important|specific|special)\s+)*(?:precautions?|warnings?|notes?|considerations?|"
    r"cautions?|information|storage|overdose|overdosage|monitoring|dosage|dose|administration|disposal|missed\s+dose|"
    r"driving|alcohol|contraindications?|interactions?|drug\s+interactions?|safety|use\s+with\s+caution|"
    r"important|disclaimer|populations?|groups?|instructions|usage|duration|side\s+effects|adverse\s+effects)\b",
    re.I,
)
_SUBJECT_BOUNDARY = re.compile(
    r".*(?:[;:]\s|,\s+(?:so|and|but|therefore|thus|hence)\s+|\b(?:so|therefore|thus|hence|however|but)\s*,?\s+|"
    r"\b(?:that|because|since|(?<!such\s)as)\s+)",
    re.I,
)
_SUBJECT_TAIL = re.compile(
    r"(?:\s+(?:is|are|was|were|be|been|also|generally|usually|typically|strictly|absolutely|often|always|should|must|"
    r"may|might|can|could|will|would|best|not|therefore|thus|then))+\s*$",
    re.I,
)


def _subject(before: str) -> str:
    """The noun phrase a frame's verb has as subject: the text after the last clause boundary."""
    m = _SUBJECT_BOUNDARY.match(before)
    s = before[m.end() :] if m else before
    return _SUBJECT_TAIL.sub("", s.strip(" ,")).strip(" ,")


def _label_population_names(label: str | None) -> list[str]:
    return [_POP_NAMES[p] for p in populations(label)] if label else []


_PERSON_ANAPHOR = re.compile(r"\b(?:population|populations|group|groups|patients|individuals|people)$", re.I)


def _antecedent_names(label: str | None, anaphor: str, before: str) -> list[str]:
    """The populations "this population" stands for: the label's, else those named before it
    ("the safety of X in children under 17 has not been established, and its use is not
    recommended in this age group"), in the same sentence or the one before."""
    names = _label_population_names(label)
    if names or not _PERSON_ANAPHOR.search(anaphor.strip()):
        return names
    return [_POP_NAMES[p] for p in populations(before)]


# Words of the sentence around an interaction that are not an agent ("potential interactions",
# "potentially increasing", "and others").
_NOT_AGENT = re.compile(r"^(?:others?|any|potential(?:ly)?|possibl[ey]|increas\w*|decreas\w*)\b|\binteract", re.I)


def _tidy_agent(agent: str) -> str:
    """An agent's name without the sentence's punctuation around it ("alcohol)" -> "alcohol")."""
    agent = agent.strip(" \t.,;:!?\"'“”‘’")
    while agent.endswith(")") and agent.count("(") < agent.count(")"):
        agent = agent[:-1].rstrip(" .,;:!?")
    while agent.startswith("(") and agent.count("(") > agent.count(")"):
        agent = agent[1:].lstrip()
    return agent


class _Facts:
    """Facts of one document with the evidence they were read from."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.title = re.sub(r"\s*\(.*?\)\s*", " ", doc.title).strip().lower()
        self.own = {n.lower() for n in ingredients(doc)} | {self.title}
        self.out: list[Fact] = []

    def contra(self, name: str, block: Block, quote: str, section: Section) -> None:
        pops = populations(name) if len(name.split()) <= 6 else []
        pop = pops[0] if len(pops) == 1 else None
        self.out.append(Contraindication(name, pop, (evidence(self.doc, block, quote, section),)))
        if name.startswith("use of "):
            self.out.append(Interaction(name[len("use of ") :], (evidence(self.doc, block, quote, section),)))

    def caution(self, topic: str, pop: Population | None, block: Block, quote: str, section: Section) -> None:
        self.out.append(Precaution(topic, pop, (evidence(self.doc, block, quote, section),)))

    def interaction(self, agent: str, block: Block, quote: str, section: Section) -> None:
        agent = _tidy_agent(agent)
        if (
            not agent or agent.lower() in self.own or _NOT_AGENT.search(agent)
        ):  # "X may interact with <this product>" names the product itself
            return
        self.out.append(Interaction(agent, (evidence(self.doc, block, quote, section),)))


_AVOIDED_OBJECT = re.compile(
    r"\b(?:avoid(?:ed)?(?:\s+(?:using|taking|use\s+of|use))?|recommended\s+to\s+(?:take|use|give|receive))\s+(.*?)"
    r"(?:\s*,?\s*(?:" + _PREP_ALT + r"))?\s*$",
    re.I,
)
_PRODUCT_REF = re.compile(
    r"^(?:(?:this|that|the|it|its|these|them|use|using|taking|oral|topical)\b|"
    # "this medication", "oral tablets"; not "accumulation of the drug" or "live vaccines"
    r"(?:(?:consuming|using|taking|eating|any|all|such|oral|topical)\s+)*(?:medications?|medicines?|drugs?|products?|"
    r"combination|supplements?|"
    r"formulations?|vaccines?|preparations?|creams?|ointments?|tablets?|injections?|agents?)\b)",
    re.I,
)


def _avoids_product(frame: str, title: str) -> bool:
    """Whether an "avoid …" frame avoids the product itself rather than something else."""
    m = _AVOIDED_OBJECT.search(frame)
    return m is None or _names_product(m.group(1), title)


def _names_product(obj: str, title: str) -> bool:
    """Whether a frame's object is the product ("this medication", "ginkgo biloba" on Ginkgo's page)."""
    obj = obj.strip()
    if not obj or _PRODUCT_REF.search(obj):
        return True
    squeezed = re.sub(r"[^a-z]", "", title)  # "Ethyl Morphine" is named "ethylmorphine"
    return any(w in title or w in squeezed for w in re.findall(r"[a-z]{4,}", obj.lower()))


_PERSON_STATE = re.compile(
    r"\s*(?:you|they|he|she|the\s+patient|patients?|a\s+person|pregnant|breast|nursing|lactating|allergic|hypersensitive|"
    r"there\s+is\s+a\s+(?:known\s+)?(?:history|allergy))",
    re.I,
)
_PERSON_VERB = re.compile(
    r"^\s*(?:you|they|he|she|the\s+patient|patients?|a\s+person)(?:\s+(?:are|have|has|had|is|were|'re|'ve|currently\s+have|"
    r"have\s+ever\s+had|suffer\s+from|experience)|['’](?:re|ve))\s+(?:(?:ever\s+)?had\s+)?",
    re.I,
)


# A frame whose subject is what it advises against ("X is not recommended", "X should not be used").
_PASSIVE = re.compile(
    r"\b(?:be|is|are)\b|[’']s\b|[’']re\b|contra-?indicated|not\s+(?:be\s+)?(?:recommended|approved|suitable)", re.I
)


_MODAL = re.compile(r"\s+(?:would|will|could|might|may|should|must|can|is|are|was|were)\b", re.I)
_ON_PRODUCT = re.compile(r"\b(?:taking|using|receiving|treated\s+with|on\s+(?:this|the|it))\b", re.I)
_STATE_SUBJECT = re.compile(r"^(?:pregnancy|breast-?feeding|lactation|nursing)\b", re.I)
_USE_DURING = re.compile(
    r"^(?:the\s+|its\s+)?use(?:\s+of\s+(?P<obj>.+?))?\s+(?:during|while|(?:in|by)\s+(?!(?:its|a|an)\s|the\s+(?!elderly\b)))",
    re.I,
)


def _sentence_contraindications(sent: str, label: str | None, title: str, previous: str = "") -> tuple[list[str], bool]:
    """Contraindicated conditions a sentence states, and whether it states a weak one (a caution).
    ``previous`` is the sentence before, where "this population" may find what it stands for."""
    if _NEGATED.search(sent):
        return [], False
    found: list[str] = []
    weak = False
    for m in _STRONG.finditer(sent):
        is_weak = bool(_WEAK.match(m.group(0))) and bool(re.search(r"\bunless\b", sent[m.end() :], re.I))
        # "is discouraged, with careful consideration ...": after a comma a new clause begins
        prep = "" if "," in m.group("after") else (m.group("prep") or "").lower()
        if prep == "for" and _STATE_SUBJECT.match(_LEAD.sub("", _subject(sent[: m.start()]))):
            # "breastfeeding is not recommended for women taking it" advises against the state with the
            # product; "breastfeeding is discouraged for people living with HIV" is advice about the disease
            if not _ON_PRODUCT.search(sent[m.end() : m.end() + 80]):
                continue
            prep = ""
        after = sent[m.end() :]
        names: list[str] = []
        if not _avoids_product(m.group(0), title):
            # "women with PAH should avoid pregnancy": what is avoided is not the product
            continue
        if prep in ("if", "when", "while"):
            # "do not use if you are allergic to X", "while breastfeeding": a person or a state must follow,
            # else ("contraindicated while taking this medicine") the subject is what is contraindicated
            if _PERSON_STATE.match(after):
                after = _PERSON_VERB.sub("", after)
            else:
                prep = ""
        if prep:
            if prep == "with" and not _AVOID.search(m.group(0)):
                # "contraindicated with X": X are drugs taken together
                names = ["use of " + a for a in _agents_in(after)]
            elif prep in ("to", "on") and not (prep == "to" and _SUBJECT_PERSON.match(after.strip())):
                # "applied to the skin", "not used on the face"; "given to children" names a population
                continue
            elif _ANAPHOR.match(anaphor := _LEAD.sub("", _CUT.split(after, maxsplit=1)[0].strip(" .,")).strip()):
                names = _antecedent_names(label, anaphor, previous + " " + sent[: m.start()])
            else:
                head = _LEAD.sub("", after.strip())
                if prep == "for" and not (
                    _SUBJECT_PERSON.match(after.strip()) or populations(head[:40]) or _PERSON_HEAD.match(after.strip())
                ):
                    # "not suitable for other types of infection" restricts the use, it names no patient
                    continue
                first = _items(_CUT_LIST.split(after, maxsplit=1)[0])[:1]
                if first and _NOT_CONDITION.match(_LEAD.sub("", first[0].strip())):
                    if not _PASSIVE.search(m.group(0)):
                        continue
                    # "breastfeeding is not recommended during treatment": the time of use, not a
                    # condition, follows; what is advised against is the subject
                    prep = ""
                else:
                    names = conditions(after, title)
        if not prep:
            subj = _subject(sent[: m.start()])
            subj_core = subj if _SUBJECT_PERSON.match(subj) else _LEAD.sub("", subj)
            during = _USE_DURING.match(subj)
            if during and (not during.group("obj") or _names_product(during.group("obj"), title)):
                # "Use during pregnancy is discouraged", "the use of X in children is not recommended"
                rest = _MODAL.split(subj[during.end() :], maxsplit=1)[0]
                if _ANAPHOR.match(rest.strip()):
                    names = _antecedent_names(label, rest, previous + " " + sent[: m.start() - len(subj)])
                else:
                    names = conditions(rest, title)
            elif _SUBJECT_PERSON.match(subj) or _SUBJECT_THING.match(subj_core) or _PERSON_HEAD.match(subj):
                if _SUBJECT_PERSON.match(subj) and len(subj.split()) == 1 and not populations(subj):
                    continue
                if re.match(r"^(?:the\s+)?use\b", subj, re.I) and not re.search(r"\b(?:with|of)\b", subj, re.I):
                    continue
                names = conditions(subj, title)
                if not names and populations(subj):
                    names = [_POP_NAMES[p] for p in populations(subj)]
            elif _ANAPHOR.match(subj_core) or re.match(r"^(?:its|the)\s+use\s+in\s+(?:this|these)\b", subj, re.I):
                names = _antecedent_names(label, subj_core, previous)
        if is_weak:
            weak = True
            continue
        found.extend(n for n in names if n not in found)
    return found, weak


def _caution_topics(sent: str, title: str) -> list[str]:
    """What a caution sentence is about: its "in patients with X" target, else its subject."""
    m = _CAUTION_TARGET.search(sent)
    if m:
        return conditions(sent[m.end() :], title)[:6]
    c = _CAUTION.search(sent)
    if c:
        subj = _subject(sent[: c.start()])
        subj = re.split(
            r"\s+(?:should|must|may|might|can|could|will|would|need|needs|require|requires|are|is)\b",
            subj,
            maxsplit=1,
            flags=re.I,
        )[0]
        if _SUBJECT_PERSON.match(subj) or _PERSON_HEAD.match(subj):
            return conditions(subj, title)[:6]
    return []


def extract(doc: Document) -> Iterator[Fact]:
    """Contraindications, precautions, interactions and pregnancy categories of one document."""
    facts = _Facts(doc)
    for st in doc.sections:
        _scan_section(facts, st)
    seen: set[Fact] = set()
    for f in facts.out:
        if f not in seen:
            seen.add(f)
            yield f


# Cheap substring tests that let most blocks skip sentence splitting and the frame patterns.
# Patterns run on lower-cased text without re.I: a plain alternation is scanned fast.
_NOT_FRAME_HINT = re.compile(
    r"[’']t be|not (?:(?:normally|generally|usually|typically|routinely|ordinarily|ever) )?(?:be|use|take|recommended|"
    r"approved|suitable|intended|safe|indicated|receive|give|administer|start|apply)"
)
_CAUTION_HINT = re.compile(r"caution|careful|monitor|adjust|consult|discuss|sensitive|susceptible|risk|established")
_INTERACTION_WORDS = re.compile(r"interact|concomitant|together with|alcohol|grapefruit|combin")


def _ci_hint(text: str) -> bool:
    low = text.lower()
    if "contra" in low or "avoid" in low or "discouraged" in low:
        return True
    return ("not " in low or "t be" in low) and _NOT_FRAME_HINT.search(low) is not None


def _caution_hint(text: str) -> bool:
    return _CAUTION_HINT.search(text.lower()) is not None


def _interaction_hint(text: str) -> bool:
    return _INTERACTION_WORDS.search(text.lower()) is not None


_INTERACTION_HINT = re.compile(
    r"\binteract|\bconcomitant|\btogether\s+with|\bcombin(?:e|ed|ing)\s+with|\bavoid(?:ing)?\s+(?:drinking|consuming|"
    r"alcohol|grapefruit)|\balcohol\b|\bgrapefruit\b",
    re.I,
)
_DRINK_LABEL = re.compile(r"^(?:alcohol|grapefruit)", re.I)


class _Sentences:
    """A block's sentences, split once and only when some rule needs them."""

    __slots__ = ("_items", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._items: tuple[str, ...] | None = None

    @property
    def items(self) -> tuple[str, ...]:
        if self._items is None:
            self._items = _sentences(self.text)
        return self._items

    @property
    def first(self) -> str:
        return self.items[0] if self.items else self.text


def _scan_section(facts: _Facts, st: SectionText) -> None:
    section = st.section
    in_precautions = section is Section.PRECAUTIONS
    opener_depth: int | None = None  # a contraindication list opened by a label or a "…:" sentence
    opener_label: str | None = None
    for b in st.blocks:
        text = b.rest if b.label else b.text
        label = b.label
        # list items under a "Contraindications:" label or a "contraindicated in:" sentence
        if opener_depth is not None:
            if b.kind is BlockKind.ITEM and b.depth > opener_depth:
                _list_item(facts, b, section, opener_label)
                continue
            opener_depth = None
        if label is None and b.kind is BlockKind.ITEM and b.parent is not None and _CI_LABEL.match(b.parent):
            _list_item(facts, b, section, None)
            continue
        is_ci_label = bool(label and _CI_LABEL.match(label))
        if is_ci_label and not text:
            opener_depth, opener_label = b.depth, label
            continue
        sents = _Sentences(text)
        if text and (is_ci_label or _ci_hint(text) or (in_precautions and _caution_hint(text))):
            _contra_text(facts, b, sents, section, label, as_list=is_ci_label)
        if text.endswith(":") and (is_ci_label or _opens_list(text, facts.title)):
            opener_depth, opener_label = b.depth, label
        if "ategor" in b.text:
            _pregnancy_category(facts, b, section)
        if in_precautions and text:
            _precaution_label(facts, b, sents, section)
            _interactions(facts, b, sents, section)


_LIST_LEAD = re.compile(r"[\s,]*\b(?:including|such\s+as|like|for\s+example|for\s+instance|e\.g\.?)$", re.I)


def _opens_list(text: str, title: str) -> bool:
    """Whether a sentence ending in a colon introduces a list of contraindications ("contraindicated in:")."""
    if not _ci_hint(text) or _NEGATED.search(text):
        return False
    last = None
    for m in _STRONG.finditer(text):
        last = m
    if last is None or _WEAK.match(last.group(0)):
        return False
    rem = _LEAD.sub("", text[last.end() :].strip().rstrip(":").strip()).strip()
    rem = _LIST_LEAD.sub("", rem)  # "several conditions, including:"
    if not rem:
        return True
    if len(rem.split()) > 6 or _NOT_CONDITION.match(rem):
        return False
    return bool(_VAGUE.match(rem)) or not conditions(rem, title)


def _pregnancy_category(facts: _Facts, b: Block, section: Section) -> None:
    """An FDA letter, read only from a sentence (or a block labelled so) that is about pregnancy."""
    if not _PREGNANCY_WORD.search(b.text):
        return
    label_pregnant = bool(b.label and _PREGNANCY_WORD.search(b.label))
    for sent in _sentences(b.text):
        if not (label_pregnant or _PREGNANCY_WORD.search(sent)):
            continue
        for m in _CATEGORY.finditer(sent):
            for letter in (m.group(1), m.group(2)):
                if letter:
                    facts.out.append(PregnancyCategory(letter, (evidence(facts.doc, b, sent, section),)))


def _list_item(facts: _Facts, b: Block, section: Section, label: str | None) -> None:
    """One item of a contraindication list: a frame sentence, or the item is itself the condition."""
    text = b.rest if b.label and b.rest else b.text
    has_frame = bool(_ci_hint(text) and _STRONG.search(text))
    for sent in _sentences(text) if has_frame else _sentences(text)[:1]:
        names, weak = _sentence_contraindications(sent, label, facts.title) if has_frame else ([], False)
        if not names and not weak and not has_frame and not _CAUTION.search(sent):
            names = conditions(sent, facts.title)
            if b.label and not names:
                names = conditions(b.label, facts.title)
        for n in names:
            facts.contra(n, b, sent, section)


_VERBISH = re.compile(
    r"\b(?:is|are|was|were|be|been|should|must|may|can|could|might|will|would|do|does|did|has|have|had|"
    r"consult|inform|tell|use|take|avoid|discuss|ensure|monitor)\b",
    re.I,
)


def _contra_text(
    facts: _Facts, b: Block, sents: _Sentences, section: Section, label: str | None, as_list: bool
) -> None:
    """Contraindications a block's sentences state, and, in Precautions, the cautions among them."""
    cautions = section is Section.PRECAUTIONS
    previous = ""
    for sent in sents.items:
        names: list[str] = []
        weak = False
        if _ci_hint(sent):
            names, weak = _sentence_contraindications(sent, label, facts.title, previous)
        previous = sent
        if not names and as_list and not weak and not _VERBISH.search(sent):
            # "**Contraindications:** Hypersensitivity to X; severe renal impairment."
            names = conditions(sent, facts.title)
        for n in names:
            facts.contra(n, b, sent, section)
        if not cautions:
            continue
        if weak:
            topics = _caution_topics(sent, facts.title) or _label_population_names(label)
        elif not names and _caution_hint(sent) and _CAUTION.search(sent):
            topics = _caution_topics(sent, facts.title)
        else:
            topics = []
        for t in topics:
            pops = populations(t)
            facts.caution(t, pops[0] if pops else None, b, sent, section)


def _precaution_label(facts: _Facts, b: Block, sents: _Sentences, section: Section) -> None:
    """A labelled caution: "**Elderly:** …", "**Liver or Kidney Disease:** …"."""
    label = b.label
    if not label or _CI_LABEL.match(label) or _INTERACTION_LABEL.search(label):
        return
    pops = populations(label)
    if not pops and (_META_LABEL.match(label) or len(label.split()) > 5 or not re.search(r"[a-z]", label)):
        return
    topic = re.sub(r"\s+", " ", _drop_parens(label)).strip(" :").lower()
    if not topic:
        return
    each: list[Population | None] = [*pops] or [None]
    for pop in each:
        facts.caution(topic, pop, b, sents.first, section)


def _interactions(facts: _Facts, b: Block, sents: _Sentences, section: Section) -> None:
    label = b.label or ""
    is_label = bool(_INTERACTION_LABEL.search(label))
    drink = _DRINK_LABEL.match(label)
    if drink:
        facts.interaction(drink.group(0).lower(), b, sents.first, section)
    if not (is_label or _interaction_hint(sents.text)):
        return
    for sent in sents.items:
        if is_label or (_interaction_hint(sent) and _INTERACTION_HINT.search(sent)):
            for a in interactions_in(sent):
                facts.interaction(a, b, sent, section)
