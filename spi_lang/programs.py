"""Resolution: `program` declarations to linked `Program` objects (names bound in the
declaring file's scope, defaults attached), and each program's canonical code."""

from __future__ import annotations

import hashlib
from functools import cached_property

import attrs

from . import ast
from .loader import SourceFile, World

BASE = "base"
RENEGOTIATION = "renegotiation"


@attrs.define(eq=False, slots=False)
class Program:
    """A program ready to run. Anonymous default blocks are programs of their own."""

    name: str
    kind: str
    decl: object
    file: SourceFile
    body: ast.Block | None = None
    default: Program | None = None
    maps: tuple[ast.Map, ...] = ()
    refs: dict[str, Program] = attrs.field(factory=dict)

    def __repr__(self) -> str:
        return f"<Program {self.name} ({self.kind})>"

    @cached_property
    def code(self) -> str:
        """Canonical code as a digest: equal exactly when the canonical trees are equal."""
        return hashlib.sha256(repr(canonical_form(self)).encode()).hexdigest()

    def each_program(self):
        """This program and the default it contains, if any."""
        yield self
        if self.default is not None:
            yield self.default


def build_programs(world: World) -> dict[str, Program]:
    """Every program in the world, by name. Names that do not resolve stay unbound; only
    a world that passed `checker.check_world` is fit to run."""
    programs: dict[str, Program] = {}
    for name, (decl, file) in world.decls.items():
        if isinstance(decl, ast.BaseProgram):
            programs[name] = Program(name, BASE, decl, file, body=decl.body)
        elif isinstance(decl, ast.RenegotiationProgram):
            programs[name] = Program(name, RENEGOTIATION, decl, file, maps=decl.maps)
    for program in list(programs.values()):
        _link(program, programs, world)
    return programs


def _link(program: Program, programs: dict[str, Program], world: World) -> None:
    scope = world.visible(program.file)
    if program.kind == RENEGOTIATION:
        defaults = program.decl.defaults
        if not defaults:
            return
        item = defaults[0]
        if isinstance(item, ast.DefaultRef):
            program.default = programs.get(item.name.text)
        else:
            program.default = Program(f"{program.name}.default", BASE, item, program.file,
                                      body=item.body)
            _bind(program.default, item.body, scope, programs)
    else:
        _bind(program, program.body, scope, programs)


def _bind(program: Program, block: ast.Block, scope: dict, programs: dict[str, Program]) -> None:
    for name in referenced_names(block):
        if name in scope and name in programs:
            program.refs[name] = programs[name]


def referenced_names(tree) -> list[str]:
    """Names of programs that `opponent == NAME` conditions in a tree refer to, in order."""
    return [ref.name.text for ref in walk(tree) if isinstance(ref, ast.ProgramRef)]


def walk(tree):
    """Every AST node in a tree, depth first (iterative: trees can be deep)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        children = []
        for value in attrs.astuple(node, recurse=False, filter=lambda a, v: a.name != "span") \
                if attrs.has(type(node)) else ():
            if isinstance(value, tuple):
                children.extend(v for v in value if attrs.has(type(v)))
            elif attrs.has(type(value)):
                children.append(value)
        stack.extend(reversed(children))


# ------------------------------------------------------------------ canonical code

def canonical_form(program: Program) -> tuple:
    """The program's code with names, layout and positions removed.

    References to other programs are replaced by their canonical form; a reference back
    to a program that is being expanded (including `self`) becomes ("rec", k), k counting
    enclosing programs outward from 0. A named default and an equal default block give the
    same form, and `opponent == X` inside X is the same as `opponent == self`.
    """
    return _Canon().form(program, ())


class _Canon:
    def __init__(self) -> None:
        self.memo: dict[tuple, tuple] = {}

    def form(self, program: Program, stack: tuple[Program, ...]) -> tuple:
        if program in stack:
            return ("rec", len(stack) - 1 - stack.index(program))
        key = (id(program), tuple(id(p) for p in stack))
        if key not in self.memo:
            inner = stack + (program,)
            if program.kind == BASE:
                body = ("base", self.tree(program.body, program, inner))
            else:
                body = ("renegotiation", self.form(program.default, inner),
                        tuple(self.tree(m, program, inner) for m in program.maps))
            self.memo[key] = ("program", body)
        return self.memo[key]

    def tree(self, node, program: Program, stack: tuple[Program, ...]):
        if isinstance(node, tuple):
            return tuple(self.tree(n, program, stack) for n in node)
        if isinstance(node, ast.SelfRef):
            return ("rec", 0)
        if isinstance(node, ast.ProgramRef):
            return self.form(program.refs[node.name.text], stack)
        if isinstance(node, ast.Name):
            return node.text
        if isinstance(node, ast.Num):
            return node.value
        if not attrs.has(type(node)):
            return node
        fields = attrs.fields(type(node))
        return (type(node).__name__,) + tuple(
            self.tree(getattr(node, f.name), program, stack) for f in fields if f.name != "span")
