"""The trace of a solved Kripke chain (engine/modal.py), as modal-combat tools show it: the
boxes, then one row per world with each box's value (T or F) and the action each program
read by a statement plays there, until the values are stable, then each box's truth."""

from __future__ import annotations

from spi_lang.engine.modal import KripkeChain
from spi_lang.geometry.text import table as aligned
from spi_lang.syntax.errors import source_lines

WHERE = "GL chain"


def trace_chain(run, chain: KripkeChain) -> None:
    """Record the chain's table as trace steps of `run` (the interpreter's run)."""
    players = run.game.players
    say = run.say
    root = chain.boxes[0]
    say(0, WHERE, f"{source_text(root[1], root[0].span)} for {_context(root, players)}: "
        f"on the Kripke chain of GL (world n sees the worlds below n)")
    for i, (cond, program, seat, table) in enumerate(chain.boxes, start=1):
        say(1, WHERE, f"[{i}] {source_text(program, cond.span)}, {_context((cond, program, seat, table), players)}")
    columns: dict = {}
    for world in chain.worlds:
        for variable, _ in world.actions:
            columns.setdefault(variable, None)
    head = ["world", *(f"[{i}]" for i in range(1, len(chain.boxes) + 1)),
            *(_variable(v) for v in columns)]
    rows = [head]
    for world in chain.worlds:
        read = dict(world.actions)
        span = str(world.number) if world.last == world.number else f"{world.number}-{world.last}"
        rows.append([span, *("T" if b else "F" for b in world.boxes), *(read.get(v, "") for v in columns)])
    for line in aligned(rows).split("\n"):
        say(1, WHERE, line.rstrip())
    truth = ", ".join(f"[{i}] {'true' if t else 'false'}" for i, t in enumerate(chain.truth, start=1))
    restarts = f"; started again {chain.restarts} time(s) for boxes found late" if chain.restarts else ""
    say(1, WHERE, f"stable from world {chain.stable} on: {truth}{restarts}")


def _context(box, players) -> str:
    """`P1 FairBot vs P2 DefectBot`: the table a box reads, its own program named."""
    _, program, seat, table = box
    others = [f"{players[s]} {p.name}" for s, p in enumerate(table) if s != seat]
    return f"{players[seat]} {program.name} vs {', '.join(others)}"


def _variable(variable) -> str:
    """`DefectBot vs FairBot`: what the program in the read seat plays against the other."""
    seat, table = variable
    return f"{table[seat].name} vs {table[1 - seat].name}"


def source_text(program, span) -> str:
    """The source text of a span of the program's file, on one line."""
    lines = list(source_lines(program.file.text)[span.line - 1:span.end_line])
    if len(lines) == 1:
        return lines[0][span.col - 1:span.end_col - 1]
    lines[0], lines[-1] = lines[0][span.col - 1:], lines[-1][:span.end_col - 1]
    return " ".join(" ".join(lines).split())
