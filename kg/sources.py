"""Find the monograph files under the sources given and read their bytes; the only file reading."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.iri import digest
from kg.model import Problem, Severity

SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True, slots=True)
class Source:
    """One monograph file: where it is, how messages name it, and its key in the collection."""

    path: Path
    display: str
    key: str


def _printable(text: str) -> str:
    """A path as valid Unicode: bytes of a file name that are not UTF-8 come back from the OS as
    lone surrogates, which no IRI, literal, message or JSON report can carry; show them as \\xNN."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def _display(path: Path) -> str:
    try:
        return _printable(os.path.relpath(path))
    except ValueError:
        return _printable(str(path))


def _not_regular(path: Path) -> str | None:
    """Why a path named like a monograph cannot be read as one, or None for a regular file."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "broken symbolic link; skipped" if path.is_symlink() else "file disappeared during the export"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        kind = "FIFO"
    elif stat.S_ISSOCK(mode):
        kind = "socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "device"
    else:
        kind = "special file"
    return f"not a regular file ({kind}); skipped"


def _walk(root: Path, problems: list[Problem]) -> Iterator[Path]:
    """Every Markdown file under root, following symbolic links but never round a loop."""
    seen: set[str] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in seen:
            problems.append(
                Problem(
                    _display(folder),
                    0,
                    Severity.WARNING,
                    "symlink-loop",
                    "folder already visited (symbolic link loop); skipped",
                )
            )
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(
                Problem(_display(folder), 0, Severity.ERROR, "unreadable", f"cannot list folder: {exc.strerror or exc}")
            )
            continue
        subdirs = []
        for e in entries:
            try:
                if e.is_dir():
                    if not e.name.startswith("."):
                        subdirs.append(Path(e.path))
                elif e.name.lower().endswith(SUFFIXES) and not e.name.startswith("."):
                    # Only regular files: opening a FIFO named .md would block the export for
                    # ever, and a dangling link would later be misreported as vanished.
                    odd = _not_regular(Path(e.path))
                    if odd:
                        problems.append(Problem(_display(Path(e.path)), 0, Severity.ERROR, "unreadable", odd))
                    else:
                        yield Path(e.path)
            except OSError as exc:
                problems.append(Problem(_display(Path(e.path)), 0, Severity.ERROR, "unreadable", f"cannot stat: {exc}"))
        stack.extend(reversed(subdirs))


def discover(paths: Iterable[Path], problems: list[Problem]) -> list[Source]:
    """The monograph files under the given files and folders, sorted by key, each once.

    A file's key is its path below the folder it was found in (without suffix), or its
    stem when named directly; two different files with one key both get a content digest.
    """
    found: dict[str, Source] = {}
    for given in paths:
        if not given.exists() and not given.is_symlink():
            problems.append(Problem(str(given), 0, Severity.ERROR, "not-found", "no such file or folder"))
            continue
        if given.is_dir():
            for f in _walk(given, problems):
                rel = f.relative_to(given).with_suffix("").as_posix()
                found.setdefault(os.path.realpath(f), Source(f, _display(f), _printable(rel)))
        else:
            odd = _not_regular(given)
            if odd:
                problems.append(Problem(_display(given), 0, Severity.ERROR, "unreadable", odd))
                continue
            found.setdefault(
                os.path.realpath(given), Source(given, _display(given), _printable(given.with_suffix("").name))
            )
    by_key: dict[str, list[Source]] = {}
    for src in found.values():
        by_key.setdefault(src.key, []).append(src)
    out: list[Source] = []
    for key, group in by_key.items():
        if len(group) == 1:
            out.append(group[0])
            continue
        for src in group:
            problems.append(
                Problem(
                    src.display,
                    0,
                    Severity.WARNING,
                    "key-clash",
                    f"another file also has the key {key!r}; its IRIs carry a digest of the path",
                )
            )
            out.append(Source(src.path, src.display, f"{key}-{digest(src.display, size=8)}"))
    return sorted(out, key=lambda s: s.key)


def read(src: Source) -> bytes:
    """The file's bytes; OSError passes through for the caller to report."""
    with open(src.path, "rb") as fh:
        return fh.read()
