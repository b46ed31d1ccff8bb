"""Looking at paths without trusting them: what is at a path (a file, a folder, something
else or nothing), where every other `OSError` (a name too long, no permission) is a user
error naming the path; reading a source with its size checked by `stat` first and at most
the limit + 1 bytes read; and the sandbox's rule, decided from the path as written before
anything is looked at, so that no error can tell what exists outside the sandbox."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from spi_lang.syntax.errors import Span, SpiError
from spi_lang.syntax.resources import stdlib_dir

MAX_SOURCE_BYTES = 2_000_000
FILE, FOLDER, OTHER = "file", "folder", "not a regular file"


def reason(exc: OSError) -> str:
    """The operating system's words for an error (`File name too long`)."""
    return exc.strerror or type(exc).__name__


def what_is(path: Path, shown: str, span: Span | None = None) -> str | None:
    """FILE, FOLDER or OTHER for what is at `path`, None if nothing is; any other OSError
    is a SpiError naming `shown` (at `span`, for an import)."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        why = reason(exc) if isinstance(exc, OSError) else "the name holds a NUL byte"
        raise SpiError(f"cannot look at {shown!r}: {why}", span, path=shown) from None
    if stat.S_ISDIR(mode):
        return FOLDER
    return FILE if stat.S_ISREG(mode) else OTHER


def read_source(path: Path, shown: str) -> bytes:
    """The bytes of a source file. Its size is checked with `fstat` before reading, and at
    most MAX_SOURCE_BYTES + 1 bytes are read, so a huge (or growing) file costs nothing."""
    too_large = SpiError(f"file is larger than {MAX_SOURCE_BYTES} bytes", path=shown)
    try:
        with open(path, "rb") as source:
            if os.fstat(source.fileno()).st_size > MAX_SOURCE_BYTES:
                raise too_large
            data = source.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise SpiError(f"cannot read file: {reason(exc)}", path=shown) from None
    if len(data) > MAX_SOURCE_BYTES:  # it grew after the fstat
        raise too_large
    return data


class Disk:
    """Sources read from the disk: what `Loader` uses unless it is given shipped files."""

    what_is = staticmethod(what_is)
    read_source = staticmethod(read_source)

    @staticmethod
    def resolve(path: Path) -> Path:
        return path.resolve()

    @staticmethod
    def stdlib() -> Path:
        return stdlib_dir()


DISK = Disk()


def written_form(path: Path) -> Path:
    """`path` made absolute and normalized as text: no file system access at all."""
    return Path(os.path.normpath(os.path.abspath(path)))


def within(path: Path, roots: tuple[Path, ...]) -> bool:
    """Whether `path` lies in one of `roots` (paths compared as they are, no look-ups)."""
    return any(path.is_relative_to(root) for root in roots)

