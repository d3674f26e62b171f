"""`make bench`: Presswork against pandoc on the same manuscripts, in the same run.

Generates (deterministically) a small, a novel-sized and a large manuscript, and the novel
twice and four times over (the scaling series), builds each, and the recap, with `presswork
build` and with pandoc 3 (PyPI pypandoc-binary; EPUB with --toc --split-level=1, PDF through
WeasyPrint at the same 6x9 in page size), alternating the tools, and writes the median wall
time, CPU time, peak memory and page count, with Presswork/pandoc ratios, and the cost per
100k words of the scaling series, and the novel's rebuild time after editing one chapter,
to build/bench/results.md and results.json. Presswork's builds are cold (output folder and
caches removed first), except the rebuild.
Usage: python scripts/bench.py [--runs N] [--sizes ...]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pikepdf
import pypandoc

from presswork.manuscript.load import load_manuscript

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench"
SIZES = {
    "recap": (0, 0),  # the real manuscript, its paperback edition
    "small": (1_500, 2),
    "novel": (90_000, 30),
    "novel-2x": (180_000, 60),
    "novel-4x": (360_000, 120),
    "large": (500_000, 120),
}
SCALING = ("novel", "novel-2x", "novel-4x")
ALL_SIZES = ("recap", "small")
"""The books `make all` is timed on (the small book's target is 1.5x pandoc's PDF)."""
REBUILD_RUNS = 3
SINGLE_RUN = ("novel-2x", "novel-4x", "large")  # long enough that one run is stable
WORDS = [
    "the",
    "and",
    "of",
    "to",
    "a",
    "in",
    "that",
    "it",
    "was",
    "he",
    "she",
    "they",
    "his",
    "her",
    "for",
    "on",
    "with",
    "as",
    "at",
    "by",
    "from",
    "had",
    "not",
    "but",
    "what",
    "all",
    "were",
    "when",
    "we",
    "there",
    "can",
    "an",
    "your",
    "which",
    "their",
    "said",
    "if",
    "do",
    "will",
    "each",
    "about",
    "how",
    "up",
    "out",
    "them",
    "then",
    "many",
    "some",
    "so",
    "these",
    "would",
    "other",
    "into",
    "has",
    "more",
    "two",
    "time",
    "stars",
    "rocket",
    "field",
    "grapes",
    "school",
    "teacher",
    "dream",
    "launch",
    "orbit",
    "shuttle",
    "mission",
    "family",
    "astronaut",
    "engineer",
    "harvest",
    "application",
    "rejection",
    "patience",
    "courage",
    "restaurant",
]


@dataclass
class Run:
    """One measured build."""

    size: str
    tool: str
    fmt: str
    wall: float
    cpu: float
    rss_mb: float
    pages: int | None


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    return " ".join(words).capitalize() + "."


def generate(size: str) -> Path:
    """A manuscript of about the size's word count, the same on every run."""
    if size == "recap":
        return ROOT / "manuscript"
    words, chapters = SIZES[size]
    if size.startswith("novel-"):  # the novel, n times over: same text, same chapter size
        words, chapters = SIZES["novel"]
        words, chapters = words * int(size[-2]), chapters * int(size[-2])
    folder = OUT / "manuscripts" / size
    if (folder / "book.toml").is_file():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"presswork-bench-{size.split('-')[0]}")
    per_chapter = words // chapters
    names = []
    for number in range(1, chapters + 1):
        parts, notes, count = [f"# Chapter {number}\n"], [], 0
        while count < per_chapter:
            paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 7)))
            count += len(paragraph.split())
            roll = rng.random()
            if roll < 0.05:
                notes.append(f"[^n{len(notes) + 1}]: {sentence(rng)}")
                paragraph += f"[^n{len(notes)}]"
            elif roll < 0.08:
                paragraph = "> " + paragraph
            elif roll < 0.10:
                paragraph = "| Mission | Year |\n|---|--:|\n| STS-128 | 2009 |\n| STS-107 | 2003 |"
            parts.append(paragraph)
        name = f"{number:03d}.md"
        (folder / name).write_text("\n\n".join(parts + notes) + "\n", encoding="utf-8")
        names.append(f'"{name}"')
    (folder / "book.toml").write_text(
        f'title = "Bench {size}"\nlanguage = "en"\ndate = 2026-01-01\n'
        f"chapters = [{', '.join(names)}]\n",
        encoding="utf-8",
    )
    return folder


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one command and its children."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"failed: {' '.join(command)}\n{error[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def commands(size: str, manuscript: Path) -> dict[tuple[str, str], tuple[list[str], Path]]:
    presswork = str(ROOT / ".venv" / "bin" / "presswork")
    pandoc = pypandoc.get_pandoc_path()
    work = OUT / "out" / size
    if size == "recap":
        _, sources = load_manuscript(manuscript)
        chapters = [str(source.path) for source in sources if not source.study]
        edition = ["-e", "paperback"]
    else:
        chapters = sorted(str(p) for p in manuscript.glob("*.md"))
        edition = []
    css = OUT / "pandoc-page.css"
    OUT.mkdir(parents=True, exist_ok=True)  # a fresh clone has no build/ yet
    css.write_text(
        "@page { size: 6in 9in; margin: 0.75in 0.625in 0.85in 0.875in; }\n", encoding="utf-8"
    )
    meta = ["--metadata", f"title=Bench {size}", "--metadata", "lang=en", "--from=markdown"]
    flat = without_page_list(manuscript, size)
    plan = {
        ("presswork", "epub"): (
            [presswork, "build", "-q", "-f", "epub", str(manuscript), "-o", str(work / "pw-epub")],
            work / "pw-epub",
        ),
        # the same work as pandoc's EPUB: no print layout for a page list
        ("presswork", "epub-nopl"): (
            [presswork, "build", "-q", "-f", "epub", str(flat), "-o", str(work / "pw-nopl")],
            work / "pw-nopl",
        ),
        ("presswork", "pdf"): (
            [
                presswork,
                "build",
                "-q",
                "-f",
                "pdf",
                *edition,
                str(manuscript),
                "-o",
                str(work / "pw-pdf"),
            ],
            work / "pw-pdf",
        ),
        ("pandoc", "epub"): (
            [pandoc, *chapters, *meta, "--toc", "--split-level=1", "-o", str(work / "pandoc.epub")],
            work / "pandoc.epub",
        ),
        ("pandoc", "pdf"): (
            [
                pandoc,
                *chapters,
                *meta,
                "--pdf-engine=weasyprint",
                "--css",
                str(css),
                "-o",
                str(work / "pandoc.pdf"),
            ],
            work / "pandoc.pdf",
        ),
    }
    if size in ALL_SIZES:  # `make all`: the EPUB and every print edition in one build
        command = [presswork, "build", "-q", "-f", "all", str(manuscript), "-o", str(work / "all")]
        plan["presswork", "all"] = (command, work / "all")
    return plan


def without_page_list(manuscript: Path, size: str) -> Path:
    """A copy of the manuscript whose book.toml says `[epub] page_list = false`."""
    copy = OUT / "manuscripts" / f"{size}-nopl"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(manuscript, copy)
    toml = copy / "book.toml"
    text = toml.read_text(encoding="utf-8")
    if "\n[epub]\n" in text:
        text = text.replace("\n[epub]\n", "\n[epub]\npage_list = false\n", 1)
    else:
        text += "\n[epub]\npage_list = false\n"
    toml.write_text(text, encoding="utf-8")
    return copy


COMPARED = {"epub": "epub", "epub-nopl": "epub", "pdf": "pdf", "all": "pdf"}
"""What each Presswork row is measured against: pandoc's EPUB, or pandoc's PDF."""


def pages_of(target: Path) -> int | None:
    found = [target] if target.suffix == ".pdf" else sorted(target.glob("*.pdf"))
    pdfs = [pdf for pdf in found if not pdf.stem.endswith("-cover")]
    if not pdfs:
        return None
    with pikepdf.open(pdfs[0]) as pdf:
        return len(pdf.pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", nargs="*", default=list(SIZES))
    args = parser.parse_args()
    env = {
        **os.environ,
        "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ.get('PATH', '')}",
        "SOURCE_DATE_EPOCH": "1767225600",
    }
    # Presswork's modules as an installed package has them, compiled (pip compiles a
    # wheel's; an editable install's are compiled on import, and not kept where
    # PYTHONDONTWRITEBYTECODE is set): pandoc's WeasyPrint runs compiled too
    compileall.compile_dir(ROOT / "src", quiet=1)
    runs: list[Run] = []
    for size in args.sizes:
        manuscript = generate(size)
        plan = commands(size, manuscript)
        (OUT / "out" / size).mkdir(parents=True, exist_ok=True)
        repeat = 1 if size in SINGLE_RUN else args.runs
        for _ in range(repeat):
            for (tool, fmt), (command, target) in plan.items():  # alternating tools
                if tool == "presswork":  # cold: no outputs, no build caches (the user's
                    # compiled templates stay, as the compiled modules do: theme/template_cache.py)
                    shutil.rmtree(target, ignore_errors=True)
                wall, cpu, rss = measure(command, env)
                runs.append(Run(size, tool, fmt, wall, cpu, rss, pages_of(target)))
                print(f"{size:6} {tool:9} {fmt:4} {wall:7.2f}s {rss:7.0f} MB", file=sys.stderr)
    rebuilds = incremental(env) if "novel" in args.sizes else []
    write_results(runs, {size: words_in(generate(size)) for size in args.sizes}, rebuilds)


def incremental(env: dict[str, str]) -> list[str]:
    """Rebuild the novel after editing one chapter, with the caches of a cold build."""
    source = generate("novel")
    work = OUT / "out" / "incremental"
    shutil.rmtree(work, ignore_errors=True)
    manuscript = work / "manuscript"
    shutil.copytree(source, manuscript)
    presswork = str(ROOT / ".venv" / "bin" / "presswork")
    lines = [
        "",
        "Rebuild of the novel after editing one chapter (a sentence added to chapter 15),"
        f" medians of {REBUILD_RUNS} rounds of a cold build then the rebuild",
        "",
        "| format | cold | rebuild | rebuild/cold |",
        "|---|---|---|---|",
    ]
    chapter = manuscript / "015.md"
    original = chapter.read_text(encoding="utf-8")
    for fmt in ("epub", "pdf"):
        out = work / fmt
        command = [presswork, "build", "-q", "-f", fmt, str(manuscript), "-o", str(out)]
        colds, warms = [], []
        for _ in range(REBUILD_RUNS):  # a single rebuild swings by a tenth of a second
            chapter.write_text(original, encoding="utf-8")
            shutil.rmtree(out, ignore_errors=True)
            colds.append(measure(command, env)[0])
            chapter.write_text(original + "\nOne more sentence, written later.\n", encoding="utf-8")
            warms.append(measure(command, env)[0])
        cold, warm = statistics.median(colds), statistics.median(warms)
        print(f"incremental {fmt}: cold {cold:.2f}s, rebuild {warm:.2f}s", file=sys.stderr)
        lines.append(f"| {fmt} | {cold:.2f} s | {warm:.2f} s | {warm / cold:.3f}x |")
    return lines


def words_in(manuscript: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in manuscript.rglob("*.md"))


def scaling(rows: list[dict[str, object]], words: dict[str, int]) -> list[str]:
    """Seconds and MB per 100k words at 1x, 2x and 4x the novel: flat means linear."""
    lines = [
        "",
        "Scaling (the novel at 1x, 2x, 4x): wall seconds and peak MB per 100k words",
        "",
        "| tool | format | "
        + " | ".join(f"{s} ({words[s] // 1000}k words)" for s in SCALING)
        + " |",
        "|---|---|" + "---|" * len(SCALING),
    ]
    for tool in ("presswork", "pandoc"):
        for fmt in ("epub", "pdf"):
            cells = []
            for size in SCALING:
                row = next((r for r in rows if (r["size"], r["format"]) == (size, fmt)), None)
                if row is None:
                    cells.append("")
                    continue
                per = 100_000 / words[size]
                wall, rss = float(row[f"{tool}_wall"]), float(row[f"{tool}_rss_mb"])
                cells.append(f"{wall * per:.2f} s, {rss * per:.0f} MB")
            lines.append(f"| {tool} | {fmt} | " + " | ".join(cells) + " |")
    return lines


def _per_page(medians: dict[str, float | int | None]) -> str:
    """CPU milliseconds per page of a PDF build (blank for an EPUB)."""
    pages, cpu = medians.get("pages"), medians.get("cpu")
    return f"{cpu / pages * 1000:.0f}" if pages and cpu else ""


def write_results(runs: list[Run], words: dict[str, int], rebuilds: list[str]) -> None:
    rows, table = [], []
    ours = {(r.size, r.fmt) for r in runs if r.tool == "presswork"}
    keys = sorted(ours, key=lambda k: (list(SIZES).index(k[0]), list(COMPARED).index(k[1])))
    for size, fmt in keys:
        medians = {}
        for tool in ("presswork", "pandoc"):
            wanted = fmt if tool == "presswork" else COMPARED[fmt]
            mine = [r for r in runs if (r.size, r.fmt, r.tool) == (size, wanted, tool)]
            medians[tool] = {
                "wall": statistics.median(r.wall for r in mine),
                "cpu": statistics.median(r.cpu for r in mine),
                "rss_mb": max(r.rss_mb for r in mine),
                "pages": mine[0].pages,
                "runs": len(mine),
            }
        ratio = medians["presswork"]["wall"] / medians["pandoc"]["wall"]
        rows.append(
            {
                "size": size,
                "format": fmt,
                **{f"{t}_{k}": v for t, m in medians.items() for k, v in m.items()},
                "ratio": ratio,
            }
        )
        p, q = medians["presswork"], medians["pandoc"]
        table.append(
            f"| {size} | {fmt} | {p['wall']:.2f} s | {p['cpu']:.2f} s | "
            f"{p['rss_mb']:.0f} MB | {q['wall']:.2f} s | {q['cpu']:.2f} s | "
            f"{q['rss_mb']:.0f} MB | {p['pages'] or ''} / {q['pages'] or ''} | "
            f"{_per_page(p)} / {_per_page(q)} | {COMPARED[fmt]} | {ratio:.2f}x |"
        )
    header = (
        "| book | format | Presswork wall | CPU | peak RSS | pandoc wall | CPU | peak RSS"
        " | pages (P/p) | CPU ms per page (P/p) | against pandoc's | Presswork/pandoc |"
        "\n|---|---|---|---|---|---|---|---|---|---|---|---|"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    extra = scaling(rows, words) if all(size in words for size in SCALING) else []
    extra += rebuilds
    (OUT / "results.md").write_text(
        header + "\n" + "\n".join(table) + "\n" + "\n".join(extra) + "\n", encoding="utf-8"
    )
    (OUT / "results.json").write_text(
        json.dumps({"rows": rows, "runs": [asdict(r) for r in runs], "notes": extra}, indent=2),
        encoding="utf-8",
    )
    print((OUT / "results.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
