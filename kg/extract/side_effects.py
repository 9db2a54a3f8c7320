"""Extract side effects (name, group, lay gloss) from the Side Effects sections of a monograph."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from kg.extract.text import evidence
from kg.model import Block, BlockKind, Document, EffectGroup, Fact, Section, SideEffect

# --- group wording ------------------------------------------------------------------------

_SERIOUS = re.compile(
    r"\bserious|\bsevere|life[- ]threatening|\bfatal|\bemergenc|immediate(?:ly)? medical|medical attention immediately"
    r"|seek (?:urgent |emergency |immediate )?(?:medical )?help",
    re.I,
)
# "less common" must win over the "common" inside it, so it is tried first in one alternation.
_FREQ = re.compile(
    r"(?P<rare>\bless (?:common|frequent)|\buncommon|\binfrequent|\brare|\brarely|\boccasional|<\s*1\s*%|\b0\.\d+\s*%)"
    r"|(?P<common>\bcommon|\bfrequent|\bmost |>\s*10\s*%|\b1\s*[-–]\s*10\s*%|\bvery common)",
    re.I,
)


@lru_cache(maxsize=4096)
def _group_of(text: str) -> EffectGroup | None:
    """The group a label or sentence assigns; None when it names none."""
    if _SERIOUS.search(text):
        return EffectGroup.SERIOUS
    m = _FREQ.search(text)
    if m is None:
        return None
    return EffectGroup.RARE if m.group("rare") else EffectGroup.COMMON


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words a group label is made of; a label with nothing else left names a group, not an effect.
_GROUP_WORDS = _wordset(
    """common less more most very serious severe rare rarely uncommon frequent infrequent frequently but and or
    though although potentially possible potential side effects effect adverse reaction reactions event events
    include includes including may can could might also other others important life threatening life-threatening
    the of in a frequency unknown generally usually mild occasional reported post marketing postmarketing
    reports affecting occurring patients users people with than to are is be some known observed seen
    frequencies not well defined established documented precisely quantified significant additional
    less-common these they that which such as overall general minor"""
)
# Organ-system and other category labels: their items are effects, they are not.
_CATEGORY_WORDS = _wordset(
    """gastrointestinal gi nervous system systems central cns cardiovascular cardiac heart respiratory dermatologic
    dermatological dermatology skin hepatic liver renal kidney hematologic hematological haematological
    haematologic blood musculoskeletal neuromuscular skeletal psychiatric psychological neurologic neurological
    neuro endocrine metabolic metabolism genitourinary urinary reproductive ocular ophthalmic ophthalmologic
    ophthalmological eye eyes ear ears otic local general other systemic immune immunologic immunological
    lymphatic miscellaneous body whole sensory oral topical injection injectable intravenous iv intramuscular
    inhaled inhalation nasal vaginal rectal application administration use formulation formulations form forms
    route and & effects effect others gastro-intestinal cutaneous site sites mucosal hormonal electrolyte
    behavioral behavioural mental mood cerebrovascular vascular pulmonary hepatobiliary dental
    both combined combination individual components component when used together with for from of"""
)
_WORD = re.compile(r"[a-z][a-z&'-]*|&")


def _words(text: str) -> list[str]:
    return _WORD.findall(_PARENS.sub(" ", text.lower()))


@lru_cache(maxsize=4096)
def _is_group_label(label: str) -> bool:
    ws = _words(label)
    return bool(ws) and all(w in _GROUP_WORDS for w in ws) and _group_of(label) is not None


def _is_category_label(label: str, drugs: tuple[str, ...]) -> bool:
    ws = _words(label)
    if not ws or all(w in _GROUP_WORDS or w in _CATEGORY_WORDS for w in ws):
        return True
    low = _PARENS.sub(" ", label.lower()).strip()
    low = _LABEL_LEAD.sub("", low)
    return any(low and (low in d or d in low) for d in drugs)


# --- advice and notes -------------------------------------------------------------------------

_ADVICE = re.compile(
    r"^(?:if|seek|(?:consult|contact|call|tell|talk to|notify|inform|ask)\s+(?:your|a|the|with|us|them|to)|report"
    r"|stop|discontinue|always|do not|don't|please|note|important|disclaimer|this (?:list|is|information)"
    r"|these are not|any (?:new|unusual|other|such|of|concerning|serious|side|adverse)|it is|it's|remember"
    r"|monitor(?:ing)?|regular|keep|avoid|patients should|you should|go to|immediately|promptly"
    r"|the (?:frequency|severity|list|risk|above|information))\b"
    r"|\bif you\b|\bconsult (?:a|your)\b|\bcontact (?:a|your)\b|\bnot (?:an )?exhaustive\b|\bnot a complete\b"
    r"|\bseek (?:immediate|urgent|emergency|prompt)?\s*medical\b",
    re.I,
)
_NOT_LIMITED = re.compile(r"^\s*,?\s*(?:but|and)\s+(?:are|is)\s+not\s+limited\s+to\s*,?\s*", re.I)
_DESCRIPTION = re.compile(
    r"\s*(?:\w+ly\b|\w+ble\b|not\b|no\b|unknown|unclear|mild|moderate|rare|uncommon|common|possible|similar|related|dose|few|limited"
    r"|minimal|well|more|less|very|most|temporary|transient|localized|listed|described|reported|expected|due"
    r"|those|the same|similar|different|unlikely|likely|infrequent|frequent|important|few|a (?:few|risk|concern)"
    r"|of\b|from\b|with\b|in\b|at\b|for\b|to\b|as\b|also\b|still\b)",
    re.I,
)
# A sentence whose subject is the list: "Rash and itching are possible", "Coma ... has been reported".
_SUBJECT = re.compile(
    r"\s+(?:are|is|were|was|(?:have|has)(?:\s+also)?\s+been|can|may|might|could)\s+(?:also\s+|occasionally\s+|rarely\s+"
    r"|sometimes\s+|only\s+)?(?:be\s+)?(?:possible|reported|listed|rare|uncommon|seen|observed|noted|occur|occurs"
    r"|happen|develop|common|more likely|associated|potential)\b",
    re.I,
)
_NOTE_LABEL = re.compile(
    r"^(?:important\s+)?(?:note|notes|disclaimer|warning|caution|important|remember|tip|advice|monitoring|management"
    r"|what to do|when to|action|precaution|precautions)\b",
    re.I,
)

# --- text shapes ---------------------------------------------------------------------------------

_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# The cheap end-of-sentence check comes first so the abbreviation look-behinds run only after . ! ?
_SENT_END = re.compile(r"(?<=[.!?])(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)(?<!\bapprox)\s+(?=[\"“\[(]?[A-Z0-9])")
# Words after which a sentence lists effects; the strong ones are tried first.
_STRONG = re.compile(
    r"(?<!-)\b(?:includes?|included|including|such as|e\.g\.,?|for example|consist of|involve|involves"
    r"|manifest(?:ing|ed)? as|characterized by|ranging from|range from|presenting as)\b:?|:",
    re.I,
)
_WEAK = re.compile(
    r"(?<!-)\b(?:cause|causes|caused|experience|experiences|lead to|leads to|result in|results in|risk of)\b"
    r"|(?:(?<=symptoms)|(?<=effects)|(?<=problems)|(?<=issues)|(?<=reactions)|(?<=upset)) like\b",
    re.I,
)
_OTHER_LABEL = re.compile(r"^(?:other|additional|further|more)\b", re.I)
_LIST_VERB = re.compile(r"\b(?:include|includes|included|consist\s+of|involve|involves)\b", re.I)
# "is"/"are" list effects only after a subject that names effects ("side effects are ...").
_COPULA = re.compile(r"\b(?:effects?|reactions?|symptoms?|events?)\b[^.;:]{0,40}?\b(?:are|is|were|was)\b", re.I)
_IN_LIST = re.compile(
    r"\s*,?\s*(?:\b(?:such as|including|includes|e\.g\.,?|for example|characterized by|manifest(?:ing|ed)? as"
    r"|presenting as|ranging from|leading to|resulting in"
    r"|(?:(?<=symptoms)|(?<=effects)|(?<=problems)|(?<=issues)|(?<=reactions)|(?<=upset)) like)"
    # "Extrapyramidal symptoms (EPS) like ...": a masked parenthesis between the noun and "like"
    r"|(?<=_\))\s+like)\s+",
    re.I,
)
# Clause tails that qualify an effect rather than name one.
_TAIL = re.compile(
    r"\s+[–—-]\s+|\s*—|\s*;|\s+(?:which|that|who|when|if|especially|particularly|usually|often|typically|mainly"
    r"|mostly|primarily|although|though|because|but|can|may|might|could|should|have been|has been|are|is|were|was"
    r"|occur|occurs|occurring|seen|reported|noted|requiring|require|requires|leading to|due to|caused by"
    r"|associated with|resulting from|in (?:rare|some|very rare) cases|in patients|in people|in individuals"
    r"|in those|in children|in the elderly|with (?:high|long|prolonged|higher|excessive|chronic|overdose)"
    r"|in (?:susceptible|sensitive|certain|predisposed|high-risk)|(?:at|in|with) (?:high|higher|large|excessive) doses"
    r"|after|following|during|depending|despite"
    r"|encompassing|involving|affecting|lasting|manifesting)\b",
    re.I,
)
_LEAD = re.compile(
    r"^(?:(?:a|an|the|and|or|and/or|mild|mildly|moderate|moderately|severe|severely|serious|seriously|rare|rarely"
    r"|common|commonly|uncommon|occasional|occasionally|infrequent|frequent|possible|possibly|potential|potentially"
    r"|transient|temporary|slight|some|certain|very|more|less|other|significant|extreme|life-threatening"
    r"|sometimes|even|also|including|e\.g\.|i\.e\.|like|such as|in rare cases|in some cases|most commonly|notably"
    r"|various|any)\b[,:]?\s*)+",
    re.I,
)
_BAD_START = re.compile(
    r"^(?:especially|particularly|usually|in|at|with|for|from|when|if|due|caused|associated|mainly|primarily"
    r"|mostly|often|typically|although|though|but|which|that|after|during|upon|since|because|as|by|on|to|than"
    r"|both|either|all|each|this|these|those|it|they|you|not|no|who|where|how|there|its|their|your|see|about"
    r"|indicating|suggesting|signaling|related|relating|leading|resulting|depending|despite|ranging|range|given"
    r"|however|while|whereas|therefore|thus|additionally|furthermore|moreover|overall|generally|instead|rather"
    r"|approximately|wide|range|variety|number|array|host|many|several|multiple|most|up|over|under|between|within|without|per|until|rates|frequency|incidence|one|two|three)\b"
    r"|^[0-9<>≥≤~]",
    re.I,
)
_CLAUSE = re.compile(
    r"\b(?:you|your|may|might|can|could|should|must|will|would|is|are|was|were|been|being|has|have|had|does|did"
    r"|this|these|those|it|they|seek|report|discontinue|doctor|healthcare|physician|pharmacist"
    r"|provider|occur|occurs|include|includes|exhaustive|listed|information|cause|causes|following|use|using"
    r"|taking|treatment|patients|people|individuals|require|requires|required|warrant|warrants|need|needs|resolve"
    r"|resolves|subside|subsides|disappear|disappears|improve|improves|persist|persists|appear|appears|develop"
    r"|develops|happen|happens|noted|experienced|tolerated|considered|advised|recommended|listed|vary|varies)\b",
    re.I,
)
_GENERIC = _wordset(
    """side effect effects adverse reaction reactions symptom symptoms event events other others etc problem
    problems issue issues various unusual concerning new worsening changes change complication complications
    condition conditions disorder disorders systemic local general overall"""
)
_NOT_EFFECT = re.compile(
    r"\b(?:side[- ]effects?|adverse (?:effects?|reactions?|events?)|well[- ]tolerated|tolerated|safe|safety"
    r"|not (?:known|established|reported)|none|unknown|data|studies|study|medical\s+(?:emergency|attention)"
    r"|requiring)\b",
    re.I,
)
_ABBREV_LIST = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,5}(?:\s*,\s*(?:and\s+|or\s+)?[A-Z0-9][A-Z0-9-]{0,5})+$")
_QUALIFIER_PAREN = re.compile(
    r"^(?:especially|particularly|usually|mainly|mostly|primarily|often|typically|more|less|rare|rarely|very"
    r"|common|uncommon|occasional|occasionally|in |at |with |for |when|if |due |caused|associated|seen|reported"
    r"|dose|long-term|short-term|high dose|higher dose|mild|moderate|severe|serious|potentially|possibly|may|can"
    r"|although|though|but|usually|generally|primarily|can be|which|that|from|after|during|upon|on |by |see |see:"
    r"|not |also|even|sometimes|frequency|incidence|rates?|reported|rarely|both|either|all|each|unlikely|likely"
    r"|temporary|transient|dry|persistent)\b|^[0-9<>≥≤~]",
    re.I,
)
_BODY_PARTS = _wordset(
    """face lips lip tongue throat eyes eye skin hands hand feet foot ankles ankle legs leg arms arm mouth neck
    back joints joint muscles chest abdomen stomach nose ears gums extremities fingers toes head scalp body
    limbs trunk"""
)
_SPLIT_COMMA = re.compile(r"\s*[,;]\s*|\s*/\s*(?=[A-Za-z]{4})")
_ADJECTIVE = re.compile(
    r"(?:al|ic|ous|ive|ar|ed|ful|less|able|ible|ary|ory|ing|ent|ant)$|^(?:fast|slow|dry|high|low|upper|lower|short|long"
    r"|rapid|poor|hot|cold|dark|light|new|old|bad|big|small|large|red|black|yellow|pale|thin|thick|weak|easy|sore"
    r"|stiff|stuffy|runny|itchy|watery|blurry|oily|heavy|loose|hard|soft|deep|dull|sharp|fluid|skin|muscle|joint"
    r"|heart|liver|kidney|blood|bone|chest|stomach|eye|nasal|weight|mood|vision|sleep)$"
)
_CONJ = re.compile(r"\s+(?:and|or|and/or)\s+", re.I)
_WS = re.compile(r"\s+")
_ACRONYM = re.compile(r"^(?:[A-Z0-9-]{3,}|[A-Za-z]+[A-Z0-9][A-Za-z0-9-]*)$")
_LABEL_LEAD = re.compile(r"^(?:from|for|with|of|in)\s+")
_TOP_PAREN = re.compile(r"[(][^()]*(?:[)]|$)")
_ETC = re.compile(r"\s*(?:etc\.?|\.\.\.|…)$")
_LETTERS = re.compile(r"[a-z]{3}")
_CONJ_LEAD = re.compile(r"^(?:and|or|and/or|the)\s+", re.I)
_TO = re.compile(r"\s+to\s+")
_LABEL_PREFIX = re.compile(r"^([^:()]{1,70}(?:\([^()]*\)[^:()]{0,20})?):\s*(.*)$", re.S)


_BRACKET = re.compile(r"[()\[\]]")


@lru_cache(maxsize=16384)
def _mask(text: str) -> str:
    """Blank out bracketed text (same length) so splits never fall inside a parenthesis.

    Only the brackets are visited; the text between two of them is kept or blanked as a whole.
    """
    if "(" not in text and "[" not in text:
        return text
    out: list[str] = []
    depth = 0
    start = 0
    for m in _BRACKET.finditer(text):
        i = m.start()
        out.append("_" * (i - start) if depth else text[start:i])
        ch = text[i]
        if ch in "([":
            depth += 1
            out.append("(" if depth == 1 else "_")
        elif depth:
            depth -= 1
            out.append(")" if depth == 0 else "_")
        else:
            out.append(ch)  # a closing bracket with none open is kept
        start = i + 1
    out.append("_" * (len(text) - start) if depth else text[start:])
    return "".join(out)


def _split(text: str, pattern: re.Pattern[str]) -> list[str]:
    masked = _mask(text)
    if pattern.search(masked) is None:
        return [text.strip()] if text.strip() else []
    parts: list[str] = []
    start = 0
    for m in pattern.finditer(masked):
        parts.append(text[start : m.start()])
        start = m.end()
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


_DASH_ONLY = re.compile(r"\s+[–—-]\s+|\s*—\s*")
_DASH = re.compile(r"\s+[–—-]\s+|\s*—\s*|\s*;\s*")


@lru_cache(maxsize=16384)
def _is_advice(text: str) -> bool:
    """Advice or a note; a dash or semicolon tail ("Angioedema – seek help") does not make an effect advice."""
    head = _split(text, _DASH)
    first = head[0] if head else text
    # "Angioedema (swelling ... - seek immediate medical attention)": advice inside a parenthesis
    # qualifies the effect before it
    bare = _top_parens(first)[0]
    return bool(_ADVICE.search(bare if bare.strip() else first))


@lru_cache(maxsize=16384)
def _sentences(text: str) -> tuple[str, ...]:
    return tuple(_split(text, _SENT_END))


def _cut_tail(text: str) -> str:
    m = _TAIL.search(_mask(text))
    return text[: m.start()] if m and m.start() > 0 else text


def _top_parens(text: str) -> tuple[str, list[str]]:
    """The text outside top-level parentheses, and each parenthesis's content."""
    masked = _mask(text)
    outside: list[str] = []
    inner: list[str] = []
    start = 0
    for m in _TOP_PAREN.finditer(masked):
        outside.append(text[start : m.start()])
        inner.append(text[m.start() + 1 : m.end() - (1 if masked[m.end() - 1 : m.end()] == ")" else 0)])
        start = m.end()
    outside.append(text[start:])
    return _WS.sub(" ", " ".join(outside)).strip(), [i.strip() for i in inner]


