"""The replay viewer: a saved game one decision at a time, and branches from any point.

It shows the decision just taken (who, what, the rationale), the engine's
explanation of its adjudication (the events `apply` returned), and the
tracks after it, with their change. Everything comes from replaying the
save through the engine (`wargame.saves`); nothing here changes a save
except "branch", which writes a new one that records its parent.
"""

from __future__ import annotations

import os
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, Static

from ... import saves
from ...engine.tracks import TRACKS
from ...folders import saves_dir
from ...saves import Replay, SaveError
from ..base import WargameScreen
from ..messages import PlaySession
from ..replay_text import ask_label, decision_text, where_text
from ..safe import Text, shown
from ..widgets.track_panel import TrackPanel

#: footer groups: one label for a pair of keys, so every key fits at 80 columns
STEP = Binding.Group("Decision", compact=True)
TURN = Binding.Group("Turn", compact=True)


class ReplayScreen(WargameScreen[None]):
    """Step through a saved game: ←/→ one decision, [/] one turn, t jump to a turn, b branch."""

    DEFAULT_CSS = """
    #replay-body { height: 1fr; }
    #replay-tracks { width: 33; height: 100%; padding: 0 1; border-right: vkey $primary-darken-2; overflow-y: auto; }
    #replay-main { width: 1fr; padding: 0 1; }
    #replay-where { height: auto; text-style: bold; color: $accent; }
    #replay-scroll { height: 1fr; }
    #replay-decision { height: auto; }
    #replay-asking { display: none; height: auto; }
    #replay-asking.-asking { display: block; }
    #replay-ask-label { height: auto; }
    """
    AUTO_FOCUS = None  # keys step the replay; the input row takes focus only when asked

    BINDINGS = [
        Binding("left", "back", "Back", group=STEP),
        Binding("right", "forward", "Next", group=STEP),
        Binding("left_square_bracket", "previous_turn", "Turn back", group=TURN),
        Binding("right_square_bracket", "next_turn", "Next turn", group=TURN),
        Binding("home", "first", "Start", show=False),
        Binding("end", "last", "End", show=False),
        Binding("t", "ask_turn", "Jump to turn"),
        Binding("b", "ask_branch", "Branch"),
        Binding("escape", "close", "Close"),
        Binding("q", "app.request_quit", "Quit", show=False),  # as everywhere; hidden so the footer fits 80 columns
    ]

    def __init__(
        self, source: Replay | str | os.PathLike[str], *, saves_dir: Path | None = None, at: int | None = None, limit: int | None = None
    ) -> None:
        """`source` is a replayed save, or a save's path;
        `limit`, for the game in progress: the replay stops after that many decisions (the last reveal)."""
        super().__init__()
        self.limit = limit
        self.error = ""
        self.replay: Replay | None = None
        if isinstance(source, Replay):
            self.replay = source
        else:
            try:
                self.replay = saves.open_replay(Path(source))
            except SaveError as err:
                self.error = str(err)
        self.saves_dir = saves_dir
        self.at = 0
        if self.replay is not None:
            self.at = self.last if at is None else max(0, min(at, self.last))
        self.asking = ""  # "turn" or "branch" while the input row is open

    # --- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="replay-body"):
            yield TrackPanel(id="replay-tracks")
            with Vertical(id="replay-main"):
                yield Static(id="replay-where")
                with VerticalScroll(id="replay-scroll"):
                    yield Static(id="replay-decision")
                with Vertical(id="replay-asking"):
                    yield Static(id="replay-ask-label")
                    yield Input(id="replay-ask", compact=True, disabled=True)
        yield Footer()

    def on_mount(self) -> None:
        if self.replay is None:
            self.notify(f"Cannot replay: {self.error}", severity="error", markup=False)
            self.call_after_refresh(self.leave)
            return
        name = self.replay.save.name or self.replay.save.path.stem
        self.sub_title = f"replay · {shown(name, one_line=True)}"
        ask = self.query_one("#replay-ask", Input)
        ask.cursor_blink = self.app.cursor_blink
        self.query_one("#replay-scroll").can_focus = False  # arrows step the replay, not the scroll
        self.set_focus(None)
        self.show()

    # --- what is on screen ----------------------------------------------------------------

    @property
    def last(self) -> int:
        applied = self.replay.applied if self.replay else 0
        return applied if self.limit is None else min(applied, self.limit)

    @property
    def shown_count(self) -> int:
        """The decisions this viewer may show: all of the save's, or those up to the limit."""
        assert self.replay is not None
        return len(self.replay.save.decisions) if self.limit is None else self.last

    def show(self) -> None:
        """Render the position after `self.at` decisions."""
        replay = self.replay
        if replay is None:
            return
        state = replay.states[self.at]
        before = replay.states[self.at - 1] if self.at else None
        changed = {t: state.tracks[t] - before.tracks[t] for t in TRACKS} if before is not None else {}
        self.query_one("#replay-tracks", TrackPanel).show(state, changed)
        self.query_one("#replay-where", Static).update(Text(where_text(replay, self.at, self.shown_count)))
        self.query_one("#replay-decision", Static).update(self.decision_text())

    def decision_text(self) -> Text:
        """The position on screen in words."""
        assert self.replay is not None
        return decision_text(self.replay, self.at, self.last, self.limit)

    def go(self, at: int) -> None:
        self.at = max(0, min(at, self.last))
        self.show()

    # --- keys --------------------------------------------------------------------------

    def action_forward(self) -> None:
        if self.at >= self.last:
            self.notify("This is the last decision.", markup=False)
            return
        self.go(self.at + 1)

    def action_back(self) -> None:
        if self.at == 0:
            self.notify("This is the start of the game.", markup=False)
            return
        self.go(self.at - 1)

    def action_first(self) -> None:
        self.go(0)

    def action_last(self) -> None:
        self.go(self.last)

    def first_of_turn(self, turn: int) -> int | None:
        """The position at the first decision taken in `turn` (None if no decision was)."""
        assert self.replay is not None
        for decision in self.replay.save.decisions[: self.last]:
            if decision.turn == turn:
                return decision.seq
        return None

    def current_turn(self) -> int:
        assert self.replay is not None
        return self.replay.save.decisions[self.at - 1].turn if self.at else 0

    def action_next_turn(self) -> None:
        assert self.replay is not None
        turn = self.current_turn()
        later = next((d.seq for d in self.replay.save.decisions[self.at : self.last] if d.turn > turn), None)
        if later is None:
            self.notify("No later turn in this game.", markup=False)
            return
        self.go(later)

    def action_previous_turn(self) -> None:
        turn = self.current_turn()
        start = self.first_of_turn(turn) if turn else None
        if start is not None and start < self.at:
            self.go(start)
            return
        earlier = self.first_of_turn(turn - 1) if turn > 1 else None
        self.go(earlier if earlier is not None else 0)

    def jump_to_turn(self, turn: int) -> bool:
        """Show the first decision of `turn`; False (and a note) when the game has none."""
        at = self.first_of_turn(turn)
        if at is None:
            self.notify(f"No decision was taken in turn {turn}.", severity="warning", markup=False)
            return False
        self.go(at)
        return True

    # --- the input row: jump to a turn, or name a branch -------------------------------

    def ask(self, what: str, placeholder: str, value: str = "") -> None:
        """Open the input row, labelled with what it asks for and its keys."""
        self.asking = what
        self.query_one("#replay-ask-label", Static).update(ask_label(what, self.at))
        field = self.query_one("#replay-ask", Input)
        field.placeholder = placeholder
        field.value = value
        field.disabled = False
        self.query_one("#replay-asking").add_class("-asking")
        field.focus()

    def stop_asking(self) -> None:
        self.asking = ""
        self.query_one("#replay-asking").remove_class("-asking")
        self.query_one("#replay-ask", Input).disabled = True
        self.set_focus(None)

    def action_ask_turn(self) -> None:
        if self.replay is not None:
            self.ask("turn", "a turn number")

    def action_ask_branch(self) -> None:
        if self.replay is None:
            return
        save = self.replay.save
        base = save.name or save.path.stem
        self.ask("branch", "a name for the new game", f"{shown(base, one_line=True)} (branch at {self.at})")

    @on(Input.Submitted, "#replay-ask")
    def answered(self, event: Input.Submitted) -> None:
        event.stop()
        what, value = self.asking, event.value.strip()
        if what == "turn":
            if not value.isdigit():
                self.notify("Type a turn number.", severity="warning", markup=False)
                return
            if self.jump_to_turn(int(value)):
                self.stop_asking()
        elif what == "branch":
            if not value:
                self.notify("Give the new game a name.", severity="warning", markup=False)
                return
            self.stop_asking()
            self.branch(value)

    def branch(self, name: str) -> None:
        """Start a new game from this position under `name`, saved with its parent recorded."""
        assert self.replay is not None
        folder = self.saves_dir or self.app.saves_dir or saves_dir()
        try:
            session = saves.branch(self.replay, self.at, name, Path(folder))
        except SaveError as err:
            self.notify(f"Cannot branch: {err}", severity="error", markup=False)
            return
        self.notify(f"New game '{name}' saved to {session.save_path}", markup=False)
        self.post_message(PlaySession(session))

    def leave(self) -> None:
        self.dismiss()

    def action_close(self) -> None:
        if self.asking:
            self.stop_asking()
            return
        self.dismiss()
