"""The game screen: the board, the card, and the chooser of the seat that must act.

It drives a Session and never changes state itself: automatic moves (chance
and bots) go through `Session.automatic_move` and `Session.act`, paced so a
person can follow them; a bot that thinks for a while (the rollout bot)
chooses in a worker thread, so the screen stays responsive meanwhile; a
person's choice goes through `Session.act` with its rationale. It renders `view(state, seat)` of the seat at the keyboard,
so a hot-seat player never sees another's sealed choice.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, OptionList, Static

from ...engine import CHANCE, FACILITATOR, Action, GameState, IllegalAction, legal_actions, to_move, view
from ...engine.tracks import ROLES
from ...seats import humans
from ...session import Session
from ...logbook import record
from ..base import WargameScreen
from ..dialogs.analysis import AnalysisDialog
from ..dialogs.save_failed import SaveFailedDialog
from ..game_text import heading, prompt_text
from ..number_keys import key_digit, keys_hint
from ..option_text import card_prompt, typed_text
from ..messages import LeaveGame, OpenWhiteCell
from ..outcome_text import own_policy_line
from ..records import AdjudicationRecord
from ..whitecell import reveal_events
from ..widgets.card_panel import CardPanel
from ..widgets.choice_list import ChoiceList
from ..widgets.move_ticker import MoveTicker
from ..widgets.rationale import RationaleField
from ..widgets.track_panel import TrackPanel
from .adjudication import AdjudicationScreen
from .end import EndScreen
from .handover import HandOverScreen

#: bots that think for a while: they choose in a worker thread, never in the screen's own loop
SLOW_BOTS = frozenset({"rollout"})


class GameScreen(WargameScreen[None]):
    CSS_PATH = "screens.tcss"
    BINDINGS = [
        # a number chooses; the footer names the list's numbers ("1-16") on the key 1
        Binding("1", "digit(1)", "Pick"),
        Binding("c", "card", "Card"),
        Binding("c", "options", "Options", show=False),  # the same key closes the card (so does Escape)
        Binding("space", "skip", "Skip ahead"),
        Binding("l", "app.show_log", "Log"),
        Binding("w", "white_cell", "White cell"),
        Binding("a", "analyse", "What if?"),
        Binding("escape", "back", "Back"),
        *(Binding(str(n), f"digit({n})", f"Choose {n}", show=False) for n in (2, 3, 4, 5, 6, 7, 8, 9, 0)),
        Binding("enter", "typed_enter", "Choose the number typed", show=False),
        Binding("backspace", "clear_typed", "Clear the number typed", show=False),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.seat: str = next(iter(humans(session.seats)), "tokyo")  # whose view is on screen
        self.acting: str | None = None  # the seat choosing now; None while others move
        self.last_seat: str | None = None  # the last human seat that chose, for hand-overs
        self.timer: Timer | None = None
        self.skipping = False
        self.pending = False  # advance once this screen is current again
        self.record: AdjudicationRecord | None = None
        self.save_error = ""
        self.save_blocked = False  # an autosave failed: the game waits for a folder that works
        self.at_board = False  # the white cell stepped back to the board while the game waits on it
        self.thinking = False  # a slow bot is choosing in a worker thread
        self.thought: tuple[GameState, tuple[Action, str]] | None = None  # its move, and the position it is for
        self.typed = ""  # the digits of an option's number typed so far (`1` of 16 waits for the next)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="board"):
            yield TrackPanel(id="tracks")
            with Vertical(id="play"):
                with VerticalScroll(id="card-scroll"):
                    yield CardPanel(id="card")
                yield Static(id="own-policy")
                yield Static(id="prompt")
                yield ChoiceList(id="choices")
                yield RationaleField(placeholder="Rationale: why? (Tab, type, Enter)", focused_placeholder="Rationale: why? (type, Enter)", input_id="rationale")
                yield MoveTicker(id="ticker")
        # with a white cell its key takes the palette's room at 80 columns (Ctrl+P still opens it)
        yield Footer(show_command_palette=not self.session.facilitated)

    def on_mount(self) -> None:
        self.query_one("#rationale", Input).cursor_blink = self.app.cursor_blink
        self.call_after_refresh(self.advance)

    def on_screen_resume(self) -> None:
        if self.pending and not self.save_blocked:
            self.pending = False
            if not self.adjudication_done():
                self.call_after_refresh(self.advance)

    # --- driving the session -------------------------------------------------------------

    def advance(self) -> None:
        """Make automatic moves until a person must act; pause after each bot move."""
        self.timer = None
        if not self.is_current or self.save_blocked:
            self.pending = True
            return
        if self.thinking:  # the slow bot's worker advances the game once it has chosen
            return
        session = self.session
        while not session.state.over:
            if self.slow_bot_next():
                thought, self.thought = self.thought, None
                if thought is None or thought[0] is not session.state:
                    self.show_board(None)
                    self.think()
                    return
                move: tuple[Action, str] | None = thought[1]
            else:
                move = session.automatic_move()
            if move is None:
                break
            if self.move_made(*move):
                return
        self.skipping = False
        if session.state.over:
            self.app.switch_screen(EndScreen(session))
            return
        movers = session.human_movers()
        if not movers:
            waiting = ", ".join(to_move(session.state)) or "nobody"
            self.notify(f"No one at this table can move (waiting on {waiting})", severity="error")
            return
        if FACILITATOR in movers:
            self.show_board(None)
            if not self.at_board:
                self.open_white_cell()
            return
        seat = movers[0]
        self.show_board(seat)
        if seat != self.last_seat and len(humans(session.seats)) > 1:  # the first seat to choose too
            self.app.push_screen(HandOverScreen(seat, session.state.phase), self.handed_over)
            return
        self.focus_choices()

    def move_made(self, action: Action, reason: str) -> bool:
        """Perform an automatic move; True when the game stops here for now (a save to fix,
        the adjudication to show, or a pause so the table can follow the bots)."""
        self.perform(action, reason)
        if self.save_blocked:
            self.pending = True
            return True
        if self.adjudication_done():
            return True
        if action.actor in ROLES and self.app.pace > 0 and not self.skipping:
            self.show_board(None)
            self.timer = self.set_timer(self.app.pace, self.advance)
            self.refresh_bindings()  # Space skips ahead only while bots are moving
            return True
        return False

    def slow_bot_next(self) -> bool:
        """Whether the next automatic move is a slow bot's (the actor `Session.automatic_move` picks)."""
        session = self.session
        for actor in to_move(session.state):
            if actor == CHANCE:
                return False
            if actor != FACILITATOR and not session.is_human(actor):
                return session.seats.get(actor) in SLOW_BOTS
        return False

    @work(exclusive=True, group="bot")
    async def think(self) -> None:
        """The slow bot chooses in a thread (keys, timers and other screens stay live), then the game goes on."""
        state = self.session.state
        self.thinking = True
        try:
            move = await asyncio.to_thread(self.session.automatic_move)
        finally:
            self.thinking = False
        if move is not None:
            self.thought = (state, move)  # played by `advance`, if the game is still where the bot looked
        self.advance()

    def handed_over(self, _: None) -> None:
        self.focus_choices()

    def perform(self, action: Action, reason: str) -> None:
        """Act through the session and log what the table may know of it."""
        session = self.session
        before = session.state
        events = session.act(action)
        after = session.state
        record(self.app.logbook, session.seats, before, after, action, events, reason)
        if session.save_error and not self.save_blocked:
            self.ask_for_folder(session.save_error)
        self.save_error = session.save_error
        reveal = next((i for i, e in enumerate(events) if e.kind == "reveal"), None)
        undo = next((i for i, e in enumerate(events) if e.kind == "undo"), None)
        if reveal is not None:
            self.record = AdjudicationRecord(before.turn, before.card, before.values, list(events[reveal:]))
        elif undo is not None and after.checkpoint is not None:  # the adjudication is played again
            back = after.checkpoint
            self.record = AdjudicationRecord(back.turn, back.card, back.values, [*reveal_events(back), *events[undo:]])
        elif self.record is not None:
            self.record.events.extend(events)

    def ask_for_folder(self, error: str) -> None:
        """An autosave failed: stop the game until the whole of it is saved in a folder that works."""
        self.save_blocked = True
        self.pending = True

        def saved(path: Path | None) -> None:
            self.save_blocked = False
            self.save_error = ""
            self.notify(f"Saved to {path}: all {len(self.session.log)} decisions. The game goes on and autosaves there.", markup=False)
            self.call_after_refresh(self.on_screen_resume)  # on with the game once this screen is back on top

        self.app.push_screen(SaveFailedDialog(self.session, error), saved)

    def adjudication_done(self) -> bool:
        """Show the adjudication once its last step is made; True when shown."""
        record = self.record
        if record is None or self.save_blocked or self.session.state.phase == "adjudication":
            return False
        self.record = None
        self.show_board(None)
        self.app.push_screen(AdjudicationScreen(record, self.session.state), self.adjudication_seen)
        return True

    def adjudication_seen(self, _: None) -> None:
        self.advance()

    def open_white_cell(self) -> None:
        """The facilitator's console (the app shows it); its decisions come back through `perform`,
        so this screen logs and adjudicates them, and `facilitator_chose` when it closes."""
        self.at_board = False
        self.post_message(OpenWhiteCell())

    def facilitator_chose(self, to_board: bool | None) -> None:
        """The console closed: on with the game, or (`to_board`) the board shown while the white cell decides."""
        self.at_board = bool(to_board) and FACILITATOR in to_move(self.session.state)
        if self.adjudication_done():
            return
        self.advance()

    def action_white_cell(self) -> None:
        self.open_white_cell()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys the footer shows only when they do something now, so it fits at 80 columns."""
        if action == "white_cell":  # there is no white cell to switch to without a facilitator seat
            return self.session.facilitated
        if action == "skip":  # only bot moves waiting on the pace can be skipped
            return self.timer is not None
        if action == "analyse":  # the analysis is for the seat choosing now
            return self.acting is not None
        if action == "digit":  # only a list to choose from answers numbers
            return self.acting is not None and bool(self.query_one("#choices", ChoiceList).actions)
        if action in ("typed_enter", "clear_typed"):
            return bool(self.typed)
        if action in ("card", "options"):  # one key: "Card" opens the card in full, "Options" goes back
            return (action == "options") == self.has_class("-card")
        return True

    def key_display(self, binding: Binding) -> str | None:
        if binding.action == "digit(1)":
            return keys_hint(len(self.query_one("#choices", ChoiceList).actions))
        return None

    # --- showing -------------------------------------------------------------------------

    def show_board(self, acting: str | None) -> None:
        """Render the view of the seat at the keyboard; `acting` is the seat choosing now, if any."""
        session = self.session
        self.acting = acting
        if acting is not None:
            self.seat = acting
        state = view(session.state, self.seat)
        self.title = heading(state)  # in place of the game's name, so it fits at 80 columns
        self.query_one("#tracks", TrackPanel).show(state)
        self.query_one("#card", CardPanel).show(state, self.seat)
        choices = self.query_one("#choices", ChoiceList)
        choices.show(state, legal_actions(state, acting) if acting is not None else [])
        self.typed = ""
        self.set_class(False, "-card")
        self.show_own_policy(state)
        self.show_prompt()
        self.query_one("#rationale", Input).disabled = acting is None
        self.query_one("#ticker", MoveTicker).show(self.app.logbook.entries)
        self.refresh_bindings()

    def show_prompt(self) -> None:
        """Whose choice it is, or the number being typed."""
        prompt = self.query_one("#prompt", Static)
        if self.typed and self.acting is not None:
            prompt.update(typed_text(self.acting, self.typed, len(self.query_one("#choices", ChoiceList).actions)))
        elif self.has_class("-card"):
            prompt.update(card_prompt(self.acting or self.seat))
        else:
            prompt.update(prompt_text(self.session.state, self.acting))

    def show_own_policy(self, state: GameState) -> None:
        """The outcome of the seat's own last policy, through the turn after it was taken."""
        line = self.query_one("#own-policy", Static)
        mine = self.app.logbook.policy_outcomes.get(self.seat)  # kept by the log, so a resumed game shows it too
        shown = mine is not None and state.turn <= mine[0] + 1
        line.display = shown
        line.update(own_policy_line(state, *mine) if mine is not None and shown else "")

    def focus_choices(self) -> None:
        self.query_one("#choices", ChoiceList).focus()

    # --- choosing ------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#choices")
    def choice_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.typed and event.option_index != int(self.typed) - 1:  # moved off the number typed
            self.set_typed("")

    @on(OptionList.OptionSelected, "#choices")
    def choice_made(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(self.typed_index(event.option_index))

    @on(Input.Submitted, "#rationale")
    def rationale_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.choose(self.typed_index(self.query_one("#choices", ChoiceList).highlighted))

    def typed_index(self, otherwise: int | None) -> int | None:
        """The option of the number typed, if any (Enter ends it), else `otherwise`."""
        if not self.typed:
            return otherwise
        index = int(self.typed) - 1
        self.set_typed("")
        return index

    def set_typed(self, typed: str) -> None:
        self.typed = typed
        self.show_prompt()
        self.refresh_bindings()

    def choose(self, index: int | None) -> None:
        if self.acting is None:
            return
        choices = self.query_one("#choices", ChoiceList)
        action = choices.action_at(index)
        if action is None:
            if index is not None and 0 <= index < len(choices.actions):
                # it may be scrolled out of view: the list shows it with its reason, which the notice would only
                # repeat over the list (at 80x24 a long reason's notice covers most of it)
                choices.show_option(index)
                self.notify(f"Option {index + 1} is closed: the list shows why.", severity="warning", markup=False)
            return
        field = self.query_one("#rationale", Input)
        rationale = field.value.strip()
        if self.session.state.facilitated and not rationale:
            self.notify("A rationale is required in a facilitated game: type it, then press Enter.", severity="warning")
            field.focus()
            return
        try:
            self.perform(action.with_rationale(rationale), "")
        except IllegalAction as err:
            self.notify(err.reason, severity="error", markup=False)
            return
        field.value = ""
        self.last_seat = self.acting
        self.acting = None
        if not self.adjudication_done():
            self.advance()

    def action_digit(self, digit: int) -> None:
        """Choose by number: at once, or (`1` of 16) once the next digit or Enter says which."""
        if self.acting is None:
            return
        choices = self.query_one("#choices", ChoiceList)
        count = len(choices.actions)
        keyed = key_digit(self.typed, str(digit), count)
        self.set_typed(keyed.typed)
        if keyed.missing is not None:
            self.notify(f"No option {keyed.missing}: {keys_hint(count)} choose", severity="warning")
        elif keyed.chosen is not None:
            self.choose(keyed.chosen - 1)
        elif choices.action_at(int(keyed.typed) - 1) is not None:
            choices.highlighted = int(keyed.typed) - 1  # Enter now chooses it; its effects are in view

    def action_typed_enter(self) -> None:
        self.choose(self.typed_index(None))

    def action_clear_typed(self) -> None:
        self.set_typed("")

    def action_card(self) -> None:
        """The event card in full in the options' place, scrolled by the arrows; c or Escape goes back."""
        self.show_card(full=True)
        scroll = self.query_one("#card-scroll", VerticalScroll)
        scroll.scroll_home(animate=False)
        scroll.focus()

    def action_options(self) -> None:
        self.show_card(full=False)
        self.focus_choices()

    def show_card(self, *, full: bool) -> None:
        self.set_class(full, "-card")
        self.query_one("#card", CardPanel).show(view(self.session.state, self.seat), self.seat, full=full)
        self.show_prompt()
        self.refresh_bindings()

    def action_skip(self) -> None:
        """Finish the pending bot moves now."""
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
            self.skipping = True
            self.advance()

    def action_analyse(self) -> None:
        """Decision support: roll out every response open to the seat choosing now, in the background."""
        if self.acting is None:
            self.notify("The analysis is for the seat choosing now", severity="warning")
            return
        self.app.push_screen(AnalysisDialog(self.session.state, self.acting, self.session.seats, seed=self.session.seed))

    def action_back(self) -> None:
        if self.typed:
            self.set_typed("")
            return
        if self.has_class("-card"):
            self.action_options()
            return
        if self.focused is self.query_one("#rationale", Input):
            self.focus_choices()
            return
        self.post_message(LeaveGame())
