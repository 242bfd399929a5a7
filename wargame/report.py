"""The after-action report: a game's record in Markdown, rebuilt from its decision log.

The report replays the log through `wargame.replaying`, so
every line in it is what the rules said at the time (gates, odds, rolls,
effects, rulings), never a summary kept beside the game that could drift
from it. `build_report(session)` returns the Markdown string: the command
line writes it to a file, and the TUI shows it in a Markdown viewer.

The report is written for the hotwash after the game: it shows everything,
including every seat's rationale, so show it only when the game is over or
to the facilitator.

Text from decks and players goes in literally: `md` escapes what Markdown
would read as markup (and the `|` that would split a table cell), and turns
line breaks into spaces.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from attrs import define, evolve, field, frozen

from . import replaying
from .engine import CHANCE, FACILITATOR, HOLD, ROLES, TRACKS, Action, Event, GameState
from .engine import outlook, state_hash
from .engine.law import BASIS_TAGS
from .engine.machine import war_cause
from .engine.model import Deck, Option, Requirement
from .engine.state import Resolution
from .engine.tracks import BOUNDS, END_REASONS, INSTITUTION_LABELS, ROLE_NAMES, RUNG_NAMES, TRACK_LABELS
from .replaying import Step
from .session import Session

__all__ = ["ReportError", "ReportSection", "Step", "build_report", "md", "replay", "report_sections", "sparkline"]


class ReportError(ValueError):
    """The decision log does not replay, so a report of it would not be true."""


# --- Markdown helpers ---------------------------------------------------------------------

#: what Markdown could read as markup anywhere in a line: emphasis, code, links, table cells,
#: strikethrough, and the starts of HTML tags, autolinks and entities
_MARKUP = re.compile(r"[\\`*_\[\]|~]|<(?=[A-Za-z/!?])|&(?=[#A-Za-z0-9])")
#: what Markdown reads as markup only at the start of a line: lists, headings, quotes, rules
_LINE_START = re.compile(r"^(?:[-+=>#]|\d+(?=[.)]))")
#: control characters (line breaks aside, which become spaces) would reach the reader's terminal
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1b\x7f-\x84\x86-\x9f]")
BLOCKS = "▁▂▃▄▅▆▇█"


def md(text: object) -> str:
    """Text shown literally in Markdown: markup escaped, `|` safe in tables, one line."""
    flat = " ".join(_CONTROL.sub("\ufffd", str(text)).split())
    escaped = _MARKUP.sub(lambda m: "\\" + m.group(0), flat)
    start = _LINE_START.match(escaped)
    if start is None:
        return escaped
    if start.group(0)[0].isdigit():
        n = start.end()
        return escaped[:n] + "\\" + escaped[n:]
    return "\\" + escaped


def code(text: str) -> str:
    """An identifier in a code span (ids are plain; anything else falls back to `md`)."""
    if not text or "`" in text or "|" in text or text != text.strip():
        return md(text)
    return f"`{text}`"


def quoted(text: str) -> str:
    return f"“{md(text)}”" if text.strip() else "no rationale given"


def cell(text: str) -> str:
    return md(text) if str(text).strip() else "—"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A GitHub-flavoured Markdown table; cells must already be escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def sparkline(values: Sequence[int], low: int, high: int) -> str:
    """Unicode block bars scaled to the track's bounds (not to the values), so tracks compare."""
    span = max(1, high - low)
    return "".join(BLOCKS[min(7, max(0, int((v - low) * 7 / span + 0.5)))] for v in values)


def role_name(actor: str) -> str:
    return ROLE_NAMES.get(actor, {FACILITATOR: "The facilitator", CHANCE: "Chance"}.get(actor, actor))


def rung_text(n: int) -> str:
    return f"rung {n} ({RUNG_NAMES[n]})"


# --- the replay ---------------------------------------------------------------------------


def replay(session: Session) -> list[Step]:
    """Replay the session's log from the start; ReportError if a decision does not apply."""
    steps = replaying.replay(
        session.deck, session.log, seed=session.seed, seats=session.seats, mode=session.mode, turns=session.turns, offered=True
    )
    try:
        out = list(steps)
    except ValueError as err:
        raise ReportError(f"cannot start the game again: {err}") from None
    except replaying.StepFailed as failed:
        action, reason = failed.decision.action, getattr(failed.error, "reason", str(failed.error))
        raise ReportError(f"decision {failed.decision.seq} ({action.actor} {action.kind}) does not replay: {reason}") from None
    if session.state is not None and state_hash(out[-1].after) != state_hash(session.state):
        raise ReportError("the decision log does not lead to the game's current position")
    return out


# --- the game, read from the replay -------------------------------------------------------


@frozen
class Outcome:
    """How one response or policy was resolved, with the choice and rationale behind it."""

    seq: int  # the decision that chose it
    turn: int
    kind: str  # "response" or "policy"
    role: str
    choice: str
    option: Option | None
    rationale: str
    gate: str = ""
    odds: int | None = None
    roll: int | None = None
    ruled: str = ""
    success: bool = False
    override: str = ""
    settled: bool = True


@frozen
class Closure:
    """An option a role was offered closed, with the engine's reason."""

    seq: int
    turn: int
    role: str
    kind: str  # "respond" or "policy"
    card: str  # the card in play, for a response
    choice: str
    label: str
    reason: str
    blocked_by: tuple[str, ...]
    option: Option | None

    @property
    def limit(self) -> str:
        if "rung" in self.blocked_by:
            return "rung"
        if "support" in self.blocked_by:
            return "support"
        return "other"


