"""What reaches into WeasyPrint's or pydyf's internals, installed once and version-checked.

Each patch replaces a private function or property that the public API offers no hook for
(see each module for why). They are installed by `install()`, which the print engine calls
at its one entry (presswork.pdf) and each layout worker inherits; importing a patch module
changes nothing. (pdf/library_lookup.py, which speeds WeasyPrint's import up, lives outside
this package: importing the package imports WeasyPrint.) `install()` refuses to run on a
WeasyPrint or pydyf release the patches were not written and tested for, rather than lay a
book out wrong.
"""

from __future__ import annotations

import pydyf
import weasyprint

from presswork.errors import PressworkError
from presswork.pdf.patches import (
    folio_shift,
    hyphen_tries,
    line_fitting,
    pydyf_speedup,
    revision,
    span_folding,
)

WEASYPRINT_SERIES = "70."
"""The WeasyPrint release series the patches were written for (pyproject.toml pins it)."""
PYDYF_VERSIONS = ("0.11.", "0.12.", "0.13.")


def install() -> None:
    """Put every patch in (idempotent), after checking the library versions."""
    check_versions(weasyprint.__version__, pydyf.__version__)
    pydyf_speedup.install()
    span_folding.install()
    revision.install()
    line_fitting.install()
    folio_shift.install()
    hyphen_tries.install()


def check_versions(weasyprint_version: str, pydyf_version: str) -> None:
    """Refuse library releases the patches were not written for."""
    if not weasyprint_version.startswith(WEASYPRINT_SERIES) or not pydyf_version.startswith(
        PYDYF_VERSIONS
    ):
        raise PressworkError(
            f"Presswork's layout patches were written for WeasyPrint {WEASYPRINT_SERIES}x and "
            f"pydyf {', '.join(v + 'x' for v in PYDYF_VERSIONS)}; this environment has "
            f"WeasyPrint {weasyprint_version} and pydyf {pydyf_version}",
            hint="reinstall Presswork's pinned dependencies: make (or pip install -e .)",
        )
