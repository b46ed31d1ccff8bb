"""Hostile simulating programs end with a positioned error or an exact answer, never a hang
or a traceback: long rings of mutual simulation (a regress, or grounded by one tiny coin),
a linear system over the size limit, huge grounding denominators, renegotiating tables
simulated inside themselves, and exponentially many paths (stopped by fuel). Plus the
property behind FairBot: for every epsilon, exactly epsilon against DefectBot and
cooperation for sure against another grounded FairBot."""

from fractions import Fraction as Fr

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import spi_lang
from spi_lang.syntax.errors import SpiErrors

PD = 'import "games/prisoners_dilemma.spi"\n'


def ring(n: int, grounding: str = "") -> str:
    """R0 simulates R1 against itself, R1 simulates R2, ..., R(n-1) simulates R0."""
    lines = [PD]
    for i in range(n):
        coin = f"if random < {grounding} {{ play Cooperate }} else " if grounding and i == 0 else ""
        lines.append(f"program R{i} {{ {coin}if simulate R{(i + 1) % n} plays Cooperate against R{i} "
                     "{ play Cooperate } else { play Defect } }")
    return "\n".join(lines) + "\n"


def write(tmp_path, text: str) -> str:
    path = tmp_path / "h.spi"
    path.write_text(text)
    return str(path)


def failure(path, a, b, **kw):
    with pytest.raises(SpiErrors) as info:
        spi_lang.play(f"{path}:{a}", f"{path}:{b}", **kw)
    return info.value.errors[0]


def test_a_long_ring_of_simulation_is_a_regress_with_a_shortened_chain(tmp_path):
    # R0 (seat 1) runs R1 (seat 2) against R0, which runs R2 (seat 1) against R1, ... 100
    # programs, states alternating seats: x100 = P1 R0 against R99, and its simulation is
    # x1 = P2 R1 against R0 again: 101 simulations, 3 shown at each end and 95 counted.
    error = failure(write(tmp_path, ring(100)), "R0", "R1")
    assert error.message.startswith("this simulation regress never grounds: P1 R0 against R1 "
                                    "simulates P2 R1 against R0;")
    assert "... 95 more simulations ..." in error.message
    assert error.message.count("simulates") == 6
    assert len(error.notes) == 7


def test_one_tiny_coin_grounds_the_whole_ring(tmp_path):
    # R0 grounds with probability 1/10^100; every other program copies the next: the chain
    # is absorbing, and the only absorbing action is Cooperate, so x = 1 for every state.
    path = write(tmp_path, ring(100, "1/1" + "0" * 100))
    result = spi_lang.play(f"{path}:R0", f"{path}:R1")
    assert result.outcome.support == ((("Cooperate", "Cooperate"), Fr(1)),)


def test_a_system_over_the_limit_is_an_error(tmp_path):
    # 501 programs, an odd ring: the seats come back only after two rounds, so the cycle has
    # 1,002 states of 2 actions, 2,004 unknowns in one strongly connected set, over 1,000.
    error = failure(write(tmp_path, ring(501, "1/3")), "R0", "R1")
    assert error.message == ("the simulations of this match make a linear system of 2,004 "
                             "unknowns, more than 1,000")


def test_a_huge_grounding_denominator_is_exact(tmp_path):
    # FairBot with epsilon = 1/(10^150 + 1) against DefectBot cooperates w.p. exactly epsilon.
    eps = Fr(1, 10 ** 150 + 1)
    path = write(tmp_path, PD + f"""program F {{ if random < {eps} {{ play Cooperate }}
  else if simulate opponent plays Cooperate against self {{ play Cooperate }} else {{ play Defect }} }}
program DefectBot {{ play Defect }}
""")
    result = spi_lang.play(f"{path}:F", f"{path}:DefectBot")
    # P1 = 1 - eps, P2 = 5 eps + (1 - eps) = 1 + 4 eps.
    assert result.payoffs == (1 - eps, 1 + 4 * eps)


def test_a_renegotiating_table_simulated_inside_itself_stops_at_the_nesting_limit(tmp_path):
    path = write(tmp_path, PD + """program R renegotiation { default W
  map (Defect, Defect) -> (Cooperate, Cooperate) }
program W { if simulate R plays Cooperate against R { play Cooperate } else { play Defect } }
""")
    error = failure(path, "R", "R")
    assert error.message == "simulations nest more than 32 renegotiating matches inside each other"


def test_exponentially_many_paths_run_out_of_fuel(tmp_path):
    # 40 coins in a row, each doubling the paths a polynomial sums: stopped by fuel.
    coins = " ".join(f"if random < 1/2 {{ play Cooperate }} else" for _ in range(40))
    path = write(tmp_path, PD + f"""program DefectBot {{ play Defect }}
program Many {{ if simulate DefectBot plays Cooperate against self and random < 1/3 {{ play Cooperate }}
  else {coins} if simulate opponent plays Defect against self {{ play Defect }} else {{ play Cooperate }} }}
""")
    result = spi_lang.play(f"{path}:Many", f"{path}:DefectBot", fuel=20_000)
    # Against DefectBot every coin is a constant: Cooperate w.p. 1 - 1/2^40, else Defect.
    assert result.outcome.support[0] == (("Cooperate", "Defect"), 1 - Fr(1, 2 ** 40))


@settings(max_examples=25, deadline=None)
@given(st.fractions(min_value=Fr(1, 1000), max_value=1, max_denominator=1000),
       st.fractions(min_value=Fr(1, 1000), max_value=1, max_denominator=1000))
def test_fairbot_property(tmp_path_factory, eps, other):
    path = write(tmp_path_factory.mktemp("p"), PD + f"""
program F {{ if random < {eps} {{ play Cooperate }}
  else if simulate opponent plays Cooperate against self {{ play Cooperate }} else {{ play Defect }} }}
program G {{ if random < {other} {{ play Cooperate }}
  else if simulate opponent plays Cooperate against self {{ play Cooperate }} else {{ play Defect }} }}
program DefectBot {{ play Defect }}
""")
    # Against DefectBot: x = eps, payoffs (1 - eps, 5 eps + 1 - eps) = (1 - eps, 1 + 4 eps).
    assert spi_lang.play(f"{path}:F", f"{path}:DefectBot").payoffs == (1 - eps, 1 + 4 * eps)
    # Two grounded FairBots: x = eps + (1 - eps) y, y = other + (1 - other) x: x = y = 1.
    assert spi_lang.play(f"{path}:F", f"{path}:G").payoffs == (3, 3)
