"""`spilang repl`: a read-eval-print loop over a `Session`. At a terminal it runs on
prompt_toolkit (history across sessions in the user's data directory, tab completion,
multi-line input while a bracket is open); with piped input it reads lines from stdin, so
sessions can be scripted and tested. Errors are shown with their caret and the loop goes on."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from platformdirs import user_data_path
from prompt_toolkit import PromptSession
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings

from spi_lang import __version__
from spi_lang.syntax.errors import SpiError, flatten
from spi_lang.ui.exits import errors_text, save_traceback
from spi_lang.ui.repl_commands import Quit, UsageError, run_command
from spi_lang.ui.repl_completion import SpiCompleter
from spi_lang.ui.repl_state import Session

PROMPT = "spi> "
GREETING = (f"spilang {__version__}: type declarations or :commands; :help lists the commands, "
            "Tab completes, Ctrl-D leaves")
CONTINUATION = "...  "


def history_path() -> Path:
    """Where the REPL keeps its history: the user's data directory (XDG_DATA_HOME on Linux)."""
    return user_data_path("spilang", appauthor=False) / "repl_history"


def needs_more(text: str) -> bool:
    """Whether a declaration is incomplete: a `{` or `(` is still open (comments and
    strings aside). Commands are one line."""
    if text.lstrip().startswith(":"):
        return False
    code = re.sub(r'"[^"\n]*"|#[^\n]*', "", text)
    return code.count("{") > code.count("}") or code.count("(") > code.count(")")


class Repl:
    """Evaluates inputs against a session and prints the results."""

    def __init__(self, files: list[str] = (), out=None, err=None, debug: bool = False,
                 sandbox: str | None = None) -> None:
        self.session = Session(sandbox)
        self.out, self.err = out or sys.stdout, err or sys.stderr
        self.failed = False
        self.debug = debug  # re-raise internal errors instead of reporting them
        for path in files:  # quietly, but errors are shown
            self._guarded(lambda p=path: self.session.load_file(p) and "")

    def evaluate(self, text: str) -> bool:
        """Run one complete input; return False when the user asked to quit."""
        if not text.strip():
            return True
        if text.lstrip().startswith(":"):
            try:
                return self._guarded(lambda: run_command(self.session, text))
            except Quit:
                return False
        label = self.session.label()
        return self._guarded(lambda: "\n".join(self.session.declare(text, label)))

    def _guarded(self, action) -> bool:
        try:
            shown = action()
        except SpiError as error:
            self._error(errors_text(flatten(error), error.sources))
        except UsageError as error:
            self._error(str(error).strip())
        except Quit:
            raise
        except Exception as exc:  # a bug in spilang: report it, keep the session
            if self.debug:
                raise
            self._error(f"spilang: internal error: {exc!r}; please report it with the traceback "
                        f"saved in {save_traceback()} (the session goes on)")
        else:
            if shown:
                print(shown, file=self.out, flush=True)
        return True

    def _error(self, text: str) -> None:
        self.failed = True
        self.out.flush()
        print(text, file=self.err, flush=True)


def run_piped(repl: Repl, lines, echo: bool = False) -> int:
    """Read inputs from lines of text (stdin when it is not a terminal); exit status 1
    if any input failed. Without `echo`, consecutive declarations are loaded together
    where that is the same as loading them in turn (`Session.batchable`), so a long
    piped session costs one load per run of declarations, not one per input."""
    pending: list[str] = []  # declarations not yet evaluated (not echoing)
    buffer: list[str] = []
    for line in lines:
        if echo:
            print((CONTINUATION if buffer else PROMPT) + line.rstrip("\n"), file=repl.out, flush=True)
        buffer.append(line.rstrip("\n"))
        text = "\n".join(buffer)
        if needs_more(text):
            continue
        buffer = []
        if not echo and text.strip() and not text.lstrip().startswith(":"):
            pending.append(text)
            continue
        _declare_pending(repl, pending)
        if not repl.evaluate(text):
            break
    else:
        _declare_pending(repl, pending)
        if buffer:  # input ended inside a declaration: the parser says what is missing
            repl.evaluate("\n".join(buffer))
    return 1 if repl.failed else 0


def _declare_pending(repl: Repl, pending: list[str]) -> None:
    """Evaluate the pending declarations, in order, loading together what may be."""
    while pending:
        count = repl.session.batchable(pending)
        said = repl.session.declare_many(pending[:count]) if count > 1 else None
        if said is None:  # one at a time (an error, a redefinition, an import, ...)
            repl.evaluate(pending.pop(0))
            continue
        for lines in said:
            print("\n".join(lines), file=repl.out, flush=True)
        del pending[:len(said)]
        if len(said) < count:  # the next one has an error: alone, it reports it
            repl.evaluate(pending.pop(0))


def run_terminal(repl: Repl, input=None, output=None, history: Path | None = None) -> int:
    """The interactive loop on prompt_toolkit (`input`/`output` for tests)."""
    prompt = PromptSession(
        PROMPT, multiline=True, key_bindings=_key_bindings(), prompt_continuation=CONTINUATION,
        completer=SpiCompleter(repl.session), complete_while_typing=False,
        history=_history(history, repl.err), input=input, output=output)
    print(GREETING, file=repl.out, flush=True)  # only at a terminal: transcripts stay as typed
    while True:
        try:
            text = prompt.prompt()
        except KeyboardInterrupt:  # Ctrl-C drops the input being typed
            continue
        except EOFError:
            return 0
        try:
            if not repl.evaluate(text):
                return 0
        except KeyboardInterrupt:  # Ctrl-C stops a long evaluation, not the session
            print("interrupted", file=repl.err, flush=True)


def _history(path: Path | None, err):
    """History kept in `path`, or only for this session when it cannot be written."""
    if path is None:
        return InMemoryHistory()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.open("a", encoding="utf-8").close()
    except OSError as exc:
        print(f"spilang: history is not kept across sessions: cannot write {path} "
              f"({exc.strerror})", file=err, flush=True)
        return InMemoryHistory()
    return FileHistory(str(path))


def _key_bindings() -> KeyBindings:
    bindings = KeyBindings()

    @bindings.add("enter")
    def _enter(event) -> None:
        buffer = event.current_buffer
        if buffer.complete_state is not None and buffer.complete_state.current_completion:
            buffer.apply_completion(buffer.complete_state.current_completion)
        elif needs_more(buffer.text):
            buffer.insert_text("\n")
        else:
            buffer.validate_and_handle()

    return bindings
