"""The REPL's state: the files loaded, the declarations typed so far, and the checked
project they make. Typed declarations go through the same loader and checker as files
(each input is a snippet that sees every file and every other input), so anything the
grammar accepts as a declaration works here. A change that does not check leaves the
session as it was."""

from __future__ import annotations

import attrs

from spi_lang import api
from spi_lang.geometry.games import Game
from spi_lang.load.files import parse_snippet
from spi_lang.load.walk import walk
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError, SpiErrors, flatten, source_lines


@attrs.frozen
class Entry:
    """One typed input that declared something: its label (`<input 3>`) and text."""

    label: str
    text: str

    def declared(self) -> list:
        """The declarations in this input."""
        return list(parse_snippet(self.text, self.label).decls)

    def without(self, names: set[str]) -> Entry | None:
        """This input with the declarations of `names` blanked out (positions of the rest
        unchanged, so their errors still point at the right place); None if nothing is left."""
        lines = [list(line) for line in source_lines(self.text)]
        kept = 0
        for decl in self.declared():
            if _name(decl) not in names:
                kept += 1
                continue
            span = decl.span
            for line in range(span.line, span.end_line + 1):
                start = span.col - 1 if line == span.line else 0
                end = span.end_col - 1 if line == span.end_line else len(lines[line - 1])
                lines[line - 1][start:end] = " " * (end - start)
        if not kept:
            return None
        text = "\n".join("".join(line) for line in lines)
        return self if text == self.text else Entry(self.label, text)


def _name(decl) -> str | None:
    name = getattr(decl, "name", None)
    return getattr(name, "text", None)


def kind_of(decl) -> str:
    """`game`, `program`, or the declaration's own word (`beliefs`, ...)."""
    if isinstance(decl, ast.Game):
        return "game"
    if isinstance(decl, ast.PROGRAM_DECLS):
        return "program"
    return type(decl).__name__.lower()


class Session:
    """Files, typed declarations and the project they load to."""

    def __init__(self, sandbox: str | None = None) -> None:
        self.files: list[str] = []
        self.entries: list[Entry] = []
        self.inputs = 0
        self.sandbox = sandbox  # as --sandbox: files only from there and the stdlib
        self.project = api.load(sandbox=sandbox)

    def label(self) -> str:
        """A label for the next typed input."""
        self.inputs += 1
        return f"<input {self.inputs}>"

    def _load(self, files: list[str], entries: list[Entry]) -> api.Project:
        return api.load(*files, sandbox=self.sandbox, snippets=[(e.label, e.text) for e in entries])

    def declare(self, text: str, label: str) -> list[str]:
        """Add typed declarations (a name declared at the REPL before is redefined);
        return what happened, one line per declaration."""
        entry = Entry(label, text)
        try:
            decls = entry.declared()
        except SpiError as error:
            raise SpiErrors([error], {label: text}) from None
        if not decls:  # only comments
            return []
        names = {_name(d) for d in decls} - {None}
        earlier = {_name(d) for e in self.entries for d in e.declared()}
        kept = [e for e in (old.without(names) for old in self.entries) if e is not None]
        project = self._load(self.files, kept + [entry])
        self.entries, self.project = kept + [entry], project
        said = []
        for decl in decls:
            if isinstance(decl, ast.Import):
                said.append(f"imported {decl.path}")
            else:
                verb = "redefined" if _name(decl) in earlier else "defined"
                said.append(f"{verb} {kind_of(decl)} {_name(decl)}")
        return said

    def declare_many(self, texts: list[str]) -> list[list[str]] | None:
        """Inputs declared together, as `declare` would declare them one after the other,
        with one load for all of them (piped input: n one-line programs are otherwise n
        loads of a growing session, quadratic). Returns what each input said, for the
        inputs before the first one with an error (None if that is the first: the caller
        declares it alone, which reports the error). `batchable` says which
        inputs may be loaded together."""
        labels = [f"<input {self.inputs + k + 1}>" for k in range(len(texts))]
        entries = [Entry(label, text) for label, text in zip(labels, texts)]
        try:
            project = self._load(self.files, self.entries + entries)
        except SpiErrors as failed:  # the inputs before the first one with an error load
            paths = {e.path for e in flatten(failed)}  # together (none reads a later one)
            first = next((k for k, label in enumerate(labels) if label in paths), 0)
            return self.declare_many(texts[:first]) if first else None
        self.inputs += len(texts)
        self.entries, self.project = self.entries + entries, project
        return [[f"defined {kind_of(d)} {_name(d)}" for d in e.declared()] for e in entries]

    def batchable(self, texts: list[str]) -> int:
        """How many of the first inputs may be loaded together as if in turn: each parses,
        declares something, imports nothing, declares only names new to the session and
        to the others, and names no name that a later one of them declares (one at a
        time it would be unknown there)."""
        seen = {_name(d) for e in self.entries for d in e.declared()}
        later: dict[str, int] = {}
        parsed = []
        for k, text in enumerate(texts):
            try:
                decls = Entry("<batch>", text).declared()
            except SpiError:
                break
            names = [_name(d) for d in decls]
            if not decls or any(isinstance(d, ast.Import) for d in decls) or None in names \
                    or seen.intersection(names) or len(set(names)) < len(names):
                break
            seen.update(names)
            later.update((n, k) for n in names)
            parsed.append(decls)
        used = [{node.text for node in walk(tuple(decls)) if isinstance(node, ast.Name)} for decls in parsed]
        for k, words in enumerate(used):
            if any(later.get(word, -1) > k for word in words):
                return k
        return len(parsed)

    def load_file(self, path: str) -> str:
        """Load one more file (with its imports)."""
        if path in self.files:
            return f"{path} is already loaded (:reload reads it again)"
        self.project = self._load(self.files + [path], self.entries)
        self.files.append(path)
        names = [n for n, (_, f) in self.project.world.decls.items() if f is self.project.file(path)]
        return f"loaded {path}: {', '.join(names) or 'no declarations'}"

    def reload(self) -> str:
        """Read every file again and check the typed declarations against them."""
        self.project = self._load(self.files, self.entries)
        return f"reloaded {len(self.files)} file{'s' if len(self.files) != 1 else ''}"

    def game(self, name: str | None = None) -> Game:
        """The game `name`, or the only game loaded."""
        games = self.project.games
        if name is not None:
            if name not in games:
                raise SpiError(f"no game named {name} (games: {', '.join(games) or 'none loaded'})")
            return games[name]
        if len(games) == 1:
            return next(iter(games.values()))
        if not games:
            raise SpiError('no game loaded: import one, e.g. import "games/scheduling.spi"')
        raise SpiError(f"several games are loaded ({', '.join(games)}); pick one with --game")

    def names(self) -> list[str]:
        """Every game, program, player and action name in scope (for completion)."""
        words = set(self.project.world.decls)
        for game in self.project.games.values():
            words.update(game.players)
            words.update(a for seat in game.actions for a in seat)
        return sorted(words)
