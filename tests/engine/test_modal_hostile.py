"""Hostile provability programs (engine/modal.py): many nested boxes, many mutually
referring modal programs, huge PA+n levels. Each finishes or stops with a positioned
out-of-fuel error through the real command; none hangs or prints a traceback."""

from __future__ import annotations

from error_helpers import in_tmp, write  # noqa: F401

from spi_lang.ui.cli import main

PD = 'import "games/prisoners_dilemma.spi"\nprogram DefectBot { play Defect }\n'


def nested(depth: int) -> str:
    """A program cooperating iff []...[](opponent cooperates with it), `depth` boxes."""
    statement = "opponent plays Cooperate against self"
    for _ in range(depth):
        statement = f"provable({statement})"
    return f"program Deep {{ if {statement} {{ play Cooperate }} else {{ play Defect }} }}\n"


def ring(n: int) -> str:
    """n programs, each cooperating iff PA proves that the next two cooperate with it and
    that the opponent cooperates with the next one: about n^2 tables to read."""
    programs = []
    for i in range(n):
        a, b = f"R{(i + 1) % n}", f"R{(i + 2) % n}"
        programs.append(
            f"program R{i} {{\n  if provable({a} plays Cooperate against self and {b} plays Cooperate "
            f"against self) and provable in PA+{i % 3} (opponent plays Cooperate against {a}) "
            "{ play Cooperate } else { play Defect }\n}\n")
    return "".join(programs)


def test_many_nested_boxes_are_solved(capsys):
    # Against DefectBot: the innermost box []false is T at world 0 only, the next one T at
    # worlds 0 and 1, ...: the outermost of 90 is F from world 90 on: Defect, (1, 1).
    write({"d.spi": PD + nested(90)})
    assert main(["play", "d.spi:Deep", "d.spi:DefectBot"]) == 0
    assert capsys.readouterr().out.endswith("expected payoffs: P1 1, P2 1\n")


def test_many_nested_boxes_against_a_small_budget_run_out_of_fuel(capsys):
    write({"d.spi": PD + nested(90)})
    assert main(["play", "d.spi:Deep", "d.spi:DefectBot", "--fuel", "2000"]) == 1
    err = capsys.readouterr().err
    assert "error: out of fuel: Deep vs DefectBot took more than 2000 steps" in err
    assert "Traceback" not in err


def test_nesting_past_the_syntax_limit_is_a_positioned_error(capsys):
    write({"d.spi": PD + nested(300)})
    assert main(["check", "d.spi"]) == 1
    assert "error: nesting is too deep (the syntax tree may be at most 200 levels deep)" in capsys.readouterr().err


def test_a_ring_of_mutually_referring_modal_programs_is_bounded_by_fuel(capsys):
    write({"r.spi": PD + ring(40)})
    assert main(["play", "r.spi:R0", "r.spi:R1", "--fuel", "20000"]) == 1
    err = capsys.readouterr().err
    assert "error: out of fuel: R0 vs R1 took more than 20000 steps" in err
    assert "Traceback" not in err


def test_a_small_ring_is_solved(capsys):
    # R0..R3: each one's statements are about the others' cooperation with it, and every
    # program is FairBot-like in them (Löb over the whole ring): all cooperate, (3, 3).
    write({"r.spi": PD + ring(4)})
    assert main(["play", "r.spi:R0", "r.spi:R1"]) == 0
    assert capsys.readouterr().out.endswith("expected payoffs: P1 3, P2 3\n")


def test_huge_levels_cost_a_few_worlds(capsys):
    # PA+10^60 + 1: world 0 repeats up to the level, then the statement fails once.
    level = 10 ** 60 + 1
    write({"h.spi": PD + "program CooperateBot { play Cooperate }\n"
           f"program Huge {{ if provable in PA+{level} (opponent plays Defect against DefectBot) "
           "{ play Cooperate } else { play Defect } }\n"})
    assert main(["play", "h.spi:Huge", "h.spi:CooperateBot", "--fuel", "1000"]) == 0
    assert capsys.readouterr().out.endswith("expected payoffs: P1 5, P2 0\n")
