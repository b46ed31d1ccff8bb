"""Random populations of distinct spilang programs on the Scheduling game, for
benchmarks/tournament.py: base programs with code checks, renegotiation programs
(Algorithm 1), csr programs (Algorithm 2) and PMP-extensions, plus the same base and
renegotiation programs as plain Python data for the hand-written baseline.

Programs only name earlier programs (and `self`), and each program's structure, with
the programs it names replaced by their own structure, differs from every other's, so no
two programs have the same code: the cache cannot shortcut a measured tournament, and
the hand-written baseline may compare programs by identity."""

from __future__ import annotations

import random
from fractions import Fraction

import attrs

ACTIONS = ("Slot1", "Slot2", "Slot3")
COORDINATED = [("Slot1", "Slot1"), ("Slot2", "Slot2"), ("Slot3", "Slot3")]
MISCOORDINATED = [(a, b) for a in ACTIONS for b in ACTIONS if a != b]
HALF = Fraction(1, 2)
# A renegotiation target must weakly Pareto-improve its source (Definition 3): every
# miscoordinated profile pays (0, 0), (Slot3, Slot3) pays (1, 1).
LOTTERY = ((("Slot1", "Slot1"), HALF), (("Slot2", "Slot2"), HALF))  # pays (2, 2)
TARGETS = {**{s: COORDINATED + [LOTTERY] for s in MISCOORDINATED},
           ("Slot3", "Slot3"): [("Slot1", "Slot1"), ("Slot2", "Slot2"), LOTTERY]}
SETS = ["below (3, 1)", "below (1, 3)", "below (2, 2)", "point (1, 1)", "frontier",
        "pmp(outcome)", "{ (Slot3, Slot3) }"]
KINDS = {"base": "base", "reneg": "renegotiation", "csr": "csr", "pmp": "pmp"}


@attrs.frozen
class Base:
    """`if COND { play A }` statements, then a final play (a mix is a dict)."""

    name: str
    branches: tuple  # ((cond, action), ...); cond: ("eq"|"ne", index) | ("self",) | ("is", kind)
    final: tuple     # ((action, probability), ...)


@attrs.frozen
class Reneg:
    """A renegotiation program: a named base default and its maps."""

    name: str
    default: int
    maps: tuple      # ((source profile, target), ...); target: profile or lottery pairs


@attrs.frozen
class Other:
    """A csr program or a PMP-extension, as spilang text only (no hand-written twin)."""

    name: str
    kind: str
    text: str


def population(n: int, seed: int, mix: dict[str, float]) -> list:
    """`n` programs of distinct code; `mix` gives each kind's share (base, reneg, csr, pmp)."""
    rng = random.Random(seed)
    programs: list = []
    signatures: set = set()
    kinds, weights = zip(*mix.items())
    while len(programs) < n:
        kind = "base" if len(programs) < 3 else rng.choices(kinds, weights)[0]
        program, signature = _make(kind, len(programs), programs, rng)
        if program is not None and signature not in signatures:
            signatures.add(signature)
            programs.append(program)
    return programs


def _make(kind: str, k: int, programs: list, rng: random.Random):
    name = f"P{k}"
    if kind == "base":
        return _base(name, programs, rng)
    bases = [i for i, p in enumerate(programs) if isinstance(p, Base)]
    if kind == "reneg":
        sources = rng.sample(sorted(TARGETS), rng.randint(1, 3))
        maps = tuple((s, rng.choice(TARGETS[s])) for s in sources)
        default = rng.choice(bases)
        return Reneg(name, default, maps), ("reneg", _sig(programs, default), maps)
    if kind == "csr":
        default = rng.choice(bases)
        offers = [rng.choice(SETS) for _ in range(rng.randint(1, 2))]
        guard = ""
        if rng.random() < 0.3:
            other = rng.randrange(len(programs))
            guard = f"when opponent == {programs[other].name}: "
        body = f"  default {programs[default].name}\n" + "".join(
            f"  offer {guard if i == 0 else ''}{s}\n" for i, s in enumerate(offers))
        text = f"program {name} csr {{\n{body}}}\n"
        return Other(name, "csr", text), ("csr", _sig(programs, default), tuple(offers), guard and _sig(programs, other))
    csrs = [i for i, p in enumerate(programs) if isinstance(p, Other) and p.kind == "csr"]
    if not csrs:
        return None, None
    base = rng.choice(csrs)
    text = f"program {name} = pmp_extension({programs[base].name})\n"
    return Other(name, "pmp", text), ("pmp", _sig(programs, base))


