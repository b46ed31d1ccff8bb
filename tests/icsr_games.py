"""A 3-player game and icsr program shared by the Algorithm 3 tests (tests/engine) and the
all-programs tests (tests/analysis): (A, A, A) pays (1, 2, 3), (B, A, A) pays (2, 1, 1),
every other profile (0, 0, 0); Up defaults to B, offers at most (1/2, 1, 3/2) in round 1
and everything in round 2."""

THREE = """game Three {
  players P1, P2, P3
  actions A, B
  payoff (A, A, A) = (1, 2, 3)
  payoff (B, A, A) = (2, 1, 1)
  payoff (_, _, _) = (0, 0, 0)
}
program Up icsr {
  default { play B }
  round 1 { offer below (1/2, 1, 3/2) }
  round 2 { offer all }
}
"""
