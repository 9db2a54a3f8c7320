"""Extract indications: the conditions a product treats, prevents or diagnoses, from its Usage text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.text import evidence, sentences
from kg.model import Block, BlockKind, Document, Fact, Indication, Relation, Section, SectionText
from kg.vocab.lexicon import lexicon

# --- verb frames --------------------------------------------------------------------------

_TREAT_VERBS = (
    r"treat|treats|treating|treated|manage|manages|managing|relieve|relieves|relieving|alleviate|alleviates|"
    r"alleviating|control|controls|controlling|combat|combats|combating|cure|cures|curing|ease|eases|easing|"
    r"soothe|soothes|soothing|heal|heals|eliminate|eliminates|eliminating|resolve|resolving|"
    r"reverse(?!\s+transcriptase)|reverses|reversing|fight|fights|fighting|clear|clears|clearing|dissolve|dissolves|dissolving"
)
_PREVENT_VERBS = r"prevent|prevents|preventing|avert|averting"
_DIAGNOSE_VERBS = r"diagnose|diagnoses|diagnosing|detect|detects|detecting"
_TREAT_NOUNS = (
    r"treatment|treatments|management|relief|therapy|control|cure|healing|symptomatic\s+relief|symptomatic\s+treatment"
)
_PREVENT_NOUNS = r"prevention|prophylaxis|prophylactic\s+treatment"
_DIAGNOSE_NOUNS = r"diagnosis|detection|diagnostic\s+evaluation"
_VERB = rf"(?:{_TREAT_VERBS}|{_PREVENT_VERBS}|{_DIAGNOSE_VERBS})"
_NOUN = rf"(?:{_TREAT_NOUNS}|{_PREVENT_NOUNS}|{_DIAGNOSE_NOUNS})"
_ADV = (
    r"(?:primarily|mainly|mostly|chiefly|commonly|typically|usually|often|also|sometimes|frequently|generally|"
    r"specifically|particularly|especially|occasionally|widely|effectively|traditionally|historically|"
    r"topically|orally|locally|systemically|successfully|routinely|rarely|first|then|still|now|currently|"
    r"off-label|off\s+label|in\s+(?:some|certain|rare|selected|specific|severe)\s+cases|as\s+well|alone|"
    r"together|short-term|long-term|safely|only|further)"
)
# A use stated with a verb ("used to treat", "helps relieve", "it prevents"), with a
# noun ("the treatment of", "prevention of", "relief from"), with an enabling
# adjective ("effective against", "indicated for") or as a list of uses ("uses include").
_ANCHOR = re.compile(
    # Every alternative starts a word with a lower-case letter (the text is lower-cased): testing that once,
    # before the look-behind and the alternatives, halves the cost of a search.
    r"(?=[a-z])(?<![\w-])(?:"
    # A use verb is never followed by "from": "control from two angles" is the noun "control".
    rf"(?P<verb>(?:{_VERB})(?:\s*(?:,|and|or|and/or|&)\s*(?:{_VERB}))*(?:\s+(?:against|of))?)(?![\w-])(?!\s+from\b)"
    # "relief from pain" names what is relieved; "control from two angles" does not
    rf"|(?P<noun>(?:{_NOUN})(?:\s*(?:,|and|or|and/or|&)\s*(?:{_NOUN}))*(?:\s+(?:of|for|against|in)|(?<=relief)\s+from)\b)"
    rf"|(?P<use>(?:used|prescribed|indicated|recommended|approved|employed|utilized|given|administered|"
    rf"considered|taken|licensed|effective|useful|helpful|beneficial|valuable|active|efficacious)"
    rf"(?:\s+{_ADV})*\s+(?:for|against)(?![\w-])(?!\s+(?:use|the\s+(?:use|purpose)|this|these|that|its|their|it|up|about|"
    rf"example|instance|at|several|many|a\s+(?:short|long|few|limited|period|week|day|month)|\d)\b))"
    # "These infections commonly include swine dysentery, ileitis and colitis": the sentence after a use
    rf"|(?P<these>^(?:these|this|such|common|typical)\s+(?:[\w-]+\s+){{0,3}}?(?:include|includes)(?![\w-]))"
    # "helpful in conditions like bronchitis", "used as an antidote in acetaminophen overdose"
    rf"|(?P<usein>(?:(?:helpful|useful|beneficial|effective|valuable)(?:\s+{_ADV})*\s+in(?=\s+(?:conditions|cases|"
    rf"patients|people|individuals|those|disorders|diseases)\b)|(?:used|given|administered)(?:\s+{_ADV})*\s+as\s+an?\s+"
    rf"antidote\s+(?:in|for|to)))"
    # "used to reduce excessive salivation": a use whose verb would, alone, describe a mechanism
    rf"|(?P<useto>(?:(?:used|prescribed|indicated|given|administered|employed|utilized)(?:\s+{_ADV})*\s+to|"
    rf"(?:helps?|helping)(?:\s+to)?)\s+(?:help\s+)?"
    rf"(?:reduce|lessen|counteract|suppress|stop|lower|decrease|minimize|address)(?![\w-])"
    rf"(?!\s+(?:the\s+)?(?:risk|risks|incidence|likelihood|chances?|occurrence|recurrence|frequency|severity|"
    rf"duration|number|amount|levels?|production|absorption|activity|effects?|side|size)\b))"
    rf"|(?P<protect>(?:protect|protects|protecting|protection|immunize|immunizes|immunizing|immunization|"
    rf"immunisation|immunise|immunity|vaccinate|vaccination|vaccine|defense|defence|guard|guards)\s+against"
    # "immunize infants and children up to 2 years of age against": who is protected may come between
    rf"|(?:immunize|immunizes|immunizing|immunise|immunises|vaccinate|vaccinates|vaccinating|protect|protects|"
    rf"protecting)(?:\s+(?!(?:against|prevent\w*|treat\w*|protect\w*)\b)[\w-]+){{1,10}}?\s+against)\b"
    rf"|(?P<aid>(?:aid|aids|aiding|assist|assists|assisting|help|helps|helping)\s+(?:in|with)(?!\s+(?:the\s+)?(?:absorption|production|formation|function|maintenance|development|growth|digestion|process)))\b"
    rf"|(?P<risk>(?:reduce|reduces|reducing|lower|lowers|lowering|decrease|decreases|decreasing|minimize|"
    rf"minimizes|minimizing)\s+(?:the\s+)?(?:risk|risks|incidence|likelihood|chance|chances|occurrence|recurrence)\s+of)\b"
    rf"|(?P<list>(?:(?:primary|main|principal|major|key|chief|most\s+common|common|other|secondary|"
    rf"approved|additional|further|first|initial|licensed|labeled|labelled|off-label|clinical|therapeutic|"
    rf"medical|sole|only|established|recognized|recognised)\s+(?:uses?|applications?|indications?)\s+"
    rf"(?:include|includes|including|are|is)|(?:uses|applications|indications)\s+(?:include|includes))"
    rf"(?:\s+(?:in|for|as\s+follows))?(?=\s|:|$))"
    rf"|(?P<who>for\s+(?:patients|people|persons|individuals|those|adults|children|infants|women|men)\s+"
    rf"(?:with|experiencing|suffering\s+from|who\s+(?:have|suffer\s+from|are\s+at\s+risk\s+of)|at\s+risk\s+of)(?=\s))"
    r")",
)
# Cheap test for any anchor's first word; most sentences of a page have none.
_HINT = re.compile(
    r"\b(?:treat|manag|reliev|allevia|control|combat|cur|eas|sooth|heal|elimin|resol|revers|fight|clear|dissol|"
    r"prevent|avert|diagnos|detect|therap|relief|prophyla|use|prescrib|indicat|recommend|approv|employ|utiliz|"
    r"given|administ|consider|taken|licens|effective|useful|helpful|benefic|valuab|active|effica|protect|immuni|"
    r"vaccin|defen|guard|aid|assist|help|reduc|lower|decreas|minimi|applica|for|includ)"
)
_REL_WORD = re.compile(
    rf"(?P<p>\b(?:{_PREVENT_VERBS}|{_PREVENT_NOUNS}|protect\w*|immuni[sz]\w*|immunity|vaccin\w*|defen[cs]e|guards?|"
    rf"(?:reduc\w*|lower\w*|decreas\w*|minimi\w*)\s+(?:the\s+)?(?:risk|risks|incidence|likelihood|chances?|occurrence|recurrence)\b)\b)|(?P<d>\b(?:{_DIAGNOSE_VERBS}|{_DIAGNOSE_NOUNS})\b)"
    rf"|(?P<t>\b(?:{_TREAT_VERBS}|{_TREAT_NOUNS}|used|prescribed|indicated|recommended|approved|employed|utilized|"
    rf"given|administered|considered|taken|licensed|effective|useful|helpful|beneficial|valuable|active|efficacious)\b)",
)
# "it does not treat", "not approved for", "isn't a cure for": negation in the anchor's own clause.
_NEGATION = re.compile(r"\b(?:not|never|cannot|nor|no|neither|without|rather\s+than|instead\s+of|unlike)\b|n't\b")
_CLAUSE_START = re.compile(r"[,;:]\s|\b(?:but|however|although|though|while|whereas|and\s+(?:is|it|can|may))\b")
# A participle after a comma ("..., preventing the virus from entering") describes how it
# works, not a use; so do gerunds that follow a noun or pronoun ("helps the body healing").
_PARTICIPLE_BEFORE = re.compile(r"(?:,|\b(?:thereby|thus|hence|while|by|which|that|so))\s*(?:\w+ly\s+)?$")

# --- where an object ends -----------------------------------------------------------------

_EXAMPLES = (
    r"such\s+as|including|like|e\.g\.?|associated\s+with|related\s+to|linked\s+to|due\s+to|for\s+example|for\s+instance|namely|notably|most\s+notably|"
    r"specifically(?!\s+(?:for|in|to|on|at|by|with|when|if|as|those|the|a|an|designed|used|indicated|approved|formulated|targets?|"
    r"targeting|developed|made|intended|focusing|focused|aimed))|"
    r"(?:particularly|especially|specifically|mainly|primarily)\s+(?:those\s+|that\s+|ones\s+)?(?:involving|like|such\s+as|including)"
)
_EXAMPLE_START = re.compile(rf"(?:{_EXAMPLES})\s")
_BOUNDARY = re.compile(
    rf"(?P<ex>(?:^|,?\s+)(?:{_EXAMPLES})(?=\s|:|$)\s*:?)"
    r"|(?P<stop>[;:.!?](?:\s|$)|\s[-–—]\s|—|n't\b|,\s*(?:a|an|it|it's|they|this|these|he|she|we|you|its|there|which|who|whose|where|when|while|whereas|as|because|since|but|"
    r"although|though|thereby|thus|hence|so|making|allowing|helping|leading|resulting|meaning|reducing|improving|"
    r"providing|preventing|promoting|restoring|increasing|decreasing|lowering|particularly|especially|notably|"
    r"mainly|primarily|often|typically|usually|commonly|specifically|depending|either|both|even|if|whether|in\s+which|"
    r"a\s+(?:condition|disorder|disease|type|form|common|rare|serious|chronic|group|state|syndrome|sign|symptom|"
    r"problem|situation|complication|term)|an\s+(?:condition|disorder|disease|type|form|inflammatory|infection|"
    r"autoimmune|abnormal|inherited|acute|uncommon)|and\s+(?:it|is|are|can|may|has|have|its|their|this|these|to|"
    r"in|for|also|as|should|will|helps?|works?|reduces?))\b"
    r"|\s(?:which|that|who|whose|where|when|while|whereas|because|since|although|though|thereby|thus|by|through|"
    r"via|if|unless|until|before|prior\s+to|aged|weighing|during|without|but|once(?!-)|"
    r"experienced|forming|developing|spreading|growing|arising|seen|observed|occurring|encountered|affecting|involving|"
    r"that\s+affect|rather\s+than|instead\s+of|so\s+that|in\s+order|as\s+(?:a|an|the|"
    r"well\s+as\s+to|part|needed|directed|prescribed|an?)|"
    r"(?:is|are|was|were|can|could|may|might|will|would|should|has|have|had|does|do)|"
    r"(?:caused|characterized|characterised|induced\s+by|due|related|linked|resulting|secondary|"
    r"accompanied|attributed|brought)\s+(?:with|by|to|from)|"
    r"(?:often|usually|typically|commonly|particularly|especially|mainly|primarily|frequently|generally|"
    r"sometimes|also)|not|and\s+not|or\s+not|"
    r"(?:and\s+|or\s+)?to\s+(?!\w+\s+(?:disease|syndrome)\b)\w+|"
    r"in\s+(?:adults?|adolescents?|children|kids|patients?|people|persons|individuals?|those|women|men|infants?|"
    r"newborns?|neonates?|babies|pediatric|paediatric|elderly|older|the\s+elderly|situations?|cases?|combination|"
    r"conjunction|addition|certain|some|various|many|most|which|whom|order|settings?|hospitals?|pregnant|"
    r"postmenopausal|premature|high-risk|at-risk|both|all|any|this|these|that|its|their|a|an|the\s+(?:treatment|"
    r"management|setting|context|presence|absence|form|case|hospital|short|long|first|event|early|acute|"
    r"initial|same|body|blood|brain)|critically|hospitalized|immunocompromised|susceptible|adult|young|"
    r"male|female|men|dogs|cats|animals|humans)\b|"
    r"(?:along|together|in\s+combination|in\s+conjunction|combined)\s+with|"
    r"with(?!\s+(?:abnormally|excessive|excess|high|low|increased|decreased|elevated|reduced|impaired|"
    r"poor|inadequate|insufficient))|"
    r"for\s+(?:adults?|children|patients?|people|individuals|those|whom|which|use|a|an|the\s+(?:short|long))\b|"
    r"at\s+(?:least|risk|the|a|an|high|low|night|bedtime|home)|after\s+(?:being|the\s+(?:failure|use)|failure|"
    r"other|initial|first)|"
    r"(?:either\s+)?(?:alone|as\s+monotherapy|or\s+in\s+combination))\b)",
)

# "nausea and vomiting" is one condition; these pairs are not split.
_FIXED_PAIRS = re.compile(
    r"\b(?:nausea\s+and\s+vomiting|signs\s+and\s+symptoms|cough\s+and\s+cold|cold\s+and\s+flu|coughs\s+and\s+colds|"
    r"aches\s+and\s+pains|hand,?\s+foot,?\s+and\s+mouth|ear,?\s+nose,?\s+and\s+throat|skin\s+and\s+soft[\s-]tissue|"
    r"skin\s+and\s+skin[\s-]structure|bone\s+and\s+joint|muscles?\s+and\s+joints?|sprains\s+and\s+strains|"
    r"bites\s+and\s+stings|cuts\s+and\s+scrapes|cuts\s+and\s+grazes|hay\s+fever|wear\s+and\s+tear|"
    r"drug\s+and\s+alcohol|alcohol\s+and\s+drug|fluid\s+and\s+electrolyte|water\s+and\s+electrolyte|"
    r"head\s+and\s+neck|ear\s+and\s+throat|nose\s+and\s+throat|trial\s+and\s+error|aches\s+and\s+fever|"
    r"vomiting\s+and\s+diarrh(?:o)?ea)\b",
)
_SPLIT = re.compile(
    r"\s*,\s*(?:(?:and/or|and|or|as\s+well\s+as|plus|along\s+with)\b)?\s*|\s+(?:and/or|and|or|as\s+well\s+as|plus|&|versus|vs\.?)\s+|\s*/\s*(?=[a-z]{3})"
)
_SPLIT_KEEP = re.compile(
    r"(\s*,\s*(?:(?:and/or|and|or|as\s+well\s+as|plus|along\s+with)\b)?\s*|\s+(?:and/or|and|or|as\s+well\s+as|plus|&|versus|vs\.?)\s+|\s*/\s*(?=[a-z]{3}))",
)
_PARENS = re.compile(r"\s*[(\[][^()\[\]]*[)\]]")

# Leading words that frame a condition without being part of its name.
_LEAD = re.compile(
    r"^(?:(?:the|a|an|both|either|all|any|each|one|two|several|many|most|some|certain|"
    r"various|varied|different|other|specific|particular|select|selected|numerous|potentially|possibly|"
    r"typical|related|associated|so-called|mild|moderate|severe|mild-to-moderate|moderate-to-severe|mild\s+to\s+moderate|"
    r"moderate\s+to\s+severe|serious|possible|potential|known|existing|specified|the\s+following|also|even|"
    r"only|further|additional|more|less|effectively|quickly|rapidly|temporarily|primarily|mainly|usually|"
    r"typically|often|sometimes|generally|in|on|of|as|for|from|with|against|to|help|helps|helping|aid|aids|"
    r"aiding|assist|assists|used|be|being|is|are|acute\s+or\s+chronic)\s+"
    r"|(?:inducing|induction\s+of|maintaining|maintenance\s+of)\s+remission\s+(?:in|of)\s+"
    r"|(?:a\s+)?(?:wide\s+|broad\s+|whole\s+|large\s+)?(?:variety|range|array|spectrum|host|number|list|group|set|"
    r"collection|class|series)\s+of\s+"
    # "types of infection" leads into a name; "type 2 diabetes" and "type II" are the name
    r"|(?:types?(?!\s+(?:\d|[ivx]+\b|[ab]\b))|forms?|kinds?|sorts?|cases?|instances?|episodes?|aspects?|conditions?\s+(?:such\s+as|like|"
    r"including|involving|characterized\s+by|causing|associated\s+with|related\s+to|that\s+cause)|"
    r"(?:the\s+)?(?:signs\s+and\s+)?symptoms?\s+(?:of|associated\s+with|related\s+to|caused\s+by|due\s+to|from|"
    r"linked\s+to|like|such\s+as|including)|discomfort\s+(?:of|from|associated\s+with|caused\s+by)|"
    r"patients?\s+(?:with|suffering\s+from|who\s+have|having|experiencing)|people\s+(?:with|who\s+have)|"
    r"individuals?\s+(?:with|who\s+have)|those\s+(?:with|who\s+have|suffering\s+from)|persons?\s+with|"
    r"children\s+with|adults\s+with|women\s+with|men\s+with|infants\s+with|suffering\s+from|"
    r"(?:the\s+)?effects?\s+of|(?:the\s+)?(?:onset|progression|development|spread|occurrence|frequency|severity|"
    r"intensity|duration)\s+of(?!\s+(?:disease|illness))|(?:the\s+)?(?:discomfort|pain)\s+and\s+(?:discomfort|pain)\s+of)\s+)",
)
_LEAD_VERB = re.compile(
    rf"^(?:(?:maintenance|long-term|short-term|adjunctive|adjunct|add-on|symptomatic|first-line|"
    rf"second-line|initial|supportive|palliative|empiric|empirical|acute|chronic|topical|local|effective|"
    rf"temporary|rapid|quick|fast)\s+)?(?:(?:{_VERB})(?:\s*(?:,|and|or|and/or)\s*(?:{_VERB}))*|(?:{_NOUN})(?:\s*(?:,|and|or|and/or)\s*(?:{_NOUN}))*\s+(?:of|for|from|against|in))\s+"
)
# Things that are not conditions: pronouns, vague nouns, processes, drugs and people.
_REJECT_START = re.compile(
    r"^(?:and|or|nor|including|include|includes|creating|involved|individuals\s+experiencing|now|it|its|this|these|those|that|they|them|their|there|such|which|what|who|he|she|we|you|your|our|one|"
    r"someone|anyone|something|anything|everything|us|him|her|itself|themselves|is|are|was|were|be|been|has|have|"
    r"had|can|could|may|might|will|would|should|must|do|does|did|not|no|yes|how|why|when|where|if|then|than|so|"
    r"very|more|most|much|well|also|because|by|at|into|onto|upon|under|over|about|between|within|without|after|"
    r"before|during|while|since|until|both|either|neither|each|every|all|any|some|here|just|still|even|already|"
    r"only|make|makes|making|help|helps|get|gets|keep|keeps|take|takes|use|using|improve|improves|improving|"
    r"increase|increases|increasing|support|supports|supporting\s+the|promote|promotes|promoting|"
    r"provide|provides|providing|maintain|maintaining|ensure|ensuring|allow|allowing|enable|enabling|restore|"
    r"restoring|regulate|regulating|block|blocking|inhibit|inhibiting|stimulate|stimulating|enhance|enhancing|"
    r"boost|boosting|produce|producing|work|works|working|act|acts|acting|kill|killing|stop|stopping|slow|"
    r"slowing|lower|lowering|reduce|reducing|decrease|decreasing|replace|replacing|deliver|delivering|"
    r"achieve|achieving|facilitate|facilitating|induce|inducing|cause|causing|contain|containing|form|forming|"
    r"loosen|thin|thinning|relax|relaxing|open|opening|widen|widening|dilate|dilating|shrink|shrinking|"
    r"protect|protecting|target|targeting|address|addressing|affect|affecting|normalize|neutralize|neutralizing)\b(?!-)",
)
# Nouns that say "a condition" without naming one.
_CONDITION_NOUNS = frozenset(
    {
        "condition",
        "conditions",
        "disorder",
        "disorders",
        "disease",
        "diseases",
        "illness",
        "illnesses",
        "problem",
        "problems",
        "issue",
        "issues",
        "symptom",
        "symptoms",
        "ailment",
        "ailments",
        "complaint",
        "complaints",
    }
)
_GENERIC = {
    *_CONDITION_NOUNS,
    "purpose",
    "purposes",
    "effect",
    "effects",
    "aspect",
    "aspects",
    "case",
    "cases",
    "situation",
    "situations",
    "patient",
    "patients",
    "people",
    "person",
    "individual",
    "individuals",
    "adult",
    "adults",
    "child",
    "children",
    "infant",
    "infants",
    "women",
    "men",
    "use",
    "uses",
    "treatment",
    "treatments",
    "therapy",
    "therapies",
    "medication",
    "medications",
    "medicine",
    "medicines",
    "drug",
    "drugs",
    "agent",
    "agents",
    "product",
    "products",
    "combination",
    "body",
    "health",
    "system",
    "function",
    "level",
    "levels",
    "cause",
    "causes",
    "underlying cause",
    "factor",
    "factors",
    "area",
    "areas",
    "part",
    "parts",
    "type",
    "types",
    "form",
    "forms",
    "others",
    "other",
    "indication",
    "indications",
    "application",
    "applications",
    "disease state",
    "disease states",
    "health conditions",
    "medical conditions",
    "medical condition",
    "health condition",
    "health problems",
    "health issues",
    "various",
    "certain",
    "related conditions",
    "similar conditions",
    "other conditions",
    "associated symptoms",
    "related symptoms",
    "discomfort",
    "severity",
    "frequency",
    "risk",
    "risks",
    "need",
    "needs",
    "variety",
    "range",
    "setting",
    "settings",
    "procedure",
    "procedures",
    "surgery",
    "process",
    "processes",
    "mechanism",
    "doctor",
    "physician",
    "healthcare professional",
    "professional",
    "supervision",
    "guidance",
    "physician's guidance",
    "infection",
    "infections",
    "damage",
    "progression",
    "including",
    "such",
    "like",
    "limited",
    "benefit",
    "benefits",
    # what a use is, not what it is for: "used for symptomatic relief", "uses include treating:",
    # "as an adjunct to surgery", "deficiencies in these vitamins", "aid in weight management"
    "symptomatic",
    "treating",
    "adjunct",
    "deficiency",
    "deficiencies",
    "weight",
}
# Vague words that, with a generic head, name no condition ("other emotional symptoms").
_VAGUE = {
    "other",
    "various",
    "certain",
    "related",
    "associated",
    "similar",
    "underlying",
    "medical",
    "health",
    "specific",
    "emotional",
    "physical",
    "potentially",
    "life-threatening",
    "serious",
    "severe",
    "mild",
    "moderate",
    "many",
    "several",
    "some",
    "such",
    "general",
    "common",
    "minor",
    "different",
    "numerous",
    "additional",
    "further",
    "more",
    "less",
    "these",
    "those",
    "all",
    "any",
    "overall",
    "existing",
    "possible",
    "significant",
    "particular",
    "specified",
    "relevant",
    "resulting",
    "secondary",
    "primary",
    "main",
    "major",
    "chronic",
    "acute",
    "long-term",
    "short-term",
    "previously",
    "untreated",
    "treated",
    "newly",
    "diagnosed",
    "distinct",
    "two",
    "three",
    "both",
}
_GENERIC_HEAD = {
    *_CONDITION_NOUNS,
    "complication",
    "complications",
    "case",
    "cases",
    "situation",
    "situations",
    "types",
    "kinds",
    "sorts",
}
# Heads that name a process, a substance or a thing rather than a condition.
_NOT_CONDITION_HEAD = frozenset(
    [
        "production",
        "synthesis",
        "secretion",
        "metabolism",
        "absorption",
        "level",
        "levels",
        "function",
        "functioning",
        "activity",
        "balance",
        "flow",
        "formation",
        "transmission",
        "signal",
        "signals",
        "signaling",
        "receptor",
        "receptors",
        "enzyme",
        "enzymes",
        "cell",
        "cells",
        "system",
        "systems",
        "process",
        "processes",
        "mechanism",
        "mechanisms",
        "pathway",
        "response",
        "responses",
        "medication",
        "medications",
        "drug",
        "drugs",
        "medicine",
        "medicines",
        "agent",
        "agents",
        "antibiotic",
        "antibiotics",
        "therapy",
        "therapies",
        "dose",
        "doses",
        "dosage",
        "effect",
        "effects",
        "properties",
        "ingredient",
        "ingredients",
        "component",
        "components",
        "combination",
        "combinations",
        "formulation",
        "formulations",
        "tablet",
        "tablets",
        "capsule",
        "capsules",
        "injection",
        "injections",
        "physician",
        "doctor",
        "professional",
        "supervision",
        "guidance",
        "direction",
        "directions",
        "label",
        "bacteria",
        "virus",
        "viruses",
        "fungi",
        "parasite",
        "parasites",
        "organism",
        "organisms",
        "microorganism",
        "microorganisms",
        "pathogen",
        "pathogens",
        "hormone",
        "hormones",
        "neurotransmitter",
        "neurotransmitters",
        "chemical",
        "chemicals",
        "substance",
        "substances",
        "histamine",
        "serotonin",
        "dopamine",
        "acid",
        "water",
        "fluid",
        "fluids",
        "mucus",
        "secretions",
        "stool",
        "urine",
        "sugar",
        "glucose",
        "cholesterol",
        "calcium",
        "sodium",
        "potassium",
        "iron",
        "vitamin",
        "vitamins",
        "mineral",
        "minerals",
        "nutrient",
        "nutrients",
        "supplement",
        "supplements",
        "diet",
        "food",
        "meal",
        "meals",
        "quality",
        "life",
        "wellbeing",
        "well-being",
        "care",
        "outcome",
        "outcomes",
        "result",
        "results",
        "recovery",
        "period",
        "time",
        "stage",
        "stages",
        "phase",
        "group",
        "groups",
        "population",
        "populations",
        "children",
        "adult",
        "adults",
        "older",
        "elderly",
        "people",
        "patients",
        "individuals",
        "infants",
        "women",
        "men",
        "persons",
        "newborns",
        "neonates",
        "users",
        "surgery",
        "surgeries",
        "procedure",
        "procedures",
        "chemotherapy",
        "radiotherapy",
        "egg",
        "eggs",
    ]
)
# An abnormal amount makes a process or substance a condition ("high cholesterol").
_ABNORMAL = re.compile(
    r"\b(?:abnormal\w*|excess\w*|high|higher|low|lower|increased|decreased|elevated|reduced|impaired|"
    r"overactive|underactive|poor|inadequate|insufficient|deficient|lack|loss|build-?up|overproduction|"
    r"hyper\w+|hypo\w+|disturbed|irregular|unwanted|heavy|painful|difficult|blocked|damaged|dry|itchy)\b",
)
# A body part alone is where a condition is, not the condition ("the esophagus, stomach").
_BODY_PART = re.compile(
    r"^(?:upper|lower|inner|outer|whole|entire|affected|small|large|female|male)?\s*(?:"
    r"body|brain|heart|liver|kidneys?|lungs?|blood|skin|scalp|stomach|intestines?|bowel|colon|rectum|"
    r"eyes?|ears?|nose|mouth|throat|airways?|bones?|joints?|veins?|arteries|nerves?|glands?|muscles?|"
    r"(?:blood\s+)?vessels?|tissues?|membranes?|esophagus|oesophagus|duodenum|bladder|uterus|vagina|prostate|"
    r"sinuses|nasal\s+passages|gums?|teeth|tooth|nails?|hair|feet|foot|hands?|legs?|arms?|face|chest|abdomen|pelvis|spine|"
    r"respiratory\s+tract|urinary\s+tract|gastrointestinal\s+tract|digestive\s+tract|gi\s+tract|"
    r"immune\s+system|nervous\s+system|reproductive\s+organs?|organs?)$",
)
# Labels of list items that organise a Usage section rather than name a condition.
_META_LABEL = re.compile(
    r"\b(?:uses?|usage|indications?|indicated|applications?|purposes?|notes?|important|caution|warnings?|"
    r"mechanism|how|works?|actions?|roles?|benefits?|advantages?|dosage|doses?|administration|forms?|"
    r"formulations?|routes?|oral|topical|intravenous|injection|injectable|adults?|children|pediatric|"
    r"paediatric|elderly|geriatric|pregnancy|breastfeeding|off-label|off\s+label|approved|unapproved|"
    r"primary|secondary|main|major|other|additional|further|general|specific|overview|summary|"
    r"combination|component|components|ingredients?|brand|names?|availability|status|effects?|"
    r"efficacy|effectiveness|considerations?|contraindications?|precautions?|limitations?|"
    r"disclaimer|history|background|description|types?|category|class|storage|monitoring|"
    r"duration|timing|synergy|synergistic|rationale|why|what|when|who|reason|reasons|goal|goals|"
    r"aim|aims|objective|target|targets|examples?)\b",
)
_CONDITION_LIST_INTRO = re.compile(
    r"(?:include|includes|including|such\s+as|like|following|conditions?|disorders?|diseases?|infections?|"
    r"indications?|uses?|used|treat|treats|treating|treatment|manage|management|prevent|prevention|"
    r"relieve|relief|symptoms?|applications?|ailments?|indicated|prescribed|effective|helpful|beneficial|"
    r"areas?|cases?|for|in|of|against)\b[^:]*:\s*$",
)
_COMPONENT_INTRO = re.compile(
    r"\b(?:components?|ingredients?|constituents?|each|individual|roles?|contribut\w*|work\s+together|"
    r"breakdown|break\s+down|mechanisms?|act|acts|works?|function|functions)\b",
)
_OF_INTRO = re.compile(
    r"\b((?:\w+[\s-]){0,2}(?:infections?|disorders?|diseases?|conditions?|cancers?|tumou?rs?|inflammation|pain)\s+of)(?:\s+the)?\s*:\s*$"
)
# Words of the lead-in before the head it shares with the items ("these include infections of the:")
_INTRO_WORDS = re.compile(r"^(?:(?:these|those|they|it|include|includes|including|such|as|are|is|the|and|or)\s+)+")
_DRUG_WORD = re.compile(
    r"^(?:[\w-]+\s+){0,2}(?:agent|drug|medication|medicine|compound|substance|relaxant|blocker|inhibitor|antagonist|"
    r"agonist|antibiotic|anticoagulant|sedative|analgesic|stimulant|corticosteroid|diuretic)s?$"
)
# Drug stems: a name with one of these is a drug, not a condition.
_DRUG_SUFFIXES = (
    "cillin",
    "mycin",
    "micin",
    "floxacin",
    "cycline",
    "azole",
    "pril",
    "sartan",
    "olol",
    "dipine",
    "statin",
    "mab",
    "tinib",
    "ciclovir",
    "cyclovir",
    "navir",
    "tegravir",
    "buvir",
    "tidine",
    "prazole",
    "azepam",
    "azolam",
    "triptyline",
    "pramine",
    "oxetine",
    "afil",
    "gliptin",
    "gliflozin",
    "parin",
    "xaban",
    "gatran",
    "dronate",
    "lukast",
    "terol",
    "sone",
    "olone",
    "thasone",
    "caine",
    "profen",
    "fenac",
    "coxib",
    "setron",
    "semide",
    "thiazide",
    "zosin",
    "vudine",
)


def _is_drug_name(text: str) -> bool:
    return any(len(w) > 6 and (w.endswith(_DRUG_SUFFIXES) or w.startswith("cef")) for w in _WORD.findall(text))


# Words no condition name contains: evidence, uses and approaches.
_NOT_A_CONDITION = re.compile(
    r"\b(?:evidence|studies|study|research|data|trials?|use|uses|usage|applications?|purposes?|approach|"
    r"approaches|options?|roles?|benefits?|advantages?|efficacy|effectiveness|safety|dosing|regimens?|"
    r"effect|appearance|quality\s+of\s+life|information|advice|consultation|prescription|label|labels|"
    r"supervision|guidance|monitoring|necessary|important|crucial|recommended)\b"
    # "it is essential to ..." is advice; "essential tremor" and "essential hypertension" are conditions
    r"|\bessential\b(?!\s+(?:tremor|hypertension|thrombocyth\w*))",
)
_CLAUSE_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|can|could|may|might|will|would|should|must|does|do|did|"
    r"helps?|works?|acts?|reduces?|increases?|causes?|leads?|makes?|allows?|provides?|contains?|involves?|"
    r"affects?|occurs?|becomes?|results?|requires?|means)\b",
)
_TITLE_SPLIT = re.compile(r"\s*(?:\+|,|/|\band\b|\bwith\b)\s*")
_WS = re.compile(r"\s+")
_ADJ_ONLY = re.compile(
    r"^(?:(?!colic$|panic$|withdrawal$|sugar$|tic$|urinal$|arrival$|denial$)[\w-]+(?:ful|ed|ous|ive|ish|al|ar|ic|ary)|itchy|watery|dry|runny|stuffy|sore|red|swollen|dull|sharp|chronic|acute|"
    r"persistent|recurrent|recurring|minor|major|mild|moderate|severe|productive|non-productive|"
    r"hacking|irritating|inflammatory|allergic|bacterial|viral|fungal|superficial|deep|local|"
    r"localized|generalized|systemic|primary|secondary|early|late|advanced|metastatic|occasional|"
    r"refractory|resistant|uncomplicated|complicated|simple|common|rare|nasal|topical|oral|"
    r"skin|bone|joint|soft|gastric|duodenal|peptic|urinary|respiratory|upper|lower|intra-abdominal|"
    r"ocular|vaginal|cutaneous|muscular|musculoskeletal|dental|postoperative|post-operative|"
    r"hormonal|menopausal|premenstrual|nervous|cardiac|renal|hepatic|pulmonary|cerebral|"
    r"vascular|spinal|pelvic|abdominal|intestinal|gastrointestinal|rheumatic|neuropathic)$",
)
_MAX_WORDS = 9


def _relations(frame: str) -> tuple[Relation, ...]:
    """Every relation a frame names: "treat and prevent" is both."""
    found: list[Relation] = []
    for m in _REL_WORD.finditer(frame):
        r = Relation.PREVENTS if m.group("p") else Relation.DIAGNOSES if m.group("d") else Relation.TREATS
        if r not in found:
            found.append(r)
    return tuple(found) or (Relation.TREATS,)


def _negated(sentence: str, start: int) -> bool:
    """A negation between the start of the anchor's clause and the anchor."""
    before = sentence[:start]
    cut = 0
    for m in _CLAUSE_START.finditer(before):
        cut = m.end()
    return _NEGATION.search(before[cut:]) is not None