def _base(name: str, programs: list, rng: random.Random):
    branches = []
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        if roll < 0.55 and programs:
            cond = (rng.choice(["eq", "eq", "ne"]), rng.randrange(len(programs)))
        elif roll < 0.75:
            cond = ("self",)
        else:
            cond = ("is", rng.choice(["reneg", "csr"]))
        branches.append((cond, rng.choice(ACTIONS)))
    if rng.random() < 0.2:
        a, b = rng.sample(ACTIONS, 2)
        final = ((a, HALF), (b, HALF))
    else:
        final = ((rng.choice(ACTIONS), Fraction(1)),)
    branches = tuple(branches)
    signature = ("base", tuple((c if c[0] not in ("eq", "ne") else (c[0], _sig(programs, c[1])), a)
                               for c, a in branches), final)
    return Base(name, branches, final), signature


def _sig(programs: list, index: int) -> str:
    """Programs are distinct, so a name stands for its structure."""
    return programs[index].name


def spi_text(programs: list) -> str:
    """The population as one .spi file on the stdlib Scheduling game."""
    parts = ['import "games/scheduling.spi"\n']
    for p in programs:
        parts.append(_text(p, programs))
    return "\n".join(parts)


def _text(p, programs: list) -> str:
    if isinstance(p, Other):
        return p.text
    if isinstance(p, Reneg):
        maps = "".join(f"  map {_profile(s)} -> {_target(t)}\n" for s, t in p.maps)
        return f"program {p.name} renegotiation {{\n  default {programs[p.default].name}\n{maps}}}\n"
    lines = [f"  if {_cond(c, programs)} {{ play {a} }}\n" for c, a in p.branches]
    if len(p.final) == 1:
        lines.append(f"  play {p.final[0][0]}\n")
    else:
        lines.append("  play mix { " + ", ".join(f"{a}: {q}" for a, q in p.final) + " }\n")
    return f"program {p.name} {{\n{''.join(lines)}}}\n"


def _cond(cond, programs: list) -> str:
    if cond[0] == "self":
        return "opponent == self"
    if cond[0] == "is":
        return f"opponent is {KINDS[cond[1]]}"
    return f"opponent {'==' if cond[0] == 'eq' else '!='} {programs[cond[1]].name}"


def _profile(profile) -> str:
    return f"({profile[0]}, {profile[1]})"


def _target(target) -> str:
    if isinstance(target[0], str):
        return _profile(target)
    return "lottery { " + ", ".join(f"{_profile(p)}: {q}" for p, q in target) + " }"


def with_classes(n: int, classes: int, seed: int, mix: dict[str, float]) -> tuple[list, list[int]]:
    """`n` programs of `classes` distinct codes: `population(classes, ...)`, then copies of
    them under new names (each copy of an original drawn at random, seeded), as a sweep
    over generated programs produces. Also each program's code id: the index of the
    original it copies (the originals' codes are distinct, so equal ids, equal code)."""
    originals = population(classes, seed, mix)
    rng = random.Random(seed + 1)
    programs, ids = list(originals), list(range(classes))
    for k in range(classes, n):
        source = rng.randrange(classes)
        programs.append(attrs.evolve(originals[source], name=f"P{k}"))
        ids.append(source)
    return programs, ids
