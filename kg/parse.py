"""Parse one monograph's bytes into a Document: front matter, sections, blocks with lines, FAQ."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from typing import Any

import frontmatter
import ftfy
import mistune
import yaml

from kg.model import (
    QA,
    Block,
    BlockKind,
    Document,
    Problem,
    Section,
    SectionText,
    Severity,
)

MAX_BYTES = 8 * 1024 * 1024
"""Files above this size are refused: no monograph is near it and Markdown parsing is superlinear."""

MAX_DEPTH = 40
"""Lists nested deeper than this are read as flat text; mistune recurses per level."""

_MARKDOWN = mistune.create_markdown(renderer=None)
_LIST_LIMIT = _MARKDOWN.block.max_nested_level  # list depth at which mistune stops nesting
_FRONT = frontmatter.default_handlers.YAMLHandler()
_OPENING = re.compile(r"-{3,}[ \t\f\v]*")  # a first line that opens front matter, as FM_BOUNDARY reads it
_WS = re.compile(r"\s+")
_TAG = re.compile(r"<[^>\n]{0,200}>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)  # code, not text: dropped with its tags
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_NON_ALNUM_LINE = re.compile(r"[^0-9a-z\n]+")
# UTF-8 read as Windows-1252 leaves a lead byte (Â..ô) followed by a continuation byte
# shown as a Latin-1 or Windows-1252 character; only text with that signature goes to ftfy.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)

# Heading words per section; a heading or bold label names a section when, with
# qualifiers removed, it is one of these.
SECTION_WORDS: dict[str, Section] = {
    "generic name": Section.GENERIC_NAME,
    "generic names": Section.GENERIC_NAME,
    "generic name s": Section.GENERIC_NAME,
    "usage": Section.USAGE,
    "uses": Section.USAGE,
    "use": Section.USAGE,
    "indications": Section.USAGE,
    "usage and indications": Section.USAGE,
    "dosage": Section.DOSAGE,
    "dosing": Section.DOSAGE,
    "dosage and administration": Section.DOSAGE,
    "side effects": Section.SIDE_EFFECTS,
    "side effect": Section.SIDE_EFFECTS,
    "adverse effects": Section.SIDE_EFFECTS,
    "adverse reactions": Section.SIDE_EFFECTS,
    "how it works": Section.HOW_IT_WORKS,
    "how they work": Section.HOW_IT_WORKS,
    "how does it work": Section.HOW_IT_WORKS,
    "mechanism of action": Section.HOW_IT_WORKS,
    "precautions": Section.PRECAUTIONS,
    "warnings and precautions": Section.PRECAUTIONS,
    "precautions and warnings": Section.PRECAUTIONS,
    "faqs": Section.FAQS,
    "faq": Section.FAQS,
    "frequently asked questions": Section.FAQS,
}
# Words that only bold labels in text with no canonical section around can stand for;
# inside a section they are sub-labels ("**Adverse Effects:**" under Side Effects).
_STRICT_LABELS = {"uses", "use", "indications", "adverse effects", "adverse reactions", "mechanism of action"}
# Parenthesised qualifiers that describe the section, not a component.
_NOT_COMPONENT = re.compile(r"not applicable|n/a|component|combin|individual|general|overview|both|each|summary", re.I)
_NOTE_LABELS = {"disclaimer", "important disclaimer", "medical disclaimer"}
_QUESTION = re.compile(r"^(?:q|question)\s*\d*\s*[:.]\s*", re.I)
_ANSWER = re.compile(r"^\*{0,2}\s*(?:a|answer)\s*[:.]\s*\*{0,2}\s*", re.I)


class ParseError(Exception):
    """Raised inside the parser for a file that cannot be read at all; carries its Problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def decode(data: bytes, file: str) -> tuple[str, list[Problem]]:
    """Bytes to text: UTF-8 (BOM dropped), else Windows-1252/Latin-1 with a warning; mojibake repaired."""
    problems: list[Problem] = []
    if len(data) > MAX_BYTES:
        raise ParseError(
            Problem(
                file, 0, Severity.ERROR, "too-large", f"file is {len(data):,} bytes, over the {MAX_BYTES:,}-byte limit"
            )
        )
    nul = data.find(b"\x00", 0, 8192)
    if nul != -1:
        line = data[:nul].count(b"\n") + 1  # where the first NUL is, so the message names a line
        raise ParseError(
            Problem(file, line, Severity.ERROR, "binary", "file is binary (contains NUL bytes), not Markdown")
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        problems.append(Problem(file, 1, Severity.WARNING, "bom", "byte-order mark removed"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
            enc = "Windows-1252"
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            enc = "Latin-1"
        problems.append(
            Problem(file, line, Severity.WARNING, "not-utf8", f"invalid UTF-8 at byte {exc.start}; read as {enc}")
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii() or not _MOJIBAKE.search(text):
        return text, problems
    # Repair line by line so that no fix can move a line; curly quotes stay curly.
    lines = text.split("\n")
    fixed_lines = [
        ftfy.fix_text(line, uncurl_quotes=False, fix_line_breaks=False, normalization="NFC")
        if _MOJIBAKE.search(line)
        else line
        for line in lines
    ]
    fixed = "\n".join(fixed_lines)
    if fixed != text:
        first = next((i for i, (a, b) in enumerate(zip(text.split("\n"), fixed.split("\n"), strict=True)) if a != b), 0)
        problems.append(
            Problem(file, first + 1, Severity.WARNING, "mojibake", "text repaired (mojibake or odd characters)")
        )
    return fixed, problems


def parse(data: bytes | str, file: str, key: str) -> Document:
    """Parse a monograph. Never raises for bad content except ParseError for unreadable files."""
    if isinstance(data, bytes):
        text, problems = decode(data, file)
    else:
        text, problems = data, []
    if not text.strip():
        raise ParseError(Problem(file, 1, Severity.ERROR, "empty", "file is empty"))
    meta, body, body_line = _front_matter(text, file, problems)
    blocks = list(_blocks(body, body_line, file, problems))
    title, title_line = _title(meta, blocks, file, key, problems)
    sections, notes = _sections(blocks)
    faqs = tuple(_faqs(sections))
    canonical = {s.section for s in sections} - {Section.OTHER}
    if not text.startswith("---") and len(canonical) < 3:
        # Without front matter or the monograph's sections, this is some other Markdown
        # (a README beside the collection), not a monograph page.
        raise ParseError(
            Problem(
                file, 1, Severity.WARNING, "not-monograph", "no front matter and no monograph sections; not a monograph"
            )
        )
    if not canonical:
        problems.append(Problem(file, body_line, Severity.WARNING, "no-sections", "no monograph section found"))
    return Document(
        file=file,
        key=key,
        title=title,
        title_line=title_line,
        sections=tuple(sections),
        faqs=faqs,
        notes=tuple(notes),
        problems=tuple(problems),
    )


# --- front matter and title -------------------------------------------------------------


def _front_matter(text: str, file: str, problems: list[Problem]) -> tuple[dict[str, Any], str, int]:
    """Split off the YAML front matter; return it, the body, and the body's first line number."""
    first_nl = text.find("\n")
    # The whole first line must be the boundary: "---x" opens no front matter, and treating
    # it as opening one made python-frontmatter's split fail with a ValueError.
    if not _OPENING.fullmatch(text[: first_nl if first_nl != -1 else len(text)]):
        problems.append(
            Problem(file, 1, Severity.WARNING, "no-front-matter", "no front matter (expected '---' on line 1)")
        )
        return {}, text, 1
    if first_nl == -1 or not _FRONT.FM_BOUNDARY.search(text, first_nl + 1):
        problems.append(
            Problem(file, 1, Severity.ERROR, "front-matter-unclosed", "front matter is never closed with '---'")
        )
        return {}, text[first_nl + 1 :] if first_nl != -1 else "", 2
    fm, body = _FRONT.split(text)
    body_line = text[: len(text) - len(body)].count("\n") + 1
    try:
        meta = _FRONT.load(fm)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 1 + (mark.line if mark is not None else 1)  # the YAML text starts on line 1, after "---"
        reason = getattr(exc, "problem", None) or "invalid YAML"
        problems.append(
            Problem(file, line, Severity.ERROR, "front-matter-yaml", f"front matter is not valid YAML: {reason}")
        )
        return {}, body, body_line
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        problems.append(
            Problem(
                file, 2, Severity.ERROR, "front-matter-type", f"front matter is a {type(meta).__name__}, not a mapping"
            )
        )
        return {}, body, body_line
    return meta, body, body_line


def _clean_title(value: str) -> str:
    return _WS.sub(" ", value).strip()


def _title(
    meta: dict[str, Any], blocks: Sequence[Block], file: str, key: str, problems: list[Problem]
) -> tuple[str, int]:
    h1 = next((b for b in blocks if b.kind is BlockKind.HEADING and b.depth == 1), None)
    raw = meta.get("title")
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = str(raw)
        problems.append(Problem(file, 2, Severity.WARNING, "title-type", "title is a number, read as text"))
    if isinstance(raw, str) and raw.strip():
        if "\n" in raw.strip():
            problems.append(Problem(file, 2, Severity.WARNING, "title-lines", "title spans several lines; joined"))
        title = _clean_title(raw)
        if len(title) > 300:
            problems.append(
                Problem(file, 2, Severity.WARNING, "title-long", f"title is {len(title)} characters; cut to 300")
            )
            title = title[:300].rstrip()
        return title, 2
    if raw is None:
        reason = "front matter has no title"
    elif isinstance(raw, str):
        reason = "title is empty"
    else:
        reason = f"title is a {type(raw).__name__}, not a string"
    if h1 is not None and h1.text:
        problems.append(Problem(file, 2, Severity.WARNING, "title-missing", f"{reason}; using the H1 heading"))
        return _clean_title(h1.text)[:300], h1.line
    problems.append(Problem(file, 2, Severity.WARNING, "title-missing", f"{reason}; using the file name"))
    return key.rsplit("/", 1)[-1].replace("-", " ").strip() or key, 1


# --- blocks with line numbers -----------------------------------------------------------


def _plain(children: Sequence[dict[str, Any]] | None) -> str:
    out: list[str] = []
    for tok in children or ():
        t = tok.get("type")
        if t in ("text", "codespan"):
            out.append(tok.get("raw", ""))
        elif t in ("softbreak", "linebreak"):
            out.append(" ")
        elif t == "inline_html" or t == "block_html":
            continue
        else:
            out.append(_plain(tok.get("children")))
    return "".join(out)


# Inline Markdown is read here rather than by mistune's inline parser: the export needs only
# plain text and a block's leading bold label, and mistune's inline pass costs as much as
# its block pass. These rules follow CommonMark for what the collection uses: emphasis with
# * and _, code spans, inline HTML tags, entities and backslash escapes.
_INLINE_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_CODE = re.compile(r"(`+)(.+?)\1", re.S)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
_EM_STAR = re.compile(r"(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?![\w*])", re.S)
_EM_UNDER = re.compile(r"(?<![\w\\])_(?=\S)(.+?)(?<=\S)_(?!\w)", re.S)
_LEAD = re.compile(r"\s*\*\*(?=\S)(.+?)(?<=\S)\*\*(?!\*)", re.S)


def _strip_inline(raw: str) -> str:
    """Inline Markdown to plain text: markup dropped, entities and escapes resolved."""
    if "\\" in raw:
        raw = _ESCAPE.sub(lambda m: f"\x00{ord(m.group(1))}\x00", raw)
    if "`" in raw:
        raw = _CODE.sub(lambda m: m.group(2).strip(), raw)
    if "<" in raw:
        raw = _INLINE_TAG.sub("", raw)
    if "*" in raw or "_" in raw:
        for _ in range(4):  # nested emphasis, innermost last
            new = _EM_UNDER.sub(r"\1", _EM_STAR.sub(r"\1", _STRONG.sub(r"\2", raw)))
            if new == raw:
                break
            raw = new
    if "\x00" in raw:
        raw = re.sub("\x00(\\d+)\x00", lambda m: chr(int(m.group(1))), raw)
    return raw


def _inline(raw: str) -> list[dict[str, Any]]:
    """A block's raw inline text as tokens: a leading strong span, if any, then text."""
    m = _LEAD.match(raw)
    if m:
        return [
            {"type": "strong", "children": [{"type": "text", "raw": _strip_inline(m.group(1))}]},
            {"type": "text", "raw": _strip_inline(raw[m.end() :])},
        ]
    return [{"type": "text", "raw": _strip_inline(raw)}]


def _children(tok: dict[str, Any]) -> list[dict[str, Any]]:
    if "text" in tok:
        return _inline(tok["text"])
    return list(tok.get("children", []))


def _norm_text(text: str) -> str:
    # str.split() and the regex \s agree on what whitespace is (str.isspace)
    return " ".join((html.unescape(text) if "&" in text else text).split())


class _Locator:
    """Find the source line of each block by scanning forward for its opening words."""

    def __init__(self, body: str, first_line: int) -> None:
        self.first = first_line
        lines = body.lower().split("\n")
        if "&" in body:
            lines = [html.unescape(line) if "&" in line else line for line in lines]
        text = "\n".join(lines)
        if "<" in text:
            text = _TAG.sub("", text)  # a tag never spans lines
        self.lines = _NON_ALNUM_LINE.sub("", text).split("\n")
        if len(self.lines) != len(lines):  # an entity stood for a line break
            self.lines = [_NON_ALNUM.sub("", _TAG.sub("", line)) for line in lines]
        self.cursor = 0

    def find(self, text: str) -> int:
        probe = _NON_ALNUM.sub("", text.lower())
        for size in (24, 8):
            p = probe[:size]
            if not p:
                break
            for i in range(self.cursor, min(len(self.lines), self.cursor + 400)):
                if p in self.lines[i]:
                    self.cursor = i
                    return self.first + i
        return self.first + self.cursor


def _blocks(body: str, body_line: int, file: str, problems: list[Problem]) -> Iterator[Block]:
    tokens: Sequence[dict[str, Any]]
    try:
        # Block structure only; inline text is read by _inline.
        state = _MARKDOWN.block.state_cls()
        state.process(body if body.endswith("\n") else body + "\n")
        _MARKDOWN.block.parse(state)
        tokens = state.tokens
    except RecursionError:
        problems.append(
            Problem(file, body_line, Severity.WARNING, "too-deep", "Markdown nested too deeply; read line by line")
        )
        tokens = [
            {"type": "paragraph", "children": [{"type": "text", "raw": line}]}
            for line in body.split("\n")
            if line.strip()
        ]
    loc = _Locator(body, body_line)
    yield from _walk(tokens, loc, 0, None, file, problems)


def _make(
    kind: BlockKind, children: Sequence[dict[str, Any]], loc: _Locator, depth: int, parent: str | None
) -> Block | None:
    text = _norm_text(_plain(children))
    if not text:
        return None
    lead = rest = None
    label = None
    first = children[0] if children else None
    if first is not None and first.get("type") == "strong":
        lead = _norm_text(_plain(first.get("children")))
        rest = _norm_text(_plain(children[1:]))
        if lead.endswith(":"):
            label = lead[:-1].strip()
        elif rest.startswith(":"):
            label = lead
            rest = rest[1:].strip()
    line = loc.find(text)
    return Block(kind, text, line, depth, lead, rest or "", label or None, parent)


def _walk(
    tokens: Sequence[dict[str, Any]],
    loc: _Locator,
    depth: int,
    parent: str | None,
    file: str,
    problems: list[Problem],
) -> Iterator[Block]:
    for tok in tokens:
        t = tok.get("type")
        if t == "heading":
            b = _make(BlockKind.HEADING, _children(tok), loc, tok.get("attrs", {}).get("level", 1), None)
            if b:
                yield b
        elif t in ("paragraph", "block_text"):
            b = _make(BlockKind.PARAGRAPH if depth == 0 else BlockKind.ITEM, _children(tok), loc, depth, parent)
            if b:
                yield b
        elif t in ("block_code", "block_html"):
            raw = _TAG.sub(" ", _SCRIPT.sub(" ", tok.get("raw", ""))) if t == "block_html" else tok.get("raw", "")
            b = _make(BlockKind.PARAGRAPH, [{"type": "text", "raw": raw}], loc, depth, parent)
            if b:
                yield b
        elif t == "block_quote":
            yield from _walk(tok.get("children", []), loc, depth, parent, file, problems)
        elif t == "list":
            for item in tok.get("children", []):
                yield from _item(item, loc, depth + 1, parent, file, problems)


def _item(
    item: dict[str, Any], loc: _Locator, depth: int, parent: str | None, file: str, problems: list[Problem]
) -> Iterator[Block]:
    head: Block | None = None
    for child in item.get("children", []):
        t = child.get("type")
        if t in ("paragraph", "block_text") and head is None:
            head = _make(BlockKind.ITEM, _children(child), loc, depth, parent)
            if head:
                if depth >= _LIST_LIMIT and not any(p.code == "too-deep" for p in problems):
                    # mistune stops nesting here and hands back any deeper items as this
                    # item's text; say so instead of silently flattening them.
                    problems.append(
                        Problem(
                            file,
                            head.line,
                            Severity.WARNING,
                            "too-deep",
                            f"list nested {depth} levels deep; deeper items read as this item's text",
                        )
                    )
                yield head
        elif t == "list":
            own = head.text if head else parent
            for sub in child.get("children", []):
                yield from _item(sub, loc, depth + 1, own, file, problems)
        else:
            yield from _walk([child], loc, depth, head.text if head else parent, file, problems)


# --- sections ---------------------------------------------------------------------------


def _key(text: str) -> str:
    return _WS.sub(" ", re.sub(r"[^a-z ]+", " ", text.lower().replace("’", "'"))).strip()


def classify_heading(text: str) -> tuple[Section | None, str | None, str | None]:
    """Map a heading to (section, component, content carried in the heading).

    "Generic Name: A + B" -> (GENERIC_NAME, None, "A + B"); "Usage (Alprazolam)" ->
    (USAGE, "Alprazolam", None); "Acebrophylline Usage" -> (USAGE, "Acebrophylline", None);
    a heading that names no section -> (None, the heading, None).
    """
    raw = text.strip().strip("*_ ").rstrip(":").strip()
    content = None
    head = raw
    if ":" in raw:
        left, right = raw.split(":", 1)
        if _key(left) in SECTION_WORDS or _key(re.sub(r"\(.*?\)", "", left)) in SECTION_WORDS:
            head, content = left.strip(), right.strip() or None
    component = None
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", head)
    if m:
        inner = m.group(2).strip()
        head = m.group(1).strip()
        if inner and not _NOT_COMPONENT.search(inner):
            component = inner
    k = _key(head)
    if k in SECTION_WORDS:
        return SECTION_WORDS[k], component, content
    for words, section in SECTION_WORDS.items():
        if k.endswith(" " + words) and len(words) > 3:
            return section, head[: len(head) - len(words)].strip(" -:") or component, content
        if k.startswith(words + " of ") or k.startswith(words + " for "):
            return section, head[len(words) + 4 :].strip() or component, content
    return None, raw, None


def _label_section(label: str, strict: bool) -> Section | None:
    k = _key(label)
    if k in SECTION_WORDS and (not strict or k not in _STRICT_LABELS):
        return SECTION_WORDS[k]
    return None


def _sections(blocks: Sequence[Block]) -> tuple[list[SectionText], list[Block]]:
    sections: list[SectionText] = []
    notes: list[Block] = []
    has_headings = any(b.kind is BlockKind.HEADING and b.depth >= 2 for b in blocks)
    current: Section = Section.OTHER
    heading, line, component = "", 1, None
    buf: list[Block] = []

    def flush() -> None:
        if buf or current is not Section.OTHER:
            sections.append(SectionText(current, heading, line, tuple(buf), component))

    for b in blocks:
        if b.kind is BlockKind.HEADING:
            if b.depth == 1 and not sections and not buf:
                continue  # the H1 repeats the title
            flush()
            buf = []
            section, comp, content = classify_heading(b.text)
            if section is None:
                current, heading, line, component = Section.OTHER, b.text, b.line, comp
            else:
                current, heading, line, component = section, b.text, b.line, comp
            if content:
                buf.append(Block(BlockKind.PARAGRAPH, content, b.line))
            continue
        if b.label and _key(b.label) in _NOTE_LABELS:
            notes.append(b)
            continue
        switch = None
        if b.label and (b.kind is BlockKind.PARAGRAPH or (b.depth == 1 and current is Section.OTHER)):
            switch = _label_section(b.label, strict=current is not Section.OTHER and has_headings)
            if switch is Section.FAQS and current is Section.FAQS:
                switch = None
        if switch is not None:
            # a bold pseudo-heading keeps the component of the heading above it
            flush()
            buf = []
            current, heading, line = switch, b.lead or b.text, b.line
            if b.rest:
                buf.append(Block(BlockKind.PARAGRAPH, b.rest, b.line))
            continue
        buf.append(b)
    flush()
    return sections, notes


# --- FAQ ----------------------------------------------------------------------------------


def _question(b: Block, in_faq: bool) -> tuple[str, str] | None:
    """If the block opens a question, return (question, inline answer)."""
    if b.lead is not None:
        lead = b.lead
        m = _QUESTION.match(lead)
        if m:
            return lead[m.end() :].strip(), _ANSWER.sub("", b.rest, count=1).strip()
        if in_faq and lead.rstrip().endswith("?"):
            return lead.strip(), _ANSWER.sub("", b.rest, count=1).strip()
    m = _QUESTION.match(b.text)
    if m and "?" in b.text:
        body = b.text[m.end() :]
        q, _, a = body.partition("?")
        return q.strip() + "?", _ANSWER.sub("", a.strip(), count=1).strip()
    return None


def _faqs(sections: Sequence[SectionText]) -> Iterator[QA]:
    for s in sections:
        in_faq = s.section is Section.FAQS
        pending: tuple[str, list[str], int] | None = None
        for b in s.blocks:
            found = _question(b, in_faq)
            if found is not None:
                if pending:
                    yield QA(pending[0], " ".join(pending[1]).strip(), pending[2])
                q, a = found
                pending = (q, [a] if a else [], b.line)
                continue
            if pending is None:
                continue
            if b.kind is BlockKind.PARAGRAPH and b.label and not _ANSWER.match(b.text) and pending[1]:
                yield QA(pending[0], " ".join(pending[1]).strip(), pending[2])
                pending = None
                continue
            pending[1].append(_ANSWER.sub("", b.text, count=1).strip())
        if pending:
            yield QA(pending[0], " ".join(pending[1]).strip(), pending[2])
