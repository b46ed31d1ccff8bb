"""How a command ends: its exit statuses, user errors printed with their carets, and an
internal error's traceback saved to a file (the CLI and the REPL share these)."""

from __future__ import annotations

import os
import sys
import tempfile
import traceback

from spi_lang import __version__
from spi_lang.syntax.errors import MAX_ERRORS_PER_FILE, SpiWarning, capped, render

EXIT_USER_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


def save_traceback() -> str:
    """Write the current exception's traceback to a new file; return its path (or, if it
    cannot be written, why)."""
    try:
        fd, path = tempfile.mkstemp(prefix="spilang-internal-error-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as out:
            out.write(f"spilang {__version__}, Python {sys.version.split()[0]}\n")
            out.write(f"command: spilang {' '.join(sys.argv[1:])}\n\n")
            out.write(traceback.format_exc())
    except OSError as error:
        return f"(nowhere: it could not be saved: {error})"
    return path


def print_errors(errors, sources) -> None:
    """Each error with its caret on standard error (at most MAX_ERRORS_PER_FILE per file),
    then how many there were."""
    print(errors_text(errors, sources), file=sys.stderr)
    warned = sum(isinstance(e, SpiWarning) for e in errors)
    real = len(errors) - warned
    if len(errors) > 1 and real:
        print(f"{real} error{'s' if real != 1 else ''}" + (f", {warned} warning{'s' if warned != 1 else ''}"
                                                             if warned else ""), file=sys.stderr)


def errors_text(errors, sources) -> str:
    """The errors as a user sees them, at most MAX_ERRORS_PER_FILE per file, with a note
    saying how many more a file has."""
    shown, left_out = capped(list(errors))
    parts = [render(error, sources) for error in shown]
    parts += [f"{path or 'spilang'}: note: {more} more error{'s' if more > 1 else ''} in this file "
              f"not shown (at most {MAX_ERRORS_PER_FILE} per file)" for path, more in left_out.items()]
    return "\n".join(parts)
