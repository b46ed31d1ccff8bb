"""Program transformations f = (f_1, ..., f_n) for safe Pareto improvements (Definition 2),
applied the same way in every seat:

- `renegotiate:NAME`, Proposition 2's f*: every base program p becomes the renegotiation
  program (Algorithm 1) with default p and the `map`s of renegotiation program NAME;
  renegotiation and csr programs are left as they are (p'_i = p*_i for programs that
  already renegotiate; a default must be a base program, so a csr program has no f*).
- `csr:NAME`, Proposition 4's f^RN: every base program p becomes the csr program
  (Algorithm 2) with default p and the `offer`s of csr program NAME; others are left.
- `pmp`, Definition 7 read literally: every csr program c becomes its PMP-extension,
  `offer offers(c) | pmp(result(c))` (PMP_i of c's result against the actual counterpart).
- `pmp:revised`, the authors' revised construction (prn_revision.tex): every csr program c
  becomes the PRN program with reference c: against PRN programs it offers c's offer plus
  PMP_i of the reference renegotiation outcome, against any other csr program c's offer.
- `select:S`, Appendix B: every csr program c, written for selection function S, becomes
  the program that against programs switched likewise offers only the point S selects
  from the old agreement set, so that any selection function plays the old outcome.

Transformed programs are ordinary `Program` objects built from AST nodes (or, for
`pmp:revised` and `select:S`, wrappers the csr engine knows), so they play through the
interpreter like declared ones. Code is not rewritten: inside f(p) the default is p
itself, so `self` in p still means p, and `opponent == X` still compares with the
untransformed X. Codes are reassigned over the project and the new programs together, so
`f*(AlwaysSlot1)` has the same code as a declared program with that default and those
maps (the stdlib's Fair1).
"""

from __future__ import annotations

import attrs

from spi_lang.load.programs import (BASE, CSR, RENEGOTIATION, Program, assign_codes, pmp_extension_of,
                                    prn_program_of, switched_program_of)
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError

RENEGOTIATE = "renegotiate"
CSR_TRANSFORM = "csr"
PMP = "pmp"
PMP_REVISED = "pmp:revised"
SELECT = "select"
NAMED = (RENEGOTIATE, CSR_TRANSFORM)  # the kinds whose spec names a program
USAGE = ("expected renegotiate:NAME (NAME a renegotiation program), csr:NAME (NAME a csr program), "
         "pmp, pmp:revised or select:S (S a selection function)")
_TEMPLATE = {RENEGOTIATE: RENEGOTIATION, CSR_TRANSFORM: CSR}


@attrs.define(eq=False)
class Transform:
    """One transformation, applied the same way in every seat; `apply` builds each
    program's image once."""

    spec: str                    # as written, e.g. "renegotiate:Fair1"
    kind: str                    # RENEGOTIATE, CSR_TRANSFORM, PMP, PMP_REVISED or SELECT
    template: Program | None = None
    selection: str | None = None  # SELECT: the selection function the programs were written for
    _images: dict[Program, Program] = attrs.field(factory=dict)

    def describe(self) -> str:
        """What the transform does, in one line."""
        if self.kind == PMP:
            return ("every csr program c becomes its PMP-extension (Definition 7 read literally: c's offer "
                    "plus PMP_i of c's result against the actual counterpart); others are unchanged")
        if self.kind == PMP_REVISED:
            return ("every csr program c becomes the PRN program with reference c (the revised construction): "
                    "against PRN programs it adds PMP_i of the reference renegotiation outcome, against others "
                    "it offers what c offers; others are unchanged")
        if self.kind == SELECT:
            return (f"every csr program c becomes switch(c, {self.selection}): against programs switched likewise "
                    f"it offers only the point {self.selection} selects from the old agreement set (Appendix B); "
                    "others are unchanged")
        if self.kind == RENEGOTIATE:
            return (f"every base program p becomes the Algorithm 1 program with default p and the maps of "
                    f"{self.template.name} (Proposition 2's f*); others are unchanged")
        return (f"every base program p becomes the Algorithm 2 program with default p and the offers of "
                f"{self.template.name} (Proposition 4's f^RN); others are unchanged")

    def changes(self, program: Program) -> bool:
        """Whether the transform maps `program` to a new program."""
        if self.kind in NAMED:
            return program.kind == BASE
        return program.kind == CSR and program.reference is None

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
        if self.kind == PMP_REVISED:
            return prn_program_of(program, f"prn({program.name})")
        if self.kind == SELECT:
            return switched_program_of(program, f"switch({program.name}, {self.selection})", self.selection)
        name = f"{self.kind}({program.name}, {self.template.name})" if self.kind == CSR_TRANSFORM else \
            f"renegotiate({program.name}, {self.template.name})"
        return templated_program(program, self.template, name)


def templated_program(default: Program, template: Program, name: str) -> Program:
    """A new program `name` of `template`'s kind (renegotiation or csr) with base program
    `default` and the maps or offers of `template`, positioned at the default's name."""
    where = default.decl.name.span
    items = (ast.DefaultRef(ast.Name(default.name, span=where), span=where),)
    if template.kind == RENEGOTIATION:
        decl = ast.RenegotiationProgram(ast.Name(name, span=where), items + template.maps, span=where)
        return Program(name, RENEGOTIATION, decl, default.file, default=default, maps=template.maps)
    decl = ast.CsrProgram(ast.Name(name, span=where), items + template.offers, span=where)
    return Program(name, CSR, decl, default.file, default=default, offers=template.offers,
                   refs=dict(template.refs))


def transform_program(spec: str) -> list[str]:
    """The program spec a transform names (`renegotiate:NAME`, `csr:NAME`), to load."""
    kind, _, name = spec.partition(":")
    return [name] if kind in NAMED and name else []


def parse_transform(spec: str, resolve, check_selection=None) -> Transform:
    """A transform spec (see the module docstring); `resolve(name)` finds NAME's program,
    `check_selection(S)` raises if S is no selection function of the game. Raises SpiError."""
    kind, _, name = spec.partition(":")
    if spec in (PMP, PMP_REVISED):
        return Transform(spec, spec)
    if kind == SELECT and name:
        if check_selection is not None:
            check_selection(name)
        return Transform(spec, SELECT, selection=name)
    if kind not in NAMED or not name:
        raise SpiError(f"unknown transform {spec!r}; {USAGE}", path="--transform")
    template = resolve(name)
    if template.kind != _TEMPLATE[kind] or template.reference is not None:
        raise SpiError(f"{kind}:{name} needs a {_TEMPLATE[kind]} program; {template.name} is a "
                       f"{template.kind} program", path="--transform")
    return Transform(spec, kind, template)


def images(pairs: list[tuple[Transform, Program]], everything: list[Program]) -> list[Program]:
    """f(p) for each (f, p), with codes reassigned over `everything` and the images at once
    (equal codes exactly for bisimilar programs among all of them; assigning twice would
    leave the first images' codes stale)."""
    found = [transform.apply(program) for transform, program in pairs]
    assign_codes([*everything, *found])
    return found
