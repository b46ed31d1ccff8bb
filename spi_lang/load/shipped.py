"""A loaded project's files as data, to load again where the disk is not shared: a Dask
worker of a tournament on a cluster. The driver ships every source it loaded (its text,
under the driver's real path) and where each path it looked at led; the worker's
`Loader` reads only from that (`ShippedFiles`), so it finds the same files by the same
paths and reports them under the same names, and reads nothing from its own disk. The
sandbox was enforced when the driver loaded the files: a worker can only see what was
shipped. A shipment is named by the hash of its contents, so a worker loads it once."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path, PurePosixPath

import attrs

from spi_lang.load.paths import FILE
from spi_lang.load.project import Project, load
from spi_lang.syntax import ast
from spi_lang.syntax.resources import stdlib_dir


@attrs.frozen
class Shipment:
    """The files of a project: `roots` (the paths given, in order), the driver's working
    folder and stdlib folder, `sources` ((real path, text), sorted) and `links` ((path as
    written, real path): where each path the loader looks at leads, sorted)."""

    roots: tuple[str, ...]
    cwd: str
    stdlib: str
    sources: tuple[tuple[str, str], ...]
    links: tuple[tuple[str, str], ...]

    @property
    def digest(self) -> str:
        """A hash of everything shipped: equal digests, equal projects."""
        h = hashlib.sha256()
        for part in (self.roots, (self.cwd, self.stdlib), self.sources, self.links):
            h.update(repr(part).encode("utf-8", "surrogatepass"))
        return h.hexdigest()


def ship(project: Project) -> Shipment:
    """The shipment of a project loaded from the disk (not one with typed declarations)."""
    world = project.world
    known = {f.real for f in world.files.values()}
    stdlib = stdlib_dir()
    looked: list[Path] = []
    for given in world.roots:  # the two places a root is looked for, as the loader does
        looked += [Path(given)] + ([stdlib / given] if not Path(given).is_absolute() else [])
    for file in world.files.values():
        for imp in file.own(ast.Import):
            looked += [file.real.parent / imp.path, stdlib / imp.path]
    links = {}
    for path in looked:
        real = path.resolve()
        if real in known:
            links[_written(str(path), os.getcwd())] = str(real)
    return Shipment(tuple(world.roots), os.getcwd(), str(stdlib),
                    tuple(sorted((str(f.real), f.text) for f in world.files.values())),
                    tuple(sorted(links.items())))


def load_shipped(shipment: Shipment) -> Project:
    """The project again, from the shipment alone."""
    return load(*shipment.roots, fs=ShippedFiles(shipment))


class ShippedFiles:
    """The driver's files as the `Loader` sees the disk: a path it looked at and found is a
    file with the text it read; every other path holds nothing."""

    def __init__(self, shipment: Shipment) -> None:
        self.cwd = shipment.cwd
        self._stdlib = Path(shipment.stdlib)
        self.sources = {real: text.encode("utf-8", "surrogatepass") for real, text in shipment.sources}
        self.links = dict(shipment.links)

    def _real(self, path: Path) -> str | None:
        return self.links.get(_written(str(path), self.cwd))

    def what_is(self, path: Path, shown: str, span=None) -> str | None:
        return FILE if self._real(path) in self.sources else None

    def read_source(self, path: Path, shown: str) -> bytes:
        return self.sources[self._real(path)]

    def resolve(self, path: Path) -> Path:
        real = self._real(path)
        return Path(real) if real is not None else Path(_written(str(path), self.cwd))

    def stdlib(self) -> Path:
        return self._stdlib


def _written(path: str, cwd: str) -> str:
    """`path` made absolute against `cwd` and normalized as text (no look-ups)."""
    return os.path.normpath(str(PurePosixPath(cwd) / path))