def _strip_parens(text: str) -> str:
    for _ in range(3):
        new = _PARENS.sub("", text)
        if new == text:
            break
        text = new
    return text.replace("(", " ").replace(")", " ")


# What is left of "types 1 and 2", "stages III and IV", "Fredrickson types IIa and IIb" once split.
_NUMBER_ONLY = re.compile(r"^(?:(?:\w+\s+)?(?:types?|stages?|grades?|class(?:es)?)\s+)?(?:\d+|[ivx]+[abc]?)$")
# A name that points elsewhere ("complications of these conditions", "the uses noted above")
# or compares ("acne than either drug alone") names nothing by itself.
_DEICTIC = re.compile(r"\b(?:this|these|those|such|it|its|they|them|their|either|above|than)\b")
# "pain from various sources", "infections in other parts of the body", "pain stemming from
# injuries": the condition is the head.
_ELSEWHERE = re.compile(
    r"\s+(?:(?:from|in|of|at)\s+(?:various|other|many|different|several)|(?:stemming|originating)\s+(?:from|in))\b.*$"
)
_ADJECTIVE_END = re.compile(r"(?:ed|ly|able|ible|ive|ous|ical)$")
_TRAIL_WORDS = re.compile(
    r"(?:\s+(?:and|or|of|with|the|in|from|to|for|by|long-term|short-term|itself|themselves|compared|alone))+\s*$"
)
# "osteoporosis prevention and treatment": the frame after the name.
_TRAIL_FRAME = re.compile(rf"\s+(?:{_NOUN}|support)(?:\s*(?:,|and|or|and/or|&)\s*(?:{_NOUN}|support))*\s*$")


