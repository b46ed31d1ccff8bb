"""The whole-process figures of benchmarks/tournament.py (issue 15's targets): spilang
against the integer floor (benchmarks/floor.py), each a fresh Python process (start-up,
imports, loading or building the programs, every match, the ranking), timed by CPU
(user + system, from the kernel's account of the finished child), best of --repeat;
then the CLI's peak memory with `--csv FILE` and the largest population whose round
robin finishes in 60 s.

Populations: base+alg1 programs of `N / 3.5` distinct codes, copied under new names to N
programs (population.with_classes): spilang plays one match per pair of code classes,
12.25x fewer than the N x N pairs the floor plays. The per-match figure uses the
population of distinct code (every pair a match)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

import population

HERE = os.path.dirname(os.path.abspath(__file__))
MIX = {"base": 0.6, "reneg": 0.4}
CLASS_RATIO = 3.5  # N programs, N / 3.5 code classes: 12.25x fewer matches than pairs
SPILANG = """\
import sys
import tempfile
import spi_lang
results = spi_lang.tournament(sys.argv[1], cache=None)
sys.stdout.write("".join(f"{s.program} {s.mean}\\n" for s in results.ranking))
sys.stderr.write(f"played {results.played}\\n")
"""


def classes_of(n: int) -> int:
    return max(1, round(n / CLASS_RATIO))


def write_population(directory: str, n: int, classes: int, seed: int) -> str:
    path = os.path.join(directory, f"sweep_{n}_{classes}.spi")
    if not os.path.exists(path):
        programs, _ = population.with_classes(n, classes, seed, MIX)
        with open(path, "w", encoding="utf-8") as out:
            out.write(population.spi_text(programs))
    return path


# Linux counts a child's peak resident memory from its parent's at the exec (the parent's
# high-water mark carries over), so a child of this benchmark, which has loaded large
# populations by then, would report the benchmark's own size. Each command is therefore
# started by this small launcher, which reports the command's own usage.
LAUNCHER = """\
import os, subprocess, sys
process = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(process.pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}")
"""


def child(command: list[str], quiet: bool = False, env: dict | None = None) -> tuple[float, float, int, str, str]:
    """Run a process to its end: its own CPU seconds (user + system), wall seconds, peak
    resident memory (KiB), from os.wait4's account of that one child (through LAUNCHER),
    and its stdout (empty if `quiet`: thrown away) and stderr."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err, \
            tempfile.NamedTemporaryFile("r") as account:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", LAUNCHER, account.name, *command],
                       stdout=subprocess.DEVNULL if quiet else out, stderr=err, env=env, check=True)
        wall = time.perf_counter() - start
        code, cpu, rss = account.read().split()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if int(code) != 0:
        raise RuntimeError(f"{command[:3]} failed ({code}): {stderr[-2000:]}")
    return float(cpu), wall, int(rss), stdout, stderr


def _means(text: str, divisor: int | None) -> dict[str, Fraction]:
    means = {}
    for line in text.splitlines():
        name, value = line.split()
        means[name] = Fraction(int(value), divisor) if divisor else Fraction(value)
    return means


def against_floor(directory: str, n: int, classes: int, args) -> tuple[float, float, int]:
    """Best CPU of spilang's and the floor's whole processes (interleaved), and the
    matches spilang played; checks that both rank with the same means."""
    path = write_population(directory, n, classes, args.seed)
    ours, floor, played = [], [], 0
    for _ in range(args.repeat):
        cpu, _, _, ranking, log = child([sys.executable, "-c", SPILANG, path])
        ours.append(cpu)
        played = int(log.split()[-1])
        cpu_floor, _, _, by_hand, _ = child([sys.executable, os.path.join(HERE, "floor.py"), str(n),
                                          str(classes), str(args.seed)])
        floor.append(cpu_floor)
    assert _means(ranking, None) == _means(by_hand, 8 * 2 * n), "spilang and the floor disagree"
    return min(ours), min(floor), played


