"""Lark's LALR tables for spilang's grammar, built once and kept in the user's cache
folder: building them costs about a quarter of a second, loading them a few milliseconds,
and every command parses. The file's name carries a hash of everything the tables depend
on (the grammar text, the parser options, lark's and Python's versions), so a changed
grammar or an upgraded lark never reads stale tables. Any trouble with the cache (an
unwritable or missing folder, a damaged file, a concurrent writer) falls back to building
the tables in memory: the cache only ever saves time."""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

from lark import Lark
from lark import __version__ as lark_version

# Set to a folder to keep the cache there, or to an empty string to keep no cache.
CACHE_ENV = "SPILANG_CACHE_DIR"


def cached_lark(text: str, **options) -> Lark:
    """`Lark(text, **options)`, read from the cache when it holds these tables, else
    built (and saved for next time, if the cache folder can be written)."""
    path = _cache_file(text, options)
    if path is not None:
        parser = _read(path)
        if parser is not None:
            return parser
    parser = Lark(text, **options)
    if path is not None:
        _write(parser, path)
    return parser


def cache_dir() -> Path | None:
    """The folder of the cache, or None when the cache is switched off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    from platformdirs import user_cache_path  # only when the cache is used
    return user_cache_path("spilang", appauthor=False)


def _cache_file(text: str, options: dict) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = "\n".join([text, repr(sorted(options.items())), lark_version, sys.version])
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return folder / f"grammar-{digest}.lark-tables"


def _read(path: Path) -> Lark | None:
    try:
        with open(path, "rb") as handle:
            return Lark.load(handle)
    except Exception:  # noqa: BLE001 - a missing or damaged cache is rebuilt, never fatal
        return None


def _write(parser: Lark, path: Path) -> None:
    """Save atomically: write a temporary file beside the cache file, then rename it, so
    that a process reading the cache never sees half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".grammar-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            parser.save(out)
        os.replace(temporary, path)
    except Exception:  # noqa: BLE001 - an unwritable cache only costs the next start-up
        try:
            os.unlink(temporary)
        except OSError:
            pass