# "used for active immunization against influenza": the object of the use is what is prevented
_LEAD_PROTECT = re.compile(r"^(?:active\s+|passive\s+)?(?:immuni[sz]ation|vaccination|protection)\s+against\s+")


def _lead(text: str, rel: tuple[Relation, ...]) -> tuple[str, tuple[Relation, ...]]:
    """Strip the frame words a condition's name opens with; a verb among them sets the relation."""
    t = text.strip()
    for _ in range(8):
        m = _LEAD_VERB.match(t)
        if m:
            rel = _relations(m.group(0))
            t = t[m.end() :]
            continue
        m = _LEAD_PROTECT.match(t)
        if m:
            rel = (Relation.PREVENTS,)
            t = t[m.end() :]
            continue
        m = _LEAD.match(t)
        if m:
            t = t[m.end() :]
            continue
        break
    return t, rel


def _clean(item: str, rel: tuple[Relation, ...]) -> tuple[str, tuple[Relation, ...]] | None:
    m = _TRAIL_FRAME.search(item)
    if m:
        rel = _relations(m.group(0))
        item = item[: m.start()]
    t, rel = _lead(_WS.sub(" ", item).strip(" \t.,;:!?*\"'“”‘’-–—"), rel)
    cut = _ELSEWHERE.sub("", t)
    if cut != t and not _has_condition_word(cut):
        return None  # "availability of other analgesics": no condition is left
    t = cut
    t = _TRAIL_WORDS.sub("", t)
    t = t.strip(" \t.,;:!?*\"'“”‘’-–—")
    low = t.lower()
    if not low or len(low) < 3 or low in _GENERIC:
        return None
    words = low.split()
    if words[-1] in _GENERIC_HEAD and all(w in _VAGUE for w in words[:-1]):
        return None
    if (
        _ADJECTIVE_END.search(low)
        and (len(words) == 1 or low.endswith(("ed", "ly")))
        and len(words) <= 2
        and not _has_condition_word(low)
    ):
        return None
    if _NOT_A_CONDITION.search(low):
        return None
    if _DEICTIC.search(low):
        return None
    if _NUMBER_ONLY.match(low) and not _has_condition_word(low):
        return None
    if len(words) > _MAX_WORDS or _REJECT_START.match(low) or _CLAUSE_VERB.search(low):
        return None
    if words[-1] in _NOT_CONDITION_HEAD and not _has_condition_word(low) and not _ABNORMAL.search(low):
        return None
    if _BODY_PART.match(low):
        return None
    if _is_drug_name(low):
        return None
    if _DRUG_WORD.match(low) or not re.search(r"[a-z]{3}", low):
        return None
    return low, rel


