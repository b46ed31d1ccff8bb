"""Hostile csr programs end in a result or a positioned user error: offers named many times
are evaluated once, and agreement sets and offers that grow too large are errors at the
program or clause. (Deep chains of offers over deep set expressions: tests/test_deep.py.)"""

import pytest

import spi_lang
from spi_lang import SpiErrors

HEADER = ('import "games/scheduling.spi"\nimport "scheduling/always_slot1.spi"\n'
          'import "scheduling/always_slot2.spi"\nimport "scheduling/modest2.spi"\n')


def write(tmp_path, body):
    path = tmp_path / "h.spi"
    path.write_text(HEADER + body)
    return str(path)


def test_an_offer_named_twice_at_every_level_is_evaluated_once(tmp_path):
    # C_k offers offers(C_{k-1}) twice: 2^20 evaluations without a cache, 21 with one. Every
    # level is below (3, 1), so against Modest2 this is Example 4.1: leximin picks (1, 1).
    body = "program C0 csr { default AlwaysSlot1 offer below (3, 1) }\n" + "".join(
        f"program C{k} csr {{ default AlwaysSlot1 offer offers(C{k - 1}) | offers(C{k - 1}) }}\n"
        for k in range(1, 21))
    path = write(tmp_path, body)
    assert spi_lang.play(f"{path}:C20", "scheduling/modest2.spi").payoffs == (1, 1)


def segments(count):
    """`count` segments of F from (0, 0) to (1, y), 1/3 < y < 3 (inside F: 3x >= y >= x/3)."""
    return " | ".join(f"hull {{ (0, 0), (1, {400 + k}/1200) }}" for k in range(1, count + 1))


def test_an_agreement_set_too_large_to_compute_is_a_user_error(tmp_path):
    # 230 x 230 = 52,900 piece pairs, more than MAX_INTERSECTIONS = 50,000.
    path = write(tmp_path, f"program M1 csr {{ default AlwaysSlot1 offer {segments(230)} }}\n"
                           f"program M2 csr {{ default AlwaysSlot2 offer {segments(230)} }}\n")
    with pytest.raises(SpiErrors) as info:
        spi_lang.play(f"{path}:M1", f"{path}:M2")
    (error,) = info.value.errors
    assert error.message.startswith("the agreement set of M1 and M2 is too large to compute "
                                    "(230 x 230 piece pairs)")
    assert (error.span.line, error.span.col) == (5, 9)


def test_an_offer_with_too_many_pieces_is_an_error_at_its_clause(tmp_path):
    points = " | ".join(f"point ({k}/1000, {k}/3000)" for k in range(1, 502))  # 501 > 500
    path = write(tmp_path, f"program Big csr {{ default AlwaysSlot1 offer {points} }}\n")
    with pytest.raises(SpiErrors) as info:
        spi_lang.play(f"{path}:Big", "scheduling/modest2.spi")
    (error,) = info.value.errors
    assert error.message.startswith("this offer is too large to compute (501 pieces)")
    assert (error.span.line, error.span.col) == (5, 39)


THREE = """game Corner {
  players P1, P2, P3
  actions a, b
  payoff (b, a, a) = (10, 0, 0)
  payoff (a, b, a) = (0, 10, 0)
  payoff (a, a, b) = (0, 0, 10)
  payoff (_, _, _) = (0, 0, 0)
}
"""


def test_a_three_player_agreement_set_too_large_is_a_user_error(tmp_path, monkeypatch):
    # Each of three programs offers 3 points; the first intersection cuts 3 x 3 = 9 piece
    # pairs, more than a cap of 8 (the n-D sets' own exception, not the planar one's).
    from spi_lang.geometry.nd import sets as nd_sets
    monkeypatch.setattr(nd_sets, "MAX_PAIRS", 8)
    offer = " | ".join(f"point ({k}, 1, 1)" for k in (1, 2, 3))  # in F: 1+1+k <= 10
    path = tmp_path / "c.spi"
    path.write_text(THREE + "".join(f"program C{i} csr {{ default {{ play a }} offer {offer} }}\n"
                                    for i in (1, 2, 3)))
    with pytest.raises(SpiErrors) as info:
        spi_lang.play(f"{path}:C1", f"{path}:C2", f"{path}:C3")
    (error,) = info.value.errors
    assert error.message.startswith("the agreement set of C1, C2 and C3 is too large to compute "
                                    "(3 x 3 piece pairs > 8)")
    assert (error.span.line, error.span.col) == (9, 9)


def test_a_three_player_game_with_too_many_distinct_payoffs_is_a_user_error(tmp_path, monkeypatch):
    # Corner has 4 distinct payoff vectors: (10,0,0), (0,10,0), (0,0,10), (0,0,0); with a
    # cap of 3 the game is refused at its name, before any hull is built (not PPL's
    # super-linear hull of up to 100,000 points, nor an internal PolytopeTooLarge).
    from spi_lang.geometry import games
    from spi_lang.geometry.nd import polytope
    assert games.MAX_ND_PAYOFFS == polytope.MAX_VERTICES
    monkeypatch.setattr(games, "MAX_ND_PAYOFFS", 3)
    path = tmp_path / "c.spi"
    path.write_text(THREE)
    with pytest.raises(SpiErrors) as info:
        spi_lang.load(str(path))
    (error,) = info.value.errors
    assert error.message == ("game Corner has 4 distinct payoff vectors; with 3 or more players "
                             "spilang takes at most 3 (their exact convex hull is the feasible set)")
    assert (error.span.line, error.span.col) == (1, 6)
