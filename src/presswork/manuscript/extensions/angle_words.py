"""`Box<T>`, `Result<T, E>`, `Vec<u8>` in prose stay as written, not read as HTML tags.

Python-Markdown reads anything shaped like a tag as raw HTML, so `<T>` became an element
that the sanitizer then dropped with the text it was meant to be. Only names of real HTML
(and SVG or MathML) elements are raw HTML here; any other `<word>` is text, escaped as
such in both books. Obsolete elements (`<center>`, `<font>`) are still HTML: the sanitizer
removes them with a warning.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor
from markdown.util import AtomicString

HTML_ELEMENTS = frozenset(
    """a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound
    big blink blockquote body br button canvas caption center cite code col colgroup data
    datalist dd del details dfn dialog dir div dl dt em embed fieldset figcaption figure font
    footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input
    ins isindex kbd keygen label legend li link listing main map mark marquee math menu
    menuitem meta meter nav nobr noembed noframes noscript object ol optgroup option output p
    param picture plaintext pre progress q rb rp rt rtc ruby s samp script search section
    select slot small source spacer span strike strong style sub summary sup svg table tbody
    td template textarea tfoot th thead time title tr track tt u ul var video wbr xmp
    mi mo mn ms mtext mrow msup msub mfrac msqrt mroot mtable mtr mtd semantics annotation
    circle rect path line polyline polygon ellipse g defs use text tspan""".split()  # noqa: SIM905 (a word list reads better as words)
)
_NAME = re.compile(r"<\/?([a-zA-Z][^\s/>]*)")


class KnownHtmlProcessor(HtmlInlineProcessor):
    """Python-Markdown's raw-HTML pattern, for real element names only."""

    # Python-Markdown's stubs type the older Pattern signature; InlineProcessor's is this.
    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[str | etree.Element, int, int]:
        """A placeholder for raw HTML, or the text as written for any other `<word>`."""
        name = _NAME.match(m.group(1))
        if name is not None and name.group(1).lower() not in HTML_ELEMENTS:
            return AtomicString(m.group(1)), m.start(0), m.end(0)
        placeholder, _, _ = super().handleMatch(m, data)  # always a match here
        return str(placeholder), m.start(0), m.end(0)


class AngleWordsExtension(Extension):
    """Replaces Python-Markdown's inline raw-HTML pattern (same name, same priority)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(KnownHtmlProcessor(HTML_RE, md), "html", 90)