_CONDITION_SUFFIXES = (
    "itis",
    "osis",
    "emia",
    "aemia",
    "algia",
    "pathy",
    "oma",
    "ism",
    "iasis",
    "plegia",
    "rrhea",
    "rrhoea",
    "uria",
    "penia",
    "trophy",
    "sclerosis",
    "spasm",
    "nia",
    "sia",
    "xia",
    "gia",
    "tia",
    "lepsy",
    "philia",
    "rrhagia",
    "mania",
    "phobia",
)
_CONDITION_WORDS = frozenset(
    [
        "pain",
        "ache",
        "aches",
        "infection",
        "infections",
        "infestation",
        "infestations",
        "deficiency",
        "deficiencies",
        "disease",
        "diseases",
        "disorder",
        "disorders",
        "syndrome",
        "cancer",
        "cancers",
        "tumor",
        "tumors",
        "tumour",
        "tumours",
        "failure",
        "injury",
        "injuries",
        "ulcer",
        "ulcers",
        "lesion",
        "lesions",
        "wound",
        "wounds",
        "burn",
        "burns",
        "fever",
        "cough",
        "cold",
        "flu",
        "congestion",
        "inflammation",
        "swelling",
        "itching",
        "rash",
        "acne",
        "attack",
        "attacks",
        "stroke",
        "clot",
        "clots",
        "bleeding",
        "hemorrhage",
        "toxicity",
        "poisoning",
        "overdose",
        "dependence",
        "addiction",
        "withdrawal",
        "insufficiency",
        "imbalance",
        "overload",
        "retention",
        "loss",
        "damage",
        "dysfunction",
        "spasms",
        "cramp",
        "cramps",
        "nausea",
        "vomiting",
        "diarrhea",
        "diarrhoea",
        "constipation",
        "anxiety",
        "depression",
        "obesity",
        "hypertension",
        "allergy",
        "allergies",
        "asthma",
        "eczema",
        "psoriasis",
        "dermatitis",
        "edema",
        "oedema",
        "seizure",
        "seizures",
        "epilepsy",
        "migraine",
        "headache",
        "arthritis",
        "gout",
        "angina",
        "arrhythmia",
        "arrhythmias",
        "hypotension",
        "shock",
        "sepsis",
        "abscess",
        "abscesses",
        "wart",
        "warts",
        "lice",
        "scabies",
        "worm",
        "worms",
        "malaria",
        "tuberculosis",
        "jaundice",
        "cirrhosis",
        "hepatitis",
        "pregnancy",
        "contraception",
        "conception",
        "ovulation",
        "irritation",
        "dryness",
        "redness",
        "discharge",
        "odor",
        "odour",
        "sore",
        "sores",
        "blister",
        "blisters",
        "scar",
        "scars",
        "stone",
        "stones",
        "calculi",
        "obstruction",
        "stenosis",
        "reflux",
        "heartburn",
        "indigestion",
        "dyspepsia",
        "flatulence",
        "bloating",
        "gas",
        "colic",
        "bulimia",
        "sprain",
        "sprains",
        "strain",
        "strains",
        "bruise",
        "bruises",
        "bites",
        "stings",
        "trauma",
        "lupus",
        "cramping",
        "drip",
    ]
)
_WORD = re.compile(r"[a-z]+")


