"""A terminal decision-support wargame about Japan's collective self-defense."""

from __future__ import annotations

__version__ = "0.2.0"
