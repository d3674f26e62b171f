"""The link scheme between the parts of a book laid out in parts.

A part's HTML writes a link to another part's element as `presswork-part:<id>` (html.py);
WeasyPrint would drop a link to an anchor missing from its document. The join turns those
links back into links to the named destination once every part is in one file (join.py).
A module of its own so that writing the parts' HTML does not import the join (pikepdf),
which an EPUB's page list never runs."""

CROSS_PART = "presswork-part:"