def _has_condition_word(text: str) -> bool:
    """Whether a name holds a word that names a condition, or is itself a disease or phenotype
    of the vocabularies ("boils", "tremor", "runny nose")."""
    return any(
        w in _CONDITION_WORDS or w.endswith(_CONDITION_SUFFIXES) for w in _WORD.findall(text.lower())
    ) or lexicon().names_disorder(text)


def _protect(text: str) -> str:
    """Hide the "and" of fixed pairs from the list splitter."""
    return _FIXED_PAIRS.sub(lambda m: m.group(0).replace(" and ", " \u2227 ").replace(",", "\u201a"), text)


def _unprotect(text: str) -> str:
    return text.replace(" \u2227 ", " and ").replace("\u201a", ",")


_NUMBERED = re.compile(r"^(?:(?:types?|stages?|grades?|class(?:es)?)\s+)?(?:\d+|[ivx]+[abc]?)\s+(.+)$")
_PLURAL_KIND = re.compile(r"\b(type|stage|grade|class)(?:s|es)\b")
_KIND_PREFIX = re.compile(r"^(?:\w+\s+)?(?:type|stage|grade|class)\s+")
_DEFICIENCY_OF = re.compile(r"^(?:the\s+)?(deficienc(?:y|ies)\s+of)\s+(?:both\s+)?(.+)$")