@define
class Item:
    """Part of a turn's story: a decision and the events it caused in that turn."""

    step: Step
    events: list[Event]
    carried: bool = False  # the events that follow the previous turn's last decision


@define
class Segment:
    """A turn of the timeline (a turn taken up again after an undo gets a segment of its own)."""

    turn: int
    again: bool = False
    items: list[Item] = field(factory=list)
    card: str | None = None
    card_by: str = ""  # CHANCE, FACILITATOR or an inject id
    responses: tuple[Resolution, ...] = ()
    sealed: tuple[tuple[str, str, str], ...] = ()
    response_seqs: dict[str, int] = field(factory=dict)
    policies: list[Outcome] = field(factory=list)


@define
class MselRecord:
    """What became of one scheduled inject."""

    inject: str
    history: list[tuple[int, str]] = field(factory=list)  # (turn, what happened)
    played: list[int] = field(factory=list)  # turns its card was put in play


@define
class Game:
    """Everything the report needs, read from one replay."""

    session: Session
    steps: list[Step]
    segments: list[Segment]
    undone: dict[int, int]  # decision seq -> the undo that took it back
    policies: list[Outcome]
    closures: list[Closure]
    msel: dict[str, MselRecord]
    cited: list[str]

    @property
    def deck(self) -> Deck:
        return self.session.deck

    @property
    def final(self) -> GameState:
        return self.steps[-1].after

    def segment_of_turn(self, turn: int) -> Segment | None:
        """The last segment of a turn (the one that stood, if the turn was taken up again)."""
        found = [s for s in self.segments if s.turn == turn]
        return found[-1] if found else None


def read_game(session: Session) -> Game:
    steps = replay(session)
    undone = _undone(steps)
    segments, seg_of_seq = _segments(steps)
    policies = _policies(steps, session.deck, undone)
    for outcome in policies:
        seg = seg_of_seq.get(outcome.seq)
        if seg is not None:
            seg.policies.append(outcome)
    closures = _closures(steps)
    msel = _msel(steps, session.deck)
    game = Game(session, steps, segments, undone, policies, closures, msel, [])
    game.cited = _cited(game)
    return game


def _undone(steps: list[Step]) -> dict[int, int]:
    """Decisions the facilitator took back: those after the last reveal, up to each undo."""
    undone: dict[int, int] = {}
    last_reveal = 0
    for step in steps:
        action = step.action
        if action is not None and action.kind == "undo":
            for seq in range(last_reveal + 1, step.seq):
                undone.setdefault(seq, step.seq)
        if any(e.kind == "reveal" for e in step.events):
            last_reveal = step.seq
    return undone


def _card_put_in_play(step: Step) -> bool:
    before = step.before
    return step.after.phase == "responses" and step.after.card is not None and (before is None or before.phase != "responses")


def _card_source(step: Step) -> str:
    """Who put the step's card in play: chance, the facilitator, or an inject (by id)."""
    action = step.action
    if action is not None and action.kind == "draw":
        return CHANCE
    card, turn = step.after.card, step.after.turn
    if step.before is not None:
        for due, card_id, source in step.before.scheduled:
            if card_id == card and due <= turn:
                return source
    deck = step.after.deck
    for entry in step.after.msel:
        inject = next((i for i in deck.injects if i.id == entry.inject), None)
        if inject is not None and entry.status == "fired" and inject.card == card:
            return inject.id
    return FACILITATOR


#: the events a turn's start makes (its injects, poll drift, the card an inject puts in play, or
#: no card to draw): the engine makes none of them while a turn is still being played
_TURN_START_EVENTS = ("inject", "polls", "draw")


def _new_turn_at(step: Step) -> int | None:
    """Where in a decision's events the next turn begins, or None if it does not end a turn.

    The engine announces each later turn with a "turn" event inside the
    decision that ends the turn before it; what follows belongs to the new
    turn. A decision that moves the turn on without that event is cut at the
    first event only a turn's start makes.
    """
    before = step.before
    for i, event in enumerate(step.events):
        if event.kind == "turn" and before is not None:
            return i
    if before is None or step.after.turn <= before.turn:
        return None
    return next((i for i, e in enumerate(step.events) if e.kind in _TURN_START_EVENTS), len(step.events))


def _segments(steps: list[Step]) -> tuple[list[Segment], dict[int, Segment]]:
    segments: list[Segment] = []
    seg_of_seq: dict[int, Segment] = {}

    def start(turn: int) -> Segment:
        seg = Segment(turn, again=any(s.turn == turn for s in segments))
        segments.append(seg)
        return seg

    current = start(1)
    for step in steps:
        if step.before is not None and step.before.turn != current.turn:
            current = start(step.before.turn)  # an undo took the game back to an earlier turn
        item = Item(step, [])
        current.items.append(item)
        seg_of_seq[step.seq] = current
        cut = _new_turn_at(step)
        for i, event in enumerate((*step.events, None)):
            if i == cut:  # the rest belongs to the next turn, told as the start of that turn
                current = start(step.after.turn)
                item = Item(step, [], carried=True)
                current.items.append(item)
            if event is not None and event.kind != "turn":
                item.events.append(event)
        after = step.after
        if _card_put_in_play(step):
            current.card = after.card
            current.card_by = _card_source(step)
        action = step.action
        if action is not None and action.kind == "respond":
            current.response_seqs[action.actor] = step.seq
        if after.phase == "policy" and not after.acted and not after.queue and after.turn == current.turn:
            current.responses = tuple(r for r in after.resolutions if r.kind == "response")
            current.sealed = after.sealed
    return segments, seg_of_seq


