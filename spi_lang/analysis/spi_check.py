"""`spi-check`: Definition 2 on concrete program sets. A transform f = (f_1, ..., f_n) is a
safe Pareto improvement on seat sets S_1, ..., S_n when U(f(p)) >= U(p) for every profile
p in S_1 x ... x S_n and every player, and U_i(f(p)) > U_i(p) for some profile and player;
every profile where a player is worse off is a counterexample. Also, by transform:
- `pmp`, `pmp:revised` and `csr:NAME`: every image f(p) against the PMM, and why it falls
  below (pmm_check.py);
- `csr:NAME`: Proposition 4's conclusions, (1) Definition 2 and (2) U_i(f(p)) >=
  max(U_i(p), PMM_i) on every profile of base programs, with its condition per profile;
- `select:S`: Appendix B: p is played under S, f(p) under `select`, and the outcomes must
  be equal."""

from __future__ import annotations

import itertools
import json
from fractions import Fraction

import attrs

from spi_lang.analysis.session import Session, check_seats, distinct, load_with, resolve_program
from spi_lang.analysis.pmm_check import PmmCheck, pmm_check, pmm_check_dict
from spi_lang.analysis.transforms import CSR_TRANSFORM, PMP, PMP_REVISED, SELECT, images, parse_transform, transform_program
from spi_lang.engine.deep import deep_stack
from spi_lang.engine.interpreter import DEFAULT_FUEL
from spi_lang.geometry.text import format_outcome
from spi_lang.syntax.errors import SpiError
from spi_lang.syntax.schema import versioned

BETTER, SAME, WORSE = "better", "same", "worse"


@attrs.frozen
class ProfileCheck:
    """One profile p: U(p) and U(f(p))."""

    profile: tuple[str, ...]
    image: tuple[str, ...]
    before: tuple[Fraction, ...]
    after: tuple[Fraction, ...]
    outcomes: tuple[str, str] = ("", "")  # what p and f(p) play (select:S compares them)

    @property
    def verdict(self) -> str:
        """WORSE if some player loses, BETTER if none does and one gains, else SAME."""
        if any(a < b for a, b in zip(self.after, self.before)):
            return WORSE
        return BETTER if self.after != self.before else SAME

    def worse_for(self) -> tuple[int, ...]:
        """The seats whose payoff f lowers."""
        return tuple(i for i, (a, b) in enumerate(zip(self.after, self.before)) if a < b)


@attrs.frozen
class SpiCheck:
    """Every profile of the seat sets, before and after the transform."""

    game: str
    players: tuple[str, ...]
    transform: str
    description: str
    seats: tuple[tuple[str, ...], ...]
    profiles: tuple[ProfileCheck, ...]
    pmm: tuple[Fraction, ...] = ()
    pmm_checks: tuple[PmmCheck, ...] = ()  # f(p) of every profile, for pmp, pmp:revised and csr:NAME
    kind: str = ""                          # the transform's kind
    select: str = "leximin"                 # the selection f(p) is played under
    old_selection: str | None = None        # select:S: the selection p is played under

    @property
    def bound_failures(self) -> tuple[ProfileCheck, ...]:
        """csr:NAME: profiles of base programs where U_i(f(p)) < max(U_i(p), PMM_i) for some i
        (Proposition 4's conclusion (2))."""
        return tuple(c for c in self.profiles if all(a != b for a, b in zip(c.image, c.profile)) and any(
            after < max(before, m) for after, before, m in zip(c.after, c.before, self.pmm)))

    @property
    def changed_outcomes(self) -> tuple[ProfileCheck, ...]:
        """select:S: profiles where f(p) under the new selection plays another outcome than p
        under S (Appendix B says none)."""
        return tuple(c for c in self.profiles if c.outcomes[0] != c.outcomes[1])

    @property
    def counterexamples(self) -> tuple[ProfileCheck, ...]:
        return tuple(p for p in self.profiles if p.verdict == WORSE)

    @property
    def improved(self) -> tuple[ProfileCheck, ...]:
        return tuple(p for p in self.profiles if p.verdict == BETTER)

    @property
    def is_spi(self) -> bool:
        """Definition 2 on these sets: no counterexample, and a strict improvement somewhere."""
        return not self.counterexamples and bool(self.improved)

    def to_dict(self) -> dict:
        """Plain data (exact numbers as strings), as `spilang spi-check --json` prints it."""
        return spi_check_dict(self)

    def to_json(self) -> str:
        """`to_dict()` as JSON text, with the schema version first."""
        return json.dumps(versioned(self.to_dict()), indent=2)


