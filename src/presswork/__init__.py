"""Presswork: one Markdown manuscript in, an EPUB 3 and a print-ready PDF out."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("presswork")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
