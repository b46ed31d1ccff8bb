"""Program transformations f = (f_1, f_2) for safe Pareto improvements (Definition 2):

- `renegotiate:NAME`, Proposition 2's f*: every base program p becomes the renegotiation
  program (Algorithm 1) with default p and the `map`s of renegotiation program NAME;
  renegotiation and csr programs are left as they are (p'_i = p*_i for programs that
  already renegotiate; a default must be a base program, so a csr program has no f*).
- `pmp`, Definition 7: every csr program becomes its PMP-extension; the others are left
  as they are.

Transformed programs are ordinary `Program` objects built from AST nodes, so they play
through the interpreter like declared ones. Code is not rewritten: inside f(p) the
default is p itself, so `self` in p still means p, and `opponent == X` still compares
with the untransformed X. Codes are reassigned over the project and the new programs
together, so `f*(AlwaysSlot1)` has the same code as a declared program with that default
and those maps (the stdlib's Fair1).
"""

from __future__ import annotations

import attrs

from spi_lang.load.programs import BASE, CSR, RENEGOTIATION, Program, assign_codes, pmp_extension_of
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError

RENEGOTIATE = "renegotiate"
PMP = "pmp"
USAGE = "expected renegotiate:NAME (NAME a renegotiation program) or pmp"


@attrs.define(eq=False)
class Transform:
    """One transformation, applied the same way in both seats; `apply` builds each
    program's image once."""

    spec: str                    # as written, e.g. "renegotiate:Fair1"
    kind: str                    # RENEGOTIATE or PMP
    template: Program | None = None
    _images: dict[Program, Program] = attrs.field(factory=dict)

    def describe(self) -> str:
        """What the transform does, in one line."""
        if self.kind == PMP:
            return "every csr program becomes its PMP-extension (Definition 7); others are unchanged"
        return (f"every base program p becomes the Algorithm 1 program with default p and the maps "
                f"of {self.template.name} (Proposition 2's f*); others are unchanged")

    def changes(self, program: Program) -> bool:
        """Whether the transform maps `program` to a new program."""
        return program.kind == (BASE if self.kind == RENEGOTIATE else CSR)

    def apply(self, program: Program) -> Program:
        """f(program): a new program, or `program` itself when the transform leaves it."""
        if not self.changes(program):
            return program
        if program not in self._images:
            self._images[program] = self._build(program)
        return self._images[program]

    def _build(self, program: Program) -> Program:
        if self.kind == PMP:
            return pmp_extension_of(program, f"pmp_extension({program.name})")
        return renegotiation_program(program, self.template,
                                     f"renegotiate({program.name}, {self.template.name})")


def renegotiation_program(default: Program, template: Program, name: str) -> Program:
    """A new renegotiation program `name` with base program `default` and the maps of
    renegotiation program `template`, positioned at the default's name."""
    where = default.decl.name.span
    items = (ast.DefaultRef(ast.Name(default.name, span=where), span=where), *template.maps)
    decl = ast.RenegotiationProgram(ast.Name(name, span=where), items, span=where)
    return Program(name, RENEGOTIATION, decl, default.file, default=default, maps=template.maps)


def parse_transform(spec: str, resolve) -> Transform:
    """`renegotiate:NAME` or `pmp`; `resolve(name)` finds NAME's program. Raises SpiError."""
    kind, _, name = spec.partition(":")
    if spec == PMP:
        return Transform(spec, PMP)
    if kind != RENEGOTIATE or not name:
        raise SpiError(f"unknown transform {spec!r}; {USAGE}", path="--transform")
    template = resolve(name)
    if template.kind != RENEGOTIATION:
        raise SpiError(f"renegotiate:{name} needs a renegotiation program; {template.name} is a "
                       f"{template.kind} program", path="--transform")
    return Transform(spec, RENEGOTIATE, template)


def images(pairs: list[tuple[Transform, Program]], everything: list[Program]) -> list[Program]:
    """f(p) for each (f, p), with codes reassigned over `everything` and the images at once
    (equal codes exactly for bisimilar programs among all of them; assigning twice would
    leave the first images' codes stale)."""
    found = [transform.apply(program) for transform, program in pairs]
    assign_codes([*everything, *found])
    return found
