"""The most a command line may ask for: enough for any real study, bounded so a typo cannot exhaust the machine."""

from __future__ import annotations

from .errors import UserError

#: worker processes (each holds the deck and a share of the games)
MAX_JOBS = 64
#: games of one `simulate` run (their results are kept for the summary)
MAX_GAMES = 1_000_000
#: rollouts per response of one analysis
MAX_ROLLOUTS = 100_000


def check_jobs(jobs: int) -> None:
    """`--jobs`: 1 to `MAX_JOBS` worker processes."""
    if jobs < 1:
        raise UserError(f"--jobs must be at least 1, not {jobs}")
    if jobs > MAX_JOBS:
        raise UserError(f"--jobs must be at most {MAX_JOBS}, not {jobs} (each job is a process)")
