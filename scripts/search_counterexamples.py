"""Search random games and random csr programs for pairs of PMP-extensions that fall
below the Pareto meet minimum.

Theorem 3 of DiGiovanni, Clifton and Mace (arXiv 2403.05103) says that in a subjective
equilibrium whose players are certain that csr and PMP-extension won't be punished
(Assumption 8), the players' PMP-extensions reach at least the PMM. This script looks for
pairs of csr programs P1, P2 whose PMP-extensions E1 = pmp_extension(P1),
E2 = pmp_extension(P2) pay some player less than PMM_i: pairs that such beliefs and the
equilibrium condition have to rule out.

Each trial draws a 2-player game (2-4 actions a player, integer payoffs 0-5) and two csr
programs (a default `play X` or `play mix {...}`, one or two offers built from random set
expressions over random feasible points), writes them as a .spi file, loads it with
`spi_lang.load` and plays, with every selection function:

    P1 vs P2    the original pair
    E1 vs E2    the PMP-extended pair (a counterexample if some payoff < PMM_i)
    E1 vs P2    player 1 extends alone
    P1 vs E2    player 2 extends alone

As a sanity check it also records every case where extending made a player worse off than
the original pair: either player in E1 vs E2, and the extending player in E1 vs P2 and
P1 vs E2 (the unilateral comparison that the proof of Theorem 3 relies on).

    python scripts/search_counterexamples.py [--trials 500] [--seed 0] [--out FILE] [--jobs 2]

Deterministic for a seed: trial k draws from its own generator seeded with (seed, k), so
the results do not depend on --jobs. Standard library and spi_lang only.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from fractions import Fraction

import _needs_spilang  # noqa: F401, I001 (first: a clear message when spilang is missing)
import spi_lang
from spi_lang.geometry.planar import pareto_frontier, pareto_meet_minimum
from spi_lang.geometry.text import format_outcome, format_vector

SELECTIONS = ("leximin", "utilitarian", "nash", "dictator:P1", "dictator:P2")
WEIGHTS = (Fraction(1, 2), Fraction(1, 3), Fraction(2, 3), Fraction(1, 4), Fraction(3, 4))


# ------------------------------------------------------------------ random programs

class Trial:
    """One random game and program pair, as .spi source text."""

    def __init__(self, index: int, seed: int) -> None:
        self.index = index
        rng = random.Random(f"spilang-search:{seed}:{index}")
        self.rng = rng
        n1, n2 = rng.randint(2, 4), rng.randint(2, 4)
        self.actions = ([f"a{k + 1}" for k in range(n1)], [f"b{k + 1}" for k in range(n2)])
        self.profiles = [(x, y) for x in self.actions[0] for y in self.actions[1]]
        self.payoff = {p: (Fraction(rng.randint(0, 5)), Fraction(rng.randint(0, 5)))
                       for p in self.profiles}
        self.frontier = pareto_frontier(self.payoff.values())
        self.pmm = pareto_meet_minimum(self.payoff.values())
        self.mixed = [False, False]
        self.p1 = self._program("P1", 0)
        self.p2 = self._program("P2", 1)
        self.text = self._file()

    @property
    def size(self) -> tuple[int, int, int]:
        """Smaller is simpler: the number of profiles, then of randomizing defaults, then
        the programs' text length."""
        return (len(self.profiles), sum(self.mixed), len(self.p1) + len(self.p2))

    def game_text(self) -> str:
        rows = [f"  payoff ({x}, {y}) = ({u}, {v})" for (x, y), (u, v) in self.payoff.items()]
        return ("game G {\n"
                f"  actions P1: {', '.join(self.actions[0])}\n"
                f"  actions P2: {', '.join(self.actions[1])}\n" + "\n".join(rows) + "\n}\n")

    def _file(self) -> str:
        return (self.game_text() + "\n" + self.p1 + "\n" + self.p2 + "\n"
                "program E1 = pmp_extension(P1)\n"
                "program E2 = pmp_extension(P2)\n")

    def _program(self, name: str, seat: int) -> str:
        rng = self.rng
        own = self.actions[seat]
        if rng.random() < 0.25:
            self.mixed[seat] = True
            a, b = rng.sample(own, 2)
            w = rng.choice(WEIGHTS)
            default = f"default {{ play mix {{ {a}: {w}, {b}: {1 - w} }} }}"
        else:
            default = f"default {{ play {rng.choice(own)} }}"
        offers = [f"  offer {self._set(rng.choice((0, 1, 1, 2)))}"
                  for _ in range(rng.choice((1, 1, 2)))]
        return f"program {name} csr {{\n  {default}\n" + "\n".join(offers) + "\n}\n"

    def _point(self, anywhere: bool = False) -> str:
        """A random feasible point: a pure payoff vector, a vertex of the Pareto frontier,
        or a mix of two payoff vectors; with `anywhere` (for below/above) also the PMM,
        which need not be feasible."""
        rng = self.rng
        r = rng.random()
        if anywhere and r < 0.15:
            x = self.pmm
        elif r < 0.5:
            x = self.payoff[rng.choice(self.profiles)]
        elif r < 0.7:
            x = rng.choice(self.frontier)
        else:
            u, v = (self.payoff[rng.choice(self.profiles)] for _ in range(2))
            w = rng.choice(WEIGHTS)
            x = tuple(w * a + (1 - w) * b for a, b in zip(u, v))
        return "(" + ", ".join(str(Fraction(c)) for c in x) + ")"

    def _profile(self) -> str:
        x, y = self.rng.choice(self.profiles)
        return f"({x}, {y})"

    def _outcome(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.4:
            return "outcome"
        if r < 0.85:
            return self._profile()
        p, q = rng.sample(self.profiles, 2)
        w = rng.choice(WEIGHTS)
        return f"lottery {{ ({p[0]}, {p[1]}): {w}, ({q[0]}, {q[1]}): {1 - w} }}"

    def _set(self, depth: int) -> str:
        rng = self.rng
        if depth > 0 and rng.random() < 0.5:
            op = rng.choice((" | ", " | ", " & "))
            parts = [self._set(depth - 1) for _ in range(rng.choice((2, 2, 2, 3)))]
            return "(" + op.join(parts) + ")"
        kind = rng.choice(("below", "below", "above", "point", "point", "pmp", "outcomes",
                           "all", "frontier"))
        if kind in ("below", "above", "point"):
            return f"{kind} {self._point(anywhere=kind != 'point')}"
        if kind == "pmp":
            return f"pmp({self._outcome()})"
        if kind == "outcomes":
            picks = rng.sample(self.profiles, rng.randint(1, min(3, len(self.profiles))))
            return "{ " + ", ".join(f"({x}, {y})" for x, y in picks) + " }"
        return kind


# ------------------------------------------------------------------ playing a trial

def run_trial(args: tuple[int, int, str]) -> dict:
    """Load and play one trial; a dict of plain data (picklable)."""
    index, seed, directory = args
    trial = Trial(index, seed)
    path = os.path.join(directory, f"trial_{index}.spi")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(trial.text)
    record = {"index": index, "size": trial.size, "text": trial.text, "mixed": tuple(trial.mixed),
              "error": None, "results": {}}
    try:
        project = spi_lang.load(path)
        record["pmm"] = project.games["G"].pmm
        for sel in SELECTIONS:
            row = {}
            for a, b in (("P1", "P2"), ("E1", "E2"), ("E1", "P2"), ("P1", "E2")):
                result = spi_lang.play(f"{path}:{a}", f"{path}:{b}", select=sel, project=project)
                row[a + b] = (format_outcome(result.outcome), result.payoffs)
            record["results"][sel] = row
    except spi_lang.SpiError as error:  # SpiErrors carries several, with their sources
        sources = getattr(error, "sources", {path: trial.text})
        record["error"] = "spilang error: " + "; ".join(
            spi_lang.render(e, sources).splitlines()[0] for e in getattr(error, "errors", (error,)))
    except Exception:  # noqa: BLE001 - a crash in spilang is a finding, not a stop
        record["error"] = "crash: " + traceback.format_exc()
    finally:
        os.remove(path)
    return record


def below_pmm(payoffs, pmm) -> list[int]:
    return [i for i, (u, m) in enumerate(zip(payoffs, pmm)) if u < m]


# ------------------------------------------------------------------ main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", help="write the smallest counterexample here as a .spi file")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    args = parser.parse_args(argv)

    start, cpu_start = time.perf_counter(), cpu_seconds()
    with tempfile.TemporaryDirectory(prefix="spilang-search-") as directory:
        work = [(k, args.seed, directory) for k in range(args.trials)]
        if args.jobs > 1:
            with ProcessPoolExecutor(args.jobs) as pool:
                records = list(pool.map(run_trial, work, chunksize=8))
        else:
            records = [run_trial(w) for w in work]
    elapsed, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start

    summary = summarize(records)
    command = (f"python scripts/search_counterexamples.py --trials {args.trials} --seed {args.seed} "
               f"--jobs {args.jobs}" + (f" --out {args.out}" if args.out else ""))
    report(command, args.trials, (elapsed, cpu), args.jobs, summary)
    best = summary["best"]
    if best is not None and args.out:
        write_counterexample(args.out, *best, args.seed)
        print()
        print(f"written to {args.out}")
    return 0


WORSE = ("E1 vs E2, either player", "E1 vs P2, player 1", "P1 vs E2, player 2")


def summarize(records: list[dict]) -> dict:
    """Counterexamples and sanity-check failures, by selection function and by whether
    both defaults are pure; the smallest counterexample overall and with pure defaults."""
    counts = {sel: [0, 0] for sel in SELECTIONS}  # [all, pure defaults]
    worse = {name: [0, 0] for name in WORSE}
    worse_first: dict[str, tuple] = {}
    trials, pure_trials, also_original = set(), set(), 0
    best = best_pure = None
    for r in records:
        if r["error"]:
            continue
        pmm, pure = r["pmm"], not any(r["mixed"])
        failing = []
        for sel, row in r["results"].items():
            base, ext = row["P1P2"][1], row["E1E2"][1]
            if below_pmm(ext, pmm):
                failing.append(sel)
                counts[sel][0] += 1
                counts[sel][1] += pure
                also_original += bool(below_pmm(base, pmm))
            checks = (any(e < b for e, b in zip(ext, base)),
                      row["E1P2"][1][0] < base[0],
                      row["P1E2"][1][1] < base[1])
            for name, bad in zip(WORSE, checks):
                if bad:
                    worse[name][0] += 1
                    worse[name][1] += pure
                    worse_first.setdefault(name, (r["index"], sel))
        if failing:
            trials.add(r["index"])
            if best is None or r["size"] < best[0]["size"]:
                best = (r, failing)
            if pure:
                pure_trials.add(r["index"])
                if best_pure is None or r["size"] < best_pure[0]["size"]:
                    best_pure = (r, failing)
    return {"counts": counts, "trials": trials, "pure_trials": pure_trials,
            "also_original": also_original, "worse": worse, "worse_first": worse_first,
            "errors": [r for r in records if r["error"]], "best": best, "best_pure": best_pure}


def cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def report(command: str, n: int, times: tuple[float, float], jobs: int, summary: dict) -> None:
    elapsed, cpu = times
    pairs = n * len(SELECTIONS)
    errors = summary["errors"]
    print(f"command: {command}")
    print(f"trials run: {n} ({pairs} (program pair, selection function) cases, {4 * pairs} "
          f"top-level matches), {len(errors)} with errors")
    print(f"time: {elapsed:.1f} s wall with {jobs} job{'s' if jobs != 1 else ''}, {cpu:.1f} s CPU "
          f"({1000 * cpu / max(n, 1):.0f} ms CPU per trial)")
    print()
    counts = summary["counts"]
    total = sum(c[0] for c in counts.values())
    print(f"counterexamples (E1 vs E2 pays some player less than PMM_i): {total} cases in "
          f"{len(summary['trials'])} trials ({len(summary['pure_trials'])} trials with both "
          "defaults pure)")
    print(f"  {'selection':<12} {'cases':>5} {'pure defaults':>14}")
    for sel in SELECTIONS:
        print(f"  {sel:<12} {counts[sel][0]:>5} {counts[sel][1]:>14}")
    if total:
        print(f"  in {summary['also_original']} of the {total} cases the original pair P1 vs P2 "
              "was below the PMM too")
    print()
    print("sanity check: cases where extending made a player worse off than P1 vs P2")
    print(f"  {'comparison':<24} {'cases':>5} {'pure defaults':>14}  first")
    for name in WORSE:
        first = summary["worse_first"].get(name)
        where = f"trial {first[0]}, {first[1]}" if first else "-"
        print(f"  {name:<24} {summary['worse'][name][0]:>5} {summary['worse'][name][1]:>14}  {where}")
    if errors:
        print()
        print(f"trials with errors: {len(errors)}; first (trial {errors[0]['index']}):")
        print(errors[0]["error"])
        print(errors[0]["text"])
    best, best_pure = summary["best"], summary["best_pure"]
    if best is None:
        print()
        print("no counterexample found")
        return
    show("smallest counterexample", *best)
    if best_pure is not None and best_pure[0] is not best[0]:
        show("smallest counterexample with both defaults pure", *best_pure)


def show(title: str, r: dict, failing: list[str]) -> None:
    print()
    print(f"{title}: trial {r['index']} ({r['size'][0]} profiles), PMM = "
          f"{format_vector(r['pmm'])}; E1 vs E2 is below it with: {', '.join(failing)}")
    print()
    print(r["text"])
    for sel in failing:
        row = r["results"][sel]
        print(f"  --select {sel}")
        for pair in ("P1P2", "E1E2"):
            outcome, payoffs = row[pair]
            print(f"    {pair[:2]} vs {pair[2:]}: {outcome}, payoffs {format_vector(payoffs)}")


def write_counterexample(path: str, record: dict, failing: list[str], seed: int) -> None:
    row = record["results"][failing[0]]
    lines = [
        "# A pair of PMP-extensions below the Pareto meet minimum (the smallest found by",
        f"# scripts/search_counterexamples.py --seed {seed}, trial {record['index']}).",
        f"# PMM = {format_vector(record['pmm'])}; E1 vs E2 is below it with: {', '.join(failing)}.",
        "#",
        f"#   spilang play {path}:P1 {path}:P2 --select {failing[0]}",
        f"#   -> {row['P1P2'][0]}, payoffs {format_vector(row['P1P2'][1])}",
        f"#   spilang play {path}:E1 {path}:E2 --select {failing[0]}",
        f"#   -> {row['E1E2'][0]}, payoffs {format_vector(row['E1E2'][1])}",
        "",
    ]
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n" + record["text"])


if __name__ == "__main__":
    sys.exit(main())
