"""The after-action report in a Markdown viewer, one page at a time.

Textual's Markdown widget builds a widget per block, so the whole report of
a long game would take seconds to show; the viewer shows one section of
`report_sections` at a time, and splits a long section (the timeline, the
hotwash of a long game) at its subheadings into pages of their own. A
table too wide for the page is shown stacked, a block of lines per row
(`wargame.report.fit`), and laid out again when the page's width changes.
The report shows every seat's rationale, so it is offered at the end of the
game and to the white cell, never to a player mid-game.
"""

from __future__ import annotations

import re

from attrs import frozen
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Markdown, OptionList, Static
from textual.widgets.option_list import Option as ListOption

from ...report import ReportError, report_sections
from ...report.fit import fit_tables
from ...session import Session
from ..base import WargameScreen
from ..safe import Text, shown

#: a section longer than this is split at its `###` subheadings
SPLIT_AT = 6_000
#: a page longer than this is cut at blank lines into parts
PAGE_LIMIT = 12_000
_SUBHEADING = re.compile(r"^### ", re.M)
#: the first line of a list item
_ITEM = re.compile(r"^(?:[-*+]|\d+[.)]) ")


@frozen
class Page:
    """One page of the viewer: a section, or a part of one, with the title shown in the contents."""

    title: str
    markdown: str
    level: int = 0  # 0 a section, 1 a part of one


def plain_heading(line: str) -> str:
    """A Markdown heading line as plain words (no #, no escapes, no code marks)."""
    return re.sub(r"\\(.)", r"\1", line.lstrip("#").strip()).replace("`", "")


def split_block(block: str, limit: int = PAGE_LIMIT) -> list[str]:
    """A block too long for one page, cut between lines: a list between items, a table between rows
    (each part repeating its header); a line break kept at a cut would show as a backslash."""
    lines = block.split("\n")
    table = len(lines) > 2 and lines[0].startswith("|") and set(lines[1]) <= set("|-: ")
    header, body = (lines[:2], lines[2:]) if table else ([], lines)
    listed = bool(_ITEM.match(body[0])) if body else False
    parts: list[list[str]] = []
    current: list[str] = []
    size = 0
    for line in body:
        if current and size + len(line) > limit and (not listed or _ITEM.match(line)):
            parts.append(current)
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    if current:
        parts.append(current)
    return ["\n".join(header + part).removesuffix("\\") for part in parts]


def cut(markdown: str, limit: int = PAGE_LIMIT) -> list[str]:
    """Cut at blank lines into parts of about `limit` characters (a longer block between its lines)."""
    if len(markdown) <= limit:
        return [markdown]
    blocks: list[str] = []
    for block in markdown.split("\n\n"):
        blocks.extend(split_block(block, limit) if len(block) > limit else [block])
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for block in blocks:
        if current and size + len(block) > limit:
            parts.append("\n\n".join(current))
            current, size = [], 0
        current.append(block)
        size += len(block) + 2
    if current:
        parts.append("\n\n".join(current))
    return parts


def pages_of(title: str, markdown: str) -> list[Page]:
    """A section as one page, or (when long) its lead and each subsection as pages of their own."""
    starts = [m.start() for m in _SUBHEADING.finditer(markdown)]
    if len(markdown) <= SPLIT_AT or not starts:
        chunks = cut(markdown)
        return [Page(title if i == 0 else f"{title} (part {i + 1})", c, 0 if i == 0 else 1) for i, c in enumerate(chunks)]
    pages = [Page(title, markdown[: starts[0]].rstrip())]
    for begin, end in zip(starts, [*starts[1:], len(markdown)]):
        body = markdown[begin:end].strip("\n")
        name = plain_heading(body.split("\n", 1)[0])
        for i, chunk in enumerate(cut(body)):
            pages.append(Page(name if i == 0 else f"{name} (part {i + 1})", chunk, 1))
    return pages


