"""`analyze`: each candidate program's exact expected utility against a player's beliefs,
the best responses, and whether a profile is a subjective equilibrium (Definition 1),
before and after a transform, with the checks of Assumptions 4 and 8 (assumptions.py) and
of Theorem 3's conclusion U >= PMM on the profile and its image (pmm_check.py).

Definition 1 as implemented: a profile p* = (p*_1, p*_2) with beliefs (beta_1, beta_2) is
a subjective equilibrium over candidate sets P_1, P_2 when, for each player i, p*_i is in
P_i and maximizes E_{p_j ~ beta_i} U_i(p_i, p_j) over p_i in P_i. After a transform f the
candidate sets are P_i together with f(P_i), the beliefs are unchanged, and the profile
checked is f(p*) (the setting of Proposition 2 and Theorem 3)."""

from __future__ import annotations

import json
from fractions import Fraction

import attrs

from spi_lang.analysis.all_programs_check import all_programs_dict, analyze_all_programs
from spi_lang.analysis.assumptions import Assumptions, check_assumptions
from spi_lang.analysis.assumptions_n import check_assumptions_n
from spi_lang.analysis.pmm_check import PmmCheck, pmm_check, pmm_check_dict
from spi_lang.analysis.session import (Session, check_seats, distinct, load_with, resolve_beliefs,
                                       resolve_program)
from spi_lang.analysis.transforms import PMP, PMP_REVISED, SELECT, Transform, images, parse_transform, transform_program
from spi_lang.analysis.utilities import Belief, Candidate, Equilibrium, PlayerAnalysis, Side, Value
from spi_lang.engine.deep import deep_stack
from spi_lang.engine.interpreter import DEFAULT_FUEL
from spi_lang.geometry.text import format_outcome
from spi_lang.load.checks.beliefs import belief_profiles, belief_seat, believed_names, check_support_in_game
from spi_lang.load.programs import CSR, Program
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError
from spi_lang.syntax.schema import versioned


@attrs.frozen
class Analysis:
    """What `analyze` found; `to_json()` gives it with exact numbers as strings."""

    game: str
    game_players: tuple[str, ...]
    pmm: tuple[Fraction, ...]
    select: str
    transform: str | None
    transform_description: str | None
    players: tuple[PlayerAnalysis, ...]
    equilibrium: Equilibrium | None
    equilibrium_after: Equilibrium | None
    assumptions: Assumptions
    pmm_checks: tuple[PmmCheck, ...] = ()  # the profile and its image against the PMM
    all_programs: tuple | None = None  # with `all_programs`: (suprema, checks), all_programs.py

    def player(self, name: str) -> PlayerAnalysis:
        """The analysis of one player, by name."""
        return next(p for p in self.players if p.player == name)

    def to_dict(self) -> dict:
        """Plain data (exact numbers as strings), as `spilang analyze --json` prints it."""
        return analysis_dict(self)

    def to_json(self) -> str:
        """`to_dict()` as JSON text, with the schema version first."""
        return json.dumps(versioned(self.to_dict()), indent=2)


