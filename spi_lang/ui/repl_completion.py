"""Tab completion for the REPL, aware of what each word of a command names: after `:play`
program names, after `--game` game names, after `--select` selection functions, after
`:load` files and stdlib paths; in declarations, keywords and every name in scope."""

from __future__ import annotations

import os
import re
from pathlib import Path

from prompt_toolkit.completion import Completer, Completion, PathCompleter
from prompt_toolkit.document import Document

from spi_lang.geometry.selection import NAMES as SELECTIONS
from spi_lang.syntax import ast
from spi_lang.syntax.parser import keywords
from spi_lang.syntax.resources import stdlib_dir
from spi_lang.ui.repl_commands import ALIASES, COMMANDS
from spi_lang.ui.repl_state import Session

# What the positional words of each command name (commands not listed take none).
POSITIONAL = {"play": "programs", "offers": "programs", "plot": "programs", "tournament": "programs",
              "game": "games", "show": "declared", "help": "commands", "pmp": "outcome"}
# Options followed by one value, and options followed by values up to the next option.
ONE_VALUE = {"--game": "games", "--select": "selections", "--fuel": None, "-o": None, "--output": None,
             "--plot": None}
MANY_VALUES = {"--seat1": "programs", "--seat2": "programs", "--pmp": "outcome"}


class SpiCompleter(Completer):
    """Completes command names, their options and what each position names, file names
    and stdlib paths after `:load`, and keywords and names in declarations."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get_completions(self, document, complete_event):
        """Completions of the word before the cursor."""
        line = document.current_line_before_cursor
        if document.text.lstrip().startswith(":") and line.lstrip().startswith(":load "):
            yield from _paths(line.lstrip()[len(":load "):].lstrip(), complete_event)
            return
        word = re.search(r"[-:A-Za-z0-9_]*$", line).group()
        for candidate in self._candidates(line, word, document.text.lstrip().startswith(":")):
            if candidate.startswith(word) and candidate != word:
                yield Completion(candidate, start_position=-len(word))

    def _candidates(self, line: str, word: str, command: bool) -> list[str]:
        if not command:
            return list(keywords()) + self.session.names()
        words = line.split()[:-1] if word else line.split()
        if not words:
            return [f":{name}" for name in COMMANDS]
        name = ALIASES.get(words[0][1:], words[0][1:])
        if word.startswith("-"):
            return COMMANDS[name].options() if name in COMMANDS else []
        return self._names(_kind(name, words[1:]))

    def _names(self, kind: str | None) -> list[str]:
        project = self.session.project
        games = project.games.values()
        if kind == "programs":
            return sorted(project.programs)
        if kind == "games":
            return sorted(project.games)
        if kind == "declared":
            return sorted(n for n, (d, _) in project.world.decls.items() if not isinstance(d, ast.Import))
        if kind == "commands":
            return list(COMMANDS)
        if kind == "selections":
            players = sorted({p for g in games for p in g.players})
            return [s for s in SELECTIONS if ":" not in s] + [f"dictator:{p}" for p in players]
        if kind == "outcome":
            players = {p for g in games for p in g.players}
            actions = {a for g in games for seat in g.actions for a in seat}
            return sorted(players | actions) + ["lottery"]
        return []


def _kind(command: str, before: list[str]) -> str | None:
    """What the next word of `command` names, given the words before it."""
    options = [i for i, w in enumerate(before) if w.startswith("-")]
    if options:
        last = options[-1]
        option = before[last]
        if option in ONE_VALUE and last == len(before) - 1:
            return ONE_VALUE[option]
        if option in MANY_VALUES:
            return MANY_VALUES[option]
    return POSITIONAL.get(command)


def _paths(typed: str, complete_event):
    """Local `.spi` files and folders (a segment at a time), then stdlib paths that start
    with what is typed (whole paths: imports fall back to the stdlib)."""
    files = PathCompleter(file_filter=lambda p: p.endswith(".spi") or Path(p).is_dir())
    yield from files.get_completions(Document(typed, len(typed)), complete_event)
    root = stdlib_dir()
    for path in sorted(p.relative_to(root).as_posix() for p in root.rglob("*.spi")):
        if path.startswith(typed) and path != typed and not os.path.exists(path):
            yield Completion(path, start_position=-len(typed))
