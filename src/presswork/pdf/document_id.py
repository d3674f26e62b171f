"""A PDF/X-4 file's XMP DocumentID made from what the document is, not drawn at random.

PDF/X-4 requires an `xmpMM:DocumentID`, and WeasyPrint writes a fresh `uuid4()` into it on
every write: two builds of the same book then differ, a rebuild of an unchanged part is not
the file a cold build makes, and a printer's workflow sees a new document each time. The
finisher below (WeasyPrint's public `write_pdf(finisher=...)` hook, called on the pydyf
PDF before it is written) puts in its place a UUID derived from the rest of the metadata
packet (title, authors, dates, conformance): the same book and edition get the same ID on
every build, another book another one. A joined book keeps its first part's packet, so its
ID is that of its front matter, made the same way. Other variants carry no DocumentID and
are left as they are.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from typing import Protocol, cast

_RANDOM_ID = re.compile(rb"xmp\.did:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "presswork:xmp-document-id")
"""Presswork's namespace for the IDs (uuid5 of the packet's digest)."""


class _Stream(Protocol):
    stream: list[bytes]


class _Pdf(Protocol):
    catalog: dict[str, object]
    objects: list[object]


def stable_document_id(document: object, pdf: _Pdf) -> None:
    """WeasyPrint finisher: the metadata packet's random DocumentID -> one made from the
    packet itself (unchanged when there is none)."""
    reference = pdf.catalog.get("Metadata")
    if not isinstance(reference, bytes | str):
        return
    metadata = cast(_Stream, pdf.objects[int(reference.split()[0])])
    chunks = getattr(metadata, "stream", None)
    if not isinstance(chunks, list) or not all(isinstance(c, bytes) for c in chunks):
        return
    packet = b"".join(chunks)
    if len(_RANDOM_ID.findall(packet)) != 1:
        return
    digest = hashlib.sha256(_RANDOM_ID.sub(b"xmp.did:", packet)).hexdigest()
    stable = f"xmp.did:{uuid.uuid5(NAMESPACE, digest)}".encode()
    metadata.stream = [_RANDOM_ID.sub(stable, packet)]
