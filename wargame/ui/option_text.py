"""The chooser in words: each option's odds, legal basis and effects, read from the deck.

A bot reads an option's effects from the deck; a person must read them too,
so every open option says what it does on success and on failure, and the
highlighted one adds its whole description, the conditions it sets or ends
and its legal basis in full. Plain functions of the (seat's view of the)
state, so user decks get the same and tests need no terminal.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table

from ..engine import HOLD, Action, GameState
from ..engine.adjudicate import after_the_fact, odds_of
from ..engine.law import BASES, BASIS_TAGS
from ..engine.model import Deck, Effect, Option
from ..engine.tracks import ARMED_CONFLICT, CRISIS, INSTITUTION_LABELS, ROLE_NAMES, TRACK_INDEX
from .safe import Text

#: tracks by the short names the board gives them
TRACK_WORDS: dict[str, str] = {"manila": "Manila", "canberra": "Canberra", "seoul": "Seoul", "delhi": "New Delhi"}


def option_of(state: GameState, action: Action) -> Option | None:
    """The deck's response or policy behind an action, for its odds and explanation."""
    if action.kind == "respond" and state.card:
        return state.deck.card(state.card).response(action.actor, action.choice)
    if action.kind == "policy":
        return state.deck.policy(action.actor, action.choice)
    return None


def odds_label(state: GameState, option: Option | None) -> str:
    if option is None:
        return "certain"
    odds = odds_of(option, state)
    if option.ruling == "facilitator" and state.facilitated:
        return "the white cell rules"
    return "certain" if odds is None else f"odds {odds}%"


def institution_words(name: str, value: object) -> str:
    if name == "coalition_brake":
        return "coalition brake → " + ("in place" if value else "gone")
    return f"{INSTITUTION_LABELS.get(name, name)} → {value}"


def effect_text(deck: Deck, effect: Effect, role: str) -> Text:
    """Track changes and institutions in a few words: 'support -3 cohesion +4', green where `role` gains."""
    weights = dict(deck.objective(role).weights)
    text = Text()
    for track, delta in effect.deltas:
        if not delta:
            continue
        if text.plain:
            text.append(" ")
        weight = weights.get(track, 0)
        style = "green" if weight * delta > 0 else "red" if weight * delta < 0 else ""
        text.append(f"{TRACK_WORDS.get(track, track)} ")
        text.append(f"{delta:+d}", style=style)
    for name, value in effect.institutions:
        if text.plain:
            text.append(" ")
        text.append(institution_words(name, value))
    return text


def outcome_text(state: GameState, option: Option | None) -> Text:
    """What the option does on success and, when it may fail, on failure: 'support +1 · fail: approval -1'."""
    if option is None:
        return Text("nothing moves")
    text = outcome_words(state.deck, option.success, option.role, "no track moves")
    if may_fail(state, option):
        text.append(" · fail: ")
        text.append_text(outcome_words(state.deck, option.failure, option.role, "nothing moves"))
    return text


def may_fail(state: GameState, option: Option) -> bool:
    """Whether the option can fail: it has odds, or the white cell rules on it."""
    return odds_of(option, state) is not None or (option.ruling == "facilitator" and state.facilitated)


def outcome_words(deck: Deck, effect: Effect, role: str, nothing: str) -> Text:
    """One outcome: its track changes, else the conditions it sets or ends, else `nothing`."""
    text = effect_text(deck, effect, role)
    if not text.plain:
        text.append(flags_summary(deck, effect) or nothing)
    return text


def flags_text(deck: Deck, effect: Effect) -> str:
    """The conditions an effect sets and ends, in the deck's words ('now: …; no longer: …')."""
    parts = []
    if effect.set_flags:
        parts.append("now: " + "; ".join(deck.flag(f).text for f in effect.set_flags))
    if effect.clear_flags:
        parts.append("no longer: " + "; ".join(deck.flag(f).text for f in effect.clear_flags))
    return " — ".join(parts)


def flags_summary(deck: Deck, effect: Effect) -> str:
    """The conditions in a few words: one in the deck's words, several counted (the expanded option names them)."""
    made, ended = len(effect.set_flags), len(effect.clear_flags)
    if made + ended <= 1:
        return flags_text(deck, effect)
    counts = [f"{n} condition{'s' if n > 1 else ''} {verb}" for n, verb in ((made, "set"), (ended, "ended")) if n]
    return ", ".join(counts)


