"""Fuzzing the parser and extractors: any bytes give a monograph (and its triples) or the
project's own ParseError, never another exception.

Bounded for CI by KG_FUZZ_EXAMPLES (default 300 per target, a few seconds); raise it for a
longer run, e.g. ``KG_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import extract
from kg.mapping import Options, monograph_triples
from kg.model import Monograph, Severity
from kg.parse import ParseError, parse

EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
OPTS = Options()

# Fragments of real monographs, so that random combinations reach deep into the
# section, label, list, FAQ and dose code rather than stopping at "not a monograph".
FRAGMENTS = [
    "---\n",
    "layout: minimal-medicine\n",
    "title: Examplamine\n",
    "title: [a, b]\n",
    "title: |\n  a\n  b\n",
    "title: 42\n",
    "title:\n",
    "- item\n",
    "key: {a: 1\n",
    "# Examplamine\n",
    "### Generic Name\n",
    "### Usage\n",
    "### Dosage\n",
    "### Side Effects\n",
    "### How it Works\n",
    "### Precautions\n",
    "### FAQs\n",
    "### Usage (Alprazolam)\n",
    "**Common Side Effects:**\n",
    "* Nausea\n",
    "* **Adults:** 10 mg orally once daily.\n",
    "    * Children: 5 mg/kg twice daily, maximum 4 g per day.\n",
    "* **Pregnancy:** Avoid. Category X.\n",
    "* **Q: Can I drink alcohol?** A: Avoid it.\n",
    "**Q:** Why?\n",
    "**A:** Because.\n",
    "Used to treat hypertension and prevent migraine.\n",
    "It is a beta blocker that inhibits ACE.\n",
    "Contraindicated in patients with liver disease.\n",
    "Do not take with warfarin or MAO inhibitors.\n",
    "1. first\n",
    "   2. second\n",
    "> quote\n",
    "```\ncode\n```\n",
    "<div><script>x()</script></div>\n",
    "| a | b |\n|---|---|\n",
    "\n",
    "\r\n",
    "\ufeff",
    "Ã©",
    "â€™",
    "😀",
    "\u202e",
    "**",
    "*",
    "[link](x)",
    "![img](y)",
    "&amp;",
    "&#x0;",
    "\\",
    "`",
    "    indented\n",
    "-" * 3,
    "0.5-1 mcg/kg/min IV",
    "1,000 mg",
    "½ tablet",
]
documents = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), min_size=1, max_size=40).map("".join)
raw_bytes = st.one_of(
    st.binary(max_size=2048),
    documents.map(lambda t: t.encode("utf-8")),
    documents.map(lambda t: t.encode("utf-16")),  # NUL bytes: binary
    st.tuples(documents, st.binary(max_size=16), documents).map(lambda p: p[0].encode() + p[1] + p[2].encode()),
)


def run(data: bytes) -> Monograph | None:
    """The target: parse, extract and map; None when the parser refused the file."""
    try:
        doc = parse(data, "fuzz.md", "fuzz")
    except ParseError as exc:
        # The project's own error, located like every other message.
        assert exc.problem.file == "fuzz.md" and exc.problem.code and exc.problem.message
        return None
    mono = extract(doc)
    triples = monograph_triples(OPTS, mono)
    assert triples and all(len(t) == 3 for t in triples)
    return mono


@FUZZ
@given(raw_bytes)
def test_any_bytes_give_a_monograph_or_a_parse_error(data: bytes) -> None:
    mono = run(data)
    if mono is not None:
        assert mono.title.strip() and "\n" not in mono.title
        for p in mono.problems:
            # Every problem names this file and a real line, or none for file-wide ones.
            assert p.file == "fuzz.md" and p.line >= 0 and p.severity in Severity
            assert p.line <= data.count(b"\n") + data.count(b"\r") + 2


@FUZZ
@given(documents)
def test_any_text_gives_a_monograph_or_a_parse_error(text: str) -> None:
    # str input skips decoding, so the front matter and Markdown code see every character.
    try:
        doc = parse(text, "fuzz.md", "fuzz")
    except ParseError:
        return
    monograph_triples(OPTS, extract(doc))


def test_punctuation_only_side_effect_item() -> None:
    # Found by test_safety: an item of punctuation alone once made the extractor raise.
    assert run(b"---\ntitle: x\n---\n### Side Effects\n* ;\n") is not None
