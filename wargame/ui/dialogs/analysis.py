"""Decision support: "what happens if we choose this?", answered by rollouts in the background.

For the seat choosing now, every open response is played to the end of the
game many times with bots (`wargame.analysis.analyse`, on the seat's view:
other capitals' sealed choices stay hidden); the responses race until the
best is separated or the rest are tied with it, and every figure shows its
90% interval, as `wargame analyse` prints them. The work runs in the app's
warm worker processes (started at the first analysis, kept for the game)
driven from a thread, so the interface stays responsive; a progress bar
follows it, `c` cancels it and Escape closes the dialog (cancelling what
is still running). Where the best responses are close the race takes
seconds, so the figures at each look are shown as they stand, and `s`
stops there and keeps them: a facilitator reads the leader so far in
about a second and decides whether to wait. Closed responses stay listed
with the reason the rules give.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, ClassVar

from attrs import evolve
from rich.console import Group
from rich.table import Table
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, ProgressBar, Static

from ...analysis import END_ORDER, Analysis, Cancelled, analyse, histogram, rollout_kinds, sparkline
from ...analysis import CAP, CHANGE_HEADINGS, CHANGE_TRACKS, STANDING_WORDS, behind_text, score_text, share_text
from ...engine import GameState
from ...engine.tracks import ROLE_NAMES, TRACK_INDEX, TRACK_LABELS
from ...analysis.estimates import FLOOR
from ..base import WargameModal
from ..safe import Text

if TYPE_CHECKING:
    from ...analysis.pool import Workers

#: the most and the fewest rollouts per response (the responses race in between)
MOST_EACH = CAP
FEWEST_EACH = FLOOR
#: short headings of the tracks an analysis shows the change of
SHOWN: tuple[tuple[str, str], ...] = tuple((t, CHANGE_HEADINGS[t]) for t in CHANGE_TRACKS)
ENDS = {"war": "war", "rupture": "rupture", "collapse": "collapse", "last_turn": "last turn"}
#: columns of the widest table beside the response label (four ends of "100 (97-100)", gaps, the scrollbar)
NUMBERS_WIDTH = 55


def default_jobs() -> int:
    """Worker processes: at least two (so the interface never waits on the work), at most four."""
    return max(2, min(4, os.cpu_count() or 1))


class AnalysisDialog(WargameModal[None]):
    """Rollouts of every response open to `seat` at the session's position."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("s", "stop_here", "Stop here"),
        Binding("c", "cancel", "Cancel"),
        Binding("escape", "close", "Close"),
    ]
    DEFAULT_CSS = """
    AnalysisDialog { align: center middle; }
    #analysis-box {
        width: 100%;
        max-width: 120;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: round $accent;
        background: $surface;
    }
    #analysis-title { text-style: bold; width: 100%; }
    #analysis-note { color: $text-muted; width: 100%; }
    #analysis-progress { width: 100%; height: 1; }
    /* the figures scroll; the lines above and below them stay in view at 80x24 */
    #analysis-box.-done { height: 100%; }
    #analysis-scroll { height: auto; }
    #analysis-box.-done #analysis-scroll { height: 1fr; }
    #analysis-help { color: $text-muted; width: 100%; }
    """

    def __init__(
        self,
        state: GameState,
        seat: str,
        seats: dict[str, str] | None = None,
        *,
        rollouts: int | None = None,
        jobs: int | None = None,
        seed: int = 0,
    ) -> None:
        super().__init__()
        self.state = state
        self.seat = seat
        self.seats = dict(seats or {})
        self.rollouts = rollouts
        self.jobs = default_jobs() if jobs is None else jobs
        self.seed = seed
        self.pool: Workers | None = None
        self.stop = threading.Event()
        self.result: Analysis | None = None
        #: the figures at the race's last look, while it goes on
        self.so_far: Analysis | None = None
        self.status = "running"  # running, done, cancelled, failed

    def compose(self) -> ComposeResult:
        with Vertical(id="analysis-box"):
            yield Label(
                f"What happens if {ROLE_NAMES[self.seat]} chooses this? (turn {self.state.turn})",
                id="analysis-title",
                markup=False,
            )
            yield Static(id="analysis-note")
            yield ProgressBar(id="analysis-progress", show_eta=False)
            with VerticalScroll(id="analysis-scroll"):
                yield Static(id="analysis-table")
            yield Static("c cancel · Escape close", id="analysis-help")

    def on_mount(self) -> None:
        if self.rollouts is None:
            self.rollouts = MOST_EACH
        if self.jobs > 1:
            self.pool = self.app.rollout_workers(self.jobs)  # the app's warm pool, kept for the next analysis
        bots = " and ".join(sorted(set(rollout_kinds(self.seats).values())))
        self.query_one("#analysis-note", Static).update(Text(self.note(bots)))
        self.query_one("#analysis-scroll", VerticalScroll).focus()  # Up/Down, Page Up/Down scroll the figures
        self.run_analysis()

    def note(self, bots: str, used: int | None = None) -> str:
        """What is being played: how many games, racing between which bounds, with which bots."""
        fewest = min(FEWEST_EACH, self.rollouts or FEWEST_EACH)
        games = f"{used} games played" if used is not None else "Games"
        racing = "racing; stopped by you at a look" if self.result is not None and self.result.stopped else "racing"
        return f"{games} to the end, {fewest} to {self.rollouts} per response ({racing}); bots: {bots} (a human seat plays as doctrine)"

    @work(thread=True, exclusive=True, group="analysis")
    def run_analysis(self) -> None:
        """In a thread: the rollouts themselves run in worker processes (or here, with jobs=1)."""
        assert self.rollouts is not None
        shown = [-1]

        def progress(done: int, total: int) -> None:
            percent = 100 * done // max(1, total)
            if percent != shown[0] or done == total:
                shown[0] = percent
                self.app.call_from_thread(self.show_progress, done, total)

        def interim(so_far: Analysis) -> None:
            self.app.call_from_thread(self.show_so_far, so_far)

        try:
            result = analyse(
                self.state,
                self.seat,
                rollouts=self.rollouts,
                floor=FEWEST_EACH,
                seats=self.seats,
                seed=self.seed,
                jobs=self.jobs,
                workers=self.pool,
                progress=progress,
                cancelled=self.stop.is_set,
                interim=interim,
            )
        except Cancelled:
            return
        except Exception as err:  # noqa: BLE001 - shown in the dialog, never a crash of the game
            self.app.call_from_thread(self.show_failure, f"{type(err).__name__}: {err}")
            return
        self.app.call_from_thread(self.show_result, result)

    def show_progress(self, done: int, total: int) -> None:
        if self.status == "running":
            self.query_one("#analysis-progress", ProgressBar).update(total=total, progress=done)

    def show_failure(self, message: str) -> None:
        self.status = "failed"
        self.query_one("#analysis-table", Static).update(Text(f"The analysis failed: {message}", style="red"))

    def show_so_far(self, so_far: Analysis) -> None:
        """The figures at a look of the race, marked as they stand, with `s` to keep them."""
        if self.status != "running":
            return
        self.so_far = so_far
        self.show_table()
        self.call_after_refresh(self.fit)
        self.query_one("#analysis-help", Static).update("s stop here and keep these figures · c cancel · Escape close")

    def show_result(self, result: Analysis) -> None:
        if self.status != "running":
            return
        self.status = "done"
        self.result = result
        if not result.stopped:  # stopped, the bar stays where the race was
            self.query_one("#analysis-progress", ProgressBar).update(total=1, progress=1)
        bots = " and ".join(sorted(set(rollout_kinds(self.seats).values())))
        self.query_one("#analysis-note", Static).update(Text(self.note(bots, result.used)))
        self.show_table()
        self.call_after_refresh(self.fit)
        self.query_one("#analysis-help", Static).update("Escape close · Up/Down, Page Up/Down scroll")

    def show_table(self) -> None:
        """Render the figures (the result, else those so far), giving the response labels what room the dialog has."""
        shown = self.result or self.so_far
        if shown is None or self.status in ("cancelled", "failed"):
            return
        room = self.query_one("#analysis-box").content_size.width
        heading = None
        if self.result is None:  # still racing: not stopped, not yet
            shown = evolve(shown, stopped=False)
            heading = f"So far, after {shown.used} games (still racing; s keeps these figures):"
        self.query_one("#analysis-table", Static).update(render(shown, max(16, min(60, room - NUMBERS_WIDTH)), heading))

    def fit(self) -> None:
        """Taller than the screen: the dialog takes the screen and the figures scroll between its lines."""
        box = self.query_one("#analysis-box")
        if box.outer_size.height >= self.size.height:
            box.add_class("-done")

    def on_resize(self) -> None:
        self.show_table()

    def action_stop_here(self) -> None:
        """Stop the race at its last look and keep the figures shown (marked as stopped)."""
        if self.status == "running" and self.so_far is not None:
            self.stop.set()
            self.show_result(self.so_far)

    def action_cancel(self) -> None:
        if self.status == "running":
            self.stop.set()
            self.status = "cancelled"
            self.query_one("#analysis-table", Static).update(Text("Cancelled.", style="italic"))
            self.query_one("#analysis-help", Static).update("Escape close")

    def action_close(self) -> None:
        self.stop.set()
        self.status = "cancelled" if self.status == "running" else self.status
        self.dismiss(None)

    def on_unmount(self) -> None:
        self.stop.set()  # however the dialog goes away, the rollouts stop


