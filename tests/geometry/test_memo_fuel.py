"""Geometry computed once (geometry/memo.py: intersections and clips of planar sets,
constant offer sets, canonical outcomes, PMPs) charges the same fuel when reused: the
least fuel a csr match needs is the same with every table empty before each try and with
the tables filled by an earlier run of the match, and so is its result."""

import pytest

import spi_lang
from spi_lang.engine.deep import run_deep
from spi_lang.engine.interpreter import play_match
from spi_lang.geometry import sets
from spi_lang.geometry.memo import ChargedMemo, memo_of
from spi_lang.syntax.errors import SpiError

PAIRS = [("scheduling/bold1.spi:Bold1", "scheduling/modest2.spi:Modest2"),
         ("scheduling/hardline1_pmp.spi:Hardline1Pmp", "scheduling/hardline2_pmp.spi:Hardline2Pmp")]


def _forget(game) -> None:
    sets._MEMO.clear()
    memo_of(game).clear()


def _least_fuel(game, table, cold: bool) -> int:
    """The least fuel with which the match finishes (binary search: more fuel never fails)."""
    def finishes(fuel: int) -> bool:
        if cold:
            _forget(game)
        try:
            run_deep(play_match, game, table, "leximin", fuel, False)
        except SpiError:
            return False
        return True
    low, high = 1, 1
    while not finishes(high):
        low, high = high, high * 2
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if finishes(middle) else (middle + 1, high)
    return low


@pytest.mark.parametrize("one, two", PAIRS)
def test_reused_geometry_charges_the_same_fuel(one, two):
    project = spi_lang.load(one.split(":")[0], two.split(":")[0])
    table = (project.program(one), project.program(two))
    game = project.game_with_seats(list(table), None)
    cold = _least_fuel(game, table, cold=True)
    _forget(game)
    first = run_deep(play_match, game, table, "leximin", 10**6, False)
    warm = _least_fuel(game, table, cold=False)
    assert warm == cold > 10  # a csr match: many steps of set work
    again = run_deep(play_match, game, table, "leximin", 10**6, False)
    assert (again.outcome, again.payoffs) == (first.outcome, first.payoffs)


def test_a_memo_charges_what_the_computation_charged_and_keeps_no_failure():
    memo, spent = ChargedMemo(), []

    def compute(charge):
        charge(3)
        charge(4)
        return "result"
    assert memo.get("k", compute, spent.append) == "result"
    assert memo.get("k", compute, spent.append) == "result"
    assert spent == [3, 4, 7]  # the reuse charges the 7 units at once

    def failing(charge):
        charge(2)
        raise SpiError("out of fuel")
    for _ in range(2):
        with pytest.raises(SpiError):
            memo.get("f", failing, spent.append)
    assert spent == [3, 4, 7, 2, 2]  # computed (and charged) again: nothing was kept


def test_a_full_table_starts_afresh():
    memo = ChargedMemo(limit=2)
    for key in "abc":
        memo.get(key, lambda charge, key=key: key.upper())
    assert memo.get("c", lambda charge: "computed again") == "C"
    assert memo.get("a", lambda charge: "computed again") == "computed again"
