"""Canonical code (programs.py): programs are equal exactly when their unfoldings are equal
(bisimilar). Hopcroft's refinement is checked against the textbook fixed point on random
reference graphs, and canonical forms are compared across separately loaded worlds."""

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

import spi_lang
from spi_lang.load.programs import _bisimulation, _graph, canonical_form, code_classes

HEADER = 'import "games/prisoners_dilemma.spi"\n'
ACTIONS = ["Cooperate", "Defect"]


def load(tmp_path, text, name="w.spi"):
    path = tmp_path / name
    path.write_text(HEADER + textwrap.dedent(text))
    return spi_lang.load(str(path)).programs


def naive_classes(labels, edges):
    """The definition, iterated to its fixed point: same label, then same classes of
    the k-th edge for every k, until no class splits."""
    nodes = list(labels)
    classes = {n: labels[n] for n in nodes}
    while True:
        refined = {n: (classes[n], tuple(classes[e] for e in edges[n])) for n in nodes}
        if len(set(refined.values())) == len(set(classes.values())):
            return classes
        classes = refined


# A random world: program i is a sequence of 1-3 "if opponent == P<t> { play X }" and a
# final play; targets and actions are random, so programs have different numbers of
# references (edges) and many of them are bisimilar.
program_spec = st.tuples(st.lists(st.tuples(st.integers(0, 6), st.sampled_from(ACTIONS)),
                                  min_size=1, max_size=3),
                         st.sampled_from(ACTIONS))


def world_text(specs):
    lines = []
    for i, (checks, last) in enumerate(specs):
        body = "".join(f"if opponent == P{t % len(specs)} {{ play {a} }} " for t, a in checks)
        lines.append(f"program P{i} {{ {body}play {last} }}")
    return "\n".join(lines) + "\n"


@settings(max_examples=200, deadline=None)
@given(st.lists(program_spec, min_size=1, max_size=7))
def test_codes_agree_with_the_fixed_point_definition(tmp_path_factory, specs):
    programs = load(tmp_path_factory.mktemp("w"), world_text(specs))
    labels, edges = _graph(programs.values())
    oracle = naive_classes(labels, edges)
    for a in programs.values():
        for b in programs.values():
            assert (a.code == b.code) == (oracle[a] == oracle[b]), (a, b)


@settings(max_examples=100, deadline=None)
@given(st.lists(program_spec, min_size=1, max_size=7), st.randoms(use_true_random=False))
def test_code_classes_of_any_subset_agree_with_digests(tmp_path_factory, specs, rng):
    # tournaments without a cache class their programs by one joint partition
    programs = list(load(tmp_path_factory.mktemp("w"), world_text(specs)).values())
    chosen = rng.sample(programs, rng.randint(1, len(programs)))
    classes = code_classes(chosen)
    for a, ca in zip(chosen, classes):
        for b, cb in zip(chosen, classes):
            assert (ca == cb) == (a.digest == b.digest), (a, b)


def test_blocks_are_split_by_every_edge_position(tmp_path):
    # B and D agree on their first reference (A) but not their second (C vs A), and A's
    # unfolding differs from C's (A -> C -> B -> A ... vs C -> B -> ...: A's first
    # reference leads to a program with one reference, C's to B with two). So B != D,
    # even though A and C, which have a single reference each, look alike at first.
    programs = load(tmp_path, """
        program A { if opponent == C { play Cooperate } play Defect }
        program C { if opponent == B { play Cooperate } play Defect }
        program B { if opponent == A { play Cooperate } if opponent == C { play Cooperate } play Defect }
        program D { if opponent == A { play Cooperate } if opponent == A { play Cooperate } play Defect }
        program T { if opponent == B { play Cooperate } play Cooperate }
    """)
    assert programs["A"].code != programs["C"].code
    assert programs["B"].code != programs["D"].code
    assert canonical_form(programs["B"]) != canonical_form(programs["D"])


def test_a_chain_into_a_self_loop_is_one_program(tmp_path):
    # Every program is "if opponent == <next> { Cooperate } Defect" and the last one names
    # itself: all unfold to the same infinite tree, so all have equal code.
    chain = "".join(f"program A{i} {{ if opponent == A{i + 1} {{ play Cooperate }} play Defect }}\n"
                    for i in range(50))
    programs = load(tmp_path, chain + "program A50 { if opponent == self { play Cooperate } play Defect }\n")
    assert len({programs[f"A{i}"].code for i in range(51)}) == 1


def test_canonical_form_is_the_same_across_worlds(tmp_path):
    first = load(tmp_path, """
        program M { if opponent == N { play Cooperate } play Defect }
        program N { if opponent == M { play Defect } else { play Cooperate } }
    """, "one.spi")
    second = load(tmp_path, """
        program Renamed { if opponent == Other { play Cooperate } play Defect }
        program Other { if opponent == Renamed { play Defect } else { play Cooperate } }
        program Different { if opponent == Other { play Defect } play Defect }
    """, "two.spi")
    assert canonical_form(first["M"]) == canonical_form(second["Renamed"])
    assert canonical_form(first["N"]) == canonical_form(second["Other"])
    assert canonical_form(first["M"]) != canonical_form(second["Different"])
    # M unfolds to two classes, M then N, and N's only edge leads back to class 0.
    assert [edges for _, edges in canonical_form(first["M"])] == [(1,), (0,)]


class Node:
    """A bare graph node (hashed by identity, like programs)."""


def random_graphs(count, seed=7):
    import random
    rng = random.Random(seed)
    for _ in range(count):
        n = rng.randint(1, 6)
        nodes = [Node() for _ in range(n)]
        labels, edges = {}, {}
        for node in nodes:
            degree = rng.randint(0, 3)
            labels[node] = f"label{rng.randint(0, 1)}/{degree}"  # a label fixes the degree
            edges[node] = [rng.choice(nodes) for _ in range(degree)]
        yield labels, edges


def test_hopcroft_agrees_with_the_fixed_point_on_many_graphs():
    for labels, edges in random_graphs(3000):
        blocks, oracle = _bisimulation(labels, edges), naive_classes(labels, edges)
        for a in labels:
            for b in labels:
                assert (blocks[a] == blocks[b]) == (oracle[a] == oracle[b])
