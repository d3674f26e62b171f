"""The faces installed on this machine and the characters each has, from fontconfig's own
cache (`fc-list` prints each face's character set as ranges): the print engine finds its
fallback faces through fontconfig too, so this is what it can print. Reading the character
maps of hundreds of font files with fontTools took seconds; fontconfig answers in
milliseconds."""

from __future__ import annotations

import bisect
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field

GENERIC = frozenset({"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"})


@dataclass
class Coverage:
    """Sorted, merged ranges of code points: `char in coverage` by bisection."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, ranges: Iterable[tuple[int, int]]) -> Coverage:
        """Ranges (inclusive) merged into one coverage."""
        merged: list[list[int]] = []
        for low, high in sorted(ranges):
            if merged and low <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], high)
            else:
                merged.append([low, high])
        return cls([low for low, _ in merged], [high for _, high in merged])

    def ranges(self) -> list[tuple[int, int]]:
        """The coverage as (first, last) pairs."""
        return list(zip(self.starts, self.ends, strict=True))

    def __contains__(self, point: object) -> bool:
        if not isinstance(point, int):
            return False
        index = bisect.bisect_right(self.starts, point) - 1
        return index >= 0 and point <= self.ends[index]


@dataclass
class Face:
    """An installed face: its family names, file and character set."""

    families: list[str]
    file: str
    coverage: Coverage


def charset_ranges(charset: str) -> list[tuple[int, int]]:
    """fontconfig's `20-7e a0 ...` as (first, last) pairs."""
    ranges = []
    for item in charset.split():
        low, _, high = item.partition("-")
        ranges.append((int(low, 16), int(high or low, 16)))
    return ranges


def installed_faces() -> list[Face]:
    """Every face fontconfig knows, with its character set (none if fc-list is missing)."""
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{family}\\t%{file}\\t%{charset}\\n"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    faces = []
    for line in sorted(set(listing.splitlines())):
        family, _, rest = line.partition("\t")
        path, _, charset = rest.partition("\t")
        names = [name.strip() for name in family.split(",") if name.strip()]
        faces.append(Face(names, path, Coverage.of(charset_ranges(charset))))
    return faces


def generic_file(name: str) -> str | None:
    """The file fontconfig gives a generic family (`serif`, `monospace`)."""
    try:
        return (
            subprocess.run(
                ["fc-match", "--format", "%{file}", name],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            or None
        )
    except (OSError, subprocess.CalledProcessError):
        return None
