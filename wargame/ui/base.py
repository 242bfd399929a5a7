"""The screens' and dialogs' common base: their `app` is the WargameApp, typed as such.

Screens read the app's settings (pace, cursor blink, saves folder, the
running log) through it; what they ask the app to do goes up as a message
(`ui/messages.py`). The app imports its screens when first shown, so this
module imports the app's class for the type checker only, as Textual's own
base classes do (at run time `app` is Textual's property: the running app).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from textual import getters

    from .app import WargameApp

ResultType = TypeVar("ResultType")


class WargameScreen(Screen[ResultType]):
    """A full screen of the wargame."""

    if TYPE_CHECKING:
        app = getters.app(WargameApp)

    def key_display(self, binding: Binding) -> str | None:
        """How the footer names `binding`'s key when that depends on what is shown (a list's '1-16'); None: as usual."""
        return None


class WargameModal(ModalScreen[ResultType]):
    """A dialog of the wargame: it dismisses with its typed answer."""

    if TYPE_CHECKING:
        app = getters.app(WargameApp)