def _clean(name: str) -> str:
    t = _WS.sub(" ", name).strip(" \t.,;:!?*\"'“”‘’-–—")
    t = _LEAD.sub("", t).strip(" \t.,;:!?*\"'“”‘’-–—")
    t = _ETC.sub("", t).strip(" ,.")
    return t.lower()


def _valid(name: str) -> bool:
    if not name or len(name) > 80 or not _LETTERS.search(name):
        return False
    ws = name.split()
    if len(ws) > 8 or _BAD_START.match(name) or _CLAUSE.search(name) or _NOT_EFFECT.search(name):
        return False
    if all(w in _CATEGORY_WORDS or w in _BODY_PARTS for w in _words(name)):
        return False
    return not all(w.strip(",.") in _GENERIC or w in _GROUP_WORDS for w in ws)


_ADJECTIVE_ONLY = re.compile(r"^(?:dry|itchy|red|sore|swollen|numb|painful|irritated|watery|stiff|cold|pale|puffy)$")


def _list_items(text: str) -> list[str]:
    """Split a comma list at the top level, keeping "swelling of the face, lips, or throat" whole."""
    parts = _split(text, _SPLIT_COMMA)
    out: list[str] = []
    shared: str | None = None  # "dry" of "dry mouth, throat, and nose"
    for p in parts:
        p = _CONJ_LEAD.sub("", p)
        bare = _top_parens(p)[0].lower().strip(" .")
        bare = _CONJ_LEAD.sub("", bare)
        if out and bare in _BODY_PARTS:
            if shared is not None:
                out.append(f"{shared} {p}")
            else:
                out[-1] = f"{out[-1]}, {p}"
        else:
            words = bare.split()
            # an adjective before a body part is shared by the body parts listed after it
            shared = (
                p.split()[0]
                if len(words) == 2 and words[1] in _BODY_PARTS and _ADJECTIVE_ONLY.match(words[0])
                else None
            )
            out.append(p)
    # "nausea, vomiting and headache": without an Oxford comma the last item holds two
    if len(out) >= 2 and not _CONJ_LEAD.match(parts[-1]):
        last = _split(out[-1], _CONJ)
        if len(last) == 2 and len(_top_parens(last[0])[0].split()) == 1 and not _BAD_START.match(last[1]):
            out[-1:] = last
    return out


