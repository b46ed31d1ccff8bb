"""Resolution: `program` declarations to linked `Program` objects (names bound in the
declaring file's scope, defaults attached), and each program's canonical code."""

from __future__ import annotations

import hashlib
from functools import cached_property

import attrs

from spi_lang.geometry.games import PatternIndex
from spi_lang.load.files import SourceFile, World
from spi_lang.load.walk import node_fields, walk
from spi_lang.syntax import ast
from spi_lang.syntax.ast_sim import SIM_NODES

BASE = "base"
RENEGOTIATION = "renegotiation"
CSR = "csr"
ICSR = "icsr"  # iterated csr, Algorithm 3
PRN = "prn"  # wrappers of csr programs that the csr engine evaluates (engine/csr.py)
SWITCH = "switch:"

# Nodes that name another program: `opponent == NAME`, `offers(NAME)`, `result(NAME)`.
REFERENCES = (ast.ProgramRef, ast.OffersSet, ast.Result)


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
    offers: tuple[ast.Offer, ...] = ()  # an icsr program: the offers of all its rounds
    rounds: tuple[tuple[ast.Offer, ...], ...] = ()  # an icsr program: the offers of each round
    refs: dict[str, Program] = attrs.field(factory=dict)
    reference: Program | None = None  # a wrapper's csr program (prn_program_of, switched_program_of)
    wrapper: str = ""  # PRN, or SWITCH + the old selection function ("switch:leximin")
    code: int = -1  # equal for programs with equal canonical code; set by `assign_codes`

    def __repr__(self) -> str:
        return f"<Program {self.name} ({self.kind})>"

    @cached_property
    def map_index(self) -> PatternIndex:
        """Finds the first `map` whose source matches a profile."""
        return PatternIndex([m.source for m in self.maps])

    @cached_property
    def simulates(self) -> bool:
        """Whether the body simulates, draws `random` or bounds a simulation (issue 13: such a
        program is solved by engine/simulation.py), computed once."""
        return self.body is not None and any(type(n) in SIM_NODES for n in walk(self.body))

    @cached_property
    def digest(self) -> bytes:
        """A hash of the canonical code, computed once: equal for programs with equal code,
        in any world (unlike `code`, which only compares programs of one world)."""
        return hashlib.blake2b(repr(canonical_form(self)).encode(), digest_size=16).digest()

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
        if isinstance(decl, ast.PROGRAM_DECLS):
            programs[name] = _new_program(decl, file)
    for program in list(programs.values()):
        _link(program, programs, world)
    for program in list(programs.values()):
        _expand_extension(program, programs, set())
    assign_codes(programs.values())
    return programs


def _new_program(decl, file: SourceFile) -> Program:
    """The unlinked program of a declaration."""
    name = decl.name.text
    if isinstance(decl, ast.BaseProgram):
        return Program(name, BASE, decl, file, body=decl.body)
    if isinstance(decl, ast.RenegotiationProgram):
        return Program(name, RENEGOTIATION, decl, file, maps=decl.maps)
    if isinstance(decl, ast.IcsrProgram):
        rounds = tuple(r.offers for r in decl.rounds)
        return Program(name, ICSR, decl, file, rounds=rounds, offers=tuple(o for r in rounds for o in r))
    offers = decl.offers if isinstance(decl, ast.CsrProgram) else ()
    return Program(name, CSR, decl, file, offers=offers)


class _Names:
    """A stand-in for a world whose every file sees the same names."""

    def __init__(self, names: dict) -> None:
        self.names = names

    def visible(self, file: SourceFile) -> dict:
        return self.names


def link_programs(file: SourceFile, known: dict[str, Program]) -> dict[str, Program]:
    """Programs for the declarations of a file outside a loaded world (a program that an
    analysis writes): names resolve to the file's own programs, then to `known`. Codes
    are not assigned (see `assign_codes`); no PMP-extension sugar."""
    own = {d.name.text: _new_program(d, file) for d in file.own(ast.PROGRAM_DECLS)
           if not isinstance(d, ast.PmpExtension)}
    everything = {**known, **own}
    for program in own.values():
        _link(program, everything, _Names(everything))
    return own


def _link(program: Program, programs: dict[str, Program], world: World) -> None:
    scope = world.visible(program.file)
    if program.kind == BASE:
        _bind(program, program.body, scope, programs)
        return
    if isinstance(program.decl, ast.PmpExtension):
        return
    _bind(program, program.offers, scope, programs)
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


