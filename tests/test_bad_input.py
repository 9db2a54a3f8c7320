"""Bad input: every kind gets a message naming file and line, the rest of the collection
still exports, the report lists the file and why, and the exit status stays 0 unless
--strict is given or nothing could be exported.

Run this file as a script (``python tests/test_bad_input.py``) to regenerate
docs/bad-input.md from a real export; ``test_doc_is_current`` fails when it is stale.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner

import kg.export
from kg.cli import main
from kg.parse import MAX_BYTES

DOC = Path(__file__).resolve().parent.parent / "docs" / "bad-input.md"

BODY = """
# Examplamine
### Generic Name
Examplamine

### Usage
Examplamine is used to treat hypertension.

### Dosage
* **Adults:** 10 mg orally once daily.

### Side Effects
* Nausea
* Headache

### How it Works
It relaxes blood vessels.

### Precautions
* **Pregnancy:** Avoid.

### FAQs
* **Q: Can I drink alcohol?** A: Avoid it.
"""


def page(title_line: str = "title: Examplamine", body: str = BODY) -> bytes:
    return f"---\nlayout: minimal-medicine\n{title_line}\n---\n{body}".encode()


GOOD = page()


@dataclass(frozen=True)
class Case:
    """One kind of bad input: how to make it and the message it must produce."""

    kind: str
    name: str  # file (or folder) the message names, below src/
    make: Callable[[Path], None]
    code: str
    line: int  # 0: the problem concerns the whole file or folder, so no line is named
    severity: str = "warning"
    skipped: bool = False  # the file contributes nothing to the graph
    patch: str | None = None  # an in-process fault to inject: "unreadable" or "vanish"


def _write(name: str, data: bytes) -> Callable[[Path], None]:
    def make(src: Path) -> None:
        (src / name).write_bytes(data)

    return make


def _huge(src: Path) -> None:
    # Sparse: 50 MB on paper, a few blocks on disk, so the test stays fast.
    with open(src / "huge.md", "wb") as fh:
        fh.write(GOOD)
        fh.seek(50 * 1024 * 1024 - 1)
        fh.write(b"\n")


def _loop(src: Path) -> None:
    (src / "loop").mkdir()
    (src / "loop" / "back").symlink_to("..")


def _fifo(src: Path) -> None:
    os.mkfifo(src / "pipe.md")


def _dangling(src: Path) -> None:
    (src / "dangling.md").symlink_to("nowhere.md")


def _twins(src: Path) -> None:
    (src / "twin-a.md").write_bytes(GOOD)
    (src / "twin-b.md").write_bytes(GOOD)


def _unreadable(src: Path) -> None:
    (src / "unreadable.md").write_bytes(GOOD)
    (src / "unreadable.md").chmod(0)


LIST_5000 = page(body=BODY + "\n### Side Effects\n" + "".join(f"* effect number {i}\n" for i in range(5000)))
DEEP_1000 = page(body=BODY + "\n### Other\n" + "".join("  " * i + f"* level {i}\n" for i in range(1000)))
LINE_1MB = page(body=BODY + "\n### Usage\n" + "It is used to treat pain. " * 40_000 + "\n")
HTML = page(body=BODY + '\n<div onclick="x()"><script>alert("</script>")</script></div>\n\n<b>bold</b> <img src=x>\n')

CASES: list[Case] = [
    Case("empty file", "empty.md", _write("empty.md", b""), "empty", 1, "error", skipped=True),
    Case("only blank lines", "blank.md", _write("blank.md", b"\n \n\t\n"), "empty", 1, "error", skipped=True),
    Case(
        "front matter missing", "no-front-matter.md", _write("no-front-matter.md", BODY.encode()), "no-front-matter", 1
    ),
    Case(
        "front matter unclosed",
        "unclosed.md",
        _write("unclosed.md", b"---\ntitle: Examplamine\n" + BODY.encode()),
        "front-matter-unclosed",
        1,
        "error",
    ),
    Case(
        "front matter invalid YAML",
        "bad-yaml.md",
        _write("bad-yaml.md", page("title: [Examplamine\nfoo: 1")),
        "front-matter-yaml",
        4,
        "error",
    ),
    Case(
        "front matter not a mapping",
        "fm-list.md",
        _write("fm-list.md", b"---\n- a\n- b\n---\n" + BODY.encode()),
        "front-matter-type",
        2,
        "error",
    ),
    Case("title missing", "no-title.md", _write("no-title.md", page("nav_exclude: true")), "title-missing", 2),
    Case("title empty", "empty-title.md", _write("empty-title.md", page('title: ""')), "title-missing", 2),
    Case(
        "title not a string (list)", "list-title.md", _write("list-title.md", page("title: [a, b]")), "title-missing", 2
    ),
    Case(
        "title not a string (number)", "number-title.md", _write("number-title.md", page("title: 42")), "title-type", 2
    ),
    Case(
        "title many lines long",
        "multiline-title.md",
        _write("multiline-title.md", page("title: |\n  Exampl\n  amine\n  tablets")),
        "title-lines",
        2,
    ),
    Case(
        "title over 300 characters",
        "long-title.md",
        _write("long-title.md", page("title: " + "Ab " * 200)),
        "title-long",
        2,
    ),
    Case("invalid UTF-8", "bad-utf8.md", _write("bad-utf8.md", page() + b"\nstray \xff\xfe bytes\n"), "not-utf8", 29),
    Case(
        "Latin-1 text",
        "latin1.md",
        _write("latin1.md", page("title: Café crème").replace(b"\xc3\xa9", b"\xe9").replace(b"\xc3\xa8", b"\xe8")),
        "not-utf8",
        3,
    ),
    Case("byte-order mark", "bom.md", _write("bom.md", b"\xef\xbb\xbf" + page("title: BOM page")), "bom", 1),
    Case(
        "binary file named .md",
        "binary.md",
        _write("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
        "binary",
        3,
        "error",
        skipped=True,
    ),
    Case("50 MB file", "huge.md", _huge, "too-large", 0, "error", skipped=True),
    # Line 48, not 49: the flattened item's text spans many lines, so the parser's line
    # locator settles on the item above it.
    Case("list nested 1,000 deep", "deep.md", _write("deep.md", DEEP_1000), "too-deep", 48),
    Case("two files with one title", "twin-a.md", _twins, "duplicate-title", 2),
    Case("two files with one key", "sub/examplamine.md", lambda s: None, "key-clash", 0),
    Case("symlink loop in a source folder", "loop/back", _loop, "symlink-loop", 0),
    Case("FIFO named .md", "pipe.md", _fifo, "unreadable", 0, "error", skipped=True),
    Case("dangling symbolic link", "dangling.md", _dangling, "unreadable", 0, "error", skipped=True),
    Case("unreadable file", "unreadable.md", _unreadable, "unreadable", 0, "error", skipped=True, patch="unreadable"),
    Case(
        "file vanishes during the run",
        "vanishing.md",
        _write("vanishing.md", GOOD),
        "vanished",
        0,
        "error",
        skipped=True,
        patch="vanish",
    ),
]
# Kinds that must export cleanly, with no message at all (only their graph is checked).
CLEAN: dict[str, bytes] = {
    "crlf.md": GOOD.replace(b"\n", b"\r\n"),
    "list5000.md": LIST_5000,
    "longline.md": LINE_1MB,
    "html.md": HTML,
}


@contextmanager
def _faults(case: Case, src: Path) -> Iterator[None]:
    """Inject a fault the file system cannot be made to produce here (root reads mode-000
    files), at the one place the export reads a file."""
    real = kg.export.read
    target = src / case.name

    def read(s: kg.export.Source) -> bytes:
        if s.path.resolve() == target.resolve():
            if case.patch == "vanish":
                target.unlink()  # gone between discovery and reading: the real race
            elif case.patch == "unreadable" and os.access(target, os.R_OK):
                raise PermissionError(13, "Permission denied", str(target))
        return real(s)

    with mock.patch.object(kg.export, "read", read) if case.patch else nullcontext():
        yield


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str
    report: dict[str, object]


def _timeout(signum: int, frame: object) -> None:
    raise TimeoutError("export did not finish within 60 s")


def run_case(case: Case, root: Path, *extra: str) -> Run:
    """Export src/ (a good page plus the bad input) from inside ``root`` so messages show
    the short relative paths the doc quotes."""
    src = root / "src"
    src.mkdir()
    # The neighbour's title differs from every fallback title, so only the twins clash.
    (src / "examplamine.md").write_bytes(page("title: Neighbour"))
    case.make(src)
    args = ["export", "src", "-o", "out", "-j", "1", "-f", "nq"]
    if case.code == "key-clash":
        (src / "sub").mkdir()
        (src / "sub" / "examplamine.md").write_bytes(page("title: Other"))
        # Each source gives its file the key "examplamine".
        args = ["export", "src/sub", "src/examplamine.md", "-o", "out", "-j", "1", "-f", "nq"]
    old = Path.cwd()
    os.chdir(root)
    # A regression that blocks (opening a FIFO waits for a writer) must fail, not hang.
    previous = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(60)
    try:
        with _faults(case, src):
            result = CliRunner().invoke(main, [*args, *extra], catch_exceptions=False)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        os.chdir(old)
    report_file = root / "out" / "report.json"
    report = json.loads(report_file.read_text(encoding="utf-8")) if report_file.exists() else {}
    return Run(result.exit_code, result.stdout, result.stderr, report)


def expected_prefix(case: Case) -> str:
    where = f"src/{case.name}:{case.line}" if case.line else f"src/{case.name}"
    return f"{where}: {case.severity}: "


def message_for(case: Case, run: Run) -> str:
    """The one stderr line the case's file gets for the case's code."""
    hits = [
        line
        for line in run.stderr.splitlines()
        if line.startswith(expected_prefix(case)) and line.endswith(f"[{case.code}]")
    ]
    assert len(hits) == 1, f"expected one {case.code} message for src/{case.name}, stderr was:\n{run.stderr}"
    return hits[0]


@pytest.mark.parametrize("case", CASES, ids=[c.kind for c in CASES])
def test_each_kind_is_reported_and_the_rest_exports(case: Case, tmp_path: Path) -> None:
    run = run_case(case, tmp_path)
    # Exit 0: a bad file never fails the export on its own.
    assert run.exit_code == 0, run.stderr
    message = message_for(case, run)
    # Messages go to stderr, the summary to stdout; neither leaks into the other.
    assert message not in run.stdout
    assert "monographs exported:" in run.stdout and "monographs exported:" not in run.stderr
    # The good page beside it is exported.
    nq = (tmp_path / "out" / "kg.nq").read_text(encoding="utf-8")
    assert "<https://w3id.org/kg-monograph/id/monograph/examplamine>" in nq or case.code == "key-clash"
    assert int(run.report["monographs_exported"]) >= 1
    # The report lists the file with the same code, line and severity.
    files = run.report["files"]
    assert isinstance(files, dict)
    entries = files[f"src/{case.name}"]
    assert {"line": case.line, "severity": case.severity, "code": case.code} in [
        {k: e[k] for k in ("line", "severity", "code")} for e in entries
    ]
    if case.skipped:
        assert int(run.report["files_skipped"]) == 1
        assert f"/{case.name.removesuffix('.md')}>" not in nq
    else:
        assert run.report["files_skipped"] == 0


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.code in ("empty", "front-matter-yaml", "binary")], ids=lambda c: c.kind
)
def test_strict_fails_on_any_problem(case: Case, tmp_path: Path) -> None:
    run = run_case(case, tmp_path, "--strict")
    assert run.exit_code == 1
    assert "kg: error:" in run.stderr and "strict mode" in run.stderr
    # Strict still writes the export and its report, so the problems can be read.
    assert run.report and f"src/{case.name}" in run.report["files"]  # type: ignore[operator]


def test_nothing_exported_fails_and_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_bytes(b"")
    result = CliRunner().invoke(main, ["export", str(tmp_path / "empty.md"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "no monograph could be exported" in result.stderr and "empty.md:1: error: file is empty" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "out" / "report.json").exists()


def test_missing_source_is_reported_and_the_rest_exports(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_bytes(GOOD)
    result = CliRunner().invoke(
        main, ["export", str(tmp_path / "good.md"), str(tmp_path / "nope"), "-o", str(tmp_path / "out"), "-f", "nq"]
    )
    assert result.exit_code == 0
    assert f"{tmp_path / 'nope'}: error: no such file or folder [not-found]" in result.stderr


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_hard_but_valid_input_exports_without_messages(name: str, tmp_path: Path) -> None:
    (tmp_path / name).write_bytes(CLEAN[name])
    result = CliRunner().invoke(
        main, ["export", str(tmp_path / name), "-o", str(tmp_path / "out"), "-f", "nq", "--strict", "-q"]
    )
    assert result.exit_code == 0, result.stderr
    nq = (tmp_path / "out" / "kg.nq").read_text(encoding="utf-8")
    assert '"Examplamine"' in nq
    if name == "html.md":
        # Markup is dropped from the text, never passed through as markup or code.
        assert "<script" not in nq and "alert" not in nq and "onclick" not in nq and "<div" not in nq
        assert "bold" in nq  # text inside harmless tags is kept


def test_crlf_gives_the_same_graph_and_lines_as_lf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, data in (("lf", GOOD), ("crlf", GOOD.replace(b"\n", b"\r\n"))):
        (tmp_path / name / "src").mkdir(parents=True)
        (tmp_path / name / "src" / "x.md").write_bytes(data)
        # Same working folder layout, so the sourceFile literal is the same.
        monkeypatch.chdir(tmp_path / name)
        result = CliRunner().invoke(main, ["export", "src", "-o", "out", "-f", "nq", "-q", "--strict"])
        assert result.exit_code == 0, result.stderr
    lf = (tmp_path / "lf" / "out" / "kg.nq").read_text(encoding="utf-8")
    assert "ontology#line>" in lf  # evidence lines are part of what is compared
    assert lf == (tmp_path / "crlf" / "out" / "kg.nq").read_text(encoding="utf-8")


def test_bom_page_reads_its_title(tmp_path: Path) -> None:
    run_case(next(c for c in CASES if c.code == "bom"), tmp_path)
    nq = (tmp_path / "out" / "kg.nq").read_text(encoding="utf-8")
    assert '"BOM page"' in nq and "\ufeff" not in nq


def test_latin1_text_is_decoded(tmp_path: Path) -> None:
    run_case(next(c for c in CASES if c.kind == "Latin-1 text"), tmp_path)
    assert '"Café crème"' in (tmp_path / "out" / "kg.nq").read_text(encoding="utf-8")


def test_non_utf8_file_name_exports_with_escaped_name(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / os.fsdecode(b"caf\xe9.md")).write_bytes(GOOD)
    result = CliRunner().invoke(main, ["export", str(src), "-o", str(tmp_path / "out"), "-f", "nq", "-f", "jsonld"])
    assert result.exit_code == 0, result.output
    assert "/monograph/caf%5Cxe9>" in (tmp_path / "out" / "kg.nq").read_text(encoding="utf-8")


def test_file_name_with_hostile_characters(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    name = 'we<ir>d "q" {x}|^`#?% é\n.md'
    (src / name).write_bytes(GOOD)
    result = CliRunner().invoke(main, ["export", str(src), "-o", str(tmp_path / "out"), "-f", "nq", "-q"])
    assert result.exit_code == 0, result.stderr
    nq = (tmp_path / "out" / "kg.nq").read_text(encoding="utf-8")
    assert "/monograph/we%3Cir%3Ed%20%22q%22%20%7Bx%7D%7C%5E%60%23%3F%25%20%C3%A9%0A>" in nq


def test_an_extractor_crash_skips_only_that_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in one extractor on one page is reported for that page; the rest still exports."""
    (tmp_path / "good.md").write_bytes(GOOD)
    (tmp_path / "crash.md").write_bytes(page("title: Crashamine"))
    real = kg.export.extract

    def extract(doc: object) -> object:
        if getattr(doc, "title", "") == "Crashamine":
            raise IndexError("list index out of range")
        return real(doc)  # type: ignore[arg-type]

    monkeypatch.setattr(kg.export, "extract", extract)
    result = CliRunner().invoke(main, ["export", str(tmp_path), "-o", str(tmp_path / "out"), "-f", "nq", "-j", "1"])
    assert result.exit_code == 0, result.stderr
    assert (
        "crash.md: error: extraction failed (IndexError: list index out of range in test_bad_input.py:" in result.stderr
    )
    assert "[extract-failed]" in result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["monographs_exported"] == 1 and report["files_skipped"] == 1


