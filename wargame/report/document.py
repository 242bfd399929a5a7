"""The report put together: its sections in order, one at a time or as one Markdown document."""

from __future__ import annotations

import re

from attrs import frozen

from ..session import Session
from .hotwash import hotwash_section
from .limits import limits_section
from .messages import messages_section
from .msel import msel_section
from .overview import end_section, header_section, scenario_section, tracks_section
from .reading import read_game
from .sources import sources_section
from .timeline import timeline_section


@frozen
class ReportSection:
    """One top-level section of the report: its heading's text and its Markdown (heading included)."""

    title: str
    markdown: str


def report_sections(session: Session) -> list[ReportSection]:
    """The report section by section, for a viewer that shows one at a time.

    Textual's Markdown widget builds a widget per block, so a long game's
    whole report takes seconds to mount; a section at a time stays quick.
    """
    game = read_game(session)
    parts = [
        header_section(game),
        scenario_section(game),
        end_section(game),
        tracks_section(game),
        limits_section(game),
        msel_section(game),
        messages_section(game),
        hotwash_section(game),
        timeline_section(game),
        sources_section(game),
    ]
    sections = []
    for part in parts:
        text = part.strip("\n")
        if text:
            first = text.split("\n", 1)[0]
            sections.append(ReportSection(re.sub(r"\\(.)", r"\1", first.lstrip("#").strip()), text))
    return sections


def build_report(session: Session) -> str:
    """The after-action report of `session` as Markdown (for a file or a Markdown viewer)."""
    return "\n\n".join(s.markdown for s in report_sections(session)) + "\n"
