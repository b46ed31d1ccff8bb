"""What the believed programs can observe of a counterpart: the programs they reach
(references and defaults), the programs whose code they compare with (`opponent == X`,
`opponent == self`), and any syntax or template that the best-response analysis of
all_programs.py does not know (a construct added later may observe more than code and
template: the analysis then says it is a lower bound)."""

from __future__ import annotations

from spi_lang.load.programs import BASE, CSR, ICSR, RENEGOTIATION, Program
from spi_lang.load.walk import walk
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError

# The syntax this module reasons about; a program reached from the beliefs that uses any
# other node (a construct added later) makes the result a lower bound, said so.
KNOWN_NODES = frozenset(getattr(ast, n) for n in (
    "Name Num Wildcard Profile LotteryEntry Lottery SelfRef ProgramRef Opponents OpponentEq "
    "OpponentNe OpponentIs CurrentOutcome Result OutcomeEq OutcomeNe Not And Or Coords "
    "NothingSet AllSet FrontierSet OutcomeSet PointSet BelowSet AboveSet HullSet PmpSet "
    "OffersSet SetUnion SetIntersect Play Weight PlayMix Branch If Block Map Offer").split())
KNOWN_TEMPLATES = frozenset((BASE, RENEGOTIATION, CSR, ICSR))
# Conditions that read a counterpart's behaviour (what it plays), not only its code and
# template: against them the appearance search has no supremum to offer.
BEHAVIOURAL = (ast.Provable, ast.Simulate)  # a proof about, or a run of, the counterpart


def reachable(roots) -> list[Program]:
    """Every program reached from `roots` through references and defaults."""
    seen: dict[Program, None] = {}
    stack = list(roots)
    while stack:
        program = stack.pop()
        if program in seen:
            continue
        seen[program] = None
        stack.extend(program.refs.values())
        if program.default is not None:
            stack.append(program.default)
    return list(seen)


def compared(programs: list[Program]) -> list[Program]:
    """The programs whose code one of `programs` compares its opponents with."""
    found: dict[Program, None] = {}
    for program in programs:
        for node in nodes(program):
            if type(node) in (ast.OpponentEq, ast.OpponentNe):
                ref = node.ref
                target = program if type(ref) is ast.SelfRef else program.refs.get(ref.name.text)
                if target is not None:
                    found[target] = None
    return list(found)


def unknown_constructs(programs: list[Program]) -> list[str]:
    """A note for each template, syntax node or template test the analysis does not know."""
    notes = []
    for program in programs:
        if program.kind not in KNOWN_TEMPLATES:
            notes.append(f"{program.name} is a {program.kind} program, a template this analysis "
                         "does not know")
        for node in nodes(program):
            if type(node) not in KNOWN_NODES:
                notes.append(f"{program.name} uses {type(node).__name__}, a construct this analysis "
                             "does not know (it may read more of the witness than its code and template)")
            elif type(node) is ast.OpponentIs and node.template not in KNOWN_TEMPLATES:
                notes.append(f"{program.name} tests `opponent is {node.template}`, a template this "
                             "analysis does not know")
    return notes


def behaviour_read(programs: list[Program]) -> SpiError | None:
    """An error at the first condition of `programs` that reads a counterpart's behaviour
    (None if there is none)."""
    for program in programs:
        for node in nodes(program):
            if isinstance(node, BEHAVIOURAL):
                return SpiError(f"{program.name} reads what its counterpart plays here, not only its code "
                                "and template, so the search over all programs (which varies only "
                                "code and template) has no supremum to give against it", node.span)
    return None


def nodes(program: Program):
    """Every syntax node of a program's own code (body, maps, offers of all rounds)."""
    for part in (program.body, program.maps, program.offers):
        if part is not None:
            yield from walk(part)