def _expand_extension(program: Program, programs: dict[str, Program], seen: set) -> None:
    """Definition 7 as sugar: `E = pmp_extension(B)` is the csr program with B's default
    and the one clause `offer offers(B) | pmp(result(B))`, built before code is compared."""
    decl = program.decl
    if not isinstance(decl, ast.PmpExtension) or program.offers or program in seen:
        return
    seen.add(program)
    base = programs.get(decl.base.text)
    if base is None or base.kind != CSR:  # reported by the checker
        return
    _expand_extension(base, programs, seen)
    span = decl.span
    name = ast.Name(base.name, span=decl.base.span)
    clause = ast.SetUnion((ast.OffersSet(name, span=span),
                           ast.PmpSet(ast.Result(name, span=span), span=span)), span=span)
    program.offers = (ast.Offer(None, clause, span=span),)
    program.default = base.default
    program.refs[base.name] = base


def pmp_extension_of(base: Program, name: str) -> Program:
    """A new csr program `name` that is `pmp_extension(base)` (Definition 7), expanded
    exactly as a declared extension is, positioned at the base's name."""
    where = base.decl.name.span
    decl = ast.PmpExtension(ast.Name(name, span=where), ast.Name(base.name, span=where), span=where)
    program = Program(name, CSR, decl, base.file)
    _expand_extension(program, {base.name: base}, set())
    return program


def prn_program_of(base: Program, name: str) -> Program:
    """A new PRN program `name` (the authors' revised construction, prn_revision.tex) with
    reference csr program `base` and base's default: against programs that are all PRN it
    offers base's offer plus PMP_i of the reference renegotiation outcome; in any other
    csr negotiation it is base, to every program (engine/csr.py). No syntax declares one: only
    the `pmp:revised` transform builds them."""
    return _wrapper(base, name, PRN)


def switched_program_of(base: Program, name: str, selection: str) -> Program:
    """A new csr program `name` that switches csr program `base`, written for selection
    function `selection`, to any other (Appendix B): against programs all switched from
    the same selection it offers only the point `selection` picks from the agreement set
    of their csr programs (nothing when that is empty); against others, base's offer."""
    return _wrapper(base, name, SWITCH + selection)


def _wrapper(base: Program, name: str, wrapper: str) -> Program:
    where = base.decl.name.span
    decl = ast.CsrProgram(ast.Name(name, span=where), (), span=where)
    return Program(name, CSR, decl, base.file, default=base.default, reference=base, wrapper=wrapper)


def _bind(program: Program, tree, scope: dict, programs: dict[str, Program]) -> None:
    for name in referenced_names(tree):
        if name in scope and name in programs:
            program.refs[name] = programs[name]


def referenced_names(tree) -> list[str]:
    """Names of the programs that a tree refers to, in order."""
    return [ref.name.text for ref in walk(tree) if isinstance(ref, REFERENCES)]


# ------------------------------------------------------------------ canonical code
#
# A program's code is a node in a graph: its label is its syntax tree without names,
# layout or positions, with each program reference replaced by ("ref",), and its edges go,
# in order, to the programs referred to (`self` is an edge to itself; a renegotiation
# program's first edge is its default). Canonical code is the *unfolding* of that graph, an
# infinite but regular tree, so two programs have equal code exactly when they are
# bisimilar. Within one loaded world a program's code is its bisimulation class; across
# worlds, `canonical_form` numbers the classes reachable from a program breadth-first.


def assign_codes(roots) -> None:
    """Set `code` on every program reachable from `roots` (defaults and references too):
    equal codes exactly for bisimilar programs, within this set of programs."""
    labels, edges = _graph(roots)
    for node, block in _bisimulation(labels, edges).items():
        node.code = block


def canonical_form(program: Program) -> tuple:
    """The canonical code of a program as data, the same for bisimilar programs of any
    world: for each class reachable from it, in breadth-first order, its label and the
    numbers of the classes its edges lead to."""
    labels, edges = _graph([program])
    return _unfold(program, labels, edges, _bisimulation(labels, edges))


def canonical_classes(program: Program) -> dict[Program, int]:
    """For every program reachable from `program` (itself 0), the number of its code class,
    in the breadth-first order of `canonical_form`: equal numbers, equal code."""
    labels, edges = _graph([program])
    classes = _bisimulation(labels, edges)
    order = {classes[program]: 0}
    queue = [program]
    for node in queue:
        for edge in edges[node]:
            if classes[edge] not in order:
                order[classes[edge]] = len(order)
                queue.append(edge)
    return {node: order[classes[node]] for node in labels}


