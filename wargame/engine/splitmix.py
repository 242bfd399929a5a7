"""splitmix64: every die of the game, the bots and the rollouts, from integers.

`mix` works on Python integers, masked to 64 bits at each step. Compiled
(`hatch_build.py`), those 64-bit values do not fit the compiled code's
small integers, and every step would build a new Python integer: about
15,000 instructions a call, some 7% of a game. Compiled, `mix` therefore
runs the same steps on 64-bit machine integers (`i64`), which wrap around
as the masks do (the build compiles with -fwrapv, as CPython itself is), in
the same unsigned value; `mix_python` is the reference, and a test holds
the two equal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from mypy_extensions import i64

MASK: Final = (1 << 64) - 1
GOLDEN: Final = 0x9E3779B97F4A7C15
MUL1: Final = 0xBF58476D1CE4E5B9
MUL2: Final = 0x94D049BB133111EB
#: the constants and the bounds as signed 64-bit values, for the machine-integer form
_TWO64: Final = 1 << 64
_I64_MAX: Final = (1 << 63) - 1
_GOLDEN_SIGNED: Final[i64] = GOLDEN - (1 << 64)
_MUL1_SIGNED: Final[i64] = MUL1 - (1 << 64)
_MUL2_SIGNED: Final[i64] = MUL2 - (1 << 64)
#: low bits kept by a logical shift right of 30, 27 and 31 (a signed shift copies the sign bit)
_LOW34: Final[i64] = (1 << 34) - 1
_LOW37: Final[i64] = (1 << 37) - 1
_LOW33: Final[i64] = (1 << 33) - 1
#: whether this module runs compiled (a compiled module is a shared library, not a .py file)
COMPILED: Final = not __file__.endswith(".py")


def mix(*numbers: int) -> int:
    """splitmix64 over the given integers: a well-spread 64-bit number."""
    if COMPILED:
        return _mix_machine(numbers)
    return mix_python(*numbers)


def mix_python(*numbers: int) -> int:
    """`mix` on Python integers: the reference."""
    x = GOLDEN
    for n in numbers:
        x = (x + (n & MASK) + GOLDEN) & MASK
        z = x
        z = ((z ^ (z >> 30)) * MUL1) & MASK
        z = ((z ^ (z >> 27)) * MUL2) & MASK
        x = z ^ (z >> 31)
    return x


def _mix_machine(numbers: tuple[int, ...]) -> int:
    """`mix` on 64-bit machine integers (compiled only: as Python integers they would not wrap around)."""
    x: i64 = _GOLDEN_SIGNED
    for n in numbers:
        v = n & MASK
        if v > _I64_MAX:
            v -= _TWO64
        s: i64 = v
        x = x + s + _GOLDEN_SIGNED
        z: i64 = x
        z = (z ^ ((z >> 30) & _LOW34)) * _MUL1_SIGNED
        z = (z ^ ((z >> 27) & _LOW37)) * _MUL2_SIGNED
        x = z ^ ((z >> 31) & _LOW33)
    out: int = x
    return out + _TWO64 if out < 0 else out
