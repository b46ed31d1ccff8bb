"""How fast provability conditions are decided (engine/modal.py), every figure measured in
this one run against a code-equality baseline measured in the same run (each timing the
best of --repeat runs; the machine may be shared):

  1. the 2014 table (FairBot, PrudentBot, CooperateBot, DefectBot): time per match, the
     chains solved, boxes and worlds evaluated, against CliqueBot vs CliqueBot;
  2. nested boxes []...[](opponent cooperates) against DefectBot, depth 10 to 150: the
     worlds needed grow as depth + 1 (each box falls one world after the one inside it);
  3. PA+k levels, k = 1 to 10^12: the worlds needed stay 3 (the chain jumps over equal
     worlds to the next level);
  4. a tournament of --programs programs (default 200), half modal (FairBot and
     PrudentBot variants, distinct code: PrudentBot's PA+k level varies, FairBot's boxes
     are nested 1 to 3 deep), half code equality (CliqueBot variants that also
     cooperate with one named program): time per match by family (modal-modal,
     modal-code, code-code) and the most worlds any match needed.

    python benchmarks/modal.py [--repeat 5] [--programs 200]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time

import spi_lang
from spi_lang.engine.deep import run_deep
from spi_lang.engine.modal_match import modal_match

PD = 'import "games/prisoners_dilemma.spi"\n'
BOTS = PD + """\
program CooperateBot { play Cooperate }
program DefectBot { play Defect }
program CliqueBot { if opponent == self { play Cooperate } else { play Defect } }
program FairBot {
  if provable(opponent plays Cooperate against self) { play Cooperate } else { play Defect }
}
program PrudentBot {
  if provable(opponent plays Cooperate against self)
     and provable in PA+1 (opponent plays Defect against DefectBot) { play Cooperate }
  else { play Defect }
}
"""
TABLE = [("CliqueBot", "CliqueBot")] + [(a, b) for a in ("FairBot", "PrudentBot")
                                        for b in ("FairBot", "PrudentBot", "CooperateBot", "DefectBot")]


def loaded(directory: str, name: str, text: str):
    path = os.path.join(directory, f"{name}.spi")
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
    project = spi_lang.load(path)
    (game,) = project.games.values()
    return game, {n: project.program(f"{path}:{n}") for n in project.programs}


def timed(repeat: int, game, a, b):
    """The best time of `repeat` matches of a against b, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = modal_match(game, (a, b))
        times.append(time.perf_counter() - start)
    return min(times), result


def us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f} us" if seconds < 0.01 else f"{seconds * 1e3:,.1f} ms"


def table_rows(directory: str, repeat: int) -> None:
    game, programs = loaded(directory, "bots", BOTS)
    measured = [(a, b, *timed(repeat, game, programs[a], programs[b])) for a, b in TABLE]
    base = measured[0][2]  # CliqueBot vs CliqueBot, the first row
    print("| match | time per match | vs CliqueBot | chains | boxes | worlds | outcome |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for a, b, t, m in measured:
        boxes = sum(len(c.boxes) for c in m.chains)
        played = ", ".join(a[0] for a in m.outcome.support[0][0])
        print(f"| {a} vs {b} | {us(t)} | {t / base:.1f}x | {len(m.chains)} | {boxes} | {m.worlds} | "
              f"({played}) |")


def nested_rows(directory: str, repeat: int) -> None:
    print("\n| nested boxes vs DefectBot | time per match | worlds | stable from |")
    print("| --- | --- | --- | --- |")
    for depth in (10, 50, 100, 150):
        statement = "opponent plays Cooperate against self"
        for _ in range(depth):
            statement = f"provable({statement})"
        text = BOTS + f"program Deep {{ if {statement} {{ play Cooperate }} else {{ play Defect }} }}\n"
        game, programs = loaded(directory, f"deep{depth}", text)
        t, m = timed(repeat, game, programs["Deep"], programs["DefectBot"])
        print(f"| {depth} | {us(t)} | {m.worlds} | {m.chains[0].stable} |")


def level_rows(directory: str, repeat: int) -> None:
    print("\n| PA+k vs CooperateBot | time per match | worlds | stable from |")
    print("| --- | --- | --- | --- |")
    for k in (1, 10, 1000, 10 ** 12):
        text = BOTS + (f"program Prudent {{ if provable in PA+{k} (opponent plays Defect against DefectBot) "
                       "{ play Cooperate } else { play Defect } }\n")
        game, programs = loaded(directory, f"level{k}", text)
        t, m = timed(repeat, game, programs["Prudent"], programs["CooperateBot"])
        print(f"| {k:,} | {us(t)} | {m.worlds} | {m.chains[0].stable:,} |")


def population(n: int) -> str:
    """n programs with distinct code: modal M0.. and code-equality K0.. alternately."""
    parts = [BOTS]
    for i in range(n):
        if i % 2 == 0:
            if i % 4 == 0:  # a PrudentBot whose PA+k level is its own
                parts.append(f"program M{i} {{\n  if provable(opponent plays Cooperate against self) and "
                             f"provable in PA+{i // 4 + 1} (opponent plays Defect against DefectBot) "
                             "{ play Cooperate } else { play Defect }\n}\n")
            else:  # a FairBot with nested boxes and a distinct code test
                statement = "opponent plays Cooperate against self"
                for _ in range(i % 3 + 1):
                    statement = f"provable({statement})"
                parts.append(f"program M{i} {{\n  if opponent == K{i + 1} {{ play Defect }}\n"
                             f"  if {statement} {{ play Cooperate }} else {{ play Defect }}\n}}\n")
        else:
            parts.append(f"program K{i} {{\n  if opponent == self or opponent == M{i - 1} {{ play Cooperate }}\n"
                         "  play Defect\n}\n")
    return "".join(parts)


def tournament_rows(directory: str, n: int) -> None:
    game, programs = loaded(directory, "population", population(n))
    players = [p for name, p in programs.items() if name[0] in "MK" and name[1:].isdigit()]
    family = {p: "modal" if p.name[0] == "M" else "code" for p in players}
    spent: dict[str, list[float]] = {}
    most = (0, "")
    start = time.perf_counter()
    for a in players:
        for b in players:
            t0 = time.perf_counter()
            m = modal_match(game, (a, b))
            key = "-".join(sorted((family[a], family[b]), reverse=True))
            spent.setdefault(key, []).append(time.perf_counter() - t0)
            if m.worlds > most[0]:
                most = (m.worlds, f"{a.name} vs {b.name}")
    total = time.perf_counter() - start
    print(f"\ntournament of {len(players)} programs ({len(players) ** 2:,} matches, {total:.1f} s):")
    print("\n| family | matches | time per match | vs code-code |")
    print("| --- | --- | --- | --- |")
    base = sum(spent["code-code"]) / len(spent["code-code"])
    for key in ("code-code", "modal-code", "modal-modal"):
        mean = sum(spent[key]) / len(spent[key])
        print(f"| {key} | {len(spent[key]):,} | {us(mean)} | {mean / base:.1f}x |")
    print(f"\nmost worlds in one match: {most[0]} ({most[1]})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--programs", type=int, default=200)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as directory:
        table_rows(directory, args.repeat)
        nested_rows(directory, args.repeat)
        level_rows(directory, args.repeat)
        tournament_rows(directory, args.programs)
    print(f"\n{time.perf_counter() - start:.1f} s in all")


if __name__ == "__main__":
    sys.setrecursionlimit(10_000)
    run_deep(main)
