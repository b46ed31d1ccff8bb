"""Property: on random 2-player games with random base, renegotiation, csr and
(2-round, static) icsr counterparts, the best response over all programs (`analyze --all-programs`) is attained
by its witness, played for real against each believed program (the witness saved as a
file and loaded alone), and no candidate program does better: not random seat-1
programs, not copies of the counterparts."""

from fractions import Fraction as Fr

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spi_lang
from spi_lang import api
from spi_lang.analysis.all_programs import best_over_all_programs
from spi_lang.analysis.session import Session
from spi_lang.analysis.utilities import Belief

ACTIONS = ("A", "B", "C")


@st.composite
def worlds(draw):
    """A game, seat-1 programs P0..P2 and seat-2 programs Q0..Q2, as one file's text."""
    profiles = [(a, b) for a in ACTIONS for b in ACTIONS]
    pay = {s: (draw(st.integers(0, 3)), draw(st.integers(0, 3))) for s in profiles}
    rules = "".join(f"  payoff ({a}, {b}) = ({x}, {y})\n" for (a, b), (x, y) in pay.items())
    text = f"game G {{\n  actions {', '.join(ACTIONS)}\n{rules}}}\n"
    names = [f"P{k}" for k in range(3)] + [f"Q{k}" for k in range(3)]
    for name in names:
        text += draw(program(name, names, pay))
    return text


def program(name, names, pay):
    action = st.sampled_from(ACTIONS)
    other = st.sampled_from([n for n in names if n != name] + ["self"])
    improvements = [(s, t) for s in pay for t in pay
                    if all(x >= y for x, y in zip(pay[t], pay[s])) and pay[t] != pay[s]]
    base = st.builds(lambda o, a, b: f"program {name} {{\n  if opponent == {o} {{ play {a} }}\n  play {b}\n}}\n",
                     other, action, action)
    offer = st.one_of(st.just("all"), st.just("frontier"), st.just("pmp(outcome)"),
                      st.sampled_from(list(pay)).map(lambda s: f"point ({pay[s][0]}, {pay[s][1]})"),
                      st.sampled_from(list(pay)).map(lambda s: f"below ({pay[s][0]}, {pay[s][1]})"))
    guard = st.one_of(st.just(""), other.map(lambda o: f"when opponent == {o}: "))
    csr = st.builds(lambda a, clauses: f"program {name} csr {{\n  default {{ play {a} }}\n"
                    + "".join(f"  offer {g}{o}\n" for g, o in clauses) + "}\n",
                    action, st.lists(st.tuples(guard, offer), min_size=1, max_size=2))
    static = st.one_of(st.just("all"), st.just("frontier"),
                       st.sampled_from(list(pay)).map(lambda s: f"point ({pay[s][0]}, {pay[s][1]})"),
                       st.sampled_from(list(pay)).map(lambda s: f"below ({pay[s][0]}, {pay[s][1]})"))
    icsr = st.builds(lambda a, r1, r2: f"program {name} icsr {{\n  default {{ play {a} }}\n"
                     f"  round 1 {{ offer {r1[0]}{r1[1]} }}\n  round 2 {{ offer {r2[0]}{r2[1]} }}\n}}\n",
                     action, st.tuples(guard, static), st.tuples(guard, static))
    kinds = [base, csr, icsr]
    if improvements:
        kinds.append(st.builds(lambda a, m: f"program {name} renegotiation {{\n  default {{ play {a} }}\n"
                               f"  map ({m[0][0]}, {m[0][1]}) -> ({m[1][0]}, {m[1][1]})\n}}\n",
                               action, st.sampled_from(improvements)))
    return st.one_of(kinds)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(worlds(), st.lists(st.integers(1, 4), min_size=3, max_size=3), st.sampled_from(["leximin", "utilitarian"]))
def test_the_witness_attains_the_supremum_and_no_candidate_beats_it(tmp_path_factory, text, weights, select):
    folder = tmp_path_factory.mktemp("w")
    (folder / "g.spi").write_text(text)
    project = spi_lang.load(str(folder / "g.spi"))
    game = project.games["G"]
    total = sum(weights)
    support = tuple((project.programs[f"Q{k}"], Fr(w, total)) for k, w in enumerate(weights))
    session = Session(project, game, select, 1_000_000)
    result = best_over_all_programs(session, Belief("B", "P1", 0, support))
    assert result.exact
    # The witness, loaded from its own file (next to g.spi) and played against each Q.
    (folder / "witness.spi").write_text(result.witness_source.replace(str(folder / "g.spi"), "g.spi"))
    again = spi_lang.load(str(folder / "witness.spi"))
    witness = again.named(result.witness)
    played = [api.play_programs(again, witness, again.named(q.name), select=select).payoffs[0]
              for q, _ in support]
    assert sum((u * p for u, (_, p) in zip(played, support)), Fr(0)) == result.value
    # No candidate does better: the random seat-1 programs, and the Qs played in seat 1.
    for name in ["P0", "P1", "P2", "Q0", "Q1", "Q2"]:
        candidate = project.programs[name]
        value = sum((session.payoff(candidate, 0, q) * p for q, p in support), Fr(0))
        assert value <= result.value, f"{name} gets {value} > {result.value}\n{text}"
