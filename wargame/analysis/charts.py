"""Small text charts of a score distribution: the histogram's bins and a sparkline of them."""

from __future__ import annotations

import math
from collections import Counter
from typing import Sequence


def histogram(values: Sequence[int], bins: int = 10) -> list[tuple[int, int, int]]:
    """(low, high, count) over `bins` equal ranges from min to max (inclusive ends)."""
    if not values:
        return []
    low, high = min(values), max(values)
    if low == high:
        return [(low, high, len(values))]
    width = max(1, math.ceil((high - low + 1) / bins))
    counts = Counter((v - low) // width for v in values)
    return [(low + i * width, min(high, low + (i + 1) * width - 1), counts.get(i, 0)) for i in range((high - low) // width + 1)]


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(counts: Sequence[int]) -> str:
    """Counts as a row of block characters, the tallest a full block (a blank for zero)."""
    top = max(counts, default=0)
    if top <= 0:
        return ""
    return "".join(" " if c == 0 else SPARKS[min(len(SPARKS) - 1, (c * len(SPARKS) - 1) // top)] for c in counts)
