"""The report's timeline: each turn's card, responses and policies (gates, odds, rolls), then every decision.

A turn the facilitator took up again after an undo is told again, as its
own segment, so the log's decisions all appear in the order they were made.
"""

from __future__ import annotations

from ..engine import CHANCE, FACILITATOR, HOLD, ROLES
from ..engine.tracks import ROLE_NAMES
from .markdown import cell, code, joined, md, paragraph, quoted, table
from .records import Game, Item, Outcome, Segment
from .wording import basis_cell, decision_text, option_name

#: events told elsewhere: sealed choices and policies in the tables, a new turn by its heading
_SKIP_EVENTS = ("sealed", "policy", "turn")


def timeline_section(game: Game) -> str:
    """Every segment of the game, in the order played."""
    lines = [
        "## Timeline",
        "",
        "Turn by turn: the event card, each capital's response and rationale, the gates, odds, "
        "rolls and outcomes, the facilitator's rulings, and the policies; then every decision in "
        "order with what the rules said about it.",
    ]
    for seg in game.segments:
        lines += ["", *_segment(game, seg)]
    return joined(lines)


def _segment(game: Game, seg: Segment) -> list[str]:
    """One turn: its card, the responses and policies as tables, then each decision step by step."""
    deck, final = game.deck, game.final
    title = f"### Turn {seg.turn} of {final.last_turn}"
    if seg.again:
        title += " (again, after the facilitator's undo)"
    if seg.card:
        title += f": {md(deck.card(seg.card).title)}"
    lines = [title, ""]
    if seg.card:
        lines += _card_block(game, seg)
    elif any(e.kind == "draw" for item in seg.items for e in item.events):
        lines += ["No event card could be drawn this turn.", ""]
    responses = game.response_outcomes(seg)
    if responses:
        lines += ["**Responses**, revealed together and resolved in the card's order:", ""]
        lines += table(
            ["Capital", "Response", "Legal basis", "Rationale", "Gates", "Odds", "Roll or ruling", "Outcome"],
            [_outcome_row(o, with_csd=True) for o in responses],
        )
        lines.append("")
    if seg.policies:
        lines += ["**Policies:**", ""]
        lines += table(
            ["Capital", "Action", "Rationale", "Gates", "Odds", "Roll or ruling", "Outcome"],
            [_outcome_row(o, with_csd=False) for o in seg.policies],
        )
        lines.append("")
    lines += ["**Step by step:**", ""]
    for item in seg.items:
        lines += _item(game, item)
    return lines[:-1] if lines[-1] == "" else lines


def _card_block(game: Game, seg: Segment) -> list[str]:
    """The event card in play: its facts, text, why it matters, whom it addresses, its sources."""
    deck = game.deck
    card = deck.card(seg.card or "")
    facts = [code(card.id)]
    if card.case is not None:
        facts.append(f"case {card.case} of the 15 cases")
    if card.date:
        facts.append(md(card.date))
    by = seg.card_by
    if by == CHANCE:
        facts.append("drawn by chance")
    elif by == FACILITATOR:
        facts.append("injected by the facilitator")
    else:
        facts.append(f"put in play by inject {code(by)}")
    lines = [f"**Event card:** *{md(card.title)}* ({'; '.join(facts)})", "", f"> {md(card.text)}", ""]
    if card.explain:
        lines += [f"Why it matters: {md(card.explain)}", ""]
    lines += [f"Addressed to {', '.join(ROLE_NAMES[r] for r in card.addresses)}, resolved in that order.", ""]
    cites = [deck.source(s) for s in card.sources]
    if cites:
        lines += ["Sources: " + "; ".join(f"{md(c.cite)} ({code(c.id)})" for c in cites if c is not None) + ".", ""]
    return lines


def _outcome_row(o: Outcome, *, with_csd: bool) -> list[str]:
    """A response or policy as a table row: choice, rationale, gates, odds, roll or ruling, outcome."""
    name = option_name(o.option, o.choice)
    row = [ROLE_NAMES[o.role], f"{name} (#{o.seq})" if o.seq else name]
    if with_csd:
        row.append(basis_cell(o.option))
    row.append(cell(o.rationale))
    if o.choice == HOLD:
        return row + ["—", "—", "—", "no action"]
    if not o.settled:
        return row + ["—", "—", "—", "not yet resolved"]
    row.append(f"failed: {md(o.gate)}" if o.gate else "met")
    if o.gate:
        row.append("—")
    else:
        row.append(f"{o.odds}%" if o.odds is not None else "certain")
    if o.ruled:
        row.append(f"ruled by the facilitator: {md(o.ruled)}")
    else:
        row.append(str(o.roll) if o.roll is not None else "—")
    outcome = "success" if o.success else "failure"
    if o.override:
        outcome += f"; overridden by the facilitator: {md(o.override)}"
    row.append(outcome)
    return row


def _item(game: Game, item: Item) -> list[str]:
    """A decision and its events as one paragraph, a line each (one block keeps viewers fast)."""
    step = item.step
    events = [f"→ {md(e.text)}" for e in item.events if e.kind not in _SKIP_EVENTS]
    if item.carried or step.decision is None:
        if not events:
            return []
        head = "Start of the game:" if step.decision is None else f"Start of the turn (after #{step.seq}):"
        return [paragraph([head, *events]), ""]
    text = f"**#{step.seq}** {decision_text(step, game.deck)}"
    action = step.decision.action
    if action.actor in ROLES:
        text += f"; rationale: {quoted(action.rationale)}"
    elif action.actor == FACILITATOR and action.rationale.strip():
        text += f"; reason: {quoted(action.rationale)}"
    if step.seq in game.undone:
        text += f" *(taken back by the undo at #{game.undone[step.seq]})*"
    return [paragraph([text, *events]), ""]

