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


class LockedURLFetcher(URLFetcher):  # type: ignore[misc]
    """A fetcher that reads `data:` URLs and files under `allowed` folders, nothing else."""

    def __init__(self, allowed: list[Path], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.allowed = [folder.resolve() for folder in allowed]

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file:"):
            path = Path(url2pathname(url.split("?")[0].split("#")[0].removeprefix("file:")))
            real = path.resolve()
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
