"""Each chapter's print body (its XHTML hyphenated, its code made to wrap, its study
material set as worksheets), kept from one build to the next.

The parts' cache keys are made from the parts' HTML, so a warm build writes every
chapter's print HTML again to learn which chapters changed; hyphenating every paragraph
with pyphen was most of that. A body is keyed by the hash of all it depends on: the
chapter's XHTML, the edition's print settings, the language and labels, pyphen's version
and the source of the print back end and of the XHTML helpers (so a changed rule never
serves a stale body). Kept under the edition's parts cache (`bodies/`), each entry
written to a temporary file and renamed; the entries a build did not use are deleted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from presswork.manuscript.kept_texts import KeptTexts

FORMAT = "1"


@dataclass
class BodyCache:
    """The print bodies of earlier builds under `folder` (None: no cache), and this one's."""

    folder: Path | None
    kept: KeptTexts = field(init=False)
    code: str = ""
    """The hash of the format, pyphen's version and the code that makes a body."""

    def __post_init__(self) -> None:
        self.kept = KeptTexts(self.folder, ".html")

    def body(self, fragment: str, context: str, make: Callable[[str], str]) -> str:
        """The body of `fragment` in this `context` (the settings, language and labels as
        text): kept, or made now by `make(fragment)`."""
        self.code = self.code or _code_digest()
        digest = hashlib.sha256(self.code.encode())
        digest.update(json.dumps([context, fragment]).encode("utf-8", "surrogatepass"))
        key = digest.hexdigest()
        body = self.kept.get(key)
        if body is None:
            body = make(fragment)
            self.kept.put(key, body)
        return body

    def save(self) -> None:
        """Keep this build's bodies and forget the rest."""
        self.kept.save()


def _code_digest() -> str:
    digest = hashlib.sha256(f"{FORMAT} pyphen {version('pyphen')}\n".encode())
    here = Path(__file__).parent
    sources = [*sorted(here.glob("*.py")), here.parent / "manuscript" / "transforms" / "xhtml.py"]
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()
