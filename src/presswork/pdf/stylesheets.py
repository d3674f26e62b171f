"""A print layout's stylesheets, parsed with what WeasyPrint fills while parsing them: the
fonts of their @font-face rules and the colour profiles of their @color-profile rules (a
CMYK theme's output intent). A render needs all three, so they travel together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import weasyprint
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration

from presswork.pdf.cmyk_theme import sheet_names
from presswork.pdf.fetcher import LockedURLFetcher
from presswork.theme.styles import PRINT_STYLESHEETS


@dataclass
class PrintSheets:
    """Parsed stylesheets and what they filled."""

    sheets: list[weasyprint.CSS] = field(default_factory=list)
    fonts: FontConfiguration = field(default_factory=FontConfiguration)
    profiles: dict[str, object] = field(default_factory=dict)

    def render(self, html: weasyprint.HTML) -> Document:
        """Lay `html` out with these stylesheets."""
        return html.render(
            stylesheets=self.sheets, font_config=self.fonts, color_profiles=self.profiles
        )


def print_stylesheets(
    theme: Path, css: str, names: tuple[str, ...] = PRINT_STYLESHEETS
) -> PrintSheets:
    """The theme's stylesheets called `names` (a CMYK theme's cmyk.css before them) and
    the edition's own CSS, parsed."""
    fetcher = LockedURLFetcher([theme])
    parsed = PrintSheets()
    for name in sheet_names(theme, names):
        parsed.sheets.append(_sheet(parsed, filename=str(theme / name), url_fetcher=fetcher))
    parsed.sheets.append(_sheet(parsed, string=css))
    for profile in parsed.profiles.values():
        # littleCMS serialises a profile differently once its description has been read,
        # which WeasyPrint does after embedding it: read it now, so that every document
        # these sheets make embeds the same bytes (the join keeps one copy; builds repeat).
        getattr(profile, "name")  # noqa: B009
    return parsed


def _sheet(parsed: PrintSheets, **source: object) -> weasyprint.CSS:
    return weasyprint.CSS(**source, font_config=parsed.fonts, color_profiles=parsed.profiles)
