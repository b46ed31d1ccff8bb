"""Python's recursion limit is never what stops a program: evaluation runs on a deep stack
(spi_lang.engine.deep), and the deepest evaluation the documented limits allow (64 nested offers or
result evaluations, each over a set expression at the 200-level syntax-tree limit) ends in a
result or in spilang's own positioned error."""

import sys

import pytest

import spi_lang
from spi_lang import SpiErrors
from spi_lang.engine import deep

HEADER = ('import "games/scheduling.spi"\nimport "scheduling/always_slot1.spi"\n'
          'import "scheduling/always_slot2.spi"\nimport "scheduling/modest2.spi"\n')
WRAPS = 196  # `(nothing | ` 196 times: the deepest wrapping the 200-level tree limit allows


def chain(tmp_path, levels, mixed=False):
    """Q_k offers Q_{k-1}'s offer (or, when mixed, every other level pmp(result(Q_{k-1})))
    wrapped in as many unions with nothing as the tree limit allows; Q_0 offers below (3, 1)."""
    wraps = WRAPS - 2 if mixed else WRAPS  # pmp(result(..)) is two levels deeper than offers(..)
    body = "program Q0 csr { default AlwaysSlot1 offer below (3, 1) }\n"
    for k in range(1, levels + 1):
        inner = f"pmp(result(Q{k - 1}))" if mixed and k % 2 == 0 else f"offers(Q{k - 1})"
        body += (f"program Q{k} csr {{ default AlwaysSlot1 offer "
                 f"{'(nothing | ' * wraps}{inner}{')' * wraps} }}\n")
    path = tmp_path / "deep.spi"
    path.write_text(HEADER + body)
    return f"{path}:Q{levels}"


def test_the_wrapping_is_at_the_tree_depth_limit(tmp_path):
    path = tmp_path / "over.spi"
    path.write_text(HEADER + "program Q csr { default AlwaysSlot1 offer "
                    + "(nothing | " * (WRAPS + 1) + "below (3, 1)" + ")" * (WRAPS + 1) + " }\n")
    with pytest.raises(SpiErrors) as info:
        spi_lang.load(str(path))
    assert info.value.errors[0].message.startswith("nesting is too deep")


def test_the_deepest_allowed_offers_chain_plays_with_room_to_spare(tmp_path, monkeypatch):
    # 63 nested offers plus the player's own offer = 64 evaluations in progress, the most
    # MAX_NESTING allows. Every offer is below (3, 1), so against Modest2 this is Example 4.1:
    # leximin picks (1, 1). The run needs under 60,000 frames: deep.RECURSION_LIMIT (100,000)
    # leaves a margin of at least 40%.
    spec = chain(tmp_path, 63)
    monkeypatch.setattr(deep, "RECURSION_LIMIT", 60_000)
    assert spi_lang.play(spec, "scheduling/modest2.spi").payoffs == (1, 1)


def test_one_level_more_is_spilangs_nesting_error_not_a_recursion_error(tmp_path):
    with pytest.raises(SpiErrors) as info:
        spi_lang.play(chain(tmp_path, 64), "scheduling/modest2.spi")
    (error,) = info.value.errors
    assert error.message.startswith("evaluation is nested more than 64 levels deep: "
                                    "the offer of Q64 (P1) against Modest2 -> the offer of Q63")


def test_chains_through_result_end_in_the_nesting_error_too(tmp_path):
    # result(Q_k) plays a whole match, whose offers nest again: 62 levels reach 64 evaluations.
    with pytest.raises(SpiErrors) as info:
        spi_lang.play(chain(tmp_path, 62, mixed=True), "scheduling/modest2.spi")
    assert "nested more than 64 levels deep" in info.value.errors[0].message


def test_run_deep_returns_results_and_raises_errors_in_the_caller():
    assert deep.run_deep(lambda x, y=0: x + y, 2, y=3) == 5
    with pytest.raises(KeyError):
        deep.run_deep({}.__getitem__, "missing")


def test_run_deep_nests_without_new_threads_and_restores_the_limit():
    before = sys.getrecursionlimit()
    inner = deep.run_deep(lambda: deep.run_deep(sys.getrecursionlimit))
    assert inner >= deep.RECURSION_LIMIT
    assert sys.getrecursionlimit() == before


def test_a_recursion_bound_far_above_the_default_is_usable():
    def down(n):
        return 0 if n == 0 else 1 + down(n - 1)
    assert deep.run_deep(down, 90_000) == 90_000


@pytest.mark.parametrize("workers", [1, 2])
def test_tournaments_and_analyses_play_on_the_deep_stack_too(tmp_path, workers):
    # The same deepest chain as a tournament cell, here and in worker processes: (1, 1) as
    # above, not a RecursionError recorded as the cell's failure.
    spec = chain(tmp_path, 63)
    results = spi_lang.tournament(seat1=(spec,), seat2=("scheduling/modest2.spi",),
                                  workers=workers, cache=None)
    assert results.cell("Q63", "Modest2").payoffs == (1, 1)
    if workers == 1:  # spi-check plays through the match cache, on the deep stack as well;
        # PMP-extensions nest a few levels of their own (their offers, result(...) and the
        # counterpart's extension), so the chain is shorter.
        check = spi_lang.spi_check(chain(tmp_path, 56).split(":")[0], seat1=["Q56"],
                                   seat2=["Modest2"], transform="pmp")
        assert check.profiles[0].before == (1, 1)
