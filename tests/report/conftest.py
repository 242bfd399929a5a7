"""Games for the report tests: bot games, and facilitated games with a scripted white cell."""

from __future__ import annotations

from attrs import evolve

from wargame.engine import CHANCE, FACILITATOR, Action, GameState, chance_action, legal_actions, to_move
from wargame.engine.tracks import ROLE_NAMES
from wargame.engine.model import Deck
from wargame.session import Session

BOTS = {"tokyo": "random", "washington": "random", "beijing": "random", "facilitator": "off"}
WHITE_CELL = {"tokyo": "random", "washington": "random", "beijing": "random", "facilitator": "human"}
FIXED_TIME = "2025-01-01T09:00:00+00:00"


def fixed_times(session: Session) -> Session:
    """The session with clock readings replaced, so a report of it is the same on every run."""
    session.created = FIXED_TIME
    session.log = [evolve(d, time=FIXED_TIME) for d in session.log]
    return session


def bot_game(deck: Deck, seed: int, turns: int | None = None) -> Session:
    """A game of three random bots, as `Session.run_automatic` plays it."""
    session = Session.new(deck, seed=seed, seats=dict(BOTS), turns=turns, name=f"bots {seed}")
    for _ in session.run_automatic():
        pass
    return fixed_times(session)


class WhiteCell:
    """A facilitator that uses every kind of ruling once, each with its reason."""

    def __init__(self, inject_card: str | None = None) -> None:
        self.done: set[str] = set()
        self.inject_card = inject_card

    def once(self, what: str) -> bool:
        if what in self.done:
            return False
        self.done.add(what)
        return True

    def move(self, state: GameState) -> Action:
        f = FACILITATOR
        if state.paused:
            return Action(f, "resume")
        if state.phase == "turn_start":
            due = [e for e in state.msel if e.status == "pending" and e.due <= state.turn]
            if self.once("delay") and state.turn < state.last_turn:
                return Action(f, "delay", due[0].inject).with_rationale("the table needs one more turn on the ladder")
            return Action(f, "fire", due[0].inject).with_rationale("on schedule")
        if state.queue:
            success = state.turn % 2 == 1
            why = "the ruling majority holds | the bureau concurs" if success else "the Legislation Bureau objects *again*"
            return Action(f, "rule", value=int(success)).with_rationale(why)
        if state.phase == "review":
            if self.inject_card and self.once("inject"):
                return Action(f, "inject", self.inject_card, state.turn + 1).with_rationale("raise the stakes far from Japan")
            if state.turn == 2 and self.once("undo"):
                return Action(f, "undo").with_rationale("a roll was misread at the table")
            if state.resolutions and self.once("override"):
                res = state.resolutions[0]
                return Action(f, "override", "0", int(not res.success)).with_rationale(
                    "the card's odds ignore\nthe escort already on station"
                )
            if state.turn >= 3 and self.once("set_track"):
                return Action(f, "set_track", "support", min(100, state.track("support") + 5)).with_rationale(
                    "a rally [round the flag] after the attack"
                )
            return Action(f, "accept")
        raise AssertionError(f"the facilitator has nothing to do in the {state.phase} phase")


def pick(state: GameState, actor: str) -> Action:
    """A fixed choice among the allowed actions, with a rationale: no bot, no random module."""
    allowed = [a for a in legal_actions(state, actor) if a.allowed]
    i = (state.seq * 7 + state.turn) % len(allowed)
    action = allowed[i]
    return action.with_rationale(f"{ROLE_NAMES[actor]} takes option {i + 1} of {len(allowed)}: {action.label}")


def scripted_game(deck: Deck, seed: int, *, turns: int, facilitated: bool = False, inject_card: str | None = None) -> Session:
    """A game whose every choice is fixed by the rules, the seed and `pick`: the golden files' games."""
    seats = {"tokyo": "human", "washington": "human", "beijing": "human", "facilitator": "human" if facilitated else "off"}
    session = Session.new(
        deck, seed=seed, seats=seats, mode="semi-rigid" if facilitated else "rigid", turns=turns, name=f"scripted {seed}"
    )
    cell = WhiteCell(inject_card)
    paused = False
    while not session.state.over:
        state = session.state
        if facilitated and not paused and state.turn == 2 and state.phase == "policy":
            paused = True
            session.act(Action(FACILITATOR, "pause").with_rationale("coffee break"))
            continue
        actor = to_move(state)[0]
        if actor == CHANCE:
            session.act(chance_action(state))
        elif actor == FACILITATOR:
            session.act(cell.move(state))
        else:
            session.act(pick(state, actor))
    return fixed_times(session)


def facilitated_game(deck: Deck, seed: int, turns: int = 5, inject_card: str | None = None, pause_on_turn: int = 2) -> Session:
    """A semi-rigid game of random bots with a scripted facilitator (every white-cell action)."""
    session = Session.new(deck, seed=seed, seats=dict(WHITE_CELL), mode="semi-rigid", turns=turns, name=f"white cell {seed}")
    cell = WhiteCell(inject_card)
    paused = False
    while not session.state.over:
        if not paused and session.state.turn == pause_on_turn and session.state.phase == "policy":
            paused = True
            session.act(Action(FACILITATOR, "pause").with_rationale("coffee break"))
            continue
        move = session.automatic_move()
        if move is not None:
            session.act(move[0])
        else:
            session.act(cell.move(session.state))
    return fixed_times(session)
