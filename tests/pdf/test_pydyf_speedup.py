"""The cached `page_references` changes how fast a tagged PDF is written, never its bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, build_clean
from presswork.pdf.patches import pydyf_speedup

pytestmark = pytest.mark.slow


def test_tagged_pdf_is_byte_identical_with_and_without_the_cache(tmp_path: Path) -> None:
    fast = build_clean(FIXTURES / "kitchen-sink", tmp_path / "fast", ("pdf",))
    pydyf_speedup.uninstall()
    try:
        slow = build_clean(FIXTURES / "kitchen-sink", tmp_path / "slow", ("pdf",))
    finally:
        pydyf_speedup.install()
    (fast_pdf,) = fast.outputs
    (slow_pdf,) = slow.outputs
    assert fast_pdf.read_bytes() == slow_pdf.read_bytes()
