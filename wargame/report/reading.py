"""Reading a game for the report: replay its decision log and gather what each section tells.

The report replays the log through `wargame.replaying`, so every line in it
is what the rules said at the time (gates, odds, rolls, effects, rulings),
never a summary kept beside the game that could drift from it.
"""

from __future__ import annotations

from .. import replaying
from ..engine import CHANCE, FACILITATOR, HOLD, state_hash
from ..engine.model import Deck
from ..engine.state import Resolution
from ..replaying import Step
from ..session import Session
from .records import Closure, Game, Item, MselRecord, Outcome, Segment


class ReportError(ValueError):
    """The decision log does not replay, so a report of it would not be true."""


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


def read_game(session: Session) -> Game:
    """The game of `session` as the report tells it; ReportError if its log does not replay."""
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
    """Whether the step brought an event card into play (the responses phase began)."""
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


#: the events a turn's start makes (the white cell's script firing its injects, poll drift, the card
#: an inject puts in play, or no card to draw): the engine makes none of them while a turn is still being played
_TURN_START_EVENTS = ("msel", "polls", "inject", "draw")


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
    """The timeline's segments, and the segment each decision belongs to (by seq)."""
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
                    outcomes[index] = outcomes[index].settled_by(res)
    return [o for o in outcomes if o.seq not in undone]


def _closures(steps: list[Step]) -> list[Closure]:
    """Every option offered closed, with the option the deck gives for it."""
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
    """What became of each inject, from the MSEL status in each state, and the turns its card was in play."""
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

