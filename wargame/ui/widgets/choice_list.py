"""The response (or policy) chooser: every option of the seat, closed ones greyed with their reason.

Each open option says what it does (odds, legal basis, effects on success
and failure); the highlighted one opens in place to its whole description,
so the text beside it is plainly its own. The list scrolls by whole options:
the top line is always an option's first, with its number and title.
"""

from __future__ import annotations

from rich.console import RenderableType
from textual.strip import Strip
from textual.style import Style
from textual.widgets import OptionList
from textual.widgets.option_list import Option as ListOption

from ...engine import Action, GameState
from ..option_text import numbered, option_body


class ChoiceList(OptionList):
    """Lists `legal_actions` for one seat; the screen acts on OptionSelected with `action_at`."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.actions: list[Action] = []
        self.state: GameState | None = None
        self.expanded: int | None = None  # the option shown with its description

    def show(self, state: GameState, actions: list[Action]) -> None:
        self.actions = list(actions)
        self.state = state
        self.expanded = None
        self.clear_options()
        self.add_options([ListOption(self.prompt(i), id=f"choice-{i + 1}", disabled=not a.allowed) for i, a in enumerate(self.actions)])
        first = next((i for i, a in enumerate(self.actions) if a.allowed), None)
        self.highlighted = first
        self.open_at(first)  # the watcher runs only when the highlight moves
        self.call_after_refresh(self.show_from_top)

    def prompt(self, index: int, *, expanded: bool = False) -> RenderableType:
        assert self.state is not None
        action = self.actions[index]
        body = option_body(self.state, action, expanded=expanded)
        return numbered(index + 1, len(self.actions), body, allowed=action.allowed)

    def open_at(self, index: int | None) -> None:
        """Open the option at `index` to its description, and close the one open before."""
        if index == self.expanded or self.state is None:
            return
        before, self.expanded = self.expanded, None
        if before is not None and before < len(self.actions):
            self.replace_option_prompt_at_index(before, self.prompt(before))
        if index is not None and 0 <= index < len(self.actions) and self.actions[index].allowed:
            self.expanded = index
            self.replace_option_prompt_at_index(index, self.prompt(index, expanded=True))

    def watch_highlighted(self, highlighted: int | None) -> None:
        self.open_at(highlighted)
        super().watch_highlighted(highlighted)

    def show_from_top(self) -> None:
        """Keep the closed options above the highlight in view when they fit."""
        self.scroll_to(y=0, animate=False, immediate=True)
        self.call_after_refresh(self.open_view)

    def open_view(self) -> None:
        """The highlight in view as a list opens; when the closed options above it do not fit, the title of the
        one just above still shows on the top row (`render_line`), so nobody misses that the list starts higher."""
        y = self.highlight_y()
        span = self.span(self.highlighted) if self.highlighted is not None else None
        if y is None or span is None:
            return
        start, size = span
        if y == start > 0 and size < self.scrollable_content_region.height:
            y -= 1
        self.scroll_to(y=y, animate=False, immediate=True, force=True)

    # --- scrolling by whole options ----------------------------------------------------

    def span(self, index: int) -> tuple[int, int] | None:
        """The first line of option `index` in the list, and how many lines it takes (None before layout)."""
        start = self._index_to_line.get(index)
        return None if start is None else (start, self._heights[index])

    def option_start(self, line: int) -> int:
        """The first line of the first option that starts at or after `line`."""
        lines = self._lines
        if not 0 <= line < len(lines):
            return line
        index, offset = lines[line]
        return line if offset == 0 else self._index_to_line.get(index + 1, len(lines))

    @property
    def max_scroll_y(self) -> int:
        """Past the end if need be, so the last options can be shown from an option's first line."""
        natural = super().max_scroll_y
        return max(natural, self.option_start(natural)) if self.options else natural

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Show the highlighted option whole (its start, if it is taller than the list), from an option's first line."""
        y = self.highlight_y(top)
        if y is not None:
            self.scroll_to(y=y, animate=False, immediate=True, force=True)

    def highlight_y(self, top: bool = False) -> int | None:
        """Where `scroll_to_highlight` scrolls to (None with no highlight or before layout)."""
        highlighted = self.highlighted
        if highlighted is None or not self.is_mounted:
            return None
        self._update_lines()
        span, height = self.span(highlighted), self.scrollable_content_region.height
        if span is None or height <= 0:
            return None
        start, size = span
        if top or size >= height:
            y = start
        else:
            y = min(max(round(self.scroll_offset.y), start + size - height), start)
        return min(self.option_start(y), start)

    def show_option(self, index: int) -> None:
        """Scroll to option `index` from its first line (a closed one, picked by its number, shows its reason in place)."""
        span = self.span(index)
        if span is not None:
            self.scroll_to(y=span[0], animate=False, immediate=True, force=True)

    def action_cursor_down(self) -> None:
        if not (self.read_on(1) or self.reveal(1)):
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if not (self.read_on(-1) or self.reveal(-1)):
            super().action_cursor_up()

    def reveal(self, step: int) -> bool:
        """At the first (last) open option, scroll an option at a time to the closed ones above (below) it
        before going round to the last (first)."""
        highlighted, height = self.highlighted, self.scrollable_content_region.height
        if highlighted is None or height <= 0:
            return False
        beyond = self.options[:highlighted] if step < 0 else self.options[highlighted + 1 :]
        if any(not option.disabled for option in beyond):
            return False
        lines, top = self._lines, round(self.scroll_offset.y)
        if step < 0 and 0 < top <= len(lines):
            y = self._index_to_line[lines[top - 1][0]]  # the start of the option above the top
        elif step > 0 and top + height < len(lines):
            y = self.option_start(top + 1)
        else:
            return False
        self.scroll_to(y=y, animate=False, immediate=True, force=True)
        return True

    def read_on(self, step: int) -> bool:
        """Scroll half a list through a highlighted option taller than the list before moving off it."""
        highlighted, height = self.highlighted, self.scrollable_content_region.height
        span = self.span(highlighted) if highlighted is not None else None
        if span is None or height <= 1:
            return False
        start, end, top = span[0], span[0] + span[1], round(self.scroll_offset.y)
        if not start <= top < end:
            return False
        if step > 0 and top + height < end:
            y = min(top + height // 2, end - height)
        elif step < 0 and top > start:
            y = max(top - height // 2, start)
        else:
            return False
        self.scroll_to(y=y, animate=False, immediate=True, force=True)
        return True

    def render_line(self, y: int) -> Strip:
        """The top row always shows an option's first line: read inside a tall option, its number and title stay."""
        if y == 0:
            lines, top = self._lines, round(self.scroll_offset.y)
            if 0 <= top < len(lines) and lines[top][1] > 0:
                index = lines[top][0]
                return self._get_option_render(self.options[index], self.option_style(index))[0]
        return super().render_line(y)

    def option_style(self, index: int) -> Style:
        """The style the list draws option `index` in now (as OptionList.render_line picks it)."""
        option = self.options[index]
        if option.disabled:
            return self.get_visual_style("option-list--option", "option-list--option-disabled")
        if self.highlighted == index:
            return self.get_visual_style("option-list--option", "option-list--option-highlighted")
        if self._mouse_hovering_over == index:
            return self.get_visual_style("option-list--option", "option-list--option-hover")
        return self.get_visual_style("option-list--option")

    def action_at(self, index: int | None) -> Action | None:
        if index is None or not 0 <= index < len(self.actions):
            return None
        action = self.actions[index]
        return action if action.allowed else None
