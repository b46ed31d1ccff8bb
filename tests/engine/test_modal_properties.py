"""Property tests of engine/modal.py against a brute-force reading of the definitions:
random modal programs (boxes of random PA+k levels over random statements about a few
programs, nested up to 2 deep, with code equality mixed in) play each other, and the
outcome spilang gives must be what the Kripke chain gives at a world far past every level
and every possible change, computed here directly from the definition (world n: a box of
level k holds iff its statement held at every world m < n with m >= k), world by world,
with no stability argument and no jumps."""

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

import spi_lang

C, D = "Cooperate", "Defect"
NAMES = ("A", "B", "Cb", "Db")   # A and B are random modal programs; Cb, Db constant
MODAL = ("A", "B")


def statements(depth: int):
    atom = st.tuples(st.just("plays"), st.sampled_from(("opponent", *NAMES)), st.sampled_from((C, D)),
                     st.sampled_from(("self", *NAMES)))
    if depth == 0:
        return atom
    inner = statements(depth - 1)
    return st.one_of(atom, st.tuples(st.just("not"), inner), st.tuples(st.just("and"), inner, inner),
                     st.tuples(st.just("or"), inner, inner), st.tuples(st.just("box"), st.integers(0, 3), inner))


conditions = st.one_of(
    st.tuples(st.just("box"), st.integers(0, 3), statements(2)),
    st.tuples(st.just("not"), st.tuples(st.just("box"), st.integers(0, 3), statements(1))),
    st.tuples(st.just("eq"), st.sampled_from(("self", *NAMES))))
programs = st.tuples(st.lists(st.tuples(conditions, st.sampled_from((C, D))), min_size=1, max_size=3),
                     st.sampled_from((C, D)))


def text(node) -> str:
    kind = node[0]
    if kind == "plays":
        return f"{node[1]} plays {node[2]} against {node[3]}"
    if kind == "not":
        return f"not ({text(node[1])})"
    if kind in ("and", "or"):
        return f"({text(node[1])}) {kind} ({text(node[2])})"
    if kind == "eq":
        return f"opponent == {node[1]}"
    return f"provable in PA+{node[1]} ({text(node[2])})"


def source(bodies: dict) -> str:
    out = ['import "games/prisoners_dilemma.spi"\n',
           "program Cb { play Cooperate }\n", "program Db { play Defect }\n"]
    for name, (branches, last) in bodies.items():
        lines = [f"  if {text(cond)} {{ play {action} }}" for cond, action in branches]
        out.append(f"program {name} {{\n" + "\n".join(lines) + f"\n  play {last}\n}}\n")
    return "".join(out)


def brute_force(bodies: dict, code: dict, a: str, b: str, far: int) -> tuple[str, str]:
    """What a plays against b and b against a at world `far`, from the definitions
    (`code`: each program's code class, for `opponent == X`)."""

    @cache
    def action(x: str, y: str, n: int) -> str:
        """The action x plays against y at world n."""
        if x == "Cb":
            return C
        if x == "Db":
            return D
        branches, last = bodies[x]
        for cond, act in branches:
            if holds(cond, x, y, n):
                return act
        return last

    def holds(node, me: str, opponent: str, n: int) -> bool:
        kind = node[0]
        if kind == "plays":
            subject = opponent if node[1] == "opponent" else node[1]
            against = me if node[3] == "self" else node[3]
            return action(subject, against, n) == node[2]
        if kind == "not":
            return not holds(node[1], me, opponent, n)
        if kind == "and":
            return holds(node[1], me, opponent, n) and holds(node[2], me, opponent, n)
        if kind == "or":
            return holds(node[1], me, opponent, n) or holds(node[2], me, opponent, n)
        if kind == "eq":
            return code[opponent] == code[me if node[1] == "self" else node[1]]
        return box(node, me, opponent, n)

    @cache
    def box(node, me: str, opponent: str, n: int) -> bool:
        """At world n: the statement held at every world m < n with m >= the level (the
        definition, one world at a time: all of [k, n) is all of [k, n - 1) and n - 1)."""
        level, statement = node[1], node[2]
        if n <= level:
            return True
        return box(node, me, opponent, n - 1) and holds(statement, me, opponent, n - 1)

    for n in range(far + 1):  # bottom-up, so that the recursion stays shallow
        for x in (*MODAL, "Cb", "Db"):
            for y in (*MODAL, "Cb", "Db"):
                action(x, y, n)
    return action(a, b, far), action(b, a, far)


@settings(max_examples=60, deadline=None)
@given(a=programs, b=programs, pair=st.sampled_from([(x, y) for x in NAMES for y in NAMES]))
def test_matches_agree_with_the_chain_read_far_out(tmp_path_factory, a, b, pair):
    bodies = {"A": a, "B": b}
    path = tmp_path_factory.mktemp("modal") / "m.spi"
    path.write_text(source(bodies))
    x, y = pair
    project = spi_lang.load(str(path))
    code = {n: project.programs[n].code for n in NAMES}
    result = spi_lang.play(f"{path}:{x}", f"{path}:{y}")
    (profile, _), = result.outcome.support
    # A box is a condition node of A or B in one seat of one table: at most 3 branches x
    # 3 boxes (a condition's own and up to 2 nested in its depth-2 statement) x 2
    # programs x 8 tables (4 opponents, 2 seats) = 144. Boxes only fall, and past the
    # highest level (3) a world that changes none repeats forever, so from world
    # 3 + 144 + 1 on nothing changes: the brute force reads world 148.
    assert profile == brute_force(bodies, code, x, y, 3 + 144 + 1)