def _policies(steps: list[Step], deck: Deck, undone: dict[int, int]) -> list[Outcome]:
    """Every policy decision and how the engine resolved it.

    The engine keeps a turn's resolutions in the state only until the turn
    ends (the last policy of a turn is resolved inside the decision that ends
    it), so each policy is read from the resolution its outcome or failed-gate
    event carries, in whichever decision resolved it.
    """
    outcomes: list[Outcome] = []
    pending: dict[tuple[str, str], int] = {}  # (role, policy id) -> index in outcomes
    for step in steps:
        action, before = step.action, step.before
        if action is None or before is None:
            continue
        if action.kind == "undo":
            pending.clear()
        elif action.kind == "policy":
            role = action.actor
            if action.choice == HOLD:
                outcomes.append(Outcome(step.seq, before.turn, "policy", role, HOLD, None, action.rationale, success=True))
            else:
                option = deck.policy(role, action.choice)
                pending[(role, action.choice)] = len(outcomes)
                outcomes.append(Outcome(step.seq, before.turn, "policy", role, action.choice, option, action.rationale, settled=False))
        for event in step.events:
            res = event.resolution
            if isinstance(res, Resolution) and res.kind == "policy":
                index = pending.pop((res.role, res.option), None)
                if index is not None:
                    outcomes[index] = _resolved(outcomes[index], res)
    return [o for o in outcomes if o.seq not in undone]


def _resolved(outcome: Outcome, res: Resolution) -> Outcome:
    """The outcome as the engine's resolution settled it."""
    return evolve(
        outcome, gate=res.gate, odds=res.odds, roll=res.roll, ruled=res.ruled, success=res.success,
        override=res.override, settled=True,
    )


def _closures(steps: list[Step]) -> list[Closure]:
    closures: list[Closure] = []
    for step in steps:
        before = step.before
        if before is None or not step.offered:
            continue
        card = (before.card or "") if before.phase == "responses" else ""
        for offer in step.offered:
            if offer.allowed:
                continue
            if offer.kind == "respond":
                option = before.deck.card(card).response(offer.actor, offer.choice) if card else None
            else:
                option = before.deck.policy(offer.actor, offer.choice)
            closures.append(
                Closure(
                    step.seq, before.turn, offer.actor, offer.kind, card if offer.kind == "respond" else "",
                    offer.choice, option.label if option else offer.label, offer.reason, offer.blocked_by, option,
                )
            )
    return closures


def _msel(steps: list[Step], deck: Deck) -> dict[str, MselRecord]:
    records = {i.id: MselRecord(i.id) for i in deck.injects}
    due = {i.id: i.turn for i in deck.injects}
    status = {i.id: "pending" for i in deck.injects}
    for step in steps:
        action = step.action
        turn = step.after.turn
        for entry in step.after.msel:
            record = records.get(entry.inject)
            if record is None:
                continue
            by_facilitator = action is not None and action.kind in ("fire", "delay", "skip") and action.choice == entry.inject
            why = f": {action.rationale}" if by_facilitator and action is not None and action.rationale.strip() else ""
            if entry.status != status[entry.inject]:
                if entry.status == "fired":
                    text = f"fired by the facilitator{why}" if by_facilitator else "fired on schedule"
                elif entry.status == "skipped":
                    text = f"skipped by the facilitator{why}" if by_facilitator else "did not fire: its trigger did not hold"
                else:
                    text = "back to pending: the facilitator took the game back"
                record.history.append((turn, text))
            elif entry.due != due[entry.inject] and entry.status == "pending":
                if by_facilitator:
                    text = f"delayed by the facilitator to turn {entry.due}{why}"
                else:
                    text = f"due again on turn {entry.due}: the facilitator took the game back"
                record.history.append((turn, text))
            status[entry.inject] = entry.status
            due[entry.inject] = entry.due
        if _card_put_in_play(step):
            source = _card_source(step)
            if source in records:
                records[source].played.append(step.after.turn)
    return records


def _cited(game: Game) -> list[str]:
    """The deck's sources the report cites, in the deck's order."""
    used: set[str] = set()
    deck = game.deck
    for seg in game.segments:
        if seg.card:
            used.update(deck.card(seg.card).sources)
            for res in seg.responses:
                option = deck.card(seg.card).response(res.role, res.option)
                if option is not None:
                    used.update(option.sources)
    for outcome in game.policies:
        if outcome.option is not None:
            used.update(outcome.option.sources)
    for closure in game.closures:
        if closure.option is not None:
            used.update(closure.option.sources)
    for inject in deck.injects:
        if deck.has_card(inject.card):
            used.update(deck.card(inject.card).sources)
    return [s.id for s in deck.sources if s.id in used]


# --- the report ---------------------------------------------------------------------------


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
        _header(game),
        _scenario(game),
        _outcome(game),
        _tracks(game),
        _limits(game),
        _msel_section(game),
        _hotwash(game),
        _timeline(game),
        _sources(game),
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


def _lines(lines: list[str]) -> str:
    return "\n".join(lines)