def report(directory: str, args) -> None:
    print("\n6. whole process against the integer floor (benchmarks/floor.py: all N x N pairs, "
          "code ids, integer payoffs), CPU seconds")
    print(f"   {'N':>5} {'classes':>7} {'spilang matches':>15} {'spilang':>8} {'floor':>7} "
          f"{'ratio':>6}  target <= 1.0x")
    for n in (1000, 3000):
        classes = classes_of(n)
        ours, floor, played = against_floor(directory, n, classes, args)
        verdict = "met" if ours <= floor else "NOT met"
        print(f"   {n:>5} {classes:>7} {played:>15,} {ours:>7.2f}s {floor:>6.2f}s {ours / floor:>5.2f}x  "
              f"{verdict}", flush=True)
    n = 1000
    ours, floor, played = against_floor(directory, n, n, args)
    per_match, per_pair = ours / played, floor / (n * n)
    verdict = "met" if per_match <= 3 * per_pair else "NOT met"
    print(f"   per match (N = {n}, distinct code: {played:,} matches): spilang {per_match * 1e6:.1f} us, "
          f"floor {per_pair * 1e6:.2f} us a pair: {per_match / per_pair:.2f}x  target <= 3x: {verdict}",
          flush=True)
    memory_and_capacity(directory, args)
    start_up(directory)


def cli(path: str, *options: str) -> tuple[float, float, int]:
    """CPU, wall seconds and peak RSS (KiB) of `spilang tournament path options`."""
    spilang = os.path.join(os.path.dirname(sys.executable), "spilang")
    cpu, wall, rss, _, _ = child([spilang, "tournament", path, *options], quiet=True)
    return cpu, wall, rss


def memory_and_capacity(directory: str, args) -> None:
    n = 3000
    path = write_population(directory, n, classes_of(n), args.seed)
    out = os.path.join(directory, "out.csv")
    _, wall, rss = cli(path, "--csv", out)
    verdict = "met" if rss / 1024 < 300 else "NOT met"
    print(f"\n7. peak memory (resident, the whole process) of `spilang tournament` with --csv FILE, "
          f"N = {n}: {rss / 1024:.0f} MiB ({wall:.1f} s)  target < 300 MiB: {verdict}", flush=True)
    print("\n8. the largest population whose full round robin (with ranking) finishes in 60 s "
          "(wall; each size predicted from the last run, quadratic in N, then run)")
    for label, options in (("--csv -", ("--csv", "-")), ("text", ())):
        _, wall, _ = cli(path, *options)
        runs = [(n, wall)]
        for _ in range(2):  # two refinements: the time grows a little slower than N^2
            last, last_wall = runs[-1]
            guess = int(last * (60 / last_wall) ** 0.5 * 0.97 / 100) * 100
            checked = write_population(directory, guess, classes_of(guess), args.seed)
            runs.append((guess, cli(checked, *options)[1]))
            if 54 <= runs[-1][1] <= 60:
                break
        best = max((size for size, seconds in runs if seconds <= 60), default=None)
        print(f"   {label:<8} " + "; ".join(f"N = {size}: {seconds:.1f} s" for size, seconds in runs)
              + f"  -> largest within 60 s: N = {best}", flush=True)


def start_up(directory: str) -> None:
    """CPU of `spilang play` on a one-program file: with lark's tables in the cache (the
    first run fills it), and with the cache switched off (the tables built every time)."""
    path = os.path.join(directory, "one.spi")
    with open(path, "w", encoding="utf-8") as out:
        out.write('import "games/scheduling.spi"\nprogram A { play Slot1 }\n')
    spilang = os.path.join(os.path.dirname(sys.executable), "spilang")
    command = [spilang, "play", f"{path}:A", f"{path}:A"]
    cache = os.path.join(directory, "cache")
    figures = {}
    for label, value in (("cached tables", cache), ("no cache", "")):
        env = {**os.environ, "SPILANG_CACHE_DIR": value}
        child(command, quiet=True, env=env)  # fills the cache
        figures[label] = sorted(child(command, quiet=True, env=env)[0] for _ in range(7))
    cached = figures["cached tables"]
    verdict = "met" if cached[3] < 0.3 else "NOT met"
    print(f"\n9. start-up: `spilang play` on a one-program file, CPU (median of 7, min): cached tables "
          f"{cached[3]:.2f}s ({cached[0]:.2f}s), no cache {figures['no cache'][3]:.2f}s "
          f"({figures['no cache'][0]:.2f}s)  target < 0.3 s: {verdict}", flush=True)
