"""Files to a `World`: reading sources, following imports (relative to the importing file,
then the stdlib), detecting cycles and duplicate names, and the scope of each file."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import attrs

from spi_lang.syntax import ast
from spi_lang.syntax.errors import Span, SpiError
from spi_lang.syntax.parser import parse
from spi_lang.syntax.resources import stdlib_dir

MAX_SOURCE_BYTES = 2_000_000
MAX_DECLARATIONS = 50_000  # games, programs and beliefs in one command
STDLIB_PREFIX = "<stdlib>/"


@attrs.define(eq=False)
class SourceFile:
    """One loaded `.spi` file: where it is, its text, its AST and what it imports."""

    path: str          # as shown to the user
    real: Path         # identity: a file imported twice is loaded once
    text: str
    module: ast.Module
    imports: list[SourceFile] = attrs.field(factory=list)

    def own(self, kind) -> list:
        """Declarations of this file (not its imports) that are instances of `kind`."""
        return [d for d in self.module.decls if isinstance(d, kind)]


@attrs.define(eq=False)
class World:
    """Everything one command loaded: files by real path and declarations by name."""

    files: dict[Path, SourceFile] = attrs.field(factory=dict)
    decls: dict[str, tuple[object, SourceFile]] = attrs.field(factory=dict)
    roots: dict[str, SourceFile] = attrs.field(factory=dict)  # by the path given
    unreadable: dict[str, str] = attrs.field(factory=dict)    # undecodable text, for errors
    _scopes: dict[Path, dict[str, object]] = attrs.field(factory=dict)

    def sources(self) -> dict[str, str]:
        """Path to text of every loaded file, for rendering errors."""
        return {**self.unreadable, **{f.path: f.text for f in self.files.values()}}

    def visible(self, file: SourceFile) -> dict[str, object]:
        """The declarations a file can name: its own and those of its imports, transitively
        (computed once per file, after loading)."""
        if file.real not in self._scopes:
            self._scopes[file.real] = self._collect_scope(file)
        return self._scopes[file.real]

    def share_scope(self, files: list[SourceFile], scope: dict[str, object]) -> None:
        """Give files a scope known to be theirs (snippets that all see each other)."""
        for file in files:
            self._scopes[file.real] = scope

    def _collect_scope(self, file: SourceFile) -> dict[str, object]:
        seen: set[Path] = set()
        names: dict[str, object] = {}
        stack = [file]
        while stack:
            f = stack.pop()
            if f.real in seen:
                continue
            seen.add(f.real)
            for decl in f.module.decls:
                if isinstance(decl, ast.NAMED_DECLS):
                    names.setdefault(decl.name.text, decl)
            stack.extend(f.imports)
        return names

    def file_of(self, name: str) -> SourceFile:
        """The file that declares `name`."""
        return self.decls[name][1]


class Loader:
    """Loads files into one `World`, collecting every error it can find."""

    def __init__(self, sandbox: str | None = None) -> None:
        self.world = World()
        self.errors: list[SpiError] = []
        self._loading: list[Path] = []
        # With a sandbox, files come only from that folder (symlinks resolved) or the stdlib.
        self.sandbox = Path(sandbox).resolve() if sandbox is not None else None

    def _allowed(self, path: Path) -> bool:
        real = path.resolve()
        return self.sandbox is None or any(real.is_relative_to(root) for root in
                                           (self.sandbox, stdlib_dir().resolve()))

    def load_root(self, given: str) -> SourceFile | None:
        """Load a file named on the command line (cwd first, then the stdlib)."""
        candidates = [(Path(given), given)]
        if not Path(given).is_absolute():
            candidates.append((stdlib_dir() / given, STDLIB_PREFIX + given))
        if Path(given).is_dir():
            self.errors.append(SpiError("this is a folder, not a .spi file", path=given))
            return None
        for path, shown in candidates:
            if path.is_file():
                if not self._allowed(path):
                    self.errors.append(SpiError(f"outside the sandbox {self.sandbox}", path=given))
                    return None
                file = self._load(path, shown)
                if file is not None:
                    self.world.roots[given] = file
                return file
        self.errors.append(SpiError("no such file (looked in the current directory and the stdlib)",
                                   path=given))
        return None

    def _load(self, path: Path, shown: str) -> SourceFile | None:
        real = path.resolve()
        if real in self.world.files:
            return self.world.files[real]
        text = self._read(path, shown)
        if text is None:
            return None
        return self._add(real, shown, text)

    def load_text(self, shown: str, text: str, directory: Path) -> SourceFile | None:
        """Load source text that is not a file (REPL input) as if it were a file named
        `shown` in `directory`: its imports are looked up from there."""
        if len(text.encode("utf-8")) > MAX_SOURCE_BYTES:
            self.errors.append(SpiError(f"input is larger than {MAX_SOURCE_BYTES} bytes", path=shown))
            return None
        return self._add(directory.resolve() / shown, shown, text, parse_snippet)

    def _add(self, real: Path, shown: str, text: str, parse_=parse) -> SourceFile:
        try:
            module = parse_(text, shown)
        except SpiError as exc:
            self.errors.append(exc)
            module = ast.Module(())
        file = SourceFile(shown, real, text, module)
        self.world.files[real] = file
        self._loading.append(real)
        for imp in file.own(ast.Import):
            target = self._import(file, imp)
            if target is not None:
                file.imports.append(target)
        self._loading.pop()
        self._register(file)
        return file

    def _read(self, path: Path, shown: str) -> str | None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.errors.append(SpiError(f"cannot read file: {exc.strerror}", path=shown))
            return None
        if len(data) > MAX_SOURCE_BYTES:
            self.errors.append(SpiError(f"file is larger than {MAX_SOURCE_BYTES} bytes", path=shown))
            return None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            line_start = data.rfind(b"\n", 0, exc.start) + 1
            col = len(data[line_start:exc.start].decode("utf-8-sig", errors="replace")) + 1
            self.world.unreadable[shown] = data.decode("utf-8-sig", errors="replace")
            self.errors.append(SpiError("file is not valid UTF-8", Span.point(shown, line, col)))
            return None

    def _import(self, importer: SourceFile, imp: ast.Import) -> SourceFile | None:
        if not imp.path.endswith(".spi"):
            self.errors.append(SpiError(f"can only import .spi files, not {imp.path!r}", imp.span))
            return None
        if self.sandbox is not None and Path(imp.path).is_absolute():
            self.errors.append(SpiError("absolute imports are not allowed in the sandbox", imp.span))
            return None
        local = importer.real.parent / imp.path
        if local.is_file():
            shown = _join_shown(importer.path, imp.path)
        elif (stdlib_dir() / imp.path).is_file():
            local, shown = stdlib_dir() / imp.path, STDLIB_PREFIX + os.path.normpath(imp.path)
        else:
            self.errors.append(SpiError(f"cannot find {imp.path!r} (looked next to {importer.path} "
                                        "and in the stdlib)", imp.span))
            return None
        if not self._allowed(local):
            self.errors.append(SpiError(f"this import leaves the sandbox {self.sandbox}", imp.span))
            return None
        if local.resolve() in self._loading:
            chain = [self.world.files[p].path for p in self._loading] + [shown]
            self.errors.append(SpiError("import cycle: " + " -> ".join(chain), imp.span))
            return None
        return self._load(local, shown)

    def _register(self, file: SourceFile) -> None:
        for decl in file.module.decls:
            if isinstance(decl, ast.Import):
                continue
            name = decl.name.text
            if len(self.world.decls) == MAX_DECLARATIONS and name not in self.world.decls:
                self.errors.append(SpiError(f"more than {MAX_DECLARATIONS} games, programs and "
                                            "beliefs in one command", decl.name.span))
                return
            if name in self.world.decls:
                first = self.world.decls[name][0]
                self.errors.append(SpiError(f"{name} is declared twice", decl.name.span,
                                            notes=(("first declared here", first.name.span),)))
            else:
                self.world.decls[name] = (decl, file)


def _join_shown(importer: str, target: str) -> str:
    if importer.startswith(STDLIB_PREFIX):
        return STDLIB_PREFIX + os.path.normpath(os.path.join(os.path.dirname(importer[len(STDLIB_PREFIX):]), target))
    return os.path.normpath(os.path.join(os.path.dirname(importer), target))


@lru_cache(maxsize=1024)
def parse_snippet(text: str, label: str) -> ast.Module:
    """`parse`, remembered: a REPL session loads the same typed inputs again at every
    change (the syntax tree is immutable, so sharing it is safe)."""
    return parse(text, label)


def load_files(paths: list[str], sandbox: str | None = None,
               snippets: list[tuple[str, str]] = ()) -> tuple[World, list[SourceFile | None], list[SpiError]]:
    """Load files and their imports: the world, the named files, and every loading error.
    With `sandbox`, every file must lie in that folder or the stdlib. Files load in sorted
    order, so which of two equal names counts as "first" does not depend on argument order.
    `snippets` are (label, text) pairs of declarations typed at the REPL, loaded after the
    files and in order: each sees every file named here and every other snippet."""
    loader = Loader(sandbox)
    loaded = {p: loader.load_root(p) for p in sorted(set(paths))}
    typed = [loader.load_text(label, text, Path.cwd()) for label, text in snippets]
    typed = [s for s in typed if s is not None]
    roots = [f for f in loaded.values() if f is not None]
    for snippet in typed:  # one shared scope, like a file importing all the others
        snippet.imports += [f for f in roots + typed if f is not snippet]
    if typed:  # the same for every snippet: collect it once, not once per snippet
        shared = loader.world.visible(typed[0])
        loader.world.share_scope(typed, shared)
    return loader.world, [loaded[p] for p in paths], loader.errors