@deep_stack
def spi_check(*files: str, seat1=(), seat2=(), transform: str, game: str | None = None,
              select: str = "leximin", fuel: int = DEFAULT_FUEL, sandbox: str | None = None,
              project=None, seats=None) -> SpiCheck:
    """Check Definition 2 for `transform` (`renegotiate:NAME` or `pmp`) on every profile of
    the seats' programs (specs as in `play`, or bare names of loaded programs): `seat1` and
    `seat2`, or `seats`, one list per seat of a game of any number of players."""
    if seats is not None and (seat1 or seat2):
        raise ValueError("give the programs either as seat1 and seat2 or as seats")
    given = [list(s) for s in seats] if seats is not None else [list(seat1), list(seat2)]
    project = load_with(list(files), [*(s for specs in given for s in specs), *transform_program(transform)],
                        sandbox, project)
    sets = tuple(distinct(project, [resolve_program(project, s, f"--seat{k + 1}") for s in specs],
                          f"--seat{k + 1}") for k, specs in enumerate(given))
    for k, programs in enumerate(sets):
        if not programs:
            raise project.fail([SpiError("give at least one program", path=f"--seat{k + 1}")])
    with project.failing():
        f = parse_transform(transform, lambda n: resolve_program(project, n, "--transform"))
    everything = [p for programs in sets for p in programs]
    chosen = project.game_for(everything, game)
    if len(chosen.players) != len(sets):
        n = len(chosen.players)
        raise project.fail([SpiError(f"game {chosen.name} has {n} players: give --seat1 to --seat{n}, "
                                     f"one set of programs per seat, not {len(sets)}", chosen.span)])
    seated = [(p, seat) for seat, programs in enumerate(sets) for p in programs]
    built = images([(f, p) for p, _ in seated], list(project.programs.values()))
    check_seats(project, chosen, seated + [(image, seat) for image, (_, seat) in zip(built, seated)])
    project.check_selection(select, chosen)
    if f.kind == SELECT:
        project.check_selection(f.selection, chosen)
    session = Session(project, chosen, select, fuel)
    old = Session(project, chosen, f.selection, fuel) if f.kind == SELECT else session
    checks, pmm = [], []
    for table in itertools.product(*sets):
        image = tuple(f.apply(p) for p in table)
        played, after = old.play(*table), session.play(*image)
        checks.append(ProfileCheck(tuple(p.name for p in table), tuple(p.name for p in image),
                                   played.payoffs, after.payoffs,
                                   (format_outcome(played.outcome), format_outcome(after.outcome))))
        if f.kind in (PMP, PMP_REVISED, CSR_TRANSFORM):
            pmm.append(pmm_check(session, image, f, table))
    return SpiCheck(chosen.name, chosen.players, transform, f.describe(),
                    tuple(tuple(p.name for p in ps) for ps in sets), tuple(checks), chosen.pmm, tuple(pmm),
                    f.kind, select, f.selection)


def spi_check_dict(result: SpiCheck) -> dict:
    """`spilang spi-check --json`."""
    return {
        "game": result.game,
        "transform": result.transform,
        **{f"seat{k + 1}": list(names) for k, names in enumerate(result.seats)},
        "is_spi": result.is_spi,
        "profiles": [{"profile": list(c.profile), "image": list(c.image),
                      "before": [str(x) for x in c.before], "after": [str(x) for x in c.after],
                      "verdict": c.verdict} for c in result.profiles],
        "counterexamples": [list(c.profile) for c in result.counterexamples],
        **_extras_dict(result),
    }


def _extras_dict(result: SpiCheck) -> dict:
    """The transform's own checks, for `--json`."""
    extras: dict = {}
    if result.pmm_checks:
        extras["pmm_checks"] = [pmm_check_dict(c) for c in result.pmm_checks]
    if result.kind == CSR_TRANSFORM:
        extras["proposition4_bound_failures"] = [list(c.profile) for c in result.bound_failures]
    if result.kind == SELECT:
        extras["outcomes"] = [{"profile": list(c.profile), "before": c.outcomes[0], "after": c.outcomes[1]}
                              for c in result.profiles]
        extras["appendix_b_holds"] = not result.changed_outcomes
    return extras
