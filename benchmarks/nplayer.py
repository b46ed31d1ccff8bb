"""n players: `game` geometry and csr matches (Algorithm 2) in random 3- and 4-player games,
and the same 2-player work through the planar fast path against the n-D path, measured in
the same run.

Games (seeded, integer payoffs 0-5, actions a0, a1, ... shared by every player): 3 players
with 3, 6 and 10 actions each, and 4 players with 3 actions. Each game gets a pure default
profile d that some profile strictly Pareto-improves, and the improving profile t with the
best leximin key.

1. Geometry: on a fresh `Game` (empty caches) the first access of `feasible` (F), then
   `efficient` (E, the maximal efficient faces), `pmm` and `pmp_set(P1, d)`; each the best
   of --repeat fresh games.
2. Matches, one program per seat, timed with `play_match(..., trace=False)` on spilang's
   deep-stack thread, with the game's F, E and PMM computed beforehand (as in a
   tournament), after one warm-up match, in batches of doubling size until --min-time
   seconds are spent on the row; "vs Alg. 1" is the ratio to the renegotiation match on
   the same game (seat i's Fair_i maps d to t). Each csr match is timed under leximin,
   utilitarian and nash, with the default fuel (1,000,000 steps) and, while it runs out,
   10x more (at most 1000x; the row says which). The csr programs, each with the default
   block `default { play d_i }`:
     All_i      offer all                (every weak improvement on d: F & above(u(d)))
     Bold_i     offer below (x^i)        x^i: 5 for player i, u_j(t) + 1 for the others
     Mixed_i    seat 1 `below (x^1)`; seat 2 `above (...)` (u(d) with player 2 raised to
                u_2(t)); seat 3 `hull { t, each player's best improving profile }`;
                seat 4 `frontier`
     Hard_i     offer { t } | pmp(outcome), and a guarded `pmp(t)`
     Ext_i      program Ext_i = pmp_extension(Bold_i)   (nested matches: result(Bold_i))
   nash refuses with an error where its maximizer solves a coupled polynomial system (it
   may be irrational); such rows say so. A fixed 3-player game, Irr3, where it must
   refuse (the product peaks at an irrational point of an edge) is played too.
3. Two players (random 4x4 and 10x10 games, the same kinds of programs): the planar path
   (`Game`, spi_lang/geometry/planar.py, sets.py, selection.py) against the n-D path
   (the same `Game` with `planar` False, so its payoff space is
   `spi_lang.geometry.space.Polyhedral(2)` and F, E, PMM, PMP and selection come from
   spi_lang/geometry/nd): fresh-game geometry, an intersection + selection of offer sets,
   and the matches (leximin); the ratio is n-D over planar, each the best of --repeat
   alternating rounds. Both paths must give the same results.

    python benchmarks/nplayer.py [--seed 1] [--min-time 0.5] [--repeat 3] [--quick]
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import random
import sys
import tempfile
import time
from fractions import Fraction

import spi_lang
from spi_lang.engine.deep import run_deep
from spi_lang.engine.interpreter import play_match
from spi_lang.engine.results import DEFAULT_FUEL
from spi_lang.geometry.games import Game
from spi_lang.geometry.selection import select
from spi_lang.geometry.text import format_vector
from spi_lang.syntax.errors import SpiError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from csr import fmt_time  # noqa: E402 (the same time format as the csr benchmark)

SELECTIONS = ("leximin", "utilitarian", "nash")
# (players, actions per player); the seed of each game is --seed plus its index.
GAMES = ((3, 3), (3, 6), (3, 10), (4, 3))
QUICK_GAMES = ((3, 3), (4, 3))
TWO_PLAYER = (4, 10)
QUICK_TWO_PLAYER = (4,)
MATCHES = ("Fair", "All", "Bold", "Mixed", "Hard", "Ext")


class NDGame(Game):
    """A game whose payoff space is the n-D one whatever its number of players: for a
    2-player game, F, E, PMM, PMP, sets and selection go through spi_lang/geometry/nd
    (`space.Polyhedral(2)`) instead of the planar fast path."""

    @property
    def planar(self) -> bool:
        return False


def fresh(game: Game, kind: type = Game) -> Game:
    """A new Game of the same table, with every cache empty."""
    return kind(game.name, game.players, game.actions, game.table, game.span)


# ------------------------------------------------------------------ games and programs

def random_game(rng: random.Random, n: int, k: int):
    """Payoffs 0-5 for every profile (redrawn while some profile pays everyone 5, which
    would make E that one point), a pure default d that some profile strictly
    Pareto-improves, and the improving profile t with the best leximin key."""
    actions = [f"a{j}" for j in range(k)]
    profiles = list(itertools.product(actions, repeat=n))
    while True:
        payoff = {p: tuple(rng.randint(0, 5) for _ in range(n)) for p in profiles}
        if (5,) * n in payoff.values():  # a profile best for everyone: E would be one point
            continue
        default = rng.choice(profiles)
        u = payoff[default]
        better = [p for p in profiles if all(x >= y for x, y in zip(payoff[p], u)) and payoff[p] != u]
        if better:
            break
    target = max(better, key=lambda p: (sorted(payoff[p]), payoff[p]))
    return actions, payoff, default, target, better


def vec(x) -> str:
    return "(" + ", ".join(str(c) for c in x) + ")"


def game_text(name: str, n: int, k: int, seed: int) -> tuple[str, dict]:
    """A game declaration and its programs (see the module docstring), and what the
    benchmark needs to know of them."""
    rng = random.Random(seed)
    actions, payoff, d, t, better = random_game(rng, n, k)
    seats = range(n)
    u_d, u_t = payoff[d], payoff[t]
    lines = [f"game {name} {{", f"  players {', '.join(f'P{i + 1}' for i in seats)}",
             f"  actions {', '.join(actions)}"]
    lines += [f"  payoff {vec(p)} = {vec(v)}" for p, v in payoff.items()]
    lines += ["}", ""]
    block = {i: f"{{ play {d[i]} }}" for i in seats}
    bold = {i: tuple(5 if j == i else u_t[j] + 1 for j in seats) for i in seats}
    for i in seats:
        s = i + 1
        lines += [f"program Default{s} {block[i]}",
                  f"program Fair{s} renegotiation {{ default Default{s} map {vec(d)} -> {vec(t)} }}",
                  f"program All{s} csr {{ default {block[i]} offer all }}",
                  f"program Bold{s} csr {{ default {block[i]} offer below {vec(bold[i])} }}",
                  f"program Hard{s} csr {{",
                  f"  default {block[i]}",
                  f"  offer {{ {vec(t)} }} | pmp(outcome)",
                  f"  offer when outcome == {vec(d)} and every opponent is csr: pmp({vec(t)})",
                  "}",
                  f"program Ext{s} = pmp_extension(Bold{s})"]
    # Mixed: seat 1 below, seat 2 above, seat 3 hull, seat 4 frontier.
    raised = tuple(u_t[1] if j == 1 else u_d[j] for j in seats)
    best = [max(better, key=lambda p, i=i: (payoff[p][i], sorted(payoff[p]), payoff[p])) for i in seats]
    hull = ", ".join(vec(p) for p in dict.fromkeys([t, *best]))
    mixed = {0: f"below {vec(bold[0])}", 1: f"above {vec(raised)}", 2: f"hull {{ {hull} }}",
             3: "frontier"}
    for i in seats:
        lines.append(f"program Mixed{i + 1} csr {{ default {block[i]} offer {mixed[i]} }}")
    info = {"players": n, "default": d, "target": t, "best": best,
            "u_d": tuple(map(Fraction, u_d)), "u_t": tuple(map(Fraction, u_t))}
    return "\n".join(lines) + "\n", info


def table_of(project, kind: str, n: int) -> tuple:
    """The programs of one match, in seat order."""
    return tuple(project.programs[f"{kind}{s}"] for s in range(1, n + 1))


# A fixed 3-player game where nash has no rational answer: F is the triangle of (3, 0, 1),
# (0, 2, 2) and (0, 0, 0); its efficient part is the edge from (3, 0, 1) to (0, 2, 2), where
# the product of gains over (0, 0, 0), (3 - 3s)(2s)(1 + s), peaks at s = 1/sqrt(3).
IRRATIONAL = """\
game Irr3 {
  players P1, P2, P3
  actions a0, a1
  payoff (a0, a0, a0) = (3, 0, 1)
  payoff (a1, a1, a1) = (0, 2, 2)
  payoff (_, _, _) = (0, 0, 0)
}
""" + "".join(f"""\
program Default{s} {{ play {a} }}
program Fair{s} renegotiation {{ default Default{s} map (a0, a1, a0) -> (a0, a0, a0) }}
program All{s} csr {{ default {{ play {a} }} offer all }}
""" for s, a in ((1, "a0"), (2, "a1"), (3, "a0")))


# ------------------------------------------------------------------ timing

def mean_time(fn, min_time: float) -> tuple[float, int, object]:
    """Mean seconds per call of fn() over at least `min_time` seconds (after one warm-up
    call, which is also timed and returned as the first call's time)."""
    start = time.perf_counter()
    result = fn()
    first = time.perf_counter() - start
    total, calls, number = 0.0, 0, 1
    while calls == 0 or total < min_time:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        total += time.perf_counter() - start
        calls += number
        number *= 2
    return total / calls, calls, (first, result)


def geometry_times(game: Game, kind: type, repeat: int, default) -> tuple[list[float], Game]:
    """Best-of-`repeat` seconds of the first access of F, E, PMM and PMP_1(d) on fresh games."""
    best = [float("inf")] * 4
    for _ in range(repeat):
        g = fresh(game, kind)
        steps = (lambda: g.feasible, lambda: g.efficient, lambda: g.pmm,
                 lambda: g.pmp_set(0, g.pure(default)))
        for i, step in enumerate(steps):
            start = time.perf_counter()
            step()
            best[i] = min(best[i], time.perf_counter() - start)
    return best, g


def play_timed(game: Game, programs: tuple, selection: str, min_time: float,
               fuel: int = DEFAULT_FUEL):
    """(mean, calls, payoffs, outcome) of a match, or the error that stopped it."""
    try:
        mean, calls, (_, result) = run_deep(
            mean_time, lambda: play_match(game, programs, selection, fuel, trace=False), min_time)
    except SpiError as exc:
        return exc
    return mean, calls, result.payoffs, result.outcome


def play_fueled(game: Game, programs: tuple, selection: str, min_time: float, raises: int):
    """play_timed with the default fuel, then 10x, 100x ... (up to `raises` times) while
    the match runs out of fuel: (fuel used, row)."""
    fuel = DEFAULT_FUEL
    for attempt in range(raises + 1):
        row = play_timed(game, programs, selection, min_time, fuel)
        if not (isinstance(row, SpiError) and "out of fuel" in str(row)) or attempt == raises:
            return fuel, row
        fuel *= 10
    raise AssertionError("unreachable")


def short_error(exc: SpiError) -> str:
    text = str(exc.message if hasattr(exc, "message") else exc)
    if "no exact rational answer" in text:
        return "refused: the exact answer may be irrational (SpiError)"
    return "error: " + text.split("\n")[0][:60]


# ------------------------------------------------------------------ sections

def section_geometry(loaded, repeat: int) -> None:
    header = (f"{'game':<9} {'profiles':>8} {'F':>10} {'E':>10} {'PMM':>9} {'PMP_1(d)':>9} "
              f"{'total':>10}  F vertices/facets, E faces, PMM")
    print("Geometry (first access on a fresh Game, best of {}):".format(repeat))
    print(header)
    print("-" * len(header))
    name, project, info = loaded[0]  # warm-up: pplpy's first calls, untimed
    geometry_times(project.games[name], Game, 1, info["default"])
    for name, project, info in loaded:
        game = project.games[name]
        times, g = geometry_times(game, Game, repeat, info["default"])
        nd = g._nd
        shape = (f"{len(nd.feasible.vertices)}/{len(nd.feasible.inequalities)}, "
                 f"{len(g.efficient.pieces)}, {format_vector(g.pmm)}")
        print(f"{name:<9} {len(game.table):>8} " + " ".join(
            f"{fmt_time(s):>{w}}" for s, w in zip(times, (10, 10, 9, 9)))
            + f" {fmt_time(sum(times)):>10}  {shape}")
    print()


def section_matches(loaded, min_time: float, selections, raises: int) -> None:
    header = (f"{'game':<9} {'match':<6} {'select':<12} {'fuel':>5} {'calls':>6} "
              f"{'mean per match':>15} {'vs Alg. 1':>10}  payoffs")
    print("Matches (game geometry warm; fuel 1e6 is the default, raised 10x at a time while a "
          "match runs out):")
    print(header)
    print("-" * len(header))
    for name, project, info in loaded:
        game, n = project.games[name], info["players"]
        game.feasible, game.efficient, game.pmm  # noqa: B018 (warm, as in a tournament)
        baseline = None
        for kind in info.get("matches", MATCHES):
            programs = table_of(project, kind, n)
            chosen = info.get("selections", selections)
            for selection in (chosen if kind != "Fair" else ("leximin",)):
                label = f"{name:<9} {kind:<6} {selection:<12}"
                fuel, row = play_fueled(game, programs, selection, min_time, raises)
                if isinstance(row, SpiError):
                    print(f"{label} {fuel:>5.0e} {'':>6} {'':>15} {'':>10}  {short_error(row)}")
                    continue
                mean, calls, payoffs, _ = row
                ratio = f"{mean / baseline:>9.1f}x" if baseline else f"{'':>10}"
                if kind == "Fair":
                    baseline, ratio = mean, f"{1:>9.1f}x"
                print(f"{label} {fuel:>5.0e} {calls:>6} {fmt_time(mean):>15} {ratio:>10}  "
                      f"{format_vector(payoffs)}")
    print()


def paired(make, min_time: float, rounds: int) -> tuple[list[float], list[object]]:
    """Best mean seconds per call of make(Game)() and make(NDGame)(), measured in
    alternating rounds (so a change in the machine's load hits both paths alike), and the
    two results."""
    fns = [make(Game), make(NDGame)]
    best, results = [float("inf")] * 2, [None, None]
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            mean, _, (_, results[i]) = run_deep(mean_time, fn, min_time / (2 * rounds))
            best[i] = min(best[i], mean)
    return best, results


def section_two_players(loaded2, min_time: float, rounds: int) -> list:
    print("Two players: the planar path against the n-D path (Polyhedral(2), spi_lang/geometry/nd), "
          f"best of {rounds} alternating rounds:")
    header = f"{'game':<9} {'work':<34} {'planar':>11} {'n-D':>11} {'n-D / planar':>13}  same result"
    print(header)
    print("-" * len(header))
    ratios = []
    for name, project, info in loaded2:
        game = project.games[name]
        d = info["default"]
        rows = []

        def geometry(kind):  # F, E, PMM and PMP_1(d) from an empty cache
            def run():
                g = fresh(game, kind)
                return (g.feasible_vertices, g.pmm, g.efficient, g.pmp_set(0, g.pure(d)))
            return run

        (ta, tb), (pr, nr) = paired(geometry, min_time, rounds)
        same = (set(pr[0]) == set(nr[0]) and pr[1] == nr[1]
                and set(_vertices(pr[2])) == set(_vertices(nr[2]))
                and set(_vertices(pr[3])) == set(_vertices(nr[3])))
        rows.append(("F, E, PMM, PMP_1(d) (fresh game)", ta, tb, "yes" if same else "NO"))

        for selection in ("leximin", "utilitarian"):  # offer sets on a warm game
            def offers(kind, selection=selection):
                g = fresh(game, kind)
                g.efficient, g.pmm  # noqa: B018 (warm)
                return lambda: _offers_and_select(g, info, selection)

            (ta, tb), (pa, pb) = paired(offers, min_time, rounds)
            rows.append((f"below & above & hull, {selection}", ta, tb, "yes" if pa == pb else "NO"))

        for kind in MATCHES:  # the same programs through both paths
            programs = table_of(project, kind, 2)

            def match(path, programs=programs):
                g = fresh(game, path)
                g.efficient, g.pmm  # noqa: B018 (warm)
                return lambda: play_match(g, programs, "leximin", trace=False)

            (ta, tb), (ra, rb) = paired(match, min_time, rounds)
            same = "yes" if ra.payoffs == rb.payoffs else "NO"
            if same == "yes" and ra.outcome != rb.outcome:
                same = "payoffs (outcome differs)"
            rows.append((f"match {kind}, leximin", ta, tb, same))
        for work, ta, tb, same in rows:
            ratios.append((name, work, tb / ta))
            print(f"{name:<9} {work:<34} {fmt_time(ta):>11} {fmt_time(tb):>11} {tb / ta:>12.1f}x  {same}")
    print()
    return ratios


def _vertices(payoff_set) -> list:
    if hasattr(payoff_set, "vertices") and callable(payoff_set.vertices):
        return payoff_set.vertices()
    return [v for p in payoff_set.pieces for v in p.vertices]


def _offers_and_select(g: Game, info: dict, selection: str):
    """Three offers built as Algorithm 2 builds them, their intersection and the selection."""
    space, u_d, u_t = g.space, info["u_d"], info["u_t"]
    bold = (Fraction(5), u_t[1] + 1)
    raised = (u_d[0], u_t[1])
    a = g.feasible.clip(space.below(bold))
    b = g.feasible.clip(space.above(raised))
    c = space.hull([u_t, *(g.payoff(p) for p in info["best"])])
    floor = space.above(u_d)
    agreement = a.clip(floor).intersect(b.clip(floor)).intersect(c.clip(floor))
    return select(selection, g, agreement)


# ------------------------------------------------------------------ main

def load_games(directory: str, shapes, seed: int, prefix: str, order=None):
    """Write, load and describe one file per game; a game's seed is `seed` plus its index
    in `order` (the full run's list), so --quick plays the same games."""
    loaded = []
    for n, k in shapes:
        index = (order or shapes).index((n, k))
        name = f"{prefix}{n}p{k}a"
        text, info = game_text(name, n, k, seed + index)
        path = os.path.join(directory, f"{name}.spi")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        loaded.append((name, spi_lang.load(path), info))
    return loaded


def load_irrational(directory: str):
    path = os.path.join(directory, "irr3.spi")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(IRRATIONAL)
    return ("Irr3", spi_lang.load(path), {"players": 3, "matches": ("Fair", "All")})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="seed of the first random game")
    parser.add_argument("--min-time", type=float, default=0.5, help="seconds per match row (at least)")
    parser.add_argument("--repeat", type=int, default=3, help="fresh games per geometry row")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: the 3x3x3 and 4-player games under leximin only, one "
                             "2-player game, one call per row")
    args = parser.parse_args(argv)
    if args.quick:
        args.min_time, args.repeat = 0.0, 1
    selections, raises = (("leximin",), 1) if args.quick else (SELECTIONS, 3)
    shapes = QUICK_GAMES if args.quick else GAMES
    two = QUICK_TWO_PLAYER if args.quick else TWO_PLAYER

    print(f"command: python benchmarks/nplayer.py --seed {args.seed} --min-time {args.min_time} "
          f"--repeat {args.repeat}{' --quick' if args.quick else ''}")
    print(f"python {platform.python_version()} ({platform.python_implementation()}), "
          f"spilang {spi_lang.__version__}, {platform.machine()}, {os.cpu_count()} cpus, "
          f"load average {os.getloadavg()[0]:.2f} at start")
    print()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="spilang-nbench-") as directory:
        loaded = load_games(directory, shapes, args.seed, "R", GAMES)
        section_geometry(loaded, args.repeat)
        irrational = load_irrational(directory)
        irrational[2]["selections"] = SELECTIONS
        section_matches(loaded + [irrational], args.min_time, selections, raises)
        loaded2 = load_games(directory, [(2, k) for k in two], args.seed + 100, "R",
                             [(2, k) for k in TWO_PLAYER])
        ratios = section_two_players(loaded2, args.min_time, args.repeat)
        for label, keep in (("geometry and set operations", lambda w: not w.startswith("match")),
                            ("csr matches", lambda w: w.startswith("match") and "Fair" not in w)):
            chosen = sorted(r for _, w, r in ratios if keep(w))
            print(f"2 players, n-D / planar, {label}: {chosen[0]:.1f}x to {chosen[-1]:.1f}x "
                  f"(median {chosen[len(chosen) // 2]:.1f}x)")
        print()
        for name, project, info in loaded + loaded2:
            print(f"{name}: default {vec(info['default'])} pays {format_vector(info['u_d'])}, "
                  f"t = {vec(info['target'])} pays {format_vector(info['u_t'])}")
    print(f"total time: {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