def _header(game: Game) -> str:
    s, deck, final = game.session, game.deck, game.final
    lines = [f"# After-action report: {md(deck.title)}", ""]
    facts = [
        f"Scenario {code(deck.id)} (era {deck.era})",
        f"seed {s.seed}",
        "semi-rigid adjudication (the facilitator may override)" if s.mode == "semi-rigid" else "rigid adjudication (the rules decide)",
        "facilitated" if final.facilitated else "no facilitator",
        f"{final.last_turn} turns",
        f"{len(s.log)} decisions in the log",
    ]
    lines.append(" · ".join(facts) + ".")
    extra = []
    if s.name:
        extra.append(f"Game: {md(s.name)}")
    if s.parent:
        extra.append(f"branched from {md(s.parent)}" + (f" after decision {s.branched_at}" if s.branched_at else ""))
    if s.created:
        extra.append(f"Started {md(s.created)}" if not extra else f"started {md(s.created)}")
    if extra:
        lines += ["", " · ".join(extra) + "."]
    lines += [
        "",
        "This report is rebuilt from the decision log by replaying it through the rules, so every "
        "gate, odds, roll, effect and ruling below is the engine's own explanation. Decisions are "
        "numbered as in the log (#1, #2, ...).",
    ]
    return _lines(lines)


def _seat_text(kind: str) -> str:
    if kind == "human":
        return "human"
    if kind in ("off", "none", ""):
        return "none"
    return f"bot ({md(kind)})"


def _scenario(game: Game) -> str:
    deck, s = game.deck, game.session
    start = dict(zip(TRACKS, deck.start.tracks))
    lines = ["## Scenario and seats", ""]
    if deck.description:
        lines += [md(deck.description), ""]
    first = game.steps[0].after
    when = outlook.turn_date(deck, 1)
    if when:
        months = deck.calendar.months
        lines += [f"Turn 1 is {when}; each turn is {'a month' if months == 1 else f'{months} months'}.", ""]
    lines.append(
        f"At the start: {rung_text(start['rung'])}; cabinet approval {start['approval']} "
        f"(drifting towards {deck.start.baseline_approval}); public support for the security policy {start['support']} "
        f"(drifting towards {deck.start.baseline_support}); alliance cohesion {start['cohesion']}; "
        f"tension {start['tension']} ({md(deck.tension_name(start['tension']))})."
    )
    lines.append("")
    lines.append("Institutions: " + "; ".join(_institution(n, v) for n, v in deck.start.institutions) + ".")
    lines.append("")
    diet_lines = outlook.diet_status(first)
    if diet_lines:
        lines += [md(diet_lines[0]) + ": " + "; ".join(md(d) for d in diet_lines[1:]) + ".", ""]
    rules = deck.rules
    lines += [
        f"The lines that end the game: the cabinet falls after {rules.collapse_turns} turns in a row with cabinet approval at or "
        f"below {rules.collapse_approval}; the alliance ruptures at cohesion {rules.rupture_cohesion} or below; war comes at "
        f"tension 1 ({md(deck.tension_name(1))}), which only a deliberate use of force or an unplanned clash reaches.",
        "",
    ]
    rows = []
    for role in ROLES:
        rows.append([ROLE_NAMES[role], _seat_text(s.seats.get(role, ""))])
    rows.append(["Facilitator (white cell)", _seat_text(s.seats.get(FACILITATOR, "off"))])
    lines += table(["Seat", "Played by"], rows)
    return _lines(lines)


def _institution(name: str, value: object) -> str:
    if name == "coalition_brake":
        return "the coalition brake is in place (Komeito in the coalition)" if value else "no coalition brake"
    return f"{INSTITUTION_LABELS[name]}: {md(str(value))}"


def _outcome(game: Game) -> str:
    final, deck = game.final, game.deck
    lines = ["## End and scores", ""]
    if final.over:
        reason = END_REASONS.get(final.end_reason or "", final.end_reason or "")
        text = f"The game ended on turn {final.turn}: {md(reason)}"
        if final.end_reason == "war" and final.war_by:
            text += f" ({md(war_cause(final))})"
        if final.end_reason == "collapse":
            text += f" (approval at or below {deck.rules.collapse_approval} for {final.low_approval_turns} turns in a row)"
        lines.append(text + ".")
        winner = final.winner
        lines += ["", f"Highest score: {ROLE_NAMES[winner]}." if winner else "Highest score: a tie."]
    else:
        lines.append(f"The game is not over: it stands at turn {final.turn} of {final.last_turn}, {final.phase} phase. Scores so far:")
    lines.append("")
    scores = final.scores
    start = deck.start.tracks
    rows = []
    for role in ROLES:
        objective = deck.objective(role)
        from_tracks = 0
        parts = []
        for track, weight in objective.weights:
            i = TRACKS.index(track)
            delta = final.values[i] - start[i]
            from_tracks += weight * delta
            parts.append(f"{track} ×{weight}")
        rows.append([
            ROLE_NAMES[role],
            str(scores[role]),
            str(from_tracks),
            f"{scores[role] - from_tracks:+d}" if final.over else "—",
            md(", ".join(parts)) or "—",
        ])
    lines += table(["Capital", "Score", "From track changes", "End bonus", "Plays for (weight × change from the start)"], rows)
    lines.append("")
    insts = "; ".join(_institution(n, v) for n, v in final.institution_values)
    flags = ", ".join(md(deck.flag(f).text) for f in final.flags) or "none"
    lines += [f"At the end: {rung_text(final.track('rung'))}; {insts}.", "", f"Standing flags at the end: {flags}."]
    return _lines(lines)


