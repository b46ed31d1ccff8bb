"""Hostile inputs of issue 17 that used to be slow or huge, before any match (F5, F6) or
in one (F1, F4: exploding numbers, unmetered geometry and analysis): builds each shape in
a temporary folder, runs the spilang command on it in a fresh process, and prints
wall time and peak memory (the child's maximum resident set size).

    python benchmarks/hostile.py            # every shape at the issue's sizes
    python benchmarks/hostile.py chain hub  # some of them
    python benchmarks/hostile.py --small    # a tenth of the sizes, as a quick look
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
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


# ---------------------------------------------------------------- work in matches (F1, F4)

SQUARE = ("game G {\n  actions A, B\n  payoff (A, A) = (0, 0)\n  payoff (A, B) = (1, 0)\n"
          "  payoff (B, A) = (0, 1)\n  payoff (B, B) = (1, 1)\n}\n"
          "program D { play A }\nprogram Open csr { default D offer all }\n")


def _actions(n: int) -> str:
    return ", ".join(f"a{i}" for i in range(n))


def mix_bits(folder: Path, n: int) -> list[str]:
    """F1: a mix of n weights 1/(10^195 + 2k + 1): a common denominator of ~650 n bits."""
    weights = ", ".join(f"a{k}: 1/{10 ** 195 + 2 * k + 1}" for k in range(n))
    (folder / "mix.spi").write_text(f"game G {{ actions {_actions(n)} payoff (_, _) = (0, 0) }}\n"
                                    f"program P {{ play mix {{ {weights} }} }}\n")
    return ["check", "mix.spi"]


def valid_mix(folder: Path, n: int) -> list[str]:
    """F1: a valid mix of 2n actions, weights 1/q_k and (q_k - n)/(n q_k), q_k ~ 10^97."""
    weights = []
    for k in range(n):
        q = 10 ** 97 + 2 * k + 1
        weights += [f"a{2 * k}: 1/{q}", f"a{2 * k + 1}: {q - n}/{n * q}"]
    rules = "".join(f"  payoff (a{i}, _) = ({i}, 0)\n" for i in range(2 * n))
    (folder / "mix.spi").write_text(f"game G {{\n  actions {_actions(2 * n)}\n{rules}}}\n"
                                    f"program P {{ play mix {{ {', '.join(weights)} }} }}\n")
    return ["play", "mix.spi:P", "mix.spi:P", "--json"]


def crossings(folder: Path, n: int) -> list[str]:
    """F1, F4b: a chain of n csr programs whose points cross segments through the last two
    (Fibonacci growth of the numbers), played under nash."""
    draw = random.Random(n)
    points = [(Fraction(3), Fraction(5)), (Fraction(6), Fraction(4))]
    lines = [SQUARE.replace("(1, 0)", "(10, 0)").replace("(0, 1)", "(0, 10)").replace("(1, 1)", "(10, 10)"),
             "program L0 csr { default D offer point (3, 5) }", "program L1 csr { default D offer point (6, 4) }"]
    for k in range(2, n + 1):
        while True:
            q, r = [(Fraction(draw.randint(0, 10)), Fraction(draw.randint(0, 10))) for _ in "qr"]
            x = _crossing(points[-1], q, points[-2], r)
            if x is not None:
                break
        points.append(x)
        lines.append(f"program L{k} csr {{ default D offer hull {{ result(L{k - 1}), ({q[0]}, {q[1]}) }} "
                     f"& hull {{ result(L{k - 2}), ({r[0]}, {r[1]}) }} }}")
    (folder / "chain.spi").write_text("\n".join(lines) + "\n")
    return ["play", f"chain.spi:L{n}", "chain.spi:Open", "--select", "nash"]


def _crossing(p1, p2, p3, p4):
    d = (p2[0] - p1[0]) * (p4[1] - p3[1]) - (p2[1] - p1[1]) * (p4[0] - p3[0])
    if d == 0:
        return None
    t = ((p3[0] - p1[0]) * (p4[1] - p3[1]) - (p3[1] - p1[1]) * (p4[0] - p3[0])) / d
    u = ((p3[0] - p1[0]) * (p2[1] - p1[1]) - (p3[1] - p1[1]) * (p2[0] - p1[0])) / d
    return (p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1])) if 0 < t < 1 and 0 < u < 1 else None


def lottery(folder: Path, n: int) -> list[str]:
    """F4a: an n x n game paying (k, k^2), and a point only a triple of profiles averages to."""
    rules = "".join(f"  payoff (a{i}, a{j}) = ({n * i + j}, {(n * i + j) ** 2})\n" for i in range(n) for j in range(n))
    (folder / "p.spi").write_text(f"game P {{\n  actions {_actions(n)}\n{rules}}}\n"
                                  "program C csr { default { play a0 } offer point (1, 5/3) }\n")
    return ["play", "p.spi", "p.spi"]


def _arc(m: int) -> str:
    return ", ".join(f"({k}/{m}, {m * m - k * k}/{m * m})" for k in range(m + 1))


def hulls(folder: Path, n: int) -> list[str]:
    """F4c: the union of two hulls of n points each (all vertices) against `offer all`."""
    (folder / "h.spi").write_text(SQUARE + f"program H csr {{ default D offer hull {{ {_arc(n)} }} "
                                  f"| hull {{ {_arc(n + 1)} }} }}\n")
    return ["play", "h.spi:H", "h.spi:Open"]


def nash_hull(folder: Path, n: int) -> list[str]:
    """F4d: a 316 x 316 game (100,000 payoffs) and a hull of n points, under nash."""
    rules = ("  payoff (a0, a0) = (0, 0)\n  payoff (a1, a1) = (100000, 0)\n"
             "  payoff (a2, a2) = (0, 100000)\n  payoff (_, _) = (1, 1)\n")
    points = ", ".join(f"({10 * k}, {(n - k) ** 2 * 10 // n})" for k in range(n))
    (folder / "n.spi").write_text(f"game G {{\n  actions {_actions(316)}\n{rules}}}\nprogram D {{ play a0 }}\n"
                                  "program Open csr { default D offer all }\n"
                                  f"program H csr {{ default D offer hull {{ {points} }} }}\n")
    return ["play", "n.spi:H", "n.spi:Open", "--select", "nash"]


def assumption8ii(folder: Path, n: int) -> list[str]:
    """F4e: analyze --transform pmp in an n x n game (8(ii) at every default profile)."""
    (folder / "g.spi").write_text(f"game G {{\n  actions {_actions(n)}\n  payoff (a0, a0) = (2, 2)\n"
                                  "  payoff (_, _) = (0, 0)\n}\nprogram D1 { play a1 }\nprogram D2 { play a2 }\n"
                                  "program C1 csr { default D1 offer all }\nprogram Q2 csr { default D2 offer frontier }\n"
                                  "beliefs B1 for P1 { Q2: 1 }\n")
    return ["analyze", "g.spi", "--candidates1", "C1", "--beliefs", "B1", "--transform", "pmp"]


def belows(folder: Path, n: int) -> list[str]:
    """F4f: `offer below (1, 1) & ...` with n operands."""
    (folder / "b.spi").write_text(SQUARE + "program B csr { default D offer "
                                  + " & ".join(["below (1, 1)"] * n) + " }\n")
    return ["play", "b.spi:B", "b.spi:Open"]


SHAPES = {"chain": (chain, 10_000), "hub": (hub, 1_500), "comparisons": (comparisons, 20_000),
          "duplicates": (duplicates, 60_000), "repl": (repl, 1_000), "plot": (tournament_plot, 250),
          "mix-bits": (mix_bits, 24), "valid-mix": (valid_mix, 46), "crossings": (crossings, 22),
          "lottery": (lottery, 60), "hulls": (hulls, 20_000), "nash-hull": (nash_hull, 3_000),
          "8ii": (assumption8ii, 316), "belows": (belows, 60_000)}
# The sizes; the tests (tests/test_hostile_shapes.py) build each shape at a tenth
# of them or less, in-process, and scripts/fuzz.py --shapes at several sizes up to these.


def measure(name: str, scale: float) -> tuple[int, int, float, float]:
    """Build one shape, run it, print its size, status, stderr size, time and peak memory;
    return (exit status, stderr bytes, seconds, peak RSS in MB)."""
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
    return child.returncode, written, elapsed, usage.ru_maxrss / 1024


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