class ReportScreen(WargameScreen[None]):
    CSS_PATH = "screens.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("n", "page(1)", "Next page"),
        Binding("p", "page(-1)", "Previous page"),
        Binding("right", "page(1)", "Next page", show=False),
        Binding("left", "page(-1)", "Previous page", show=False),
        Binding("c", "contents", "Contents"),
        Binding("tab", "switch", "Contents/page", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.pages: list[Page] = []
        self.problem = ""
        self.current = -1
        self.wanted = ""  # the page's Markdown to show, its tables fitted to the width
        self.laid_out = ""  # the Markdown the viewer shows (or is putting up) now
        self.laying_out = False
        self.to_top = False

    def compose(self) -> ComposeResult:
        try:
            for section in report_sections(self.session):
                self.pages.extend(pages_of(section.title, section.markdown))
        except ReportError as err:
            self.problem = str(err)
        yield Header()
        with Horizontal(id="report"):
            toc = [ListOption(Text(("  " * p.level) + p.title)) for p in self.pages]
            yield OptionList(*toc, id="report-toc")
            with VerticalScroll(id="report-scroll"):
                if self.problem:
                    yield Static(Text(f"No report: {self.problem}"), id="report-problem")
                yield Markdown(id="report-md")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "After-action report"  # in place of the game's name, so the page's title fits
        if self.pages:
            self.call_after_refresh(self.first_page)  # once laid out, so the page is fitted to its width
        self.query_one("#report-toc", OptionList).focus()

    def first_page(self) -> None:
        if self.current < 0:  # unless a key has turned to a page already
            self.show(0)

    def show(self, index: int) -> None:
        """Show page `index` (the contents follow)."""
        if not 0 <= index < len(self.pages) or index == self.current:
            return
        self.current = index
        page = self.pages[index]
        self.sub_title = f"page {index + 1}/{len(self.pages)} · {shown(page.title, one_line=True)}"
        toc = self.query_one("#report-toc", OptionList)
        if toc.highlighted != index:
            toc.highlighted = index
        self.to_top = True
        self.fit()

    def text_width(self) -> int:
        """The columns the page's text has: the page less its padding, the Markdown's, and a
        scrollbar's (counted even when there is none, so a scrollbar coming or going never
        switches the layout back and forth)."""
        scroll = self.query_one("#report-scroll", VerticalScroll)
        md = self.query_one("#report-md", Markdown)
        return scroll.size.width - scroll.styles.gutter.width - scroll.styles.scrollbar_size_vertical - md.styles.gutter.width

    def fit(self) -> None:
        """Show the page with each table too wide for it stacked; nothing is redrawn if that is unchanged."""
        if not 0 <= self.current < len(self.pages):
            return
        width = self.text_width()
        markdown = shown(self.pages[self.current].markdown)
        self.wanted = fit_tables(markdown, width) if width > 0 else markdown
        if self.wanted != self.laid_out and not self.laying_out:
            self.laying_out = True
            self.run_worker(self.lay_out(), group="report-page")

    async def lay_out(self) -> None:
        """Put up the wanted Markdown, one update at a time: Textual's Markdown drops the blocks it
        had when asked, so a second update begun before the first is done would leave both on screen."""
        md = self.query_one("#report-md", Markdown)
        try:
            while self.laid_out != self.wanted:
                markdown = self.wanted
                self.laid_out = markdown
                await md.update(markdown)
                if self.to_top:  # a new page opens at its top; one laid out again stays where it was
                    self.to_top = False
                    self.query_one("#report-scroll", VerticalScroll).scroll_home(animate=False)
        finally:
            self.laying_out = False

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.fit)  # once the page has its new width

    @on(OptionList.OptionHighlighted, "#report-toc")
    def page_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.show(event.option_index)

    @on(OptionList.OptionSelected, "#report-toc")
    def page_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.show(event.option_index)
        self.query_one("#report-scroll", VerticalScroll).focus()

    def action_page(self, step: int) -> None:
        self.show(max(0, min(len(self.pages) - 1, max(0, self.current) + step)))

    def action_switch(self) -> None:
        toc = self.query_one("#report-toc", OptionList)
        if toc.has_focus or not toc.display:
            self.query_one("#report-scroll", VerticalScroll).focus()
        else:
            toc.focus()

    def action_contents(self) -> None:
        """Hide the contents to give a wide table the whole width (at 80 columns), or show them again."""
        toc = self.query_one("#report-toc", OptionList)
        toc.display = not toc.display
        (toc if toc.display else self.query_one("#report-scroll", VerticalScroll)).focus()
        self.call_after_refresh(self.fit)  # the page is wider (or narrower) now

    def action_close(self) -> None:
        self.dismiss()