@deep_stack
def analyze(*files: str, candidates1=(), candidates2=(), beliefs=(), profile=None,
            transform: str | None = None, game: str | None = None, select: str = "leximin",
            fuel: int = DEFAULT_FUEL, sandbox: str | None = None, project=None,
            candidates=None, all_programs: bool = False) -> Analysis:
    """Analyze candidate programs (specs as in `play`, or bare names of loaded programs)
    against beliefs (by name); `candidates` gives one list per seat (any number of
    players) instead of `candidates1` and `candidates2`; with `profile` (one program per
    player) check Definition 1; with `transform` (`renegotiate:NAME` or `pmp`) also after
    the transform; with `all_programs`, best responses over every program (all_programs.py)."""
    per_seat = _per_seat(candidates, candidates1, candidates2)
    specs = [*(s for seat in per_seat for s in seat), *(profile or ()), *beliefs]
    if transform is not None:
        specs += transform_program(transform)
    project = load_with(list(files), specs, sandbox, project)
    setup = _Setup(project, per_seat, list(beliefs), profile, transform, game)
    session = Session(project, setup.game, select, fuel)
    project.check_selection(select, setup.game)
    results = {seat: _player(session, setup.beliefs[seat], setup.candidates[seat], setup.transform)
               for seat in range(len(setup.candidates)) if setup.candidates[seat]}
    equilibrium = after = None
    checks: list[PmmCheck] = []
    if setup.profile is not None:
        equilibrium = _equilibrium(session, setup.profile, results, False)
        checks.append(pmm_check(session, setup.profile))
        if setup.transform is not None:
            images = tuple(setup.transform.apply(p) for p in setup.profile)
            after = _equilibrium(session, images, results, True)
            checks.append(pmm_check(session, images, setup.transform, setup.profile))
    check = check_assumptions if len(setup.game.players) == 2 else check_assumptions_n
    found = check(session, setup.beliefs, setup.candidates, results, setup.transform,
                              setup.extensions)
    g = setup.game
    every = None
    if all_programs:
        every = _all_programs(session, setup, results, sandbox)
    return Analysis(g.name, g.players, g.pmm, select, transform,
                    setup.transform.describe() if setup.transform else None,
                    tuple(results[s] for s in sorted(results)), equilibrium, after, found, tuple(checks),
                    all_programs=every)


def _all_programs(session: Session, setup: _Setup, results: dict[int, PlayerAnalysis], sandbox):
    """Suprema over all programs, and Definition 1 over all programs for the profile and
    its image under the transform."""
    profiles = []
    if setup.profile is not None:
        title = "subjective equilibrium (Definition 1) over all programs"
        profiles.append((title, setup.profile, _expected(setup.profile, results)))
        if setup.transform is not None:
            images = tuple(setup.transform.apply(p) for p in setup.profile)
            profiles.append(("after the transform, over all programs", images, _expected(images, results)))
    keep = [*setup.extensions.values()]
    if setup.transform is not None:
        keep += [setup.transform.apply(p) for seat in setup.candidates for p in seat]
    return analyze_all_programs(session, setup.beliefs, profiles, keep, sandbox)


def _expected(profile, results: dict[int, PlayerAnalysis]) -> dict[int, Fraction]:
    return {seat: results[seat].expected_utility(p.name) for seat, p in enumerate(profile)}


def _per_seat(candidates, candidates1, candidates2) -> list[list[str]]:
    """The candidate specs, one list per seat given (at least two)."""
    if candidates is None:
        return [list(candidates1), list(candidates2)]
    if candidates1 or candidates2:
        raise ValueError("give the candidates either as candidates1 and candidates2 or as candidates")
    per_seat = [list(c) for c in candidates]
    return per_seat + [[] for _ in range(2 - len(per_seat))]


def _options(label: str, count: int) -> str:
    """`--candidates1 and --candidates2`, `--candidates1, --candidates2 and --candidates3`."""
    names = [f"{label}{k + 1}" for k in range(count)]
    return ", ".join(names[:-1]) + " and " + names[-1]


