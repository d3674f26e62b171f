"""The font stacks the theme gives each kind of text (body, headings, code), read from its
print stylesheets, and the theme's own faces (@font-face), for the print glyph check.

Only the rules that set a whole kind of text are read: `html`/`body` (and
`html:lang(xx)` for a book in language xx), `h1`-`h6`, and `code`/`pre`/`kbd`/`samp`;
the last declaration in stylesheet order wins, as in the cascade. A stylesheet of the
manuscript that sets finer rules (a class in another face) is not followed: its text is
checked against the stack of its kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import tinycss2
from tinycss2.ast import (
    AtRule,
    Declaration,
    FunctionBlock,
    IdentToken,
    LiteralToken,
    Node,
    QualifiedRule,
    StringToken,
    URLToken,
)

KINDS = ("body", "headings", "code")
_SELECTORS = {
    "body": {"html", "body"},
    "headings": {"h1", "h2", "h3", "h4", "h5", "h6"},
    "code": {"code", "pre", "kbd", "samp"},
}


@dataclass
class FontStacks:
    """Each kind of text -> its family names, in order; each @font-face family -> files."""

    stacks: dict[str, list[str]] = field(default_factory=dict)
    faces: dict[str, list[Path]] = field(default_factory=dict)

    def stack(self, kind: str) -> list[str]:
        """The families of `kind` (headings inherit the body's unless they have their own)."""
        return self.stacks.get(kind) or self.stacks.get("body") or ["serif"]


def font_stacks(theme: Path, sheets: tuple[str, ...], language: str) -> FontStacks:
    """The stacks and faces the print stylesheets `sheets` of `theme` declare."""
    found = FontStacks()
    for name in sheets:
        path = theme / name
        if not path.is_file():
            continue
        rules = tinycss2.parse_stylesheet(
            path.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True
        )
        for rule in rules:
            if isinstance(rule, AtRule) and rule.lower_at_keyword == "font-face":
                _face(rule, path.parent, found)
            elif isinstance(rule, QualifiedRule):
                _stack(rule, language, found)
    return found


def families(tokens: list[Node]) -> list[str]:
    """`"Literata", Noto Serif, serif` -> ["Literata", "Noto Serif", "serif"]."""
    names: list[str] = []
    words: list[str] = []
    for token in [*tokens, None]:
        if token is None or (isinstance(token, LiteralToken) and token.value == ","):
            if words:
                names.append(" ".join(words))
            words = []
        elif isinstance(token, StringToken | IdentToken):
            words.append(token.value)
    return names


def _declarations(content: list[Node]) -> list[Declaration]:
    parsed = tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)
    return [item for item in parsed if isinstance(item, Declaration)]


def _stack(rule: QualifiedRule, language: str, found: FontStacks) -> None:
    selectors = {s.strip() for s in tinycss2.serialize(rule.prelude).split(",")}
    kinds = [kind for kind, names in _SELECTORS.items() if selectors & names]
    if "body" not in kinds and any(_for_language(s, language) for s in selectors):
        kinds.append("body")
    declared = [d for d in _declarations(rule.content) if d.lower_name == "font-family"]
    for kind in kinds if declared else ():
        found.stacks[kind] = families(declared[-1].value)


def _for_language(selector: str, language: str) -> bool:
    """`html:lang(ja)` for a book in Japanese (`ja`, `ja-JP`)."""
    if not selector.startswith("html:lang(") or not selector.endswith(")"):
        return False
    wanted = selector[len("html:lang(") : -1].strip().lower()
    return language.lower() == wanted or language.lower().startswith(f"{wanted}-")


def _urls(tokens: list[Node]) -> list[str]:
    """The URLs of a `src` list: `url(x)` and `url("x")` (a function holding a string)."""
    found = []
    for token in tokens:
        if isinstance(token, URLToken):
            found.append(token.value)
        elif isinstance(token, FunctionBlock) and token.lower_name == "url":
            found += [t.value for t in token.arguments if isinstance(t, StringToken)]
    return found


def _face(rule: AtRule, folder: Path, found: FontStacks) -> None:
    name: str | None = None
    files: list[Path] = []
    for declaration in _declarations(rule.content or []):
        if declaration.lower_name == "font-family":
            name = next(iter(families(declaration.value)), None)
        elif declaration.lower_name == "src":
            files += [folder / unquote(url) for url in _urls(declaration.value)]
    if name:
        found.faces.setdefault(name.lower(), []).extend(f for f in files if f.is_file())