def _tracks(game: Game) -> str:
    final = game.final
    history = list(final.history)
    labels = ["start"] + [f"{t} ({outlook.turn_date(game.deck, t)})" if outlook.turn_date(game.deck, t) else str(t) for t in range(1, len(history))]
    if not final.over and final.values != history[-1]:
        history.append(final.values)
        labels.append("now")
    lines = [
        "## Track history",
        "",
        "Each bar is the track at the start of the game and at the end of each turn, scaled to the "
        "track's bounds (▁ lowest, █ highest). Tension runs from 5 ("
        + md(game.deck.tension_name(5))
        + ") to 1 ("
        + md(game.deck.tension_name(1))
        + ").",
        "",
    ]
    rows = []
    for i, track in enumerate(TRACKS):
        series = [h[i] for h in history]
        low, high = BOUNDS[track]
        change = series[-1] - series[0]
        rows.append([
            md(TRACK_LABELS[track]),
            f"`{sparkline(series, low, high)}`",
            str(series[0]),
            str(series[-1]),
            f"{change:+d}" if change else "0",
            f"{min(series)}..{max(series)}",
            f"{low}..{high}",
        ])
    lines += table(["Track", "By turn", "Start", "End", "Change", "Range played", "Bounds"], rows)
    lines += ["", "Values at the end of each turn:", ""]
    rows = [[label, *(str(h[i]) for i in range(len(TRACKS)))] for label, h in zip(labels, history)]
    lines += table(["Turn", *TRACKS], rows)
    return _lines(lines)


# --- what the limits forbade --------------------------------------------------------------

_LIMIT_TITLES = {
    "rung": "Responses closed by the legal ladder (a higher rung was needed)",
    "support": "Responses closed by public support",
    "other": "Responses closed by other limits (flags, institutions, tension, timing)",
}
_LIMIT_NAMES = {"rung": "legal ladder", "support": "public support", "other": "other"}


def _limits(game: Game) -> str:
    deck, final = game.deck, game.final
    start_rung, end_rung = deck.start.tracks[TRACKS.index("rung")], final.track("rung")
    lines = [
        "## What the limits forbade",
        "",
        "Every option a capital was offered but could not take, with the engine's reason. Japan's "
        "legal ladder decides which collective self-defense (CSD) responses are lawful at all, and "
        "public support gates missions, above all far from Japan. "
        + (
            f"Over this game the ladder went from {rung_text(start_rung)} to {rung_text(end_rung)}."
            if start_rung != end_rung
            else f"Over this game the ladder stayed at {rung_text(start_rung)}."
        ),
        "",
    ]
    overview = []
    for role in ROLES:
        responses = [c for c in game.closures if c.role == role and c.kind == "respond"]
        policies = [c for c in game.closures if c.role == role and c.kind == "policy"]
        overview.append([
            ROLE_NAMES[role],
            str(len(responses)),
            str(sum(1 for c in responses if c.option is not None and c.option.csd)),
            *(str(sum(1 for c in responses if c.limit == k)) for k in _LIMIT_TITLES),
            str(len(policies)),
        ])
    lines += table(
        ["Capital", "Closed responses", "of them CSD", "by the legal ladder", "by public support", "by other limits", "Closed standing policies"],
        overview,
    )
    for role in ROLES:
        lines += ["", *_role_limits(game, role)]
    failed = [o for o in _all_outcomes(game) if o.gate]
    if failed:
        lines += [
            "",
            "### Chosen, then stopped at adjudication",
            "",
            "These were open when chosen but failed their gates when resolved, after an earlier "
            "response changed the situation:",
            "",
        ]
        rows = [[str(o.turn), f"#{o.seq}", ROLE_NAMES[o.role], _option_name(o.option, o.choice), md(o.gate)] for o in failed]
        lines += table(["Turn", "Decision", "Capital", "Option", "Gate that failed"], rows)
    return _lines(lines)


def _role_limits(game: Game, role: str) -> list[str]:
    deck, name = game.deck, ROLE_NAMES[role]
    lines = [f"### {name}", ""]
    responses = [c for c in game.closures if c.role == role and c.kind == "respond"]
    policies = [c for c in game.closures if c.role == role and c.kind == "policy"]
    cards = len({(c.turn, c.card) for c in responses})
    if responses:
        lines.append(f"{name} found {len(responses)} responses closed on {cards} event cards.")
    else:
        lines.append(f"No response was closed to {name}: every response it was offered was open.")
    for limit, title in _LIMIT_TITLES.items():
        group = [c for c in responses if c.limit == limit]
        if group:
            lines += ["", f"#### {title}", ""]
            rows = []
            for items in _merged(group).values():
                c, option = items[0], items[0].option
                rows.append([
                    _turns(items),
                    f"{md(deck.card(c.card).title)} ({code(c.card)})" if c.card else "—",
                    _option_name(option, c.choice),
                    _basis_cell(option),
                    f"{code(option.mission)}, {option.distance}" if option is not None else "—",
                    md(c.reason),
                    ", ".join(code(s) for s in option.sources) if option is not None else "—",
                ])
            lines += table(["Turn", "Event card", "Response", "Legal basis", "Mission", "Why it was closed", "Sources"], rows)
    if policies:
        lines += ["", "#### Standing policies closed", ""]
        rows = []
        order = {choice: i for i, choice in enumerate(dict.fromkeys(c.choice for c in policies))}
        for items in sorted(_merged(policies).values(), key=lambda cs: (order[cs[0].choice], cs[0].turn)):
            c = items[0]
            rows.append([_turns(items), _option_name(c.option, c.choice), _LIMIT_NAMES[c.limit], md(c.reason)])
        lines += table(["Turns", "Policy", "Limit", "Why it was closed"], rows)
    return lines


