"""The report's last section: the deck's sources for what the report cites, in the deck's order."""

from __future__ import annotations

import re

from .markdown import code, joined, md
from .records import Game


def sources_section(game: Game) -> str:
    """The cited sources, each with its citation and link; empty when nothing is cited."""
    deck = game.deck
    if not game.cited:
        return ""
    lines = ["## Sources", "", "The deck's sources for the cards, responses and policies above:", ""]
    for source_id in game.cited:
        source = deck.source(source_id)
        if source is None:
            continue
        text = f"- {code(source.id)}: {md(source.cite)}"
        if source.url:
            text += f" <{source.url}>" if re.fullmatch(r"https?://[^\s<>]+", source.url) else f" ({md(source.url)})"
        lines.append(text)
    return joined(lines)
