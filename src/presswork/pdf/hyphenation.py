"""Hyphenation for print, decided here rather than left to WeasyPrint, so the rules a
publisher expects hold:

- the dictionary is chosen from the book's BCP 47 tag by a table (`en` -> the US patterns;
  WeasyPrint's own fallback gave `en` pyphen's `en` file, British: "fa-cing", "restaur-ant");
- per-language limits (English: words of 6 or more letters, 3 before and 3 after the break),
  and no break inside an f-ligature;
- no break in the last word of a paragraph, a list item or a note;
- none in display text: headings, captions, table cells, code, the contents and index
  (only running-text blocks are touched), and none in capitalised words (proper names,
  acronyms) unless the edition's `hyphenate_capitals` says so.

Each permitted break becomes a soft hyphen and print.css sets `hyphens: manual`, so the
print engine breaks only there. The EPUB is left to the reader's own hyphenation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import pyphen
from lxml import etree

from presswork.manuscript.transforms.xhtml import find_all
from presswork.pdf.pattern_cache import preload

SOFT_HYPHEN = "\u00ad"
DICTIONARIES = {
    "en": "en_US",
    "en-us": "en_US",
    "en-ca": "en_US",
    "en-gb": "en_GB",
    "en-au": "en_GB",
    "en-nz": "en_GB",
    "en-ie": "en_GB",
    "en-za": "en_GB",
    "en-in": "en_GB",
    "pt": "pt_PT",
    "pt-br": "pt_BR",
    "de": "de_DE",
    "de-at": "de_AT",
    "de-ch": "de_CH",
    "sr-latn": "sr_Latn",
}
"""BCP 47 tag (lower case) -> pyphen dictionary, where pyphen's own fallback would pick
another variety; any other tag goes through pyphen.language_fallback."""
LIMITS = {"en": (6, 3, 3), "fr": (6, 2, 3), "de": (6, 2, 3)}
"""Language -> (shortest word, letters before the break, letters after)."""
DEFAULT_LIMITS = (6, 2, 2)
RUNNING_TEXT = frozenset({"p", "li", "dd", "blockquote", "aside"})
"""Blocks of running text (a note printed at the foot sits inside one of them)."""
_DISPLAY = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "th", "td", "caption", "figcaption", "code", "pre"}
    | {"kbd", "samp", "nav", "a", "abbr"}
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_LIGATURE_BREAK = re.compile(f"f{SOFT_HYPHEN}(?=[fijlt])")
"""A break inside an f-ligature (ff, fi, fl, ft...): the shaper joins the letters across the
soft hyphen into one glyph whose text the PDF then loses ("officiel" read back as "o ciel"),
so such a break is not offered."""
_LAST = re.compile(r"[\w\u00ad'’]+(?=[^\w\u00ad]*$)")
"""The last word of a text, soft hyphens and all."""


def dictionary_for(language: str) -> str | None:
    """The pyphen dictionary for a book's language, or None (no hyphenation: Chinese...)."""
    tag = language.lower().replace("_", "-")
    if tag in DICTIONARIES:
        return DICTIONARIES[tag]
    found = pyphen.language_fallback(tag.replace("-", "_"))
    return str(found) if found else None


def limits_for(language: str) -> tuple[int, int, int]:
    """(shortest word, letters before, letters after) for the language."""
    return LIMITS.get(language.lower().split("-")[0], DEFAULT_LIMITS)


@lru_cache(maxsize=16)
def _hyphenator(dictionary: str, left: int, right: int) -> pyphen.Pyphen:
    preload(dictionary)
    return pyphen.Pyphen(lang=dictionary, left=left, right=right)


Hyphenate = Callable[[str], str]


def hyphenator_for(language: str, capitals: bool = False) -> Hyphenate | None:
    """What puts a soft hyphen at every break the words of a text may take, in this
    language (None: a language without a dictionary)."""
    dictionary = dictionary_for(language)
    if dictionary is None:
        return None
    shortest, left, right = limits_for(language)
    hyphenator = _hyphenator(dictionary, left, right)

    def word(match: re.Match[str]) -> str:
        found = match.group()
        if len(found) < shortest or (found[0].isupper() and not capitals):
            return found
        return _LIGATURE_BREAK.sub("f", str(hyphenator.inserted(found, hyphen=SOFT_HYPHEN)))

    return lambda text: _WORD.sub(word, text)


def hyphenate_words(text: str, language: str, capitals: bool = False) -> str:
    """`text` with a soft hyphen at every break its words may take."""
    hyphenate = hyphenator_for(language, capitals)
    return hyphenate(text) if hyphenate else text


def hyphenate_tree(root: etree._Element, language: str, capitals: bool = False) -> None:
    """Soft hyphens in the running text of a chapter, none in display text, none in the
    last word of each block. Each outermost running block is hyphenated once, with what
    it holds (a `p` inside a `blockquote` goes with the quote)."""
    hyphenate = hyphenator_for(language, capitals)
    if hyphenate is None:
        return
    for block in root.iter(*RUNNING_TEXT):
        if _inside(block, _DISPLAY | RUNNING_TEXT):
            continue
        for node, attribute in _texts(block):
            setattr(node, attribute, hyphenate(getattr(node, attribute)))
    for block in find_all(root, ".//p | .//li | .//dd | .//span[contains(@class, 'fn-para')]"):
        _unbreak_last_word(block)


def _inside(element: etree._Element, tags: frozenset[str]) -> bool:
    return any(isinstance(e.tag, str) and e.tag in tags for e in element.iterancestors())


def _texts(block: etree._Element) -> list[tuple[etree._Element, str]]:
    """The block's text nodes (element text and child tails) outside display elements."""
    found: list[tuple[etree._Element, str]] = [(block, "text")] if block.text else []
    for child in block:
        if isinstance(child.tag, str) and child.tag not in _DISPLAY:
            found += _texts(child)
        if child.tail:
            found.append((child, "tail"))
    return found


def _ordered(element: etree._Element) -> list[tuple[etree._Element, str]]:
    """Every text node inside `element`, in reading order."""
    found: list[tuple[etree._Element, str]] = [(element, "text")]
    for child in element:
        found += [*_ordered(child), (child, "tail")]
    return found


def _unbreak_last_word(block: etree._Element) -> None:
    """No soft hyphen in the block's last word (a paragraph never ends on a split word)."""
    for node, attribute in reversed(_ordered(block)):
        value = getattr(node, attribute)
        if value and _WORD.search(value):
            last = _LAST.search(value)
            if last:
                plain = last.group().replace(SOFT_HYPHEN, "")
                setattr(node, attribute, value[: last.start()] + plain + value[last.end() :])
            return
