"""Compiled templates kept between runs, in the user's cache folder (like Python's own
bytecode of Presswork's modules), so a build does not compile its templates again.

A build renders with a dozen templates, each environment compiling its own (60 ms of a
small book's 1.3 s). Jinja2's FileSystemBytecodeCache keeps each template's code under a
key of its name and file and checks it against a hash of its source, so an edited
template (the manuscript's own included) is compiled again. What it does not key on is
how the environment compiles: a sandboxed environment's code calls the sandbox's checks,
a plain one's does not. So the file names carry a hash of the module that makes
Presswork's environment (templates.py) and Jinja2's version: only environments made
exactly as ours load them. A cache folder that cannot be written only costs the compile.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from presswork.user_cache import ROOT, user_cache

FOLDER = ROOT / "templates"
"""Under $XDG_CACHE_HOME (default ~/.cache)."""


class _Kept(jinja2.FileSystemBytecodeCache):
    """Jinja2's file cache, which lets a template be compiled when its code cannot be
    written (a read-only or full cache folder) instead of failing the build."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return


def template_cache(environment_source: Path) -> jinja2.BytecodeCache | None:
    """The user's cache of compiled templates for environments made by the module at
    `environment_source`; None (compile every time) when there is no usable folder."""
    folder = user_cache(FOLDER.name)
    if folder is None:
        return None
    try:
        made_by = environment_source.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(made_by + jinja2.__version__.encode()).hexdigest()[:16]
    return _Kept(str(folder), f"{digest}-%s.cache")