def _merged(closures: list[Closure]) -> dict[tuple[str, str, str, str], list[Closure]]:
    """Closures of the same option for the same reason, together (in order of first sight)."""
    merged: dict[tuple[str, str, str, str], list[Closure]] = {}
    for c in closures:
        merged.setdefault((c.kind, c.card, c.choice, c.reason), []).append(c)
    return merged


def _turns(closures: list[Closure]) -> str:
    """The turns, with runs shortened: "1–4, 7"."""
    turns = sorted(set(c.turn for c in closures))
    runs: list[list[int]] = []
    for t in turns:
        if runs and t == runs[-1][-1] + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _basis_cell(option: Option | None) -> str:
    """A Tokyo option's legal basis in a few words ("CSD", "asset protection (Art. 95-2)"); empty for others."""
    if option is None or not option.basis:
        return ""
    return md(BASIS_TAGS.get(option.basis) or "no SDF action")


def _option_name(option: Option | None, choice: str) -> str:
    if choice == HOLD:
        return "hold"
    if option is None:
        return code(choice)
    return f"{md(option.label)} ({code(option.id)})"


def _all_outcomes(game: Game) -> list[Outcome]:
    """Every response (as finally adjudicated) and policy, in turn order."""
    outcomes: list[Outcome] = []
    for seg in game.segments:
        outcomes += _response_outcomes(game, seg)
        outcomes += seg.policies
    return outcomes


def _response_outcomes(game: Game, seg: Segment) -> list[Outcome]:
    if not seg.card:
        return []
    card = game.deck.card(seg.card)
    rationale = {role: why for role, _, why in seg.sealed}
    return [
        _resolved(
            Outcome(
                seg.response_seqs.get(res.role, 0), seg.turn, "response", res.role, res.option,
                card.response(res.role, res.option), rationale.get(res.role, ""),
            ),
            res,
        )
        for res in seg.responses
    ]


# --- MSEL ---------------------------------------------------------------------------------


def _msel_section(game: Game) -> str:
    deck, final = game.deck, game.final
    if not deck.injects:
        return _lines(["## MSEL: expected against played", "", "This scenario has no scheduled injects."])
    lines = [
        "## MSEL: expected against played",
        "",
        "The scenario's Master Scenario Events List: each inject, what the designers expected the "
        "players to do, and what they did on the turn its card was in play.",
        "",
    ]
    rows = []
    for inject in deck.injects:
        record = game.msel[inject.id]
        rows.append([
            code(inject.id),
            str(inject.turn),
            _card_name(deck, inject.card),
            "yes" if inject.must_fire else "no",
            _msel_status(record, inject.turn, final),
            ", ".join(str(t) for t in record.played) or "—",
        ])
    lines += table(["Inject", "Due", "Card", "Must fire", "What became of it", "Card in play on turn"], rows)
    for inject in deck.injects:
        record = game.msel[inject.id]
        lines += ["", f"### Inject {code(inject.id)}", ""]
        lines.append(f"- Expected: {cell(inject.expected)}")
        lines.append(f"- Learning point: {cell(inject.learning)}")
        if inject.trigger.empty:
            lines.append("- Trigger: always")
        else:
            lines.append(f"- Trigger: {md(describe_requirement(inject.trigger, deck))}" + (" (fires even if it fails)" if inject.must_fire else ""))
        for turn, text in record.history:
            lines.append(f"- Turn {turn}: {md(text)}.")
        if not record.played and _missed(game, inject.id):
            lines.append(f"- Its card was never in play, so the learning point was not exercised{_not_reached(inject.turn, final)}.")
        elif not record.played:
            lines.append("- Its card has not been in play yet.")
        for turn in record.played:
            seg = game.segment_of_turn(turn)
            if seg is None:
                continue
            lines.append(f"- What the players did on turn {turn}:")
            done = _response_outcomes(game, seg) + seg.policies
            if not done:
                lines.append("  - nothing was resolved yet")
            for o in done:
                verb = "responded" if o.kind == "response" else ("held" if o.choice == HOLD else "took the policy action")
                what = "" if o.choice == HOLD else f" {_option_name(o.option, o.choice)}"
                lines.append(f"  - {ROLE_NAMES[o.role]} {verb}{what}: {_outcome_word(o)}; rationale: {quoted(o.rationale)}")
            closed = {
                (c.role, c.choice, c.reason): c
                for c in game.closures
                if c.turn == turn and c.kind == "respond" and c.card == seg.card
            }
            if closed:
                lines.append(f"- Closed to the players on turn {turn}:")
                for c in closed.values():
                    lines.append(f"  - {ROLE_NAMES[c.role]}: {_option_name(c.option, c.choice)}: {md(c.reason)}")
    return _lines(lines)


def _missed(game: Game, inject_id: str) -> bool:
    """Whether an inject's card can no longer come into play: the game is over, or it was skipped."""
    entry = next((e for e in game.final.msel if e.inject == inject_id), None)
    return game.final.over or (entry is not None and entry.status == "skipped")


def _not_reached(due: int, final: GameState) -> str:
    if final.over and final.turn < due:
        return f" (the game ended on turn {final.turn}, before it was due)"
    return ""


def _msel_status(record: MselRecord, due: int, final: GameState) -> str:
    if record.history:
        turn, text = record.history[-1]
        return md(f"turn {turn}: {text}")
    if final.over and final.turn < due:
        return "not reached: the game ended first"
    return "pending"


def _card_name(deck: Deck, card_id: str) -> str:
    if deck.has_card(card_id):
        return f"{md(deck.card(card_id).title)} ({code(card_id)})"
    return code(card_id)