def _split(obj: str) -> list[str]:
    """Split a list of conditions.

    "itchy, watery eyes" stacks its adjectives; "acute and chronic pain" shares its head.
    """
    obj = _protect(obj)
    m = _DEFICIENCY_OF.match(obj)
    if m:
        return [f"deficiency of {_unprotect(p.strip())}" for p in _SPLIT.split(m.group(2)) if p and p.strip()]
    pieces = _SPLIT_KEEP.split(obj)
    parts = [p.strip() for p in pieces[0::2]]
    seps = [p.strip() for p in pieces[1::2]]
    out: list[str] = []
    adjectives: list[tuple[str, str]] = []  # pending lone adjectives with the separator after each
    for i, p in enumerate(parts):
        if not p:
            continue
        sep = seps[i] if i < len(seps) else ""
        if _ADJ_ONLY.match(p) and i + 1 < len(parts) and parts[i + 1]:
            adjectives.append((p, sep))
            continue
        if adjectives:
            words = p.split()
            if len(words) >= 2 and any(s.strip(", ") for _, s in adjectives):
                head = " ".join(words[1:]) if _ADJ_ONLY.match(words[0]) else p
                out.extend(f"{a} {head}" for a, _ in adjectives)
                out.append(p)
            else:
                out.append(" ".join([a for a, _ in adjectives] + [p]))
            adjectives = []
            continue
        out.append(p)
    # "type 1 and type 2 diabetes", "stages 3 and 4 kidney disease": the last one's head is shared
    for i in range(len(out) - 1):
        if _NUMBER_ONLY.match(out[i]):
            m = _NUMBERED.match(out[i + 1])
            if m:
                first = _PLURAL_KIND.sub(r"\1", out[i])
                out[i] = f"{first} {m.group(1)}"
                kind = _KIND_PREFIX.match(first)
                if kind and not _KIND_PREFIX.match(out[i + 1]):
                    out[i + 1] = kind.group(0) + out[i + 1]
    return [_unprotect(p) for p in out]