def code_classes(programs: list[Program]) -> list[int]:
    """Numbers equal exactly for programs of equal code (equal `digest`s), from one partition."""
    blocks = _bisimulation(*_graph(programs))
    return [blocks[p] for p in programs]


def _graph(roots) -> tuple[dict[Program, str], dict[Program, list[Program]]]:
    """Label and edges of every program reachable from `roots`."""
    labels: dict[Program, str] = {}
    edges: dict[Program, list[Program]] = {}
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node not in labels:
            labels[node], edges[node] = _label(node)
            stack.extend(edges[node])
    return labels, edges


def _label(program: Program) -> tuple[str, list[Program]]:
    edges: list[Program] = []
    if program.reference is not None:  # a wrapper: its default and its csr program
        return repr(("wrapper", program.wrapper)), [program.default, program.reference]
    if program.kind == BASE:
        shape = ("base", _shape(program.body, program, edges))
    else:
        if program.default is not None:
            edges.append(program.default)
        body = {RENEGOTIATION: program.maps, ICSR: program.rounds}.get(program.kind, program.offers)
        shape = (program.kind, _shape(body, program, edges))
    return repr(shape), edges


def _shape(node, program: Program, edges: list[Program]):
    kind = type(node)  # AST classes have no subclasses: `is` tests are enough, and faster
    if kind is tuple:
        return tuple([_shape(n, program, edges) for n in node])
    if kind is ast.Name:
        return node.text
    if kind is ast.Num:
        return node.value
    if kind is ast.SelfRef:  # the same code as naming the program itself
        edges.append(program)
        return ("ProgramRef", "ref")
    if kind in _REFERENCE_KINDS:
        target = program.refs.get(node.name.text)
        if target is None:  # unresolved (an error is reported): compare by name
            return (kind.__name__, "unresolved", node.name.text)
        edges.append(target)
        return (kind.__name__, "ref")
    fields = node_fields(kind)
    if fields is None:
        return node
    return (kind.__name__, *[_shape(getattr(node, name), program, edges) for name in fields])


_REFERENCE_KINDS = frozenset(REFERENCES)


def _bisimulation(labels, edges) -> dict[Program, int]:
    """Hopcroft's partition refinement, edges numbered by position: start from equal
    labels (which fix the number of edges), split blocks by predecessors of a splitter.
    A splitter is a block, taken with every edge position at once: the work is the number
    of edges into it, not (as with one splitter per block and position) the number of
    blocks times the most edges of any program."""
    by_label: dict[str, set] = {}
    for node, label in labels.items():
        by_label.setdefault(label, set()).add(node)
    blocks = list(by_label.values())
    block_of = {node: i for i, block in enumerate(blocks) for node in block}
    preds: dict[Program, list[tuple[int, Program]]] = {}
    for node in labels:
        for k, target in enumerate(edges[node]):
            preds.setdefault(target, []).append((k, node))
    work = set(range(len(blocks)))
    while work:
        splitter = work.pop()
        by_position: dict[int, list[Program]] = {}
        for target in list(blocks[splitter]):
            for k, node in preds.get(target, ()):
                by_position.setdefault(k, []).append(node)
        for nodes in by_position.values():
            _split(nodes, blocks, block_of, work)
    return block_of


def _split(nodes: list[Program], blocks: list[set], block_of: dict, work: set) -> None:
    """Split every block by whether its members are among `nodes` (those with an edge at
    one position into the splitter); of the two halves of a block not waiting in `work`,
    the smaller one goes in (Hopcroft), so each node is re-examined O(log n) times."""
    touched: dict[int, set] = {}
    for node in nodes:
        touched.setdefault(block_of[node], set()).add(node)
    for y, part in touched.items():
        if len(part) == len(blocks[y]):
            continue
        new = len(blocks)
        blocks.append(part)
        blocks[y] -= part
        for node in part:
            block_of[node] = new
        work.add(new if y in work or len(part) <= len(blocks[y]) else y)


def _unfold(root: Program, labels, edges, classes) -> tuple:
    order = {classes[root]: 0}
    queue, out = [root], []
    for node in queue:
        targets = []
        for edge in edges[node]:
            if classes[edge] not in order:
                order[classes[edge]] = len(order)
                queue.append(edge)
            targets.append(order[classes[edge]])
        out.append((labels[node], tuple(targets)))
    return tuple(out)
