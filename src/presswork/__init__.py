"""Presswork: one Markdown manuscript in, an EPUB 3 and a print-ready PDF out."""

__version__ = "0.1.0"
"""The one place the version is written (pyproject.toml reads it from here): asking the
installed package's metadata for it cost every run of the CLI 30 ms of imports."""
