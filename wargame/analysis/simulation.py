"""Bulk simulation: many whole games played by bots, reduced to what a summary needs.

Game `i` of a run with seed `S` is the game of seed `S + i`, played by bots
seeded as a Session seeds them, so a summary is the same whatever the
number of worker processes, and any game of a run can be replayed alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Mapping

from attrs import frozen

from ..bots import BOT_MAKERS, bots_for
from ..bots.playout import play_out
from ..engine import FACILITATOR, Action, GameState, apply, new_game
from ..engine.model import Deck
from ..engine.tracks import ROLES, TRACKS
from .pool import Workers
from .whatif import MODEL_BOT, Progress


@frozen
class GameResult:
    """One simulated game, reduced to what a summary needs."""

    index: int
    seed: int
    end_reason: str
    turn: int
    winner: str | None
    scores: tuple[int, ...]  # in ROLES order
    tracks: tuple[int, ...]  # final values in TRACKS order
    #: (role, choice key) for every choice made: "card/response" or "policy/id"
    chosen: tuple[tuple[str, str], ...] = ()
    #: (role, choice key, why) for every closed response listed at a decision, by "rung" or "support"
    blocked: tuple[tuple[str, str, str], ...] = ()
    decisions: int = 0

    def row(self) -> dict[str, Any]:
        """The game as one flat row (CSV and JSON)."""
        data: dict[str, Any] = {
            "game": self.index,
            "seed": self.seed,
            "end_reason": self.end_reason,
            "turn": self.turn,
            "winner": self.winner or "",
            "decisions": self.decisions,
        }
        data.update({f"score_{r}": s for r, s in zip(ROLES, self.scores)})
        data.update({t: v for t, v in zip(TRACKS, self.tracks)})
        return data


def choice_key(state: GameState, action: Action) -> str:
    """How a summary names a choice (its "what"): "card/response" for responses, "policy/id" for policies."""
    card = state.card if action.kind == "respond" else "policy"
    known = _KEYS.get((card, action.choice))
    if known is None:
        if len(_KEYS) >= _MOST_KEYS:
            _KEYS.clear()
        known = _KEYS[(card, action.choice)] = f"{card}/{action.choice}"
    return known


#: every choice's key, made once: a game's results then share their strings, so a worker sends each once per task
_KEYS: dict[tuple[str | None, str], str] = {}
_MOST_KEYS = 100_000


def play_game(
    deck: Deck,
    seed: int,
    seats: Mapping[str, str],
    *,
    index: int = 0,
    turns: int | None = None,
    log: list[tuple[GameState, Action, str]] | None = None,
) -> GameResult:
    """Play one game with bots in every seat; `log`, when given, receives every decision."""
    bots = bots_for(seats, seed)
    chosen: list[tuple[str, str]] = []
    blocked: list[tuple[str, str, str]] = []
    count = 0

    def record(state: GameState, action: Action, reason: str, actions: list[Action] | None) -> None:
        nonlocal count
        count += 1
        if log is not None:
            log.append((state, action, reason))
        if action.actor not in ROLES:
            return
        chosen.append((action.actor, choice_key(state, action)))
        for a in actions or ():
            if not a.allowed and a.kind == "respond":
                for why in a.blocked_by:
                    if why in ("rung", "support"):
                        blocked.append((a.actor, choice_key(state, a), why))

    final = play_out(new_game(deck, seed=seed, turns=turns), bots, record=record)
    return GameResult(
        index=index,
        seed=seed,
        end_reason=final.end_reason or "",
        turn=final.turn,
        winner=final.winner,
        scores=tuple(final.scores[r] for r in ROLES),
        tracks=final.values,
        chosen=tuple(chosen),
        blocked=tuple(blocked),
        decisions=count,
    )


def write_save(deck: Deck, seats: Mapping[str, str], seed: int, turns: int | None, log: list[tuple[GameState, Action, str]], directory: Path, name: str) -> Path:
    """Write a simulated game as a normal save (header and decision log) through `wargame.saves`.

    The play already holds every state, so the log and its checkpoints are
    recorded from them; only the last decision is applied here.
    """
    from .. import saves  # deferred: a run without --save-dir (and every worker) starts without the save machinery
    from ..replaying import Decision, checkpoint_after  # deferred, as saves
    from ..session import Session, now_iso  # deferred, as saves

    full_seats = {**seats, FACILITATOR: "off"}
    session = Session.new(deck, seed=seed, seats=full_seats, turns=turns, name=name)
    stamp = now_iso()
    for i, (before, action, _reason) in enumerate(log):
        after = log[i + 1][0] if i + 1 < len(log) else None
        session.log.append(Decision(i + 1, before.turn, before.phase, action, stamp))
        if after is None:
            after, _ = apply(before, action)
        checkpoint = checkpoint_after(i + 1, before, after)
        if checkpoint is not None:
            session.checkpoints.append(checkpoint)
        session.state = after
    path = directory / f"{name}.toml"
    saves.save(session, path)
    return path


@frozen
class SimulationJob:
    """A run as the workers see it: sent once per worker (the deck once, by its hash), then only ranges of games."""

    deck: Deck
    seats: dict[str, str]
    turns: int | None
    save_dir: str | None
    base_seed: int

    def start(self) -> Callable[[range], list[GameResult]]:
        return lambda indices: [_one_game(self.deck, self.seats, self.turns, self.save_dir, self.base_seed, i) for i in indices]


def save_name(deck_id: str, seed: int) -> str:
    """The name of a simulated game's save in `--save-dir`: its deck and seed."""
    return f"{deck_id}-seed-{seed}"