class _Setup:
    """Resolves and checks everything `analyze` is given, before any match is played."""

    def __init__(self, project, candidate_specs, belief_specs, profile_specs, transform_spec, game) -> None:
        self.project = project
        candidates = [
            distinct(project, [resolve_program(project, s, f"--candidates{k + 1}") for s in specs],
                     f"--candidates{k + 1}") for k, specs in enumerate(candidate_specs)]
        if not any(candidates):
            given = ("--candidates1 and/or --candidates2" if len(candidates) == 2 else
                     "at least one of " + ", ".join(f"--candidates{k + 1}" for k in range(len(candidates))))
            raise project.fail([SpiError(f"no candidates: give {given}", path="analyze")])
        decls = [resolve_beliefs(project, s, "--beliefs") for s in belief_specs]
        self.transform: Transform | None = None
        if transform_spec is not None:
            with project.failing():
                self.transform = parse_transform(
                    transform_spec, lambda n: resolve_program(project, n, "--transform"))
        support = [project.programs[n.text] for d in decls for n in believed_names(d)
                   if n.text in project.programs]
        everything = [p for seat in candidates for p in seat]
        self.game = project.game_for([*everything, *support], game)
        self.candidates = self._seats(candidates)
        self.beliefs = self._beliefs(decls)
        self.profile = self._profile(profile_specs)
        if self.transform is not None and self.transform.kind == SELECT:
            project.check_selection(self.transform.selection, self.game)
        self._check()

    def _seats(self, candidates: list[list[Program]]) -> tuple[list[Program], ...]:
        """The candidates of every seat of the game (none for a seat without them)."""
        n = len(self.game.players)
        for k in range(n, len(candidates)):
            if candidates[k]:
                raise self.project.fail([SpiError(
                    f"game {self.game.name} has {n} players; there is no player {k + 1}",
                    path=f"--candidates{k + 1}")])
        return tuple(candidates[:n]) + tuple([] for _ in range(n - len(candidates)))

    def _beliefs(self, decls: list[ast.Beliefs]) -> dict[int, Belief]:
        project, game = self.project, self.game
        found: dict[int, ast.Beliefs] = {}
        errors: list[SpiError] = []
        for decl in decls:
            try:
                seat = belief_seat(decl, game)
            except SpiError as error:
                errors.append(error)
                continue
            if seat in found:
                errors.append(SpiError(f"{decl.name.text} and {found[seat].name.text} are both beliefs "
                                       f"for {decl.player.text}; give one per player", decl.player.span,
                                       notes=(("the other", found[seat].player.span),)))
            found[seat] = decl
            errors += check_support_in_game(decl, project.programs, game, seat)
        for seat, candidates in enumerate(self.candidates):
            if candidates and seat not in found and not errors:
                errors.append(SpiError(f"no beliefs for {game.players[seat]}: its candidates are valued "
                                       "against them (pass them with --beliefs)", path=f"--candidates{seat + 1}"))
        if errors:
            raise project.fail(errors)
        return {seat: Belief(d.name.text, d.player.text, seat, self._support(d, seat))
                for seat, d in found.items()}

    def _support(self, decl: ast.Beliefs, seat: int):
        """The beliefs' programs (2 players) or profiles of programs, with probabilities."""
        programs = self.project.programs
        rows = belief_profiles(decl, self.game, seat)
        if len(self.game.players) == 2:
            return tuple((programs[names[0]], p) for names, p in rows)
        return tuple((tuple(programs[n] for n in names), p) for names, p in rows)

    def _profile(self, specs) -> tuple[Program, ...] | None:
        if specs is None:
            return None
        n = len(self.game.players)
        if len(specs) != n or not all(self.candidates):
            raise self.project.fail([SpiError("a profile is one program per player, among "
                                              f"{_options('--candidates', n)}", path="--profile")])
        programs = tuple(resolve_program(self.project, s, "--profile") for s in specs)
        for seat, program in enumerate(programs):
            if program not in self.candidates[seat]:
                raise self.project.fail([SpiError(f"{program.name} is not one of --candidates{seat + 1}; "
                                                  "Definition 1 compares it with them", path="--profile")])
        return programs

    def _check(self) -> None:
        """Build the images (the transform's, and the PMP-extensions of csr candidates that
        Assumption 8(ii) compares), then check every program in its seat."""
        seated = [(p, seat) for seat, ps in enumerate(self.candidates) for p in ps]
        pmp = self.transform if self.transform is not None and self.transform.kind == PMP \
            else Transform("pmp", PMP)
        pairs = [(self.transform, p, seat) for p, seat in seated if self.transform is not None]
        pairs += [(pmp, p, seat) for p, seat in seated if p.kind == CSR]
        built = images([(t, p) for t, p, _ in pairs], list(self.project.programs.values()))
        # The revised construction needs no 8(ii): a PRN program adds its PMP only against PRN programs.
        revised = self.transform is not None and self.transform.kind == PMP_REVISED
        self.extensions = {} if revised else {p: image for (t, p, _), image in zip(pairs, built) if t is pmp}
        seated += [(image, seat) for (_, _, seat), image in zip(pairs, built)]
        seated += [pair for b in self.beliefs.values() for pair in b.seated()]
        check_seats(self.project, self.game, seated)


