"""Checking a save by replaying it: `Replay`, `Divergence`, and `open_replay`, `load` and `verify`.

Loading never trusts a stored state: the log goes through `wargame.replaying`
(chance outcomes are read from the log, never regenerated) and the state
hash stored at the end of every turn is compared with the replayed one. The
first place where they part is a `Divergence`, reported rather than raised,
so the replay screen and `wargame replay --verify` can show it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable

from attrs import evolve, field, frozen

from .. import replaying
from ..decks import DeckError, load_deck, resolve
from ..engine import GameState, IllegalAction, chance_action, state_hash
from ..engine.actions import Action, Event
from ..engine.model import Deck
from ..engine.tracks import CHANCE
from ..replaying import Decision, checkpoint_after
from ..session import Session, now_iso
from .errors import SaveError, one_line
from .locations import new_save_path
from .reading import SaveData, read


def describe_action(action: Action) -> str:
    """An action in a few words, as messages name it: "respond 'dispatch'", "roll 37"."""
    text: str = action.kind
    if action.choice:
        text += f" '{action.choice}'"
    if action.value or action.kind in ("roll", "set_track", "override", "rule", "inject"):
        text += f" {action.value}"
    return text


@frozen
class Divergence:
    """Where a replay first departs from the save: an illegal decision or a differing checkpoint."""

    seq: int
    turn: int
    actor: str
    action: str
    reason: str
    line: int
    illegal: bool  # True when the decision could not be applied (the replay stops there)

    def message(self, path: str | os.PathLike[str]) -> str:
        place = f"{path}:{self.line}" if self.line else str(path)
        if not self.seq:  # the header, not a decision, is to blame
            return one_line(f"{place}: {self.reason}")
        return one_line(f"{place}: decision {self.seq} (turn {self.turn}, {self.actor}, {self.action}): {self.reason}")


@frozen
class Replay:
    """A save replayed: the state before and after every decision, and what each decision did."""

    save: SaveData
    deck: Deck
    #: states[i] is the position after i decisions (states[0] is the start)
    states: tuple[GameState, ...]
    #: events[i] explains decision i + 1 (its adjudication, in plain words)
    events: tuple[tuple[Event, ...], ...]
    divergence: Divergence | None
    deck_changed: bool
    hashes: dict[int, str] = field(factory=dict, eq=False, repr=False)
    #: what happened before the first decision (the first turn's injects and their card)
    opening: tuple[Event, ...] = ()

    @property
    def applied(self) -> int:
        """How many decisions replayed (all of them unless one was illegal)."""
        return len(self.states) - 1

    def session(self, at: int | None = None) -> Session:
        """The game after `at` decisions (default: all that replayed), ready to continue."""
        at = self.applied if at is None else max(0, min(at, self.applied))
        save = self.save
        checkpoints = [
            c
            for i in range(at)
            if (c := checkpoint_after(i + 1, self.states[i], self.states[i + 1], self.hashes.get(i + 1, ""))) is not None
        ]
        return Session(
            deck=self.deck,
            seats=dict(save.seats),
            seed=save.seed,
            mode=save.mode,
            turns=save.turns,
            state=self.states[at],
            log=list(save.decisions[:at]),
            save_path=save.path,
            name=save.name,
            parent=save.parent,
            created=save.created or now_iso(),
            checkpoints=checkpoints,
            branched_at=save.branched_at,
            opening=self.opening,
            saved_decisions=at if at == len(save.decisions) else 0,
            messages=[m for m in save.messages if m.after <= at],
        )


_DECKS: dict[tuple[str, str], Deck] = {}


def cached_deck(source: str | os.PathLike[str]) -> Deck:
    """`load_deck`, remembered by file and content hash, so replaying many saves loads each deck once."""
    path = resolve(os.fspath(source))
    if not path.is_file():
        return load_deck(path)  # a folder, a device or a pipe: load_deck names the problem without reading it
    try:
        key = (str(path.resolve()), hashlib.sha256(path.read_bytes()).hexdigest())
    except OSError:
        return load_deck(path)  # raises the DeckError that names the problem
    deck = _DECKS.get(key)
    if deck is None:
        deck = _DECKS[key] = load_deck(path)
    return deck


def deck_for(save: SaveData, deck: Deck | str | os.PathLike[str] | None = None) -> Deck:
    """The deck a save was played with (or the one given instead); SaveError if it cannot be loaded."""
    if isinstance(deck, Deck):
        return deck
    source = str(deck) if deck is not None else save.deck_source
    try:
        return cached_deck(source)
    except DeckError as err:
        where = save.lines.key("game", None, "deck_source") if deck is None else 0
        raise SaveError(save.path, where, f"cannot load its deck '{save.deck_id}' from {source}: {err}") from None


def replay(
    save: SaveData,
    deck: Deck | str | os.PathLike[str] | None = None,
    *,
    allow_deck_change: bool = False,
) -> Replay:
    """Replay a save's log and check its checkpoints; the first divergence is reported, not raised.

    A deck whose content hash differs from the save's is refused with a
    SaveError naming the deck, unless `allow_deck_change`.
    """
    deck = deck_for(save, deck)
    changed = deck.content_hash != save.deck_hash or deck.id != save.deck_id
    if changed and not allow_deck_change:
        what = f"'{save.deck_id}' ({save.deck_source})"
        if deck.id != save.deck_id:
            problem = f"it was played with deck '{save.deck_id}', not '{deck.id}'"
        else:
            problem = f"its deck {what} has changed since the game was saved (content hash {save.deck_hash[:12]}..., now {deck.content_hash[:12]}...)"
        raise SaveError(save.path, save.lines.key("game", None, "deck_hash"), f"{problem}; pass --allow-deck-change to replay it anyway and see where it diverges")
    wanted = {c.seq: c for c in save.checkpoints}
    # with a changed deck, states are compared as if the deck were the saved one, so a
    # divergence means the play itself differs (the hash covers the deck's identity too)
    digest_of = _hash_as(evolve(deck, id=save.deck_id, content_hash=save.deck_hash)) if changed else state_hash
    states: list[GameState] = []
    events: list[tuple[Event, ...]] = []
    opening: tuple[Event, ...] = ()
    hashes: dict[int, str] = {}
    first: Divergence | None = None

    def diverge(d: Decision, reason: str, illegal: bool) -> Divergence:
        return Divergence(d.seq, d.turn, d.actor, describe_action(d.action), reason, save.line_of(d.seq), illegal)

    def misplaced(d: Decision, state: GameState) -> Divergence | None:
        if (d.turn, d.phase) == (state.turn, state.phase):
            return None
        return diverge(d, f"recorded at turn {d.turn} ({d.phase}) but the replay is at turn {state.turn} ({state.phase})", False)

    steps = replaying.replay(deck, save.decisions, seed=save.seed, scenario=save.scenario, seats=save.seats, mode=save.mode, turns=save.turns)
    try:
        for step in steps:
            d = step.decision
            if d is None or step.before is None:  # the opening
                states.append(step.after)
                opening = step.events
                continue
            first = first or misplaced(d, step.before)
            if d.seq in wanted or replaying.ends_turn(step.before, step.after):
                hashes[d.seq] = digest_of(step.after)
            check = wanted.get(d.seq)
            if check is not None and first is None and hashes[d.seq] != check.hash:
                first = diverge(d, f"the state after it differs from the checkpoint of turn {check.turn} (saved {check.hash}, replayed {hashes[d.seq]})", False)
            states.append(step.after)
            events.append(step.events)
    except ValueError as err:
        if states:
            raise
        raise SaveError(save.path, save.lines.element("game"), f"[game]: cannot start the game: {err}") from None
    except replaying.StepFailed as failed:
        d, error = failed.decision, failed.error
        reason = f"illegal: {error.reason}" if isinstance(error, IllegalAction) else f"illegal: the engine cannot apply it ({type(error).__name__}: {error})"
        first = first or misplaced(d, failed.state) or diverge(d, reason, True)
        state = failed.state
    else:
        state = states[-1]
    if first is None and len(states) == len(save.decisions) + 1:
        first = _check_position(save, state, hashes, diverge, digest_of)
    if first is not None:
        first = _blame_seed(save, states, first)
    if changed:
        hashes = {}  # they describe the saved deck, not the one in play
    return Replay(save, deck, tuple(states), tuple(events), first, changed, hashes, tuple(opening))


def _blame_seed(save: SaveData, states: list[GameState], first: Divergence) -> Divergence:
    """A divergence whose cause is the header's seed, when the log's draws and rolls are not the seed's.

    Every chance decision is the seed's outcome when a game is played, so with an edited seed most
    of them differ from what the seed gives, while the states only part at the first checkpoint.
    """
    chances = [d for d in save.decisions[: len(states) - 1] if d.actor == CHANCE]
    if not chances:
        return first
    def outcome(action: Action) -> tuple[str, str, int]:
        return action.kind, action.choice, action.value

    differ = [d for d in chances if outcome(chance_action(states[d.seq - 1])) != outcome(d.action)]
    if len(differ) < 2 or 2 * len(differ) < len(chances):  # one edited roll is that decision's fault
        return first
    d = differ[0]
    want = chance_action(states[d.seq - 1])
    reason = (
        f"[game] seed {save.seed} does not give the recorded draws and rolls (decision {d.seq} is {describe_action(d.action)}, "
        f"the seed gives {describe_action(want)}; {len(differ)} of the {len(chances)} chance decisions differ): the seed was changed after the game was saved"
    )
    return Divergence(0, 0, "", "header", reason, save.lines.key("game", None, "seed"), first.illegal)


def _hash_as(alias: Deck) -> Callable[[GameState], str]:
    """`state_hash` as if the state were played with `alias` (same rules, another identity)."""

    def digest(state: GameState) -> str:
        return state_hash(_with_deck(state, alias))

    return digest


def _with_deck(state: GameState, deck: Deck) -> GameState:
    inner = _with_deck(state.checkpoint, deck) if state.checkpoint is not None else None
    return evolve(state, deck=deck, checkpoint=inner)


def _check_position(
    save: SaveData,
    state: GameState,
    hashes: dict[int, str],
    diverge: Callable[[Decision, str, bool], Divergence],
    digest_of: Callable[[GameState], str],
) -> Divergence | None:
    """Compare the end of a full replay with the header's [position]."""
    problem = ""
    if save.final_hash:
        digest = hashes.get(len(save.decisions)) or digest_of(state)
        if digest != save.final_hash:
            problem = f"the final state differs from the saved position (saved {save.final_hash}, replayed {digest})"
    saved = (save.position_turn, save.position_phase, save.end_reason)
    replayed = (state.turn, state.phase, state.end_reason or "")
    if not problem and save.position_turn is not None and saved != replayed:
        problem = f"the saved position is turn {saved[0]} ({saved[1] or '?'}{', ' + saved[2] if saved[2] else ''}) but the replay ends at turn {replayed[0]} ({replayed[1]}{', ' + replayed[2] if replayed[2] else ''})"
    if not problem:
        return None
    if save.decisions:
        return diverge(save.decisions[-1], problem, False)
    return Divergence(0, 1, "", "start", problem, save.lines.element("position"), False)


