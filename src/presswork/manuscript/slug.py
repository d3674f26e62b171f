"""Titles and file names -> ids and file names that are safe in XML, URLs and file systems."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; letters of other scripts are kept as they
    are, because an empty slug for a Chinese or Arabic title would be worse than a non-ASCII
    one (XML names allow them)."""
    normal = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in normal if not unicodedata.combining(ch))
    words = re.findall(r"\w+", kept.lower())
    return "-".join(words)


def xml_id(text: str) -> str:
    """A slug that is also a valid XML id (must not start with a digit or hyphen)."""
    slug = slugify(text) or "x"
    return slug if slug[0].isalpha() else f"c-{slug}"
