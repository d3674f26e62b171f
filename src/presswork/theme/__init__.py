"""The theme: Jinja2 templates, stylesheets and fonts that both back ends dress the Book in.

The shipped theme lives inside this package (`templates/`, `styles/`), so an installed
wheel carries it; a manuscript overrides it file by file.
"""