# "against five diseases: diphtheria, tetanus": a count of what the list after the colon names
_COUNTED_HEAD = re.compile(
    r"^\s*(?:the\s+following|following|two|three|four|five|six|seven|eight|nine|ten|several|multiple|these|"
    r"many|various)\s+(?:[\w-]+\s+)?(?:diseases|conditions|infections|illnesses|disorders)\s*:\s*"
)
# "moderately to severely active": a span of severity, not the end of the name at "to"
_SEVERITY_SPAN = re.compile(r"\b(?:mild|mildly|moderate|moderately)\s+to\s+(?:moderate|moderately|severe|severely)\s+")


_PATIENTS_WITH = re.compile(
    r"\s+in\s+(?:adult\s+|pediatric\s+|paediatric\s+|elderly\s+)?(?:patients|people|persons|individuals|those|adults|"
    r"children|women|men)\s+(?:with|who\s+have|suffering\s+from)\s+"
)


def _objects(text: str, rel: tuple[Relation, ...]) -> Iterator[tuple[str, tuple[Relation, ...]]]:
    """Conditions at the start of ``text`` (the object of a frame), following examples lists."""
    if " to " in text:
        text = _SEVERITY_SPAN.sub("", text)
    text = _COUNTED_HEAD.sub("", text)
    for _ in range(4):
        text, rel = _lead(text, rel)
        m = _BOUNDARY.search(text)
        obj = text[: m.start()] if m else text
        found = False
        for part in _split(obj):
            got = _clean(part, rel)
            if got:
                rel = got[1]
                found = True
                yield got
        if m and found and not m.group("ex"):
            # "bronchospasm in patients with COPD", "clots in patients with atrial fibrillation": the
            # condition the patients have is treated too, when it names one
            who = _PATIENTS_WITH.match(text, m.start())
            if who:
                for name, _ in _objects(text[who.end() :], (Relation.TREATS,)):
                    if _has_condition_word(name):
                        yield name, (Relation.TREATS,)
        if not m or not m.group("ex"):
            return
        text = text[m.end() :]


def _from_sentence(sentence: str) -> Iterator[tuple[str, tuple[Relation, ...]]]:
    s = _strip_parens(sentence).lower()
    if not _HINT.search(s):
        return
    found: list[tuple[str, tuple[Relation, ...]]] = list(_framed(s))
    yield from found
    if found and "(" in sentence:
        yield from _parenthesised(sentence, found[0][1], {n for n, _ in found if _has_condition_word(n)})


def _parenthesised(
    sentence: str, rel: tuple[Relation, ...], named: set[str]
) -> Iterator[tuple[str, tuple[Relation, ...]]]:
    """The conditions a use sentence names in parentheses after its use frame: "infections of the
    respiratory tract (pneumonia, bronchitis)", "skin infections (like cellulitis or abscesses)".
    A gloss of a condition is a condition too; one that explains is not ("(the inside of the
    intestine)"), nor an abbreviation; and the gloss of a name already read only repeats it
    ("high blood pressure (hypertension)")."""
    low = sentence.lower()
    anchor = _ANCHOR.search(low)
    if anchor is None:
        return
    for m in _PAREN_GROUP.finditer(sentence, anchor.end()):
        group = m.group(1)
        if _ABBREVIATION.match(group):
            continue
        text = _PAREN_LEAD.sub("", group.lower())
        if text.startswith("to "):  # a purpose: "(to counteract antibiotic-associated diarrhea)"
            continue
        ex = _BOUNDARY.search(text)
        if ex and ex.group("ex") and ex.start() == 0:
            text = text[ex.end() :]
        elif not _LISTED.search(text) and low[: m.start()].rstrip().endswith(tuple(named)):
            continue  # one name glossing the name before it
        for name, r in _objects(text, rel):
            if _has_condition_word(name) and not _DEICTIC.search(name):
                yield name, r


_PAREN_GROUP = re.compile(r"\(([^()]{3,160})\)")
_LISTED = re.compile(r",|\s(?:or|and)\s")
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z0-9-]{0,7}[A-Z0-9]s?$")
_PAREN_LEAD = re.compile(
    r"^(?:(?:(?:commonly|also|often|sometimes)\s+)?(?:known|called|referred\s+to)(?:\s+as)?|especially|particularly|"
    r"mainly|mostly|primarily|notably|or|and|i\.e\.,?|that\s+is,?)\s+"
)


