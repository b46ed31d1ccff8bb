"""Writing result files atomically: a reader (or a crash) sees the old file or the new one,
never half of one. The text goes to a temporary file in the same folder, which then
replaces the target in one `os.replace`."""

from __future__ import annotations

import contextlib
import os
import tempfile

from spi_lang.syntax.errors import SpiError


def check_writable(path: str) -> None:
    """Raise SpiError now, before a long run, if `path` cannot be written later."""
    if not path:
        raise SpiError("an empty file name; name a file to write", path="<output>")
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise SpiError("this is a folder; name a file to write", path=path)
    if not os.path.isdir(folder):
        raise SpiError(f"cannot write here: no folder {folder}", path=path)
    if not os.access(folder, os.W_OK):
        raise SpiError(f"cannot write here: the folder {folder} is not writable", path=path)


def write_text(path: str, text: str) -> None:
    """Replace `path` by a file holding `text` (UTF-8), atomically."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.",
                                         suffix=".tmp")
    except OSError as exc:
        raise SpiError(f"cannot write the file: {exc.strerror}", path=path) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; use the usual mode
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise SpiError(f"cannot write the file: {exc.strerror}", path=path) from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
