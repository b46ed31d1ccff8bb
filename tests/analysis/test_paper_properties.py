"""The paper's claims as properties, on random 2-player games and randomly generated
programs written as .spi source (so the parser and checker are exercised too):
Proposition 1 (the renegotiation transform with a valid rn is an SPI over the generated
program set) and Definition 3 (the checker rejects every map that is not a renegotiation
function). The csr claims are in test_csr_properties.py."""

import itertools

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import spi_lang

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def games(draw):
    """(actions of P1, actions of P2, payoff table) with 2-3 actions each, payoffs 0-4."""
    a1 = [f"X{i}" for i in range(draw(st.integers(2, 3)))]
    a2 = [f"Y{j}" for j in range(draw(st.integers(2, 3)))]
    cell = st.tuples(st.integers(0, 4), st.integers(0, 4))
    return a1, a2, {(x, y): draw(cell) for x in a1 for y in a2}


def game_text(a1, a2, table) -> str:
    rows = "".join(f"  payoff ({x}, {y}) = ({u[0]}, {u[1]})\n" for (x, y), u in table.items())
    return f"game G {{\n  actions P1: {', '.join(a1)}\n  actions P2: {', '.join(a2)}\n{rows}}}\n"


@st.composite
def base_programs(draw, a1, a2, count):
    """`count` named base programs: fixed, mixed, or conditioned on another program's code.
    A program plays only actions of the seat its name says (B1_k seat 1, B2_k seat 2)."""
    names = [f"B1_{k}" for k in range(count)] + [f"B2_{k}" for k in range(count)]
    texts = []
    for name in names:
        mine = a1 if name.startswith("B1") else a2
        kind = draw(st.sampled_from(["play", "mix", "if"]))
        if kind == "play":
            body = f"play {draw(st.sampled_from(mine))}"
        elif kind == "mix":
            x, y = draw(st.sampled_from(list(itertools.permutations(mine, 2))))
            body = f"play mix {{ {x}: 1/3, {y}: 2/3 }}"
        else:
            other = draw(st.sampled_from(names))
            body = (f"if opponent == {other} {{ play {draw(st.sampled_from(mine))} }} "
                    f"play {draw(st.sampled_from(mine))}")
        texts.append(f"program {name} {{ {body} }}")
    return names, "\n".join(texts) + "\n"


def dominates(u, v):
    return u[0] >= v[0] and u[1] >= v[1] and u != v


@st.composite
def renegotiation_function(draw, a1, a2, table):
    """A valid rn as `map` lines: distinct pure sources, each sent to a profile paying
    weakly more to both, at least one strictly more."""
    profiles = [(x, y) for x in a1 for y in a2]
    sources = draw(st.lists(st.sampled_from(profiles), min_size=1, max_size=4, unique=True))
    maps = {}
    for s in sources:
        better = [t for t in profiles if table[t][0] >= table[s][0] and table[t][1] >= table[s][1]
                  and t != s]
        if better:
            maps[s] = draw(st.sampled_from(better))
    assume(any(dominates(table[t], table[s]) for s, t in maps.items()))
    return maps


def map_lines(maps) -> str:
    return "".join(f"  map ({s[0]}, {s[1]}) -> ({t[0]}, {t[1]})\n" for s, t in maps.items())


@SETTINGS
@given(data=st.data())
def test_proposition_1_the_renegotiation_transform_is_an_spi(tmp_path_factory, data):
    # Proof sketch (Proposition 1). f_i(p_i) is Algorithm 1 with default p_i and the shared
    # rn. Against f_j(p_j) the template check passes, the default outcome is a(p) itself
    # (p_i against p_j), and rn_i(a) = rn_j(a) = rn(a), so both play rn(a) for each realized
    # a. u(rn(a)) >= u(a) for every a (Definition 3 (1)), hence U(f(p)) >= U(p); and it is
    # strictly larger exactly when some realized a of positive probability is strictly
    # improved, which we check against the profiles each pair actually reaches.
    a1, a2, table = data.draw(games())
    names, bases = data.draw(base_programs(a1, a2, 2))
    rn = data.draw(renegotiation_function(a1, a2, table))
    transformed = "".join(f"program F{n} renegotiation {{\n  default {n}\n{map_lines(rn)}}}\n"
                          for n in names)
    path = tmp_path_factory.mktemp("prop1") / "p.spi"
    path.write_text(game_text(a1, a2, table) + bases + transformed)
    project = spi_lang.load(str(path))
    for p1, p2 in itertools.product([n for n in names if n.startswith("B1")],
                                    [n for n in names if n.startswith("B2")]):
        before = spi_lang.play(f"{path}:{p1}", f"{path}:{p2}", project=project)
        after = spi_lang.play(f"{path}:F{p1}", f"{path}:F{p2}", project=project)
        assert after.payoffs[0] >= before.payoffs[0] and after.payoffs[1] >= before.payoffs[1]
        strict = any(dominates(table[rn[a]], table[a]) for a, _ in before.outcome.support if a in rn)
        assert (after.payoffs != before.payoffs) == strict


@SETTINGS
@given(data=st.data())
def test_definition_3_rejects_a_map_that_hurts_someone(tmp_path_factory, data):
    # Proof sketch: a target t with u_k(t) < u_k(s) for some player k violates Definition 3
    # (1) at the profile s; the checker compares every map with every profile its source
    # matches, so it must report this map.
    a1, a2, table = data.draw(games())
    profiles = [(x, y) for x in a1 for y in a2]
    s, t = data.draw(st.tuples(st.sampled_from(profiles), st.sampled_from(profiles)))
    assume(table[t][0] < table[s][0] or table[t][1] < table[s][1])
    path = tmp_path_factory.mktemp("def3") / "d.spi"
    path.write_text(game_text(a1, a2, table) + f"program B {{ play {a1[0]} }}\n"
                    f"program R renegotiation {{\n  default B\n{map_lines({s: t})}}}\n")
    errors, _ = spi_lang.check(str(path))
    assert [e.message for e in errors] == [
        f"map target pays ({table[t][0]}, {table[t][1]}), which is not a weak Pareto improvement "
        f"on ({s[0]}, {s[1]}), which pays ({table[s][0]}, {table[s][1]}) (Definition 3)"]


@SETTINGS
@given(data=st.data())
def test_definition_3_rejects_a_map_that_improves_nothing_strictly(tmp_path_factory, data):
    # Proof sketch: if every map sends s to a t with u(t) = u(s), no profile is strictly
    # improved, so Definition 3 (2) fails and the program is rejected at its name.
    a1, a2, table = data.draw(games())
    profiles = [(x, y) for x in a1 for y in a2]
    pairs = [(s, t) for s in profiles for t in profiles if s != t and table[s] == table[t]]
    assume(pairs)
    s, t = data.draw(st.sampled_from(pairs))
    path = tmp_path_factory.mktemp("def3") / "d.spi"
    path.write_text(game_text(a1, a2, table) + f"program B {{ play {a1[0]} }}\n"
                    f"program R renegotiation {{\n  default B\n{map_lines({s: t})}}}\n")
    errors, _ = spi_lang.check(str(path))
    assert [e.message for e in errors] == [
        "R renegotiates no profile to a strict Pareto improvement, so its map is not a "
        "renegotiation function (Definition 3)"]
