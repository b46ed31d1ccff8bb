"""Hostile inputs of issue 17 that used to be slow or huge before any match: builds each
shape in a temporary folder, runs the spilang command on it in a fresh process, and prints
wall time and peak memory (the child's maximum resident set size).

    python benchmarks/hostile.py            # every shape at the issue's sizes
    python benchmarks/hostile.py chain hub  # some of them
    python benchmarks/hostile.py --small    # a tenth of the sizes, as a quick look
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GAME = "game G {\n  players P1, P2\n  actions A, B\n  payoff (A, A) = (1, 1)\n  payoff (B, B) = (1, 1)\n  payoff (_, _) = (0, 0)\n}\n"


def chain(folder: Path, n: int) -> list[str]:
    """F5b: file k imports file k-1 and declares one program."""
    (folder / "f0.spi").write_text(GAME + "program W0 { play A }\n")
    for k in range(1, n):
        (folder / f"f{k}.spi").write_text(f'import "f{k - 1}.spi"\nprogram W{k} {{ play A }}\n')
    return ["check", f"f{n - 1}.spi"]


def hub(folder: Path, n: int) -> list[str]:
    """F6b: n files each import a hub of 20 n declarations (1,500 and 30,000 in the issue)."""
    decls = "".join(f"program H{k} {{ play A }}\n" for k in range(20 * n))
    (folder / "hub.spi").write_text(GAME + decls)
    for k in range(n):
        (folder / f"u{k}.spi").write_text(f'import "hub.spi"\nprogram U{k} {{ play A }}\n')
    return ["check", *[f"u{k}.spi" for k in range(n)]]


def comparisons(folder: Path, n: int) -> list[str]:
    """F5a: n one-line programs and one program comparing the opponent with each."""
    lines = [GAME] + [f"program W{k} {{ play A }}" for k in range(n)]
    test = " or ".join(f"opponent == W{k}" for k in range(n))
    lines.append(f"program Big {{ if {test} {{ play B }} play A }}")
    (folder / "many.spi").write_text("\n".join(lines) + "\n")
    return ["check", "many.spi"]


def duplicates(folder: Path, n: int) -> list[str]:
    """F5d: one action declared n times on one line."""
    actions = ", ".join(["A"] * n)
    (folder / "dup.spi").write_text(f"game G {{ players P1, P2 actions {actions} payoff (_, _) = (0, 0) }}\n")
    return ["check", "dup.spi"]


def repl(folder: Path, n: int) -> tuple[list[str], str]:
    """F5c: n one-line programs typed into the piped REPL."""
    text = 'import "games/scheduling.spi"\n' + "".join(f"program R{k} {{ play Slot1 }}\n" for k in range(n))
    return ["repl"], text


def tournament_plot(folder: Path, n: int) -> list[str]:
    """F6c: a tournament of n distinct programs with a heat map."""
    lines = [GAME] + [f"program T{k} {{ if opponent == T{(k + 1) % n} {{ play B }} play A }}" for k in range(n)]
    (folder / "pop.spi").write_text("\n".join(lines) + "\n")
    return ["tournament", "pop.spi", "--plot", "heat.svg"]


SHAPES = {"chain": (chain, 10_000), "hub": (hub, 1_500), "comparisons": (comparisons, 20_000),
          "duplicates": (duplicates, 60_000), "repl": (repl, 1_000), "plot": (tournament_plot, 250)}


def measure(name: str, scale: float) -> None:
    """Build one shape, run it, print its size, status, stderr size, time and peak memory."""
    build, size = SHAPES[name]
    n = max(2, int(size * scale))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        made = build(folder, n)
        argv, stdin = made if isinstance(made, tuple) else (made, "")
        (folder / "stdin.txt").write_text(stdin)
        start = time.perf_counter()
        with open(folder / "stdin.txt", "rb") as given:
            child = subprocess.Popen([sys.executable, "-m", "spi_lang", *argv], cwd=folder, stdin=given,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            written = 0  # counted, not kept: the old duplicate errors ran to gigabytes
            while chunk := child.stderr.read(1 << 20):
                written += len(chunk)
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
    print(f"{name:12} n={n:<7} exit {child.returncode}  stderr {written:>14,} bytes  "
          f"{elapsed:8.2f} s  peak RSS {usage.ru_maxrss / 1024:7.0f} MB", flush=True)


def main() -> None:
    """Measure the shapes named on the command line (all by default)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shapes", nargs="*", help=f"some of: {', '.join(SHAPES)}")
    parser.add_argument("--small", action="store_true", help="a tenth of the sizes")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    for name in args.shapes or SHAPES:
        measure(name, 0.1 if args.small else args.scale)


if __name__ == "__main__":
    main()