def describe_requirement(req: Requirement, deck: Deck) -> str:
    parts = [f"{TRACK_LABELS[t]} at least {n}" for t, n in req.minimum]
    parts += [f"{TRACK_LABELS[t]} at most {n}" for t, n in req.maximum]
    parts += [deck.flag(f).text for f in req.flags]
    parts += [f"not while {deck.flag(f).text}" for f in req.not_flags]
    parts += [f"{INSTITUTION_LABELS[n]} is {' or '.join(str(v) for v in allowed)}" for n, allowed in req.institutions]
    if req.min_turn is not None:
        parts.append(f"from turn {req.min_turn}")
    if req.max_turn is not None:
        parts.append(f"until turn {req.max_turn}")
    return "; ".join(parts)


def _outcome_word(o: Outcome) -> str:
    if o.choice == HOLD:
        return "no action"
    if not o.settled:
        return "not yet resolved"
    if o.gate:
        return "stopped at its gate"
    text = "success" if o.success else "failure"
    if o.override:
        text += " (by the facilitator's override)"
    elif o.ruled:
        text += " (ruled by the facilitator)"
    return text


# --- hotwash ------------------------------------------------------------------------------


def _hotwash(game: Game) -> str:
    questions = _questions(game) or [
        "Nothing stands out in the log yet. Which decision would each capital take back now, and why?"
    ]
    lines = ["## Hotwash questions", "", "Questions drawn from this game, for the discussion after it:", ""]
    lines += [f"{i}. {q}" for i, q in enumerate(questions, 1)]
    return _lines(lines)


#: the facilitator's decisions the hotwash asks about, and what it asks
_RULING_QUESTIONS = {
    "override": "What did the rules miss, and should the deck change?",
    "set_track": "What did the rules miss, and should the deck change?",
    "rule": "What did the facilitator weigh that the deck leaves open, and would the players have ruled the same way?",
    "undo": "What changed the second time, and what does that say about the first adjudication?",
    "skip": "What would the table have learnt from it?",
}


def _questions(game: Game) -> list[str]:
    deck, final = game.deck, game.final
    questions: list[str] = []
    # the closed CSD options, most often closed first
    csd: dict[tuple[str, str, str], list[Closure]] = {}
    for c in game.closures:
        if c.option is not None and c.option.csd:
            csd.setdefault((c.role, c.card, c.choice), []).append(c)
    ranked = sorted(csd.values(), key=lambda cs: (-len(cs), cs[0].seq))
    for cs in ranked[:4]:
        c = cs[0]
        later = [str(t) for t in dict.fromkeys(x.turn for x in cs) if t != c.turn]
        again = f" (and again on turn{'s' if len(later) > 1 else ''} {', '.join(later)})" if later else ""
        where = f"facing “{md(deck.card(c.card).title)}”" if c.card else "as a standing policy"
        questions.append(
            f"On turn {c.turn}{again} {ROLE_NAMES[c.role]}, {where}, could not choose “{md(c.label)}” "
            f"({md(c.reason)}). What would it have taken to open it, and would the table have chosen it "
            "if it had been open?"
        )
    # gates that failed at adjudication
    for o in [o for o in _all_outcomes(game) if o.gate][:2]:
        questions.append(
            f"On turn {o.turn} {ROLE_NAMES[o.role]} chose “{md(o.option.label if o.option else o.choice)}”, "
            f"which was stopped at adjudication ({md(o.gate)}). Could the player have seen that coming "
            "from the order the card resolves in?"
        )
    # the facilitator's rulings
    for step in game.steps:
        a = step.action
        if a is None or a.actor != FACILITATOR or a.kind not in _RULING_QUESTIONS:
            continue
        what = _decision_text(step, game)
        ask = _RULING_QUESTIONS[a.kind]
        turn = step.before.turn if step.before else 1
        questions.append(f"On turn {turn} (#{step.seq}) {what[0].lower() + what[1:]}: {quoted(a.rationale)}. {ask}")
    # the biggest track swings
    for turn, track, old, new in _swings(final)[:3]:
        seg = game.segment_of_turn(turn)
        card = f" (event: “{md(deck.card(seg.card).title)}”)" if seg and seg.card else ""
        if track == "tension":
            old_text, new_text = f"{old} ({md(deck.tension_name(old))})", f"{new} ({md(deck.tension_name(new))})"
        else:
            old_text, new_text = str(old), str(new)
        questions.append(
            f"On turn {turn}{card} {md(TRACK_LABELS[track])} went from {old_text} to {new_text}. Which "
            "decisions drove that, and did the players expect it?"
        )
    # the MSEL
    for inject in deck.injects:
        record = game.msel[inject.id]
        if record.played:
            seg = game.segment_of_turn(record.played[0])
            chosen = []
            if seg is not None:
                for o in _response_outcomes(game, seg):
                    label = o.option.label if o.option else o.choice
                    chosen.append(f"{ROLE_NAMES[o.role]} chose “{md(label)}”")
            did = "; ".join(chosen) or "no response was resolved"
            questions.append(
                f"Inject {code(inject.id)} expected: “{md(inject.expected)}” On turn {record.played[0]} "
                f"{did}. Did that meet the expectation, and was the learning point "
                f"(“{md(inject.learning)}”) drawn?"
            )
        elif inject.learning and _missed(game, inject.id):
            questions.append(
                f"Inject {code(inject.id)} never put its card in play, so its learning point "
                f"(“{md(inject.learning)}”) was not exercised. Should it run in the next game?"
            )
    # the end
    if final.over:
        reason = final.end_reason
        if reason == "war":
            who = f" {md(war_cause(final))}." if final.war_by else ""
            questions.append(f"The game ended in war.{who} Where was the last point at which it could have been stopped?")
        elif reason == "rupture":
            questions.append("The alliance ruptured. Which decisions fed fears of abandonment or entrapment?")
        elif reason == "collapse":
            questions.append("The cabinet collapsed on low cabinet approval. Which votes, missions or events cost it the most, and were they worth it?")
        else:
            best = max(ROLES, key=lambda r: (final.scores[r], -ROLES.index(r)))
            questions.append(
                f"The game ran to its last turn and {ROLE_NAMES[best]} scored highest. Did that capital "
                "win through its own choices or through the limits on the others?"
            )
    return questions


