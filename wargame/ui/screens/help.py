"""Help (F1): the rules in short, the legal ladder, a glossary and the keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Markdown, TabbedContent, TabPane

from ..base import WargameScreen
from ..help_text import GLOSSARY, KEYS, LADDER, rules_text


#: Left and Right share one label in the footer
TABS = Binding.Group("Tab", compact=True)


class HelpScreen(WargameScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("f1", "close", "Close help", show=False),
        Binding("left", "tab(-1)", "Prev tab", group=TABS, priority=True),
        Binding("right", "tab(1)", "Next tab", group=TABS, priority=True),
    ]

    def __init__(self, tab: str = "rules") -> None:
        super().__init__()
        self.first_tab = tab

    def compose(self) -> ComposeResult:
        session = self.app.session  # the game in play, if any: the rules say its lines in its figures
        yield Header()
        with TabbedContent(initial=self.first_tab):
            for pane_id, title, body in (
                ("rules", "Rules", rules_text(session.deck if session is not None else None)),
                ("ladder", "Legal ladder", LADDER),
                ("glossary", "Glossary", GLOSSARY),
                ("keys", "Keys", KEYS),
            ):
                with TabPane(title, id=pane_id):
                    with VerticalScroll(id=f"{pane_id}-scroll", classes="help-page"):
                        yield Markdown(body)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "help"
        self.call_after_refresh(self.focus_page)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        event.stop()
        self.call_after_refresh(self.focus_page)

    def focus_page(self) -> None:
        """Focus the page shown, so Up/Down, Page Up/Down, Home and End scroll it (Left/Right change tab)."""
        tabs = self.query_one(TabbedContent)
        if tabs.active:
            self.query_one(f"#{tabs.active}-scroll", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss()

    def action_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        order = ["rules", "ladder", "glossary", "keys"]
        now = order.index(tabs.active) if tabs.active in order else 0
        tabs.active = order[(now + step) % len(order)]