def open_replay(
    path: str | os.PathLike[str],
    *,
    deck: Deck | str | os.PathLike[str] | None = None,
    allow_deck_change: bool = False,
    strict: bool = True,
) -> Replay:
    """Read and replay a save. With `strict`, any divergence is a SaveError (a damaged save),
    except, with `allow_deck_change` and a changed deck, where it is reported in the result."""
    result = replay(read(path), deck, allow_deck_change=allow_deck_change)
    bad = result.divergence
    if strict and bad is not None and not result.deck_changed:
        raise SaveError(path, bad.line, bad.message(path).removeprefix(f"{path}:{bad.line}: " if bad.line else f"{path}: "))
    return result


def load(
    path: str | os.PathLike[str],
    *,
    deck: Deck | str | os.PathLike[str] | None = None,
    allow_deck_change: bool = False,
) -> Session:
    """A saved game, replayed and checked, ready to continue; it autosaves to the same file.

    When the deck changed (allowed) and the log no longer replays to the end,
    the session keeps what replayed and saves to a new file beside the old
    one, so the original record is never lost.
    """
    result = open_replay(path, deck=deck, allow_deck_change=allow_deck_change)
    session = result.session()
    if result.divergence is not None and result.divergence.illegal:
        session.save_path = new_save_path(Path(path).parent, f"{Path(path).stem}-replayed")
    return session


def verify(
    path: str | os.PathLike[str],
    *,
    deck: Deck | str | os.PathLike[str] | None = None,
    allow_deck_change: bool = False,
) -> Replay:
    """Replay a save headless; `.divergence` is None when every decision and checkpoint holds."""
    return open_replay(path, deck=deck, allow_deck_change=allow_deck_change, strict=False)