def _swings(final: GameState) -> list[tuple[int, str, int, int]]:
    """Per-turn track changes, largest first relative to each track's bounds."""
    found = []
    history = final.history
    for turn in range(1, len(history)):
        for i, track in enumerate(TRACKS):
            old, new = history[turn - 1][i], history[turn][i]
            if old != new:
                low, high = BOUNDS[track]
                found.append((abs(new - old) / (high - low), turn, i, track, old, new))
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    return [(turn, track, old, new) for _, turn, _, track, old, new in found]


# --- the timeline -------------------------------------------------------------------------

_SKIP_EVENTS = ("sealed", "policy", "turn")


def _timeline(game: Game) -> str:
    lines = [
        "## Timeline",
        "",
        "Turn by turn: the event card, each capital's response and rationale, the gates, odds, "
        "rolls and outcomes, the facilitator's rulings, and the policies; then every decision in "
        "order with what the rules said about it.",
    ]
    for seg in game.segments:
        lines += ["", *_segment(game, seg)]
    return _lines(lines)


def _segment(game: Game, seg: Segment) -> list[str]:
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
    responses = _response_outcomes(game, seg)
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
    name = _option_name(o.option, o.choice)
    row = [ROLE_NAMES[o.role], f"{name} (#{o.seq})" if o.seq else name]
    if with_csd:
        row.append(_basis_cell(o.option))
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
        return [_paragraph([head, *events]), ""]
    text = f"**#{step.seq}** {_decision_text(step, game)}"
    action = step.decision.action
    if action.actor in ROLES:
        text += f"; rationale: {quoted(action.rationale)}"
    elif action.actor == FACILITATOR and action.rationale.strip():
        text += f"; reason: {quoted(action.rationale)}"
    if step.seq in game.undone:
        text += f" *(taken back by the undo at #{game.undone[step.seq]})*"
    return [_paragraph([text, *events]), ""]


def _paragraph(lines: list[str]) -> str:
    """Lines kept apart by Markdown hard breaks (a backslash at the end of a line)."""
    return "\\\n".join(lines)


def _option_in_play(state: GameState, kind: str, role: str, option_id: str) -> Option | None:
    """The option a resolution or queue entry names: a response on the card in play, else a policy."""
    if kind == "response" and state.card:
        return state.deck.card(state.card).response(role, option_id)
    return state.deck.policy(role, option_id)


def _decision_text(step: Step, game: Game) -> str:
    """A decision in words (escaped), with the labels the deck gives its choices."""
    deck = game.deck
    action, before = step.decision.action if step.decision else None, step.before
    assert action is not None and before is not None
    who = role_name(action.actor)
    kind = action.kind
    if kind == "respond":
        option = deck.card(before.card).response(action.actor, action.choice) if before.card else None
        return f"{who} responds: {_option_name(option, action.choice)}, sealed"
    if kind == "policy":
        if action.choice == HOLD:
            return f"{who} holds (no standing action)"
        return f"{who} takes the policy action {_option_name(deck.policy(action.actor, action.choice), action.choice)}"
    if kind == "draw":
        return f"Chance draws {code(action.choice)}"
    if kind == "roll":
        return f"Chance rolls {action.value}"
    if kind == "accept":
        return "The facilitator accepts the adjudication"
    if kind == "override":
        res = before.resolutions[int(action.choice)]
        option = _option_in_play(before, res.kind, res.role, res.option)
        return f"The facilitator overrides: {ROLE_NAMES[res.role]}'s {_option_name(option, res.option)} {'succeeds' if action.value else 'fails'}"
    if kind == "set_track":
        return f"The facilitator sets {md(TRACK_LABELS.get(action.choice, action.choice))} to {action.value}"
    if kind == "rule":
        ruled = ""
        if before.queue:
            qkind, role, option_id = before.queue[0]
            option = _option_in_play(before, qkind, role, option_id)
            ruled = f" on {ROLE_NAMES.get(role, role)}'s {_option_name(option, option_id)}"
        return f"The facilitator rules{ruled}: {'success' if action.value else 'failure'}"
    if kind == "inject":
        return f"The facilitator schedules {_card_name(deck, action.choice)} for turn {action.value}"
    if kind in ("fire", "delay", "skip"):
        verb = {"fire": "fires", "delay": "delays", "skip": "skips"}[kind]
        return f"The facilitator {verb} inject {code(action.choice)}"
    if kind == "pause":
        return "The facilitator pauses the game"
    if kind == "resume":
        return "The facilitator resumes the game"
    if kind == "undo":
        return "The facilitator takes the game back to the last reveal"
    return f"{who}: {md(kind)} {code(action.choice)}"


def _sources(game: Game) -> str:
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
    return _lines(lines)