def _one_game(deck: Deck, seats: dict[str, str], turns: int | None, save_dir: str | None, base_seed: int, index: int) -> GameResult:
    seed = base_seed + index
    log: list[tuple[GameState, Action, str]] | None = [] if save_dir else None
    result = play_game(deck, seed, seats, index=index, turns=turns, log=log)
    if save_dir and log is not None:
        write_save(deck, seats, seed, turns, log, Path(save_dir), save_name(deck.id, seed))
    return result


def game_ranges(games: int, chunk: int, jobs: int) -> list[range]:
    """The run cut into tasks of `chunk` games, the last `jobs` chunks' worth cut five times finer.

    Workers take tasks as they finish the last, so the run ends when the
    last task does; small tasks at the end leave workers idle for a fifth of
    a chunk at most rather than a whole one.
    """
    fine = max(1, chunk // 5)
    tail = min(games, jobs * chunk) if jobs > 1 else 0
    bulk = games - tail
    ranges = [range(i, min(bulk, i + chunk)) for i in range(0, bulk, chunk)]
    return ranges + [range(i, min(games, i + fine)) for i in range(bulk, games, fine)]


def simulate(
    deck: Deck,
    *,
    games: int,
    seed: int = 0,
    seats: Mapping[str, str] | None = None,
    jobs: int = 1,
    turns: int | None = None,
    save_dir: Path | None = None,
    progress: Progress | None = None,
    chunk: int = 25,
) -> list[GameResult]:
    """Play `games` games (game i with seed `seed + i`); results in game order whatever `jobs` is."""
    seats = {role: (seats or {}).get(role, MODEL_BOT) for role in ROLES}
    for role, kind in seats.items():
        if kind not in BOT_MAKERS:
            raise ValueError(f"{role} must be played by a bot in a simulation ({', '.join(BOT_MAKERS)}), not {kind!r}")
    if save_dir is not None:
        save_dir.mkdir(parents=True, exist_ok=True)
    directory = str(save_dir) if save_dir is not None else None
    ranges = game_ranges(games, chunk, jobs)
    results: list[GameResult] = []
    if progress is not None:
        progress(0, games)
    if jobs <= 1 or games <= chunk:
        for r in ranges:
            results.extend(_one_game(deck, seats, turns, directory, seed, i) for i in r)
            if progress is not None:
                progress(len(results), games)
        return results
    parts: dict[int, list[GameResult]] = {}
    done = 0

    def got(i: int, part: list[GameResult]) -> None:
        nonlocal done
        parts[i] = part
        done += len(part)
        if progress is not None:
            progress(done, games)

    with Workers(jobs, decks=[deck]) as workers:
        workers.run(SimulationJob(deck, dict(seats), turns, directory, seed), ranges, got)
    return [result for i in range(len(ranges)) for result in parts[i]]