def _framed(s: str) -> Iterator[tuple[str, tuple[Relation, ...]]]:
    """What the use frames of a sentence (lower case, parentheses dropped) name."""
    pos = 0
    while True:
        m = _ANCHOR.search(s, pos)
        if m is None:
            return
        pos = m.end()
        if _negated(s, m.start()):
            continue
        frame = m.group(0)
        if m.group("verb"):
            word = frame.split()[0].lower().rstrip(",")
            # a trailing participle describes the mechanism ("..., preventing the virus from ...")
            if word.endswith("ing") and _PARTICIPLE_BEFORE.search(s[: m.start()]):
                continue
            # a bare infinitive/finite verb after a noun is usually mechanism ("the body to clear")
            rest = s[m.end() :]
            if _MECHANISM_OBJECT.match(rest) and " from " in rest[:60]:
                continue
        if m.group("list") or m.group("these"):
            rel: tuple[Relation, ...] = (Relation.TREATS,)
        else:
            rel = _relations(frame)
        if m.group("useto") or m.group("these") or m.group("usein"):
            # "used to reduce X" and "these include X" name a condition only when X is one
            # ("inflammation", not "its size" or "improved energy")
            yield from ((n, r) for n, r in _objects(s[m.end() :], rel) if _has_condition_word(n))
            continue
        yield from _objects(s[m.end() :], rel)


_MECHANISM_OBJECT = re.compile(r"\s*(?:the\s+)?(?:virus|bacteria|body|immune|blood|cells?|it|them|this|these|that)\b")


def _components(doc: Document) -> set[str]:
    names: set[str] = set()
    for part in _TITLE_SPLIT.split(doc.title.lower()):
        part = _strip_parens(part).strip()
        if part:
            names.add(part)
            names.add(part.split()[0])
    for st in doc.sections:
        if st.component:
            names.add(_strip_parens(st.component.lower()).strip())
    return names


def _is_component(label: str, components: set[str]) -> bool:
    low = _strip_parens(label.lower()).strip(" :")
    if not low:
        return True
    if low in components:
        return True
    first = low.split()[0]
    return any(first == c.split()[0] for c in components if len(c) > 3) and not _has_condition_word(low)


def _label_condition(label: str, components: set[str], prefix: str) -> tuple[str, tuple[Relation, ...]] | None:
    text = _strip_parens(label.lower()).strip(" :")
    if not text or len(text.split()) > _MAX_WORDS or _is_component(text, components):
        return None
    rel: tuple[Relation, ...] = (Relation.TREATS,)
    m = _LEAD_VERB.match(text)
    if m:
        rel = _relations(m.group(0))
        text = text[m.end() :]
    elif _META_LABEL.search(text) and not _has_condition_word(text):
        return None
    if prefix and not _has_condition_word(text):
        text = f"{prefix} {text}"
    return _clean(text, rel)


def _facts_from_sentences(doc: Document, block: Block, text: str, section: Section) -> Iterator[Indication]:
    for sent in sentences(text):
        for name, rels in _from_sentence(sent):
            for r in rels:
                yield Indication(name, r, (evidence(doc, block, sent, section),))


def _bare_list(doc: Document, block: Block, text: str, section: Section) -> Iterator[Indication]:
    """A list item or a label's gloss that is only a list of conditions ("Pneumonia, lung abscesses")."""
    first = sentences(text)[0] if text else ""
    plain = _strip_parens(first).lower()
    stop = _BOUNDARY.search(plain)
    head = plain[: stop.start()] if stop and not stop.group("ex") else plain
    if not head or _CLAUSE_VERB.search(head) or len(head.split()) > 12:
        return
    if not ("," in head or " and " in head or " or " in head or len(head.split()) <= 5 or (stop and stop.group("ex"))):
        return
    for name, rels in _objects(plain, (Relation.TREATS,)):
        if _has_condition_word(name):
            for r in rels:
                yield Indication(name, r, (evidence(doc, block, first, section),))


def _section_facts(doc: Document, st: SectionText, components: set[str]) -> Iterator[Indication]:
    intro = ""
    for b in st.blocks:
        if b.kind is not BlockKind.ITEM:
            intro = b.text.lower()
            if (
                b.label
                and (b.rest or "")
                and (_META_LABEL.search(b.label.lower()) or _is_component(b.label, components))
            ):
                yield from _facts_from_sentences(doc, b, b.rest, Section.USAGE)
            else:
                yield from _facts_from_sentences(doc, b, b.text, Section.USAGE)
            continue
        listed = _CONDITION_LIST_INTRO.search(intro) is not None and not _COMPONENT_INTRO.search(intro)
        of = _OF_INTRO.search(intro)
        prefix = _INTRO_WORDS.sub("", of.group(1)) if of else ""
        if b.label:
            found = False
            got = _label_condition(b.label, components, prefix)
            if got and (listed or _has_condition_word(got[0]) or _LEAD_VERB.match(b.label.lower())):
                found = True
                for r in got[1]:
                    yield Indication(got[0], r, (evidence(doc, b, b.text, Section.USAGE),))
            body = list(_facts_from_sentences(doc, b, b.rest, Section.USAGE))
            yield from body
            if found and not body:
                yield from _bare_list(doc, b, b.rest, Section.USAGE)
            elif found:
                for sent in sentences(b.rest):
                    low = _strip_parens(sent).lower()
                    for m in _EXAMPLE_START.finditer(low):
                        for name, rels in _objects(low[m.end() :], got[1] if got else (Relation.TREATS,)):
                            if not _has_condition_word(name):
                                continue  # "caused by irritants such as dust, wind or smoke"
                            for r in rels:
                                yield Indication(name, r, (evidence(doc, b, sent, Section.USAGE),))
                        break
            continue
        own = list(_facts_from_sentences(doc, b, b.text, Section.USAGE))
        yield from own
        if not own and listed:
            yield from _bare_list(doc, b, b.text, Section.USAGE)


_STRICT = re.compile(
    r"\b(?:used|prescribed|indicated|approved)\b(?:\s+\S+){0,4}?\s+(?:to\s+(?:help\s+)?(?:treat|prevent|manage|relieve|"
    r"control)|for\s+(?:the\s+)?(?:treatment|prevention|management|relief)|in\s+the\s+(?:treatment|prevention|"
    r"management))\b",
)


def extract(doc: Document) -> Iterator[Fact]:
    """Indications from Usage sections; on pages without one, from explicit "used to treat" sentences."""
    components = _components(doc)
    seen: set[tuple[str, Relation]] = set()
    usage = [st for st in doc.sections if st.section is Section.USAGE and st.blocks]
    facts: list[Indication] = []
    for st in usage:
        facts.extend(_section_facts(doc, st, components))
    if not usage:
        for st in doc.sections:
            if st.section in (Section.OTHER, Section.GENERIC_NAME):
                for b in st.blocks:
                    text = b.rest if b.label and b.rest else b.text
                    for sent in sentences(text):
                        if _STRICT.search(sent.lower()):
                            for name, rels in _from_sentence(sent):
                                for r in rels:
                                    facts.append(Indication(name, r, (evidence(doc, b, sent, st.section),)))
    for f in facts:
        key = (f.condition, f.relation)
        # a drug named where a condition was expected ("used for infections, piperacillin/tazobactam may ...")
        if f.condition in components or f.condition.split()[0] in components:
            continue
        if key not in seen:
            seen.add(key)
            yield f