# --- docs/bad-input.md ---------------------------------------------------------------------


def render_doc(root: Path) -> str:
    """docs/bad-input.md from a real export of every case."""
    out = [
        "# Bad input: what the export says",
        "",
        "Generated by `python tests/test_bad_input.py` from a real export of each case (a good page",
        "`src/examplamine.md` beside the bad input, `kg export src -o out -j 1 -f nq`);",
        "`tests/test_bad_input.py::test_doc_is_current` fails when this file is stale.",
        "",
        "Every message goes to stderr as `file:line: severity: message [code]` and into",
        "`report.json` under `files`. Messages without a line concern a whole file or folder",
        "that was not read (too large, unreadable, vanished) or a folder (symlink loop).",
        "Errors marked *skipped* mean the file adds nothing to the graph; every other file",
        "is exported, partly read where the message says so. The exit status is 0 unless",
        "`--strict` is given (then 1 when any problem was found) or nothing could be exported (1).",
        "",
        "| kind | code | file skipped | message |",
        "|---|---|---|---|",
    ]
    for i, case in enumerate(CASES):
        case_root = root / f"case{i}"
        case_root.mkdir()
        run = run_case(case, case_root)
        msg = message_for(case, run).replace("|", "\\|")
        out.append(f"| {case.kind} | `{case.code}` | {'yes' if case.skipped else 'no'} | `{msg}` |")
    out += [
        "",
        "Exported with no message (the text is read as written):",
        "",
        "- CRLF line ends: read as LF; line numbers and graph identical to the LF file.",
        "- a 5,000-item list, a 1 MB line: read in full.",
        "- HTML and `<script>` tags: tags are dropped, `<script>`/`<style>` blocks with their code;",
        "  the text of other elements is kept as text.",
        '- titles containing `<`, `>`, `"`, `{`, `}`, `|`, `\\`, `^`, a backquote, emoji or',
        "  right-to-left text: kept verbatim in escaped literals; a title with a newline gets",
        "  `title-lines` above and is joined into one line.",
        "- a file name that is not UTF-8: bytes shown as `\\xNN` in messages, keys and IRIs.",
        f"- files over {MAX_BYTES:,} bytes are refused (`too-large`).",
        "",
    ]
    return "\n".join(out)


def test_doc_is_current(tmp_path: Path) -> None:
    assert DOC.read_text(encoding="utf-8") == render_doc(tmp_path), "run python tests/test_bad_input.py"


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(render_doc(Path(tmp)), encoding="utf-8")
    print(f"wrote {DOC}", file=sys.stderr)
