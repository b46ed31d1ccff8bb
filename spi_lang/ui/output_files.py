"""Writing result files atomically: a reader (or a crash) sees the old file or the new one,
never half of one. Each file's bytes go first to a temporary in the target's folder, one
with no name where Linux allows it (`O_TMPFILE`: a kill -9 leaves nothing behind); only
when every file of a run is written are they named and renamed into place, one after the
other, so a run's CSV and JSON come from the same run. Targets must be regular files (or
not exist yet) and not inputs of the same run: `os.replace` would replace `/dev/null` or a
program as readily as a CSV. A named temporary left by a killed run (the two system calls
between naming and renaming) is removed by the next write to the same target."""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import stat
import tempfile

from spi_lang.syntax.errors import SpiError

_SUFFIX = ".spilang.tmp"


def check_writable(path: str, inputs: tuple[str, ...] = ()) -> None:
    """Raise SpiError now, before a long run, if `path` cannot be written later: an empty
    name, a folder, no folder, a folder not writable, or a `refusal`."""
    if not path:
        raise SpiError("an empty file name; name a file to write", path="<output>")
    folder = os.path.dirname(os.path.abspath(path))
    try:
        is_folder = stat.S_ISDIR(os.lstat(path).st_mode)
    except FileNotFoundError:
        is_folder = False
    except OSError as exc:
        raise SpiError(f"cannot write here: {exc.strerror}", path=path) from None
    if is_folder:
        raise SpiError("this is a folder; name a file to write", path=path)
    refused = refusal(path, inputs)
    if refused:
        raise SpiError(refused, path=path)
    if not os.path.isdir(folder):
        raise SpiError(f"cannot write here: no folder {folder}", path=path)
    if not os.access(folder, os.W_OK):
        raise SpiError(f"cannot write here: the folder {folder} is not writable", path=path)


