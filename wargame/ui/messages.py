"""What screens ask of the app, as messages: a screen says what the table chose, the app acts on it.

Each bubbles from the screen that posts it up to the app, whose handlers
start and leave games, open the white cell's console and send the white
cell's decisions through the game screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from ..engine import Action
    from ..session import Session
    from .screens.facilitator import FacilitatorScreen
    from .screens.setup import SetupScreen
    from .settings import GameSettings


class StartGame(Message):
    """Start a game on these settings; a reason it cannot start goes back to the form."""

    def __init__(self, settings: GameSettings, form: SetupScreen) -> None:
        super().__init__()
        self.settings = settings
        self.form = form


class PlaySession(Message):
    """Play this session (a game branched from a replay) on a fresh game screen."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session


class LeaveGame(Message):
    """Back to the title screen (the app asks first when a game is in progress)."""


class OpenWhiteCell(Message):
    """Show the white cell's console above the game screen."""


class WhiteCellDecision(Message):
    """The white cell decided `action`; the app sends it through the game, then tells the console.

    `waited`: whether the game waited on the white cell when it decided (the console goes back
    to the board once the game no longer does)."""

    def __init__(self, action: Action, console: FacilitatorScreen, waited: bool) -> None:
        super().__init__()
        self.action = action
        self.console = console
        self.waited = waited
