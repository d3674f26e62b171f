"""The only way WeasyPrint may read a file: `data:` URLs and files inside allowed folders.

WeasyPrint's default fetcher follows `file://` anywhere and fetches from the network, so a
raw-HTML `<a rel="attachment" href="file:///etc/passwd">` would embed that file in the PDF.
"""

from __future__ import annotations

from pathlib import Path
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from presswork.errors import PressworkError
from presswork.manuscript.model import Book


class RefusedResource(FatalURLFetchingError):  # type: ignore[misc]
    """Raised (and stopping the render) when the document asks for a forbidden URL."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class LockedURLFetcher(URLFetcher):  # type: ignore[misc]
    """A fetcher that reads `data:` URLs and files under `allowed` folders, nothing else;
    a file in `cleaned` is served as its cleaned bytes (an SVG, see manuscript/svg.py)."""

    def __init__(
        self, allowed: list[Path], cleaned: dict[Path, bytes] | None = None, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)
        self.allowed = [folder.resolve() for folder in allowed]
        self.cleaned = {path.resolve(): data for path, data in (cleaned or {}).items()}

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file:"):
            path = Path(url2pathname(url.split("?")[0].split("#")[0].removeprefix("file:")))
            real = path.resolve()
            if real in self.cleaned:
                return URLFetcherResponse(
                    url, self.cleaned[real], {"Content-Type": "image/svg+xml"}
                )
            if any(real.is_relative_to(folder) for folder in self.allowed):
                return super().fetch(url, headers)
        raise RefusedResource(url)


def cleaned_assets(book: Book, html: str | None = None) -> dict[Path, bytes]:
    """The book's images that were cleaned, by file (those `html` refers to, if given)."""
    return {
        asset.source: asset.cleaned
        for asset in book.assets
        if asset.cleaned is not None and (html is None or asset.path in html)
    }


def refused(exc: RefusedResource, root: Path) -> PressworkError:
    """The error a render stopped by the fetcher reports to the writer."""
    return PressworkError(
        f"the book refers to {exc.url}, which is outside the manuscript",
        root,
        hint="keep every image and file inside the manuscript folder",
    )
