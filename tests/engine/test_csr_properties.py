"""Hypothesis properties of csr programs on random 2-player games, each with its proof
sketch: two programs offering exactly their PMP of the default outcome meet at m under
every selection function, and a PMP-extension never lowers a payoff against a counterpart
whose offer does not depend on it."""

from fractions import Fraction as Fr

from hypothesis import given, settings
from hypothesis import strategies as st
from test_csr import SELECTIONS

import spi_lang


@st.composite
def games(draw):
    """(n1, n2, payoff table) with 2-3 actions per player and payoffs 0-4."""
    n1, n2 = draw(st.integers(2, 3)), draw(st.integers(2, 3))
    cell = st.tuples(st.integers(0, 4), st.integers(0, 4))
    return n1, n2, {(i, j): draw(cell) for i in range(n1) for j in range(n2)}


def game_file(tmp_path_factory, n1, n2, table, programs) -> str:
    rows = "".join(f"  payoff (X{i}, Y{j}) = ({u[0]}, {u[1]})\n" for (i, j), u in table.items())
    path = tmp_path_factory.mktemp("csr") / "r.spi"
    path.write_text(f"game R {{\n  actions P1: {', '.join(f'X{i}' for i in range(n1))}\n"
                    f"  actions P2: {', '.join(f'Y{j}' for j in range(n2))}\n{rows}}}\n{programs}")
    return str(path)


def pmm(table):
    """PMM from its definition: E starts at the highest x2 (with the largest x1 there), so
    min over E of x1 is that x1; symmetrically for x2."""
    top = max(u[1] for u in table.values())
    right = max(u[0] for u in table.values())
    return (max(u[0] for u in table.values() if u[1] == top),
            max(u[1] for u in table.values() if u[0] == right))


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_pmp_of_the_default_outcome_meets_at_m(tmp_path_factory, data):
    # Proof sketch. Let u = u(a), m = (max(PMM_1, u_1), max(PMM_2, u_2)). m is in F: if u >= PMM,
    # m = u. If u_1 < PMM_1 and u_2 >= PMM_2: a point e of E weakly above u has e_2 >= u_2 and
    # E's bottom-right end is (M_1, PMM_2), so the segment between them (in F) crosses height
    # u_2 at some x1 >= PMM_1; with u on that line, (PMM_1, u_2) is in F (and symmetrically).
    # If u < PMM, PMM lies in the triangle of u and E's ends (PMM_1, M_2), (M_1, PMM_2).
    # PMP_1(a) = {x2 = m2, x1 >= m1} and PMP_2(a) = {x1 = m1, x2 >= m2} both contain m and meet
    # only there; m >= u survives the cut to above u, so I = {m}, which every selection picks.
    n1, n2, table = data.draw(games())
    i, j = data.draw(st.integers(0, n1 - 1)), data.draw(st.integers(0, n2 - 1))
    path = game_file(tmp_path_factory, n1, n2, table,
                     f"program C1 csr {{ default {{ play X{i} }} offer pmp(outcome) }}\n"
                     f"program C2 csr {{ default {{ play Y{j} }} offer pmp(outcome) }}\n")
    low, u = pmm(table), table[(i, j)]
    m = (Fr(max(low[0], u[0])), Fr(max(low[1], u[1])))
    project = spi_lang.load(path)
    for select in SELECTIONS:
        assert spi_lang.play(f"{path}:C1", f"{path}:C2", select=select, project=project).payoffs == m


def set_exprs(n1, n2, constant):
    """Random offers; `constant` ones depend on nothing but the default outcome a."""
    profile = st.builds("(X{}, Y{})".format, st.integers(0, n1 - 1), st.integers(0, n2 - 1))
    vector = st.builds("({}, {})".format, st.integers(0, 4), st.integers(0, 4))
    profiles = st.lists(profile, min_size=1, max_size=3).map(", ".join)
    atom = st.one_of(st.sampled_from(["all", "frontier", "nothing", "pmp(outcome)"]),
                     vector.map("below {}".format), vector.map("above {}".format),
                     profiles.map("{{ {} }}".format), profiles.map("hull {{ {} }}".format),
                     profile.map("pmp({})".format))
    pair = st.tuples(atom, st.sampled_from(["|", "&"]), atom).map("({0[0]} {0[1]} {0[2]})".format)
    return st.one_of(atom, pair) if constant else st.one_of(atom, pair, st.just("offers(C)"))


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_pmp_extension_never_lowers_a_payoff(tmp_path_factory, data):
    # Proof sketch. E = pmp_extension(B) has B's default, so the same a; C's offer S_C does not
    # depend on E, so it is the same in both matches. B vs C: I = S_B & S_C, outcome o. E offers
    # S_B | PMP_i(o), so I' = I | (PMP_i(o) & S_C), and every added x has x >= max(PMM, u(o))
    # >= u(o) >= u(a). If I is empty, o = a and sel(I') (if any) is >= u(a). Otherwise every
    # added point weakly dominates sel(I) = u(o), and a transitive sel gives sel(I') >= sel(I).
    n1, n2, table = data.draw(games())
    seat = data.draw(st.integers(0, 1))
    x, y = f"X{data.draw(st.integers(0, n1 - 1))}", f"Y{data.draw(st.integers(0, n2 - 1))}"
    mine, theirs = (x, y) if seat == 0 else (y, x)
    b_set, c_set = data.draw(set_exprs(n1, n2, False)), data.draw(set_exprs(n1, n2, True))
    select = data.draw(st.sampled_from(SELECTIONS))
    path = game_file(tmp_path_factory, n1, n2, table,
                     f"program B csr {{ default {{ play {mine} }} offer {b_set} }}\n"
                     f"program E = pmp_extension(B)\n"
                     f"program C csr {{ default {{ play {theirs} }} offer {c_set} }}\n")
    project = spi_lang.load(path)

    def payoffs(program):
        pair = [f"{path}:{program}", f"{path}:C"][::1 if seat == 0 else -1]
        return spi_lang.play(*pair, select=select, project=project).payoffs

    before, after = payoffs("B"), payoffs("E")
    assert after[0] >= before[0] and after[1] >= before[1]
