"""Files to a `World`: reading sources, following imports (relative to the importing file,
then the stdlib), detecting cycles and duplicate names, and the scope of each file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import attrs

from spi_lang.load import paths
from spi_lang.load.nfg import parse_nfg
from spi_lang.load.paths import MAX_SOURCE_BYTES
from spi_lang.syntax import ast
from spi_lang.syntax.errors import Span, SpiError
from spi_lang.syntax.parser import parse
from spi_lang.syntax.resources import stdlib_dir

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
    # Every declaration of each name, duplicates included, in the order registered.
    sites: dict[str, list[tuple[object, SourceFile]]] = attrs.field(factory=dict)
    game_names: list[str] = attrs.field(factory=list)
    _reach: dict[SourceFile, int] = attrs.field(factory=dict)
    _bits: dict[SourceFile, int] = attrs.field(factory=dict)

    def sources(self) -> dict[str, str]:
        """Path to text of every loaded file, for rendering errors."""
        return {**self.unreadable, **{f.path: f.text for f in self.files.values()}}

    def visible(self, file: SourceFile) -> Scope:
        """The declarations a file can name: its own and those of its imports, transitively
        (a view of the world's declarations, not a copy; see `Scope`)."""
        return Scope(self, file, self._reach_of(file))

    def share_scope(self, files: list[SourceFile], seen: list[SourceFile] = ()) -> None:
        """Give files that all see each other (REPL snippets) one scope: their own
        declarations, and everything that the files they import and `seen` can see."""
        reach = 0
        for file in [*files, *seen]:
            reach |= self._reach_of(file)  # snippets import only files, never each other
        for file in files:
            self._reach[file] = reach

    def _bit(self, file: SourceFile) -> int:
        """The bit that stands for a file that declares something (0 for one that doesn't:
        a file of imports only adds nothing of its own)."""
        if file not in self._bits:
            named = any(isinstance(d, ast.NAMED_DECLS) for d in file.module.decls)
            self._bits[file] = 1 << len(self._bits) if named else 0
        return self._bits[file]

    def _reach_of(self, file: SourceFile) -> int:
        """The files a file sees (itself and its imports, transitively) as a set of bits,
        each file's set computed once from its imports' (imports form no cycle), so an
        import chain costs its length and not its length squared."""
        stack = [(file, False)]
        while stack:
            node, ready = stack.pop()
            if node in self._reach:
                continue
            if not ready:
                stack.append((node, True))
                stack.extend((t, False) for t in node.imports if t not in self._reach)
                continue
            reach = self._bit(node)
            for target in node.imports:  # a file of one import shares that import's set
                reach = self._reach[target] if not reach else reach | self._reach[target]
            self._reach[node] = reach
        return self._reach[file]

    def sees(self, reach: int, file: SourceFile) -> bool:
        """Whether a file is in a set of seen files (see `_reach_of`)."""
        bit = self._bit(file)
        return bool(bit) and bool(reach & bit)

    def file_of(self, name: str) -> SourceFile:
        """The file that declares `name`."""
        return self.decls[name][1]


class Scope(Mapping):
    """What one file can name, as a read-only mapping from names to declarations. It holds
    no copy of them: a name is looked up among the world's declarations of that name and
    kept if the file that declares it is seen, so a thousand files that import one large
    hub share the hub's declarations instead of each holding its own dict of them."""

    def __init__(self, world: World, file: SourceFile, reach: int) -> None:
        self._world, self._file, self._reach = world, file, reach

    def __getitem__(self, name: str) -> object:
        sites = self._world.sites.get(name, ())
        if len(sites) > 1:  # declared twice (an error): the file's own declaration first
            sites = sorted(sites, key=lambda site: site[1] is not self._file)
        for decl, file in sites:
            if self._world.sees(self._reach, file):
                return decl
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return self.get(name) is not None

    def __iter__(self):
        return (name for name in self._world.sites if name in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def games(self) -> list[ast.Game]:
        """The games in scope, by name."""
        return [self[name] for name in sorted(set(self._world.game_names)) if name in self
                and isinstance(self[name], ast.Game)]


class Loader:
    """Loads files into one `World`, collecting every error it can find."""

    def __init__(self, sandbox: str | None = None, fs=None) -> None:
        self.world = World()
        # Where sources come from: the disk, or the files a tournament's driver shipped to
        # a Dask worker (`load.shipped`), with the same paths and the same answers.
        self.fs = fs or paths.DISK
        self.errors: list[SpiError] = []
        self._loading: list[Path] = []      # the import chain, for the cycle message
        self._loading_set: set[Path] = set()  # the same, for a constant-time test
        # With a sandbox, files come only from that folder (symlinks resolved) or the stdlib.
        self.sandbox_given = sandbox
        self.sandbox = Path(sandbox).resolve() if sandbox is not None else None
        if sandbox is not None:  # as written and as resolved, so a symlinked DIR works
            self._roots = tuple({paths.written_form(Path(sandbox)), self.sandbox,
                                 paths.written_form(stdlib_dir()), stdlib_dir().resolve()})

    def _allowed(self, path: Path) -> bool:
        """Whether `path` may be read: always without a sandbox; with one, when it lies in
        the sandbox or the stdlib, first as written (so that nothing outside is looked at)
        and then with its symlinks resolved."""
        if self.sandbox is None:
            return True
        if not paths.within(paths.written_form(path), self._roots):
            return False
        return paths.within(path.resolve(), self._roots)

    def load_root(self, given: str) -> SourceFile | None:
        """Load a file named on the command line (cwd first, then the stdlib)."""
        try:
            return self._load_root(given)
        except SpiError as error:
            self.errors.append(error)
            return None

    def _load_root(self, given: str) -> SourceFile | None:
        candidates = [(Path(given), given)]
        if not Path(given).is_absolute():
            candidates.append((self.fs.stdlib() / given, STDLIB_PREFIX + given))
        refused = False
        for k, (path, shown) in enumerate(candidates):
            if not self._allowed(path):  # not even looked at
                refused = True
                continue
            kind = self.fs.what_is(path, given)
            if kind == paths.FOLDER and k == 0:
                raise SpiError("this is a folder, not a .spi file", path=given)
            if kind == paths.OTHER and k == 0:
                raise SpiError("this is not a regular file", path=given)
            if kind == paths.FILE:
                file = self._load(path, shown)
                if file is not None:
                    self.world.roots[given] = file
                return file
        if refused:
            raise SpiError(f"outside the sandbox {self.sandbox_given}", path=given)
        raise SpiError("no such file (looked in the current directory and the stdlib)", path=given)

    def _load(self, path: Path, shown: str) -> SourceFile | None:
        real = self.fs.resolve(path)
        if real in self.world.files:
            return self.world.files[real]
        text = self._read(path, shown)
        if text is None:
            return None
        return self._add(real, shown, text, parse_nfg if is_nfg(shown) else parse)

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
        self._loading_set.add(real)
        for imp in file.own(ast.Import):
            try:
                target = self._import(file, imp)
            except SpiError as error:
                self.errors.append(error)
                target = None
            if target is not None:
                file.imports.append(target)
        self._loading_set.discard(self._loading.pop())
        self._register(file)
        return file

    def _read(self, path: Path, shown: str) -> str | None:
        try:
            data = self.fs.read_source(path, shown)
        except SpiError as error:
            self.errors.append(error)
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
        """The file an import names (next to the importer, then in the stdlib), or None
        with its error recorded. In a sandbox, a candidate outside it is never looked at,
        and the error for it is the same whether or not something is there."""
        if not imp.path.endswith(".spi") and not is_nfg(imp.path):
            raise SpiError(f"can only import .spi files (and Gambit .nfg games), not {imp.path!r}", imp.span)
        if self.sandbox is not None and Path(imp.path).is_absolute():
            raise SpiError("absolute imports are not allowed in the sandbox", imp.span)
        candidates = [(importer.real.parent / imp.path, _join_shown(importer.path, imp.path)),
                      (self.fs.stdlib() / imp.path, STDLIB_PREFIX + os.path.normpath(imp.path))]
        refused = False
        for local, shown in candidates:
            if not self._allowed(local):
                refused = True
                continue
            if self.fs.what_is(local, imp.path, imp.span) == paths.FILE:
                break
        else:
            if refused:
                raise SpiError("this import leaves the sandbox", imp.span)
            raise SpiError(f"cannot find {imp.path!r} (looked next to {importer.path} "
                           "and in the stdlib)", imp.span)
        if self.fs.resolve(local) in self._loading_set:
            chain = [self.world.files[p].path for p in self._loading] + [shown]
            raise SpiError("import cycle: " + " -> ".join(chain), imp.span)
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
            self.world.sites.setdefault(name, []).append((decl, file))
            if isinstance(decl, ast.Game):
                self.world.game_names.append(name)
            if name in self.world.decls:
                first = self.world.decls[name][0]
                self.errors.append(SpiError(f"{name} is declared twice", decl.name.span,
                                            notes=(("first declared here", first.name.span),)))
            else:
                self.world.decls[name] = (decl, file)


def is_nfg(path: str) -> bool:
    """Whether a file is read as a Gambit strategic-form game (`spi_lang.load.nfg`)."""
    return path.lower().endswith(".nfg")


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
               snippets: list[tuple[str, str]] = (), fs=None) -> tuple[World, list[SourceFile | None], list[SpiError]]:
    """Load files and their imports: the world, the named files, and every loading error.
    With `sandbox`, every file must lie in that folder or the stdlib. Files load in sorted
    order, so which of two equal names counts as "first" does not depend on argument order.
    `snippets` are (label, text) pairs of declarations typed at the REPL, loaded after the
    files and in order: each sees every file named here and every other snippet."""
    loader = Loader(sandbox, fs)
    loaded = {p: loader.load_root(p) for p in sorted(set(paths))}
    typed = [loader.load_text(label, text, Path.cwd()) for label, text in snippets]
    typed = [s for s in typed if s is not None]
    roots = [f for f in loaded.values() if f is not None]
    if typed:  # one shared scope, as if each imported all the others (without the n**2 lists)
        loader.world.share_scope(typed, roots)
    return loader.world, [loaded[p] for p in paths], loader.errors
