"""The after-action report: a game's record in Markdown, rebuilt from its decision log.

The report replays the log through `wargame.replaying` (`reading`), so
every line in it is what the rules said at the time (gates, odds, rolls,
effects, rulings), never a summary kept beside the game that could drift
from it. `build_report(session)` returns the Markdown string: the command
line writes it to a file, and the TUI shows it in a Markdown viewer, a
section at a time (`report_sections`).

The report is written for the hotwash after the game: it shows everything,
including every seat's rationale, so show it only when the game is over or
to the facilitator.

The modules: `reading` replays the log into the `records` the sections
read; `markdown` writes text literally; `wording` names the game's things;
`overview`, `limits`, `msel`, `hotwash`, `timeline` and `sources` are the
sections; `document` puts them in order.
"""

from __future__ import annotations

from .document import ReportSection, build_report, report_sections
from ..sparklines import sparkline
from .markdown import md
from .reading import ReportError, read_game, replay

__all__ = ["ReportError", "ReportSection", "build_report", "md", "read_game", "replay", "report_sections", "sparkline"]