def _value(session: Session, program: Program, belief: Belief) -> Value:
    payoffs = tuple(session.payoff(program, belief.seat, q) for q, _ in belief.support)
    expected = sum((p * u for (_, p), u in zip(belief.support, payoffs)), Fraction(0))
    return Value(program.name, payoffs, expected)


def _best(values: list[Value]) -> tuple[Fraction, tuple[str, ...]]:
    best = max(v.expected for v in values)
    return best, tuple(dict.fromkeys(v.program for v in values if v.expected == best))


def _player(session: Session, belief: Belief, candidates: list[Program],
            transform: Transform | None) -> PlayerAnalysis:
    rows = []
    for program in candidates:
        if transform is None:
            rows.append(Candidate(_value(session, program, belief)))
            continue
        image = transform.apply(program)
        rows.append(Candidate(_value(session, program, belief), _value(session, image, belief),
                              image is not program))
    best, responses = _best([r.before for r in rows])
    after = (None, ())
    if transform is not None:
        after = _best([r.before for r in rows] + [r.after for r in rows])
    support = belief.support_names()
    return PlayerAnalysis(belief.player, belief.seat, belief.name, support, tuple(rows),
                          best, responses, *after)


def _equilibrium(session: Session, profile: tuple[Program, ...],
                 results: dict[int, PlayerAnalysis], after: bool) -> Equilibrium:
    match = session.play(*profile)
    sides = []
    for seat, program in enumerate(profile):
        r = results[seat]
        best, responses = (r.best_after, r.best_responses_after) if after else (r.best, r.best_responses)
        sides.append(Side(r.player, program.name, r.expected_utility(program.name), best, responses))
    return Equilibrium(tuple(p.name for p in profile), format_outcome(match.outcome),
                       match.payoffs, tuple(sides))


def analysis_dict(result: Analysis) -> dict:
    """`spilang analyze --json`."""
    return {
        "game": result.game,
        "players": list(result.game_players),
        "pmm": [str(x) for x in result.pmm],
        "select": result.select,
        "transform": result.transform,
        "analyses": [_player_dict(p) for p in result.players],
        "equilibrium": _equilibrium_dict(result.equilibrium),
        "equilibrium_after": _equilibrium_dict(result.equilibrium_after),
        "assumptions": {
            "findings": [{"assumption": f.assumption, "player": f.player, "responder": f.responder,
                          "program": f.program, "status": f.status, "detail": f.detail}
                         for f in result.assumptions.findings],
            "not_checked": list(result.assumptions.not_checked),
        },
        "pmm_checks": [pmm_check_dict(c) for c in result.pmm_checks],
        "all_programs": all_programs_dict(result.all_programs),
    }


def _player_dict(p: PlayerAnalysis) -> dict:
    def value(v: Value | None):
        if v is None:
            return None
        return {"program": v.program, "payoffs": [str(x) for x in v.payoffs], "expected_utility": str(v.expected)}
    return {
        "player": p.player,
        "beliefs": p.beliefs,
        "support": [{("program" if isinstance(name, str) else "profile"): name if isinstance(name, str) else list(name),
                     "probability": str(prob)} for name, prob in p.support],
        "candidates": [{**value(c.before), "image": value(c.after), "changed": c.changed} for c in p.candidates],
        "best": str(p.best),
        "best_responses": list(p.best_responses),
        "best_after": None if p.best_after is None else str(p.best_after),
        "best_responses_after": list(p.best_responses_after),
    }


def _equilibrium_dict(eq: Equilibrium | None) -> dict | None:
    if eq is None:
        return None
    return {
        "profile": list(eq.profile),
        "outcome": eq.outcome,
        "payoffs": [str(x) for x in eq.payoffs],
        "holds": eq.holds,
        "sides": [{"player": s.player, "program": s.program, "expected_utility": str(s.expected),
                   "best": str(s.best), "best_responses": list(s.best_responses), "optimal": s.optimal}
                  for s in eq.sides],
    }