def basis_tag(option: Option | None, *, expanded: bool) -> str:
    """Tokyo's legal basis in a few words ("CSD"); a decision that sends no one says so only when expanded."""
    if option is None or not option.basis:
        return ""
    return BASIS_TAGS.get(option.basis, option.basis) or ("no SDF action" if expanded else "")


def tags_text(state: GameState, option: Option | None, *, expanded: bool = False) -> Text:
    """The line under an open option: odds, the legal basis tag, what it does."""
    text = Text(odds_label(state, option), style="bold" if expanded else "")
    basis = basis_tag(option, expanded=expanded)
    if basis:
        text.append(" · " + basis)
    text.append(" · ")
    text.append_text(outcome_text(state, option))
    return text


def detail_lines(state: GameState, option: Option) -> list[Text]:
    """What the highlighted option adds: its description, conditions, legal basis, and what applies now."""
    lines = [Text(option.explain.strip(), style="italic")]
    won, lost = (unnamed_flags(state.deck, e, option.role) for e in (option.success, option.failure))
    lost = lost if may_fail(state, option) else ""
    if won:
        lines.append(Text("If it succeeds, " + won if lost else won[0].upper() + won[1:]))
    if lost:
        lines.append(Text("If it fails, " + lost))
    if BASIS_TAGS.get(option.basis) and option.basis in BASES:  # the tag above, in full
        lines.append(Text("Legal basis: " + BASES[option.basis].label))
    if after_the_fact(option, state):
        cost = effect_text(state.deck, state.deck.rules.after_the_fact, option.role)
        line = Text("Before the Diet's approval: an emergency order, approved after the fact")
        if cost.plain:
            line.append(", costing ")
            line.append_text(cost)
        lines.append(line)
    clash = state.deck.clash_of(option.clash) if option.clash else None
    tension = state.values[TRACK_INDEX["tension"]]
    if clash is not None and ARMED_CONFLICT < tension <= CRISIS:
        lines.append(Text(f"At the brink: a {clash.odds}% chance of an unplanned clash ({clash.text})"))
    return lines


def unnamed_flags(deck: Deck, effect: Effect, role: str) -> str:
    """The conditions of an outcome in full, unless its line in the chooser already names them."""
    full = flags_text(deck, effect)
    return "" if outcome_words(deck, effect, role, "").plain == full else full


def option_body(state: GameState, action: Action, *, expanded: bool = False) -> Text:
    """An entry of the chooser, without its number: label, then odds and effects or why it is closed."""
    option = option_of(state, action)
    text = Text(action.label or action.choice, style="bold" if expanded and action.allowed else "")
    if not action.allowed:
        text.append("\nclosed: " + action.reason, style="italic")
        return text
    if action.kind not in ("respond", "policy"):
        return text
    text.append("\n")
    tags = tags_text(state, option, expanded=expanded)
    if not expanded:
        tags.stylize("dim")
    text.append_text(tags)
    if expanded and option is not None:
        for line in detail_lines(state, option):
            text.append("\n")
            text.append_text(line)
    elif expanded and action.choice == HOLD:
        text.append(f"\n{ROLE_NAMES.get(action.actor, action.actor)} takes no standing action this turn.", style="italic")
    return text


def numbered(number: int, count: int, body: Text, *, allowed: bool = True) -> RenderableType:
    """'12. ' beside `body`, every wrapped line of it indented under the first (numbers of one width)."""
    grid = Table.grid(padding=0)
    grid.add_column(width=len(str(count)) + 2, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(f"{number}.", style="bold" if allowed else ""), body)
    return grid


def card_prompt(role: str) -> Text:
    """The prompt while the card is shown in full in the options' place."""
    text = Text(f" {ROLE_NAMES.get(role, role)} ", style="bold reverse")
    text.append(" the whole card", style="bold")
    text.append("  c or Esc: the options", style="dim")
    return text


def typed_text(role: str, typed: str, count: int) -> Text:
    """The prompt while a number is typed: 'Tokyo  choose: 1_' and how to finish it."""
    text = Text(f" {ROLE_NAMES.get(role, role)} ", style="bold reverse")
    text.append(f" choose: {typed}_", style="bold")
    text.append(f"  1-{count}: next digit or Enter", style="dim")
    return text