def _one_word(text: str) -> bool:
    return len(_LEAD.sub("", _top_parens(text)[0]).split()) == 1


def _split_conj(text: str) -> list[str]:
    """Split "A and B" when both sides are single words or both are phrases: "fast or irregular heartbeat" stays."""
    parts = _split(text, _CONJ)
    if len(parts) == 2 and _one_word(parts[0]) and not _BAD_START.match(parts[1]):
        # a lone adjective shares the noun after it; a lone noun is an effect of its own
        first = _LEAD.sub("", _top_parens(parts[0])[0]).lower()
        if _one_word(parts[1]) or not (_ADJECTIVE.search(first) or first in _BODY_PARTS):
            return parts
    if (
        len(parts) == 2
        and all(len(_LEAD.sub("", _top_parens(p)[0]).split()) >= 2 or p.rstrip().endswith(")") for p in parts)
        and not _BAD_START.match(parts[1])
        and _top_parens(parts[1])[0].split()[0].lower() not in _BODY_PARTS
    ):
        return parts
    return [text]


def _paren_effects(inner: str) -> tuple[str | None, list[str]]:
    """Read a parenthesis: (gloss, effects listed in it)."""
    # "(rash, hives - seek immediate medical attention)": the advice is no part of the effects
    parts = _split(inner, _DASH_ONLY)
    if len(parts) > 1:
        inner = " - ".join(p for p in parts if not _ADVICE.search(p))
    inner = inner.strip(" .,")
    if not inner or _ADVICE.match(inner):
        return None, []
    masked = _mask(inner)
    m = _IN_LIST.search(masked)
    if m:
        tail = inner[m.end() :]
        head = inner[: m.start()].strip(" ,")
        gloss = head if head and not _QUALIFIER_PAREN.match(head) and not _CLAUSE.search(head) else None
        if m.group(0).strip().lower().startswith("ranging"):
            tail = _TO.sub(", ", tail)
        return gloss, _list_items(tail)
    if _QUALIFIER_PAREN.match(inner) or _ABBREV_LIST.match(inner) or "%" in inner:
        return None, []
    items = _list_items(inner)
    if len(items) >= 2:
        # an item's length up to its first comma: "swelling of the face, lips, or throat" is one item
        if all(len(i.split(",")[0].split()) <= 5 for i in items) and not _CLAUSE.search(inner):
            return None, items
        return inner, []
    return (inner if len(inner.split()) <= 12 else None), []


