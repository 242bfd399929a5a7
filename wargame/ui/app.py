"""The wargame TUI: title, setup, game, adjudication, end, help and log screens.

The app holds the game settings, the Session in play and its running log;
screens render from them, send every decision through the Session, and ask
the app for the rest by message (`ui/messages.py`). Screens, saves and the
engine are imported when first needed (function-local imports below), so the
title screen comes up fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from . import DEFAULT_DECK
from .messages import LeaveGame, OpenWhiteCell, PlaySession, StartGame, WhiteCellDecision

if TYPE_CHECKING:
    from textual.command import Provider

    from ..engine.model import Deck
    from ..saves import Replay, SaveSummary
    from ..session import Session
    from ..analysis.pool import Workers
    from ..logbook import Logbook
    from .dialogs.pick_save import PickSaveDialog
    from .screens.game import GameScreen
    from .settings import GameSettings


def wargame_commands() -> type[Provider]:
    """The palette's game commands, imported when the palette first opens."""
    from .commands import WargameCommands  # deferred: start-up loads only the title screen

    return WargameCommands


class WargameApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Collective self-defense"
    COMMANDS = App.COMMANDS | {wargame_commands}
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("q", "request_quit", "Quit"),
        Binding("ctrl+q", "request_quit", "Quit", show=False, priority=True),  # Textual's own quits at once
    ]

    def __init__(
        self,
        settings: GameSettings | None = None,
        *,
        deck: Deck | None = None,
        session: Session | None = None,
        replay: Replay | None = None,
        saves_dir: Path | None = None,
        pace: float = 0.8,
        cursor_blink: bool = True,
    ) -> None:
        """`deck` is the loaded deck of `settings.deck`, if loaded; `session`, a game to go straight to
        (a resumed one); `replay`, a saved game to open in the replay viewer above the title screen;
        `saves_dir`, where games are saved; `pace`, seconds per bot move (0: no pause)."""
        super().__init__()
        self.saves_dir = saves_dir
        self.resumed = session
        self.replay = replay
        self._settings = settings  # made on first use: the defaults ask which bots exist
        self.decks: dict[str, Deck] = {}
        if deck is not None:
            self.decks[settings.deck if settings else DEFAULT_DECK] = deck
        self.pace = pace
        self.cursor_blink = cursor_blink
        self.session: Session | None = None
        self._logbook: Logbook | None = None
        self._rollout_pool: Workers | None = None

    @property
    def settings(self) -> GameSettings:
        if self._settings is None:
            from .settings import GameSettings  # deferred: start-up loads only the title screen

            self._settings = GameSettings()
        return self._settings

    @settings.setter
    def settings(self, value: GameSettings) -> None:
        self._settings = value

    @property
    def logbook(self) -> Logbook:
        """The running log of the game in play."""
        if self._logbook is None:
            from ..logbook import Logbook  # deferred: start-up loads only the title screen

            self._logbook = Logbook()
        return self._logbook

    def notify(self, message: str, *, title: str = "", severity: Any = "information", timeout: float | None = None, markup: bool = True) -> None:
        """A notification; what it quotes from a deck, a save or a player is made printable first."""
        from ..text import printable  # deferred: start-up loads only the title screen

        super().notify(printable(message), title=printable(title, one_line=True), severity=severity, timeout=timeout, markup=markup)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own palette commands but its quit, which would end a game without asking (the game's quit asks)."""
        for command in super().get_system_commands(screen):
            if command.callback != self.action_quit:
                yield command

    def get_default_screen(self) -> Screen[Any]:
        from .screens.title import TitleScreen  # deferred: start-up loads only the title screen

        return TitleScreen()

    def on_mount(self) -> None:
        if self.resumed is not None:
            self.play(self.resumed)
            self.resumed = None
        if self.replay is not None:
            from .screens.replay import ReplayScreen  # deferred: start-up loads only the title screen

            self.push_screen(ReplayScreen(self.replay, saves_dir=self.saves_dir))
            self.replay = None

    def on_unmount(self) -> None:
        """The app is closing: stop the rollout workers."""
        if self._rollout_pool is not None:
            self._rollout_pool.close()
            self._rollout_pool = None

    def rollout_workers(self, jobs: int) -> Workers:
        """The one warm pool of rollout workers: started by the first analysis, kept until the app exits."""
        from ..analysis.pool import Workers  # deferred: start-up loads only the title screen

        if self._rollout_pool is None or self._rollout_pool.jobs != jobs:
            if self._rollout_pool is not None:
                self._rollout_pool.close()
            self._rollout_pool = Workers(jobs)
        return self._rollout_pool

    # --- games ---------------------------------------------------------------------------

    def scenario_label(self) -> str:
        ref = self._settings.deck if self._settings else DEFAULT_DECK
        deck = self.decks.get(ref)
        return f"{deck.id}: {deck.title}" if deck else ref

    def load(self, ref: str) -> Deck:
        from ..decks import load_deck  # deferred: start-up loads only the title screen

        if ref not in self.decks:
            self.decks[ref] = load_deck(ref)
        return self.decks[ref]

    def start_game(self, settings: GameSettings) -> str | None:
        """Start a game; the one-line reason when it cannot start."""
        from attrs import evolve

        from ..decks import DeckError  # deferred: start-up loads only the title screen
        from ..session import Session  # deferred: start-up loads only the title screen
        from .saving import attach_autosave  # deferred: start-up loads only the title screen
        from .settings import random_seed  # deferred: start-up loads only the title screen

        try:
            deck = self.load(settings.deck)
            session = Session.new(
                deck, seed=settings.seed, seats=settings.seat_map, mode=settings.mode, turns=settings.turns
            )
        except DeckError as err:
            return str(err)
        except ValueError as err:
            return str(err)
        attach_autosave(session, self.saves_dir)
        self.settings = evolve(settings, seed=random_seed())
        self.play(session)
        self.logbook.add_events(1, list(session.opening))
        return None

    def play(self, session: Session, logbook: Logbook | None = None) -> None:
        """Show `session` on a fresh game screen above the title screen."""
        from ..logbook import Logbook, replayed  # deferred: start-up loads only the title screen
        from .screens.game import GameScreen  # deferred: start-up loads only the title screen

        self.session = session
        if logbook is None:
            logbook = replayed(session) if session.log else Logbook()
        self._logbook = logbook
        self._unwind()
        self.push_screen(GameScreen(session))

    def game_screen(self) -> GameScreen | None:
        """The game screen in the stack, if a game is shown."""
        from .screens.game import GameScreen  # deferred: start-up loads only the title screen

        return next((s for s in reversed(self.screen_stack) if isinstance(s, GameScreen)), None)

    def game_in_progress(self) -> bool:
        return self.session is not None and not self.session.state.over and self.game_screen() is not None

    def _unwind(self) -> None:
        """Pop everything above the title screen (the default screen)."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    # --- what the screens ask (messages) --------------------------------------------------

    def on_start_game(self, message: StartGame) -> None:
        error = self.start_game(message.settings)
        if error:
            message.form.show_error(error)

    def on_play_session(self, message: PlaySession) -> None:
        self.play(message.session)

    def on_leave_game(self, message: LeaveGame) -> None:
        self.action_leave_game()

    def on_open_white_cell(self, message: OpenWhiteCell) -> None:
        """The console above the game screen; its decisions come back as WhiteCellDecision."""
        from .screens.facilitator import FacilitatorScreen  # deferred: start-up loads only the title screen

        game = self.game_screen()
        if game is None or any(isinstance(s, FacilitatorScreen) for s in self.screen_stack):
            return
        self.push_screen(FacilitatorScreen(game.session), game.facilitator_chose)

    def on_white_cell_decision(self, message: WhiteCellDecision) -> None:
        """Send the white cell's decision through the game screen (its log, autosave and adjudication)."""
        from ..engine import IllegalAction  # deferred: start-up loads only the title screen

        action, console = message.action, message.console
        game = self.game_screen()
        try:
            if game is not None:
                game.perform(action, "")
            else:  # a console without a game screen acts on its session and the running log itself
                before = console.session.state
                events = console.session.act(action)
                self.logbook.add_events(before.turn, events, next_turn=console.session.state.turn)
        except IllegalAction as err:
            self.notify(err.reason, severity="error", markup=False)
            return
        console.decision_taken(action, message.waited)

    # --- actions (keys, menus and the command palette) ----------------------------------

    def new_game(self, deck: str | None = None) -> None:
        from attrs import evolve

        from .screens.setup import SetupScreen  # deferred: start-up loads only the title screen

        settings = self.settings if deck is None else evolve(self.settings, deck=deck)

        def go(ok: bool | None) -> None:
            if ok:
                self._unwind()
                self.push_screen(SetupScreen(settings))

        self._confirm_leaving(go)

    def action_new_game(self) -> None:
        self.new_game()

    def _pick_save(self, title: str) -> PickSaveDialog | None:
        """The dialog to choose one of the saves, or None (with a notice) when there are none."""
        from .dialogs.pick_save import PickSaveDialog  # deferred: start-up loads only the title screen
        from .saving import NO_SAVES, list_saves  # deferred: start-up loads only the title screen

        saves = list_saves(self.saves_dir)
        if not saves:
            self.notify(NO_SAVES, markup=False)
            return None
        return PickSaveDialog(title, saves)

    def action_resume(self) -> None:
        from .saving import resume  # deferred: start-up loads only the title screen

        def picked(item: SaveSummary | None) -> None:
            if item is None:
                return
            try:
                session = resume(item)
            except ValueError as err:
                self.notify(f"Cannot resume: {err}", severity="error", markup=False)
                return
            self.play(session)

        dialog = self._pick_save("Resume which game?")
        if dialog is None:
            return

        def pick(ok: bool | None) -> None:
            if ok:
                self.push_screen(dialog, picked)

        self._confirm_leaving(pick)

    def action_replay(self) -> None:
        from .saving import saves_folder  # deferred: start-up loads only the title screen
        from .screens.replay import ReplayScreen  # deferred: start-up loads only the title screen

        def picked(item: SaveSummary | None) -> None:
            if item is None:
                return
            if self.in_progress(item.path):
                self.replay_in_progress()
                return
            self.push_screen(ReplayScreen(item.path, saves_dir=saves_folder(self.saves_dir)))

        dialog = self._pick_save("Replay which game?")
        if dialog is not None:
            self.push_screen(dialog, picked)

    def in_progress(self, path: Path) -> bool:
        """Whether a save picked is the file of the game in progress."""
        session = self.session
        if session is None or session.save_path is None or not self.game_in_progress():
            return False
        try:
            return path.resolve() == session.save_path.resolve()
        except OSError:
            return False

    def replay_in_progress(self) -> None:
        """The game in progress replayed only up to the last reveal, so no seat sees a sealed choice."""
        from ..saves import open_replay  # deferred: start-up loads only the title screen
        from ..secrecy import public_until  # deferred: start-up loads only the title screen
        from .screens.replay import ReplayScreen  # deferred: start-up loads only the title screen

        session = self.session
        assert session is not None and session.save_path is not None
        if session.facilitated:
            self.notify("This game is in progress with a white cell: its replay opens when the game is over.", severity="warning")
            return
        try:
            replay = open_replay(session.save_path)
        except Exception as err:  # noqa: BLE001 - one line, never a crash
            self.notify(f"Cannot replay: {err}", severity="error", markup=False)
            return
        self.push_screen(ReplayScreen(replay, saves_dir=self.saves_dir, limit=public_until(replay.states)))

    def action_decks(self) -> None:
        from .screens.decks import DecksScreen  # deferred: start-up loads only the title screen

        def chosen(deck: str | None) -> None:
            if deck is not None:
                self.new_game(deck=deck)

        self.push_screen(DecksScreen(), chosen)

    def action_help(self) -> None:
        from .screens.help import HelpScreen  # deferred: start-up loads only the title screen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            self.push_screen(HelpScreen())

    def action_show_log(self) -> None:
        from .screens.log import LogScreen  # deferred: start-up loads only the title screen

        if isinstance(self.screen, LogScreen):
            self.pop_screen()
        elif self.session is not None:
            self.push_screen(LogScreen(self.logbook))
        else:
            self.notify("No game yet: the log starts with a game.")

    def action_skip(self) -> None:
        from .screens.game import GameScreen  # deferred: start-up loads only the title screen

        if isinstance(self.screen, GameScreen):
            self.screen.action_skip()

    def action_leave_game(self) -> None:
        """Back to the title screen, asking first when a game is in progress."""

        def leave(ok: bool | None) -> None:
            if ok:
                self._unwind()

        self._confirm_leaving(leave)

    def action_to_title(self) -> None:
        self.action_leave_game()

    def action_request_quit(self) -> None:
        if not self.game_in_progress():
            self.exit()
            return
        from .dialogs.confirm import ConfirmDialog  # deferred: start-up loads only the title screen

        def quit_(ok: bool | None) -> None:
            if ok:
                self.exit()

        status = f" {self.session.save_status()}" if self.session is not None else ""
        self.push_screen(ConfirmDialog(f"Quit the game in progress?{status}", yes="Quit", no="Keep playing"), quit_)

    def _confirm_leaving(self, then: Callable[[bool | None], None]) -> None:
        """`then(True)` at once when no game is in progress; else after asking, with the answer."""
        if not self.game_in_progress():
            then(True)
            return
        from .dialogs.confirm import ConfirmDialog  # deferred: start-up loads only the title screen

        question = "Leave the game in progress?"
        if self.session is not None:
            question += f" {self.session.save_status()}"
        self.push_screen(ConfirmDialog(question, yes="Leave", no="Keep playing"), then)
