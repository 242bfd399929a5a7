"""A game in progress: the state, the decision log and the seats around it.

The session is the glue between the pure engine and everything with side
effects (the TUI, the command line, saves). It never changes state itself:
it calls `engine.apply`, records the decision, and autosaves when it has a
save path. Bots are asked with views, and their choices are logged like a
player's, so a replay never reruns a bot.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from attrs import define, field

from .bots import Bot, make_bot
from .engine import (
    CHANCE,
    FACILITATOR,
    ROLES,
    Action,
    Event,
    GameState,
    apply,
    chance_action,
    new_game,
    state_hash,
    to_move,
    view,
)
from .engine.model import Deck
from .messaging import Message
from .replaying import Checkpoint, Decision, checkpoint_after
from .seats import DEFAULT_SEATS, facilitated
from .text import clean_typed


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def clean_text(text: str) -> str:
    """Text a save can hold: lone surrogates (which UTF-8 cannot encode) become U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


#: told of every decision a session records, after it is in the log (autosave is one)
Observer = Callable[["Session", Decision], None]

#: what every new session is given to observe it; modules with side effects register here
#: (saves registers autosave), so that the session itself knows nothing of them
OBSERVER_FACTORIES: list[Callable[[], Observer]] = []


def default_observers() -> list[Observer]:
    return [make() for make in OBSERVER_FACTORIES]


@define
class Session:
    """A game in progress.

    Every decision is told to the session's observers. Autosave is one
    (registered by `wargame.saves`): with `save_path` set, every decision is
    saved atomically; a failed autosave does not stop the game, its message
    is kept in `save_error` (empty after a successful one) for the
    interface to show.
    """

    deck: Deck
    seats: dict[str, str]
    seed: int
    mode: str = "rigid"
    turns: int = 12
    state: GameState = field(default=None)
    log: list[Decision] = field(factory=list)
    save_path: Path | None = None
    name: str = ""
    parent: str = ""
    created: str = field(factory=now_iso)
    bots: dict[str, Bot] = field(factory=dict, repr=False)
    #: a checkpoint at the end of every turn, in order
    checkpoints: list[Checkpoint] = field(factory=list)
    #: for a branch: how many of the parent's decisions it starts from
    branched_at: int = 0
    save_error: str = ""
    #: how many decisions the save file holds (the log's length after each successful save)
    saved_decisions: int = 0
    #: told of each decision once it is logged (see OBSERVER_FACTORIES)
    observers: list[Observer] = field(factory=default_observers, repr=False, eq=False)
    #: what happened before the first decision (turn 1, its injects and card), for a running log;
    #: kept from `new_game` so nobody needs to start the game a second time to learn it
    opening: tuple[Event, ...] = field(default=(), repr=False, eq=False)
    #: what the white cell told the table, in order (kept in the save, never replayed)
    messages: list[Message] = field(factory=list)

    @classmethod
    def new(
        cls,
        deck: Deck,
        *,
        seed: int,
        seats: dict[str, str] | None = None,
        mode: str = "rigid",
        turns: int | None = None,
        save_path: Path | None = None,
        name: str = "",
    ) -> Session:
        seats = dict(seats or DEFAULT_SEATS)
        turns = deck.start.turns if turns is None else turns
        opening: list[Event] = []
        state = new_game(deck, seed=seed, seats=seats, mode=mode, turns=turns, events=opening)
        return cls(
            deck=deck,
            seats=seats,
            seed=seed,
            mode=mode,
            turns=turns,
            state=state,
            save_path=save_path,
            name=name,
            opening=tuple(opening),
        )

    @property
    def unsaved(self) -> int:
        """Decisions not yet on disk (all of them without a save file)."""
        return len(self.log) - self.saved_decisions if self.save_path is not None else len(self.log)

    def save_status(self) -> str:
        """In a sentence, whether leaving now loses anything: "saved" only when the last decision is on disk."""
        count = len(self.log)
        if not count:
            return "Nothing has been decided yet."
        decisions = f"{count} decision{'s' if count != 1 else ''}"
        if self.save_path is None:
            return f"It is not being saved: its {decisions} would be lost."
        if not self.unsaved:
            return f"It is saved ({decisions}, in {self.save_path}) and can be resumed."
        why = f" (the last autosave failed: {self.save_error})" if self.save_error else ""
        return f"It is NOT saved{why}: {self.unsaved} of its {decisions} would be lost."

    @property
    def facilitated(self) -> bool:
        return facilitated(self.seats)

    def act(self, action: Action) -> list[Event]:
        """Apply one decision, log it, autosave. Raises IllegalAction if not allowed."""
        before = self.state
        if action.rationale:  # typed (or pasted) text: control characters never reach the log or a save
            action = action.with_rationale(clean_typed(clean_text(action.rationale)))
        self.state, events = apply(before, action)
        decision = Decision(len(self.log) + 1, before.turn, before.phase, action, now_iso())
        self.log.append(decision)
        checkpoint = checkpoint_after(decision.seq, before, self.state)
        if checkpoint is not None:
            self.checkpoints.append(checkpoint)
        for observer in self.observers:
            observer(self, decision)
        return events

    def is_human(self, actor: str) -> bool:
        if actor == FACILITATOR:
            return self.facilitated
        return self.seats.get(actor) == "human"

    def bot(self, role: str) -> Bot:
        """The role's bot, made on first use and seeded `seed + 1 + the role's index` (as `bots_for` does)."""
        if role not in self.bots:
            self.bots[role] = make_bot(self.seats[role], seed=self.seed + 1 + ROLES.index(role))
        return self.bots[role]

    def automatic_move(self) -> tuple[Action, str] | None:
        """The next move nobody at the table makes (chance or a bot), or None if a human must act."""
        for actor in to_move(self.state):
            if actor == CHANCE:
                return chance_action(self.state), ""
            if actor != FACILITATOR and not self.is_human(actor):
                return self.bot(actor).choose(view(self.state, actor), actor)
        return None

    def run_automatic(self, limit: int = 10_000) -> Iterator[tuple[Action, str, list[Event]]]:
        """Make every automatic move until a human must act or the game is over."""
        for _ in range(limit):
            move = self.automatic_move()
            if move is None:
                return
            action, reason = move
            events = self.act(action)
            yield action, reason, events

    def human_movers(self) -> tuple[str, ...]:
        return tuple(a for a in to_move(self.state) if a != CHANCE and self.is_human(a))
