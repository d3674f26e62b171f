"""The only way WeasyPrint may read a file: `data:` URLs and files inside allowed folders.

WeasyPrint's default fetcher follows `file://` anywhere and fetches from the network, so a
raw-HTML `<a rel="attachment" href="file:///etc/passwd">` would embed that file in the PDF.
"""

from __future__ import annotations

from pathlib import Path
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from presswork.errors import PressworkError


class RefusedResource(FatalURLFetchingError):  # type: ignore[misc]
    """Raised (and stopping the render) when the document asks for a forbidden URL."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class ServedResponse(URLFetcherResponse):  # type: ignore[misc]
    """Bytes served instead of a file: WeasyPrint reads a raster image again from the
    `path` of a `file:` response, which would embed the file, not these bytes."""

    @property
    def path(self) -> None:
        return None


class LockedURLFetcher(URLFetcher):  # type: ignore[misc]
    """A fetcher that reads `data:` URLs and files under `allowed` folders, nothing else;
    a file in `cleaned` is served as those bytes instead (a cleaned SVG, see
    manuscript/svg.py, or an image converted to CMYK, see cmyk_theme.py)."""

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
                data = self.cleaned[real]  # an SVG, or a picture (perhaps of an SVG)
                svg = data.lstrip()[:1] == b"<"  # else WeasyPrint sniffs the raster
                kind = "image/svg+xml" if svg else "application/octet-stream"
                return ServedResponse(url, data, {"Content-Type": kind})
            if any(real.is_relative_to(folder) for folder in self.allowed):
                return super().fetch(url, headers)
        raise RefusedResource(url)


def refused(exc: RefusedResource, root: Path) -> PressworkError:
    """The error a render stopped by the fetcher reports to the writer."""
    return PressworkError(
        f"the book refers to {exc.url}, which is outside the manuscript",
        root,
        hint="keep every image and file inside the manuscript folder",
    )
