"""The dice's splitmix64: compiled on machine integers, the same numbers as on Python integers.

In the compiled build `mix` runs on 64-bit machine integers that wrap
around; `mix_python` is the reference. Every die of every game depends on
the two agreeing, for any integers a caller passes (negative, and wider
than 64 bits, are masked to 64 bits first).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.engine.splitmix import mix, mix_python

EDGES = [0, 1, -1, 2**63 - 1, 2**63, -(2**63), 2**64 - 1, 2**64, 2**64 + 5, -(2**64) - 3, 2**70 + 11]
numbers = st.one_of(st.integers(), st.integers(min_value=0, max_value=2**64 - 1), st.sampled_from(EDGES))


@settings(max_examples=2000, deadline=None)
@given(st.lists(numbers, max_size=6))
def test_mix_gives_the_reference_numbers(values: list[int]) -> None:
    assert mix(*values) == mix_python(*values)


def test_mix_keeps_the_numbers_games_were_played_with() -> None:
    # splitmix64 as the game has always drawn it: a change here changes every die of every save
    assert mix() == 0x9E3779B97F4A7C15
    assert mix(0) == mix_python(0) == 7960286522194355700
    assert mix(7, 3, 0) == mix_python(7, 3, 0)
    assert all(0 <= mix(*EDGES[:k]) < 2**64 for k in range(len(EDGES) + 1))