def _table(first: str, label_width: int) -> Table:
    table = Table(box=None, pad_edge=False, padding=(0, 1, 0, 0), expand=False, show_edge=False, header_style="bold")
    table.add_column(first, overflow="ellipsis", no_wrap=True, max_width=label_width, min_width=12)
    return table


def _number(table: Table, heading: str, width: int) -> None:
    table.add_column(heading, justify="right", no_wrap=True, min_width=max(width, len(heading)))


def render(result: Analysis, label_width: int = 28, heading: str | None = None) -> Group:
    """The verdict (after `heading`, when given), then three tables that fit 80 columns: score and wins, how games end, the expected track changes."""
    leader = result.leader
    open_ = result.open
    percent = f"{100 * result.level:.0f}%"
    outcomes = _table("response", label_width)
    _number(outcomes, "games", 5)
    _number(outcomes, "score", 10)
    _number(outcomes, "behind", 8)
    outcomes.add_column("", no_wrap=True, min_width=5)
    _number(outcomes, "win %", 9)
    ends = _table(f"how it ends, % ({percent})", label_width)
    for end in END_ORDER:
        _number(ends, ENDS[end], 12)
    changes = _table("expected change (Δ)", label_width)
    for track, short in SHOWN:
        _number(changes, short, 4)
    changes.add_column("spread", no_wrap=True, min_width=10)
    for o in open_:
        style = "bold" if leader is not None and o is leader else ""
        label = Text(o.label, style=style)
        outcomes.add_row(
            label,
            Text(str(o.rollouts)),
            Text(score_text(o), style=style),
            Text(behind_text(o)),
            Text(STANDING_WORDS[o.standing], style="dim" if o.standing == "worse" else ""),
            Text(share_text(o.win_chance)),
        )
        ends.add_row(label, *(Text(share_text(o.end_chance(e))) for e in END_ORDER))
        changes.add_row(
            label,
            *(Text(f"{o.track_change[TRACK_INDEX[t]]:+.1f}") for t, _ in SHOWN),
            Text(sparkline([c for _, _, c in histogram(o.scores, 10)]), style="cyan"),
        )
    parts: list[Table | Text] = [Text(result.verdict(), style="bold"), Text(""), outcomes, Text(""), ends, Text(""), changes]
    if heading is not None:
        parts.insert(0, Text(heading, style="italic"))
    for o in result.options:
        if not o.allowed:
            line = Text("closed: ", style="dim italic")
            line.append(o.label, style="dim")
            line.append(f" ({o.reason})", style="dim italic")
            parts.append(line)
    legend = (
        f"score: {ROLE_NAMES[result.seat]}'s expected final score ± its {percent} interval, on the response's own games; behind:"
        " how far the best is ahead on the games both played (a response stopped early has fewer, so compare by behind),"
        f" worse when surely behind, tied when surely within ±{result.margin:g}, close when not yet separated;"
        " win %: share of games it wins; how it ends: the chance of each end, in percent; spread: the scores, low to high; Δ: "
        + ", ".join(f"{short} {TRACK_LABELS[t]}" for t, short in SHOWN)
    )
    parts.append(Text(legend, style="dim"))
    return Group(*parts)
