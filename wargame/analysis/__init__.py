"""Decision support and bulk simulation: what a choice would likely bring, and what many games come to.

- `whatif`: the analysis of one decision (every open response rolled out, racing, the verdict);
- `outcomes`: what an analysis found, and the same figures in words;
- `estimates`: intervals, paired differences and the racing rule;
- `pool`: worker processes (the warm rollout pool, the quiet start of bulk workers);
- `simulation`: whole games played by bots (`simulate`, `GameResult`);
- `summary`: a run's summary, its text and its CSV or JSON;
- `charts`: the histogram and sparkline of a distribution.
"""

from __future__ import annotations

from .charts import histogram, sparkline
from .outcomes import CHANGE_HEADINGS, CHANGE_TRACKS, END_ORDER, STANDING_WORDS, Analysis, OptionOutcome, behind_text, score_text, share_text, verdict
from .simulation import GameResult, choice_key, play_game, simulate
from .summary import format_summary, summarise, write_games
from .whatif import CAP, MODEL_BOT, Cancelled, Progress, analyse, rollout_kinds, to_decide

__all__ = [
    "CHANGE_HEADINGS",
    "CHANGE_TRACKS",
    "CAP",
    "END_ORDER",
    "MODEL_BOT",
    "STANDING_WORDS",
    "Analysis",
    "Cancelled",
    "GameResult",
    "OptionOutcome",
    "Progress",
    "analyse",
    "behind_text",
    "choice_key",
    "format_summary",
    "histogram",
    "play_game",
    "rollout_kinds",
    "score_text",
    "share_text",
    "simulate",
    "sparkline",
    "summarise",
    "to_decide",
    "verdict",
    "write_games",
]
