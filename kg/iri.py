"""Mint stable, valid IRIs from names and keys: the same input always gives the same IRI."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

_NON_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 80


def digest(*parts: str, size: int = 10) -> str:
    """A short hex digest of some strings, for identities with no readable name."""
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8"), usedforsecurity=False)
    return h.hexdigest()[:size]


def normal_name(name: str) -> str:
    """The form under which two spellings of a name are one concept: case, spacing and accents folded."""
    text = unicodedata.normalize("NFKC", name).replace("’", "'").lower()
    return " ".join(text.split())


@lru_cache(maxsize=65536)
def slug(name: str) -> str:
    """A readable IRI segment for a name; a digest keeps names apart that a plain slug would merge
    or cut ("β-alanine" and "alanine"; two long names with one prefix)."""
    norm = normal_name(name)
    ascii_ = unicodedata.normalize("NFKD", norm).encode("ascii", "ignore").decode("ascii")
    s = _NON_SLUG.sub("-", ascii_).strip("-")
    lossy = not s or len(s) > MAX_SLUG or not norm.isascii()
    if lossy:
        s = s[:MAX_SLUG].rstrip("-")
        return f"{s}-{digest(norm, size=8)}" if s else digest(norm, size=12)
    return s


def key_path(key: str) -> str:
    """A collection key (a relative path) as IRI path segments, percent-encoded where needed."""
    return quote(key, safe="/-._~")