def refusal(path: str, inputs: tuple[str, ...] = ()) -> str | None:
    """Why `path` must not be replaced, or None: it is there and not a regular file (a
    device such as /dev/null, a link, a pipe), or it is one of the run's `inputs`."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:  # nothing there (or nothing we may see): check_writable says more
        return None
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        return "this is not a regular file (a device, a link or a pipe); name a regular file to write"
    if any(_same_file(path, given) for given in inputs):
        return "this is an input of the same run; name another file to write"
    return None


def _same_file(path: str, given: str) -> bool:
    try:
        return os.path.samefile(path, given)
    except (OSError, ValueError):  # one of them does not exist: not the same file
        return False


def write_text(path: str, text: str) -> None:
    """Replace `path` by a file holding `text` (UTF-8), atomically."""
    with Batch() as batch:
        batch.add(path, text.encode("utf-8"))


def write_bytes(path: str, data: bytes) -> None:
    """Replace `path` by a file holding `data`, atomically."""
    with Batch() as batch:
        batch.add(path, data)


class Batch:
    """The files of one run: `add` writes each to a temporary, leaving the block renames
    them all into place; an exception discards them (the targets keep their old text)."""

    def __init__(self) -> None:
        self._pending: list[tuple[str, int, str | None, bytes]] = []  # target, fd, temporary name, data

    def __enter__(self) -> Batch:
        return self

    def add(self, path: str, data: bytes) -> None:
        """Write `data` to a temporary for `path` (a SpiError if it cannot be written)."""
        folder = os.path.dirname(os.path.abspath(path))
        _sweep(folder, os.path.basename(path))
        try:
            fd, name = _temporary(folder, os.path.basename(path))
        except OSError as exc:
            raise SpiError(f"cannot write the file: {exc.strerror}", path=path) from None
        self._pending.append((path, fd, name, data))
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        except OSError as exc:
            raise SpiError(f"cannot write the file: {exc.strerror}", path=path) from None

    def add_chunks(self, path: str, chunks) -> None:
        """Write the text `chunks` (UTF-8) to a named temporary for `path` as they come,
        so a large output is never held whole (a SpiError if it cannot be written)."""
        folder = os.path.dirname(os.path.abspath(path))
        _sweep(folder, os.path.basename(path))
        try:
            fd, name = _temporary(folder, os.path.basename(path), os.O_RDWR)  # read back if it must be named again
        except OSError as exc:
            raise SpiError(f"cannot write the file: {exc.strerror}", path=path) from None
        self._pending.append((path, fd, name, None))
        try:
            with open(fd, "w", encoding="utf-8", newline="", closefd=False, buffering=1 << 20) as out:
                for chunk in chunks:
                    out.write(chunk)
            os.fsync(fd)
        except OSError as exc:
            raise SpiError(f"cannot write the file: {exc.strerror}", path=path) from None

    def __exit__(self, kind, *_) -> None:
        try:
            if kind is None:
                for path, fd, name, data in self._pending:
                    _commit(path, fd, name, data)
        finally:
            for _path, fd, name, _data in self._pending:
                with contextlib.suppress(OSError):
                    os.close(fd)
                if name is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(name)


def _temporary(folder: str, base: str, access: int = os.O_WRONLY) -> tuple[int, str | None]:
    """An open temporary file in `folder`: unnamed where the system allows, else named."""
    mode = 0o666 & ~_umask()
    if hasattr(os, "O_TMPFILE"):
        with contextlib.suppress(OSError):  # not every file system has it
            return os.open(folder, os.O_TMPFILE | access, mode), None
    return _named(folder, base)


def _named(folder: str, base: str) -> tuple[int, str]:
    """A new named temporary for `base` in `folder`, with the usual mode."""
    fd, name = tempfile.mkstemp(dir=folder, prefix=f".{base}.{os.getpid()}.", suffix=_SUFFIX)
    os.chmod(name, 0o666 & ~_umask())  # mkstemp makes it private
    return fd, name


def _commit(path: str, fd: int, name: str | None, data: bytes | None) -> None:
    """Put a written temporary in place of `path`: name it, then rename it over `path`
    (`data` None: it was written in chunks, and is copied from `fd` if it must be written
    again)."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        if name is None:
            name = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.{fd}{_SUFFIX}")
            if not _link_unnamed(fd, name):  # the system would not name it: write it again
                named, name = _named(folder, os.path.basename(path))
                with os.fdopen(named, "wb") as out:
                    if data is None:
                        _copy_from(fd, out)
                    else:
                        out.write(data)
                    out.flush()
                    os.fsync(out.fileno())
        os.replace(name, path)
    except OSError as exc:
        with contextlib.suppress(OSError, TypeError):
            os.unlink(name)
        raise SpiError(f"cannot write the file: {exc.strerror}", path=path) from None


def _copy_from(fd: int, out) -> None:
    """Copy a temporary written in chunks, from its start, a megabyte at a time."""
    offset = 0
    while block := os.pread(fd, 1 << 20, offset):
        out.write(block)
        offset += len(block)


def _link_unnamed(fd: int, name: str) -> bool:
    """Give an O_TMPFILE file a name, with linkat (os.link cannot: it calls link(2), which
    does not follow /proc/self/fd links); False if the system refuses."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        at_fdcwd, follow, empty_path = -100, 0x400, 0x1000
        if libc.linkat(at_fdcwd, f"/proc/self/fd/{fd}".encode(), at_fdcwd, os.fsencode(name), follow) == 0:
            return True
        return libc.linkat(fd, b"", at_fdcwd, os.fsencode(name), empty_path) == 0
    except (OSError, AttributeError):
        return False


def _sweep(folder: str, base: str) -> None:
    """Remove temporaries for `base` left by runs that were killed (their process is gone)."""
    pattern = re.compile(re.escape(f".{base}.") + r"(\d+)\..*" + re.escape(_SUFFIX) + "$")
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            match = pattern.match(entry.name)
            if match and not _alive(int(match[1])):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
