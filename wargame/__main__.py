"""`python -m wargame` does what the `wargame` command does."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
