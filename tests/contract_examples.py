"""The examples of LANGUAGE.md (sections 3-6), verbatim, shared by the tests that parse,
load and play them. `FAIR2` is the mirror of `FAIR1` that section 5 describes in words."""

SCHEDULING = """\
game Scheduling {
  players P1, P2                  # optional; default P1, P2
  actions Slot1, Slot2, Slot3     # every player has these actions ...
  payoff (Slot1, Slot1) = (3, 1)
  payoff (Slot2, Slot2) = (1, 3)
  payoff (Slot3, Slot3) = (1, 1)
  payoff (_, _) = (0, 0)          # `_` matches any action; the first matching rule wins
}
"""

CHICKEN = """\
game Chicken {
  actions Row: Dare, Swerve       # ... or each player its own list
  actions Col: Dare, Swerve       # (then `players` may be omitted: the names are taken from here)
  payoff (Dare, Dare) = (0, 0)
  payoff (Dare, Swerve) = (4, 1)
  payoff (Swerve, Dare) = (1, 4)
  payoff (Swerve, Swerve) = (3, 3)
}
"""

ALWAYS_SLOT1 = "program AlwaysSlot1 { play Slot1 }\n"
ALWAYS_SLOT2 = "program AlwaysSlot2 { play Slot2 }\n"

CLIQUEBOT = """\
program CliqueBot {                     # McAfee: cooperate with exact copies of itself
  if opponent == self { play Cooperate } else { play Defect }
}
"""

YIELD_TO_HARDLINER2 = """\
program YieldToHardliner2 {             # p^C for player 2 in Example 3.1 of the paper
  if opponent == AlwaysSlot1 { play Slot1 }
  play Slot2
}
"""

FAIR1 = """\
program Fair1 renegotiation {
  default AlwaysSlot1                   # a named base program, or a block: default { play Slot1 }
  map (Slot1, Slot2) -> (Slot3, Slot3)  # rn: profiles not listed map to themselves
  map (Slot2, Slot1) -> (Slot3, Slot3)
}
"""

FAIR2 = """\
program Fair2 renegotiation {
  default AlwaysSlot2
  map (Slot1, Slot2) -> (Slot3, Slot3)
  map (Slot2, Slot1) -> (Slot3, Slot3)
}
"""

# LANGUAGE.md section 6.
BOLD1 = """\
program Bold1 csr {
  default AlwaysSlot1
  offer below (3, 1)                    # "(3,1) and everything Pareto-worse"
}
"""

MODEST2 = """\
program Modest2 csr {
  default AlwaysSlot2
  offer below (1, 3)
}
"""

GENEROUS2 = """\
program Generous2 csr {
  default AlwaysSlot2
  offer below (1, 3) | point (3, 1)
}
"""

SECTION_6 = "\n".join([BOLD1, MODEST2, GENEROUS2])
EXT = "program Ext = pmp_extension(Bold1)\n"

# The Scheduling programs of sections 4 and 5 in one file body (without the import).
SCHEDULING_PROGRAMS = "\n".join([ALWAYS_SLOT1, ALWAYS_SLOT2, YIELD_TO_HARDLINER2, FAIR1, FAIR2])