@lru_cache(maxsize=16384)
def _phrase(text: str) -> tuple[tuple[str, str | None], ...]:
    """Effects named by one list element: its head, and any listed in a parenthesis or after "such as"."""
    return tuple(_phrase_parts(text.strip()))


def _phrase_parts(text: str) -> Iterator[tuple[str, str | None]]:
    m = _IN_LIST.search(_mask(text))
    tail: list[str] = []
    if m and m.start() > 0:
        tail = _list_items(text[m.end() :])
        text = text[: m.start()]
    text = _cut_tail(text)
    for part in _split_conj(text):
        bare, inners = _top_parens(part)
        gloss: str | None = None
        listed: list[str] = []
        for inner in inners:
            g, found = _paren_effects(inner)
            gloss = gloss or g
            listed.extend(found)
        name = _clean(bare)
        if _valid(name):
            yield name, (_WS.sub(" ", gloss).strip() if gloss else None)
        for item in listed:
            yield from _phrase(item)
    for item in tail:
        yield from _phrase(item)


# --- blocks ----------------------------------------------------------------------------------------


class _Reader:
    """Walks one document's side-effect blocks, keeping the group each label opens."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        title = doc.title.lower()
        parts = [p.strip() for p in re.split(r"\s*\+\s*|\s+and\s+|,\s*", title) if p.strip()]
        comps = [s.component.lower() for s in doc.sections if s.component]
        self.drugs: tuple[str, ...] = tuple(dict.fromkeys([title, *parts, *comps]))

    def facts(self) -> Iterator[Fact]:
        for st in self.doc.sections:
            if st.section is not Section.SIDE_EFFECTS:
                continue
            base = _group_of(st.heading) if _is_group_label(st.heading) or "side" in st.heading.lower() else None
            base = base or EffectGroup.UNSPECIFIED
            stack: list[tuple[int, EffectGroup]] = []
            for b in st.blocks:
                if b.kind is BlockKind.HEADING:
                    base = _group_of(b.text) or base
                    stack = []
                    continue
                if b.kind is BlockKind.PARAGRAPH:
                    stack = []
                    base, found = self._paragraph(b, base)
                    yield from found
                    continue
                while stack and stack[-1][0] >= b.depth:
                    stack.pop()
                group = stack[-1][1] if stack else base
                opened, found = self._item(b, group)
                if opened is not None:
                    stack.append((b.depth, opened))
                yield from found

    def _fact(self, b: Block, quote: str, name: str, group: EffectGroup, gloss: str | None) -> SideEffect:
        return SideEffect(name, group, gloss, (evidence(self.doc, b, quote, Section.SIDE_EFFECTS),))

    def _paragraph(self, b: Block, group: EffectGroup) -> tuple[EffectGroup, list[Fact]]:
        """A paragraph is a group header, a labelled list, or prose; returns the group it leaves open."""
        found: list[Fact] = []
        text = b.text
        listed = False
        if b.label is not None:
            if _NOTE_LABEL.match(b.label):
                return group, found
            if _is_group_label(b.label) or self._is_category(b.label):
                # "Other reported side effects:" after "Serious side effects:" opens no serious group
                fresh = EffectGroup.UNSPECIFIED if _OTHER_LABEL.match(b.label) else group
                group = _group_of(b.label) or fresh
                text, listed = b.rest, True
        for sent in _sentences(text):
            advice = _is_advice(sent)
            g = None if advice else _group_of(sent)
            group = g or group
            if not advice and not (sent.rstrip().endswith(":") and not _LABEL_PREFIX.match(sent.rstrip()[:-1])):
                # a sentence that is only a comma list ("Drowsiness, dizziness, and confusion.") is a list
                bare = listed or (not _CLAUSE.search(_top_parens(sent)[0]) and len(_split(sent, _SPLIT_COMMA)) > 1)
                found.extend(self._sentence(b, sent, group, bare))
            listed = False
        return group, found

    def _is_category(self, label: str) -> bool:
        # acronyms and brand-style names ("DHEA", "CoQ10") label an ingredient, not an effect
        bare = _PARENS.sub("", label).strip()
        if _ACRONYM.match(bare):
            return True
        return _is_category_label(label, self.drugs)

    def _item(self, b: Block, group: EffectGroup) -> tuple[EffectGroup | None, list[Fact]]:
        """A list item is a group label, a category with effects, an effect with detail, or plain effects."""
        found: list[Fact] = []
        text = b.text
        label = b.label
        rest = b.rest
        if label is None:
            m = _LABEL_PREFIX.match(text)
            if m and len(m.group(1).split()) <= 8 and not _ADVICE.search(m.group(1)):
                label, rest = m.group(1).strip(), m.group(2).strip()
        if label is not None:
            if _NOTE_LABEL.match(label) or _ADVICE.match(label):
                return None, found
            if _is_group_label(label):
                g = _group_of(label) or group
                for sent in _sentences(rest):
                    found.extend(self._sentence(b, sent, g, listed=True))
                return g, found
            if not self._is_category(label) and not _CLAUSE.search(label):
                for name, gloss in _phrase(label):
                    found.append(self._fact(b, text, name, group, gloss))
                opened: EffectGroup | None = group
            else:
                opened = _group_of(label) or group
            for sent in _sentences(rest):
                found.extend(self._sentence(b, sent, opened or group, listed=True))
            return opened, found
        sents = _sentences(text)
        if sents:
            found.extend(self._sentence(b, sents[0], group, listed=True))
            for sent in sents[1:]:
                found.extend(self._sentence(b, sent, group))
        return None, found

    def _sentence(self, b: Block, sent: str, group: EffectGroup, listed: bool = False) -> list[Fact]:
        return [
            self._fact(b, sent, n, g or group, gl)
            for n, gl, g, label in _read(sent, listed)
            if label is None or not self._is_category(label)
        ]


# (effect, gloss, group its own label gives or None, the label it was read from or None)
_Read = tuple[tuple[str, str | None, EffectGroup | None, str | None], ...]


@lru_cache(maxsize=16384)
def _read(sent: str, listed: bool) -> _Read:
    """Effects of one sentence: a bare list ("Nausea, vomiting") item by item, prose only after a trigger.

    Cached across documents, so a label's effects carry the label and the caller drops those whose
    label names one of its own ingredients.
    """
    if _is_advice(sent) or not any(c.isalnum() for c in sent):
        return ()  # advice, or punctuation with nothing to name
    body = _split(sent, _DASH_ONLY)[0].strip().rstrip(".")
    m = _LABEL_PREFIX.match(body)
    if m and len(m.group(1).split()) <= 10:
        label, rest = m.group(1), m.group(2)
        g = _group_of(label)
        out: list[tuple[str, str | None, EffectGroup | None, str | None]] = []
        if not (_is_group_label(label) or _is_category_label(label, ()) or _CLAUSE.search(label)):
            out.extend((n, gl, g, label) for n, gl in _phrase(label))
        if rest:
            inner = _read(rest, not _CLAUSE.search(_top_parens(rest)[0]))
            out.extend((n, gl, g2 or g, lab) for n, gl, g2, lab in inner)
        return tuple(out)
    # a clause before the first comma, or a verb that introduces the list ("Other side effects,
    # reported less often, include ..."), means prose, not a bare list
    masked = _mask(body)
    if not listed or _CLAUSE.search(_top_parens(_split(body, _SPLIT_COMMA)[0])[0]) or _LIST_VERB.search(masked):
        t = _STRONG.search(masked) or _WEAK.search(masked)
        if t is None:
            t = _COPULA.search(masked)
            # "side effects are usually mild", "... are rare": a description, not a list
            if t is not None and _DESCRIPTION.match(body[t.end() :]):
                return ()
        if t is not None:
            body = body[t.end() :]
        else:
            subj = _SUBJECT.search(masked)
            if subj is None:
                return ()
            body = body[: subj.start()]
    items = _list_items(_NOT_LIMITED.sub("", body))
    return tuple((n, gl, None, None) for item in items for n, gl in _phrase(item))


def extract(doc: Document) -> Iterator[Fact]:
    """Every side effect the document's Side Effects sections list or name in a list sentence."""
    yield from _Reader(doc).facts()
