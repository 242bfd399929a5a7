"""Rollouts for decision support, and bulk simulation of whole games.

Decision support: for each response a seat may choose now, play the rest
of the game many times with bots and count how it ends, how each track
moves and what the seat's role scores. The seat's view is all it uses,
determinised (other seats' hidden sealed choices dropped and chosen again
in each rollout), and chance in rollouts never reads the game's own future.
Every response shares the same rollout salts, so differences between
responses are not noise between dice.

Bulk simulation: game `i` of a run with seed `S` is the game of seed
`S + i`, played by bots seeded as a Session seeds them, so a summary is the
same whatever the number of worker processes, and any game of a run can be
replayed alone.
"""

from __future__ import annotations

import math
import multiprocessing
import signal
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from attrs import frozen

from .bots import BOT_MAKERS, Bot
from .bots.playout import bots_for, determinise, play_out
from .engine import (
    FACILITATOR,
    Action,
    GameState,
    apply,
    legal_actions,
    new_game,
    role_score,
    to_move,
    view,
)
from .engine.chance import mix
from .engine.model import Deck
from .engine.tracks import END_REASONS, ROLE_NAMES, ROLES, TRACKS

END_ORDER: tuple[str, ...] = tuple(END_REASONS)
#: the bot that stands in, inside rollouts, for a human seat or a rollout bot (no rollouts within rollouts)
MODEL_BOT = "doctrine"

Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """The analysis was cancelled before it finished."""


def rollout_kinds(seats: Mapping[str, str] | None) -> dict[str, str]:
    """The bot kind that plays each role inside rollouts: the seat's bot, or the doctrine bot."""
    kinds = {}
    for role in ROLES:
        kind = (seats or {}).get(role, MODEL_BOT)
        kinds[role] = kind if kind in BOT_MAKERS and kind != "rollout" else MODEL_BOT
    return kinds


# --- decision support --------------------------------------------------------------------


@frozen
class OptionOutcome:
    """What the rollouts say about one response (or, when closed, why it is closed)."""

    action: Action
    label: str
    allowed: bool
    reason: str = ""
    blocked_by: tuple[str, ...] = ()
    rollouts: int = 0
    #: games ending each way, in END_REASONS order
    ends: tuple[int, ...] = (0, 0, 0, 0)
    #: mean final value minus the value now, per track in TRACKS order
    track_change: tuple[float, ...] = ()
    mean_score: float = 0.0
    #: the role's final score in every rollout, for a distribution plot
    scores: tuple[int, ...] = ()
    wins: int = 0

    def chance_of(self, end: str) -> float:
        return self.ends[END_ORDER.index(end)] / self.rollouts if self.rollouts else 0.0

    @property
    def win_rate(self) -> float:
        return self.wins / self.rollouts if self.rollouts else 0.0

    def to_dict(self, bins: int = 10) -> dict[str, Any]:
        data: dict[str, Any] = {
            "choice": self.action.choice,
            "kind": self.action.kind,
            "label": self.label,
            "allowed": self.allowed,
        }
        if not self.allowed:
            data["reason"] = self.reason
            data["blocked_by"] = list(self.blocked_by)
            return data
        data["rollouts"] = self.rollouts
        data["end"] = {end: round(self.chance_of(end), 4) for end in END_ORDER}
        data["track_change"] = {t: round(v, 3) for t, v in zip(TRACKS, self.track_change)}
        data["expected_score"] = round(self.mean_score, 3)
        data["win_rate"] = round(self.win_rate, 4)
        data["score_histogram"] = [list(b) for b in histogram(self.scores, bins)]
        return data


@frozen
class Analysis:
    """Every response of `seat` at one position, with its rollout figures."""

    seat: str
    turn: int
    phase: str
    seq: int
    rollouts: int
    seed: int
    bots: tuple[tuple[str, str], ...]
    options: tuple[OptionOutcome, ...]

    @property
    def best(self) -> OptionOutcome | None:
        """The open response with the highest expected score (first listed on a tie)."""
        open_ = [o for o in self.options if o.allowed]
        return max(open_, key=lambda o: o.mean_score) if open_ else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "seat": self.seat,
            "turn": self.turn,
            "phase": self.phase,
            "seq": self.seq,
            "rollouts": self.rollouts,
            "seed": self.seed,
            "bots": dict(self.bots),
            "options": [o.to_dict() for o in self.options],
        }


def histogram(values: Sequence[int], bins: int = 10) -> list[tuple[int, int, int]]:
    """(low, high, count) over `bins` equal ranges from min to max (inclusive ends)."""
    if not values:
        return []
    low, high = min(values), max(values)
    if low == high:
        return [(low, high, len(values))]
    width = max(1, math.ceil((high - low + 1) / bins))
    counts = Counter((v - low) // width for v in values)
    return [(low + i * width, min(high, low + (i + 1) * width - 1), counts.get(i, 0)) for i in range((high - low) // width + 1)]


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(counts: Sequence[int]) -> str:
    """Counts as a row of block characters, the tallest a full block (a blank for zero)."""
    top = max(counts, default=0)
    if top <= 0:
        return ""
    return "".join(" " if c == 0 else SPARKS[min(len(SPARKS) - 1, (c * len(SPARKS) - 1) // top)] for c in counts)


def to_decide(state: GameState) -> tuple[str, ...]:
    """The capitals that must choose at this position (none when chance or the facilitator moves)."""
    return tuple(a for a in to_move(state) if a in ROLES)


def analyse(
    state: GameState,
    seat: str,
    *,
    rollouts: int = 200,
    seats: Mapping[str, str] | None = None,
    seed: int = 0,
    jobs: int = 1,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    chunk: int | None = None,
) -> Analysis:
    """Roll out every response `seat` may choose now; `state` may be the full state or the seat's view.

    `seats` names the bot kind of each role in the rollouts (humans and
    rollout bots are played by the doctrine bot). `progress(done, total)`
    is called as rollouts finish; `cancelled()` returning True stops the
    work with `Cancelled`. With `jobs` > 1 the rollouts run in worker
    processes, `chunk` at a time (the figures never depend on either).
    """
    if seat not in to_decide(state):
        raise ValueError(f"{ROLE_NAMES.get(seat, seat)} has no decision to make at this position")
    if rollouts < 1:
        raise ValueError("rollouts must be at least 1")
    base = determinise(view(state, seat), seat)
    listed = legal_actions(base, seat)
    kinds = rollout_kinds(seats)
    starts = [apply(base, a.with_rationale("analysis"), explain=False, trusted=True)[0] if a.allowed else None for a in listed]
    salts = [mix(seed, base.seed, base.seq, i) | 1 for i in range(rollouts)]
    size = chunk or (math.ceil(rollouts / jobs) if progress is None else max(10, math.ceil(rollouts / (5 * jobs))))
    tasks = [(k, part) for k, after in enumerate(starts) if after is not None for part in _chunks(salts, jobs, size)]
    total = sum(len(part) for _, part in tasks)
    finals: dict[int, list[tuple[str, tuple[int, ...], int, bool]]] = {k: [] for k, s in enumerate(starts) if s is not None}
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)
        if cancelled is not None and cancelled():
            raise Cancelled()

    if progress is not None:
        progress(0, total)
    if jobs <= 1 or len(tasks) <= 1:
        bots = bots_for(kinds, seed)
        for k, part in tasks:
            for salt in part:
                finals[k].append(_rollout(starts[k], bots, salt, seat))
                tick(1)
    else:
        by_task: dict[int, list[tuple[str, tuple[int, ...], int, bool]]] = {}
        payload = [(i, starts[k], part, kinds, seed, seat) for i, (k, part) in enumerate(tasks)]
        with _pool(jobs) as pool:
            try:
                for i, rows in pool.imap_unordered(_rollout_task, payload):
                    by_task[i] = rows
                    tick(len(rows))
            except BaseException:
                pool.terminate()
                raise
        for i, (k, _part) in enumerate(tasks):
            finals[k].extend(by_task[i])
    options = []
    for k, action in enumerate(listed):
        label = action.label or action.choice
        if starts[k] is None:
            options.append(OptionOutcome(action, label, False, action.reason, action.blocked_by))
            continue
        options.append(_outcome(action, label, base, finals[k]))
    return Analysis(seat, base.turn, base.phase, base.seq, rollouts, seed, tuple(sorted(kinds.items())), tuple(options))


def _chunks(salts: list[int], jobs: int, size: int) -> list[list[int]]:
    if jobs <= 1:
        return [salts]
    size = max(1, size)
    return [salts[i : i + size] for i in range(0, len(salts), size)]


def _rollout(start: GameState, bots: Mapping[str, Bot], salt: int, seat: str) -> tuple[str, tuple[int, ...], int, bool]:
    final = play_out(start, bots, salt=salt)
    return final.end_reason or "", final.values, role_score(final, seat), final.winner == seat


def _rollout_task(payload: tuple[int, GameState, list[int], dict[str, str], int, str]) -> tuple[int, list[tuple[str, tuple[int, ...], int, bool]]]:
    i, start, chunk, kinds, seed, seat = payload
    bots = bots_for(kinds, seed)
    return i, [_rollout(start, bots, salt, seat) for salt in chunk]


def _outcome(action: Action, label: str, base: GameState, rows: list[tuple[str, tuple[int, ...], int, bool]]) -> OptionOutcome:
    n = len(rows)
    ends = Counter(r[0] for r in rows)
    sums = [0] * len(TRACKS)
    for _, values, _, _ in rows:
        for i, v in enumerate(values):
            sums[i] += v
    change = tuple(s / n - base.values[i] for i, s in enumerate(sums))
    scores = tuple(r[2] for r in rows)
    return OptionOutcome(
        action,
        label,
        True,
        rollouts=n,
        ends=tuple(ends.get(e, 0) for e in END_ORDER),
        track_change=change,
        mean_score=sum(scores) / n,
        scores=scores,
        wins=sum(1 for r in rows if r[3]),
    )


def _pool(jobs: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()) -> Any:
    """A process pool: forked when this process has one thread (fast), spawned otherwise (safe)."""
    options = {"initializer": _quiet_worker, "initargs": (initializer, initargs)}
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        context = multiprocessing.get_context("fork")
    else:
        _ensure_resource_tracker()
        context = multiprocessing.get_context("spawn")
    # Ctrl+C while the workers start would reach a worker before it can ignore it, or leave the
    # pool half made: hold the signal back until the pool stands (the workers inherit the mask
    # and unblock it once they ignore the signal); a Ctrl+C meanwhile arrives just after.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return context.Pool(jobs, **options)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _quiet_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """Ctrl+C is the parent's to handle (it stops the pool): a worker ignores it, so no worker prints a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if initializer is not None:
        initializer(*initargs)


_TRACKER_LOCK = threading.Lock()


def _ensure_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real stderr.

    The tracker hands stderr's file descriptor to its process; a TUI that
    captures stderr (Textual's reports -1) makes that fail. The real stderr
    stands in for the moment the tracker starts (once per process).
    """
    try:
        captured = sys.stderr is not None and sys.stderr.fileno() < 0
    except (AttributeError, OSError, ValueError):
        captured = False  # the tracker skips a stderr without a descriptor by itself
    if not captured or sys.__stderr__ is None:
        return
    from multiprocessing import resource_tracker

    with _TRACKER_LOCK:
        saved = sys.stderr
        sys.stderr = sys.__stderr__
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved


# --- bulk simulation ---------------------------------------------------------------------


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
    if action.kind == "respond":
        return f"{state.card}/{action.choice}"
    return f"policy/{action.choice}"


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
    """Write a simulated game as a normal save (header and decision log) through `wargame.saves`."""
    from . import saves
    from .session import Checkpoint, Decision, Session, ends_turn, now_iso
    from .engine import state_hash

    full_seats = {**seats, FACILITATOR: "off"}
    session = Session.new(deck, seed=seed, seats=full_seats, turns=turns, name=name)
    stamp = now_iso()
    for i, (before, action, _reason) in enumerate(log):
        after = log[i + 1][0] if i + 1 < len(log) else None
        session.log.append(Decision(i + 1, before.turn, before.phase, action, stamp))
        if after is None:
            after, _ = apply(before, action)
        if ends_turn(before, after):
            session.checkpoints.append(Checkpoint(i + 1, before.turn, state_hash(after)))
        session.state = after
    path = directory / f"{name}.toml"
    saves.save(session, path)
    return path


# worker-process globals: the deck is handed to each worker once, never per game
_WORKER: dict[str, Any] = {}


def _init_worker(deck: Deck, seats: dict[str, str], turns: int | None, save_dir: str | None, base_seed: int) -> None:
    _WORKER.update(deck=deck, seats=seats, turns=turns, save_dir=save_dir, base_seed=base_seed)


def _run_chunk(indices: range) -> list[GameResult]:
    w = _WORKER
    return [_one_game(w["deck"], w["seats"], w["turns"], w["save_dir"], w["base_seed"], i) for i in indices]


def _one_game(deck: Deck, seats: dict[str, str], turns: int | None, save_dir: str | None, base_seed: int, index: int) -> GameResult:
    seed = base_seed + index
    log: list[tuple[GameState, Action, str]] | None = [] if save_dir else None
    result = play_game(deck, seed, seats, index=index, turns=turns, log=log)
    if save_dir and log is not None:
        write_save(deck, seats, seed, turns, log, Path(save_dir), f"{deck.id}-seed-{seed}")
    return result


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
    ranges = [range(i, min(games, i + chunk)) for i in range(0, games, chunk)]
    results: list[GameResult] = []
    if progress is not None:
        progress(0, games)
    if jobs <= 1 or games <= chunk:
        for r in ranges:
            results.extend(_one_game(deck, seats, turns, directory, seed, i) for i in r)
            if progress is not None:
                progress(len(results), games)
        return results
    with _pool(jobs, initializer=_init_worker, initargs=(deck, seats, turns, directory, seed)) as pool:
        try:
            for part in pool.imap(_run_chunk, ranges):
                results.extend(part)
                if progress is not None:
                    progress(len(results), games)
        except BaseException:
            pool.terminate()
            raise
    return results


# --- summaries ---------------------------------------------------------------------------


def _label(deck: Deck, role: str, key: str) -> str:
    card_id, _, choice = key.partition("/")
    if card_id == "policy":
        if choice == "hold":
            return "Hold: no standing action"
        option = deck.policy(role, choice)
    else:
        option = deck.card(card_id).response(role, choice) if deck.has_card(card_id) else None
    return option.label if option is not None else choice


def _quantile(sorted_values: Sequence[int], q: float) -> int:
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def summarise(results: Sequence[GameResult], deck: Deck, *, seed: int = 0, seats: Mapping[str, str] | None = None, top: int = 5) -> dict[str, Any]:
    """Plain, JSON-ready figures of a run; the same results give the same summary, byte for byte."""
    n = len(results)
    seats = {role: (seats or {}).get(role, MODEL_BOT) for role in ROLES}
    ends = Counter(r.end_reason for r in results)
    wins = Counter(r.winner for r in results)
    roles: dict[str, Any] = {}
    for i, role in enumerate(ROLES):
        scores = sorted(r.scores[i] for r in results)
        mean = sum(scores) / n if n else 0.0
        var = sum((s - mean) ** 2 for s in scores) / n if n else 0.0
        roles[role] = {
            "mean_score": round(mean, 2),
            "sd_score": round(math.sqrt(var), 2),
            "min_score": scores[0] if scores else 0,
            "median_score": _quantile(scores, 0.5) if scores else 0,
            "max_score": scores[-1] if scores else 0,
            "wins": wins.get(role, 0),
            "win_rate": round(wins.get(role, 0) / n, 4) if n else 0.0,
        }
    tracks: dict[str, Any] = {}
    for i, track in enumerate(TRACKS):
        values = sorted(r.tracks[i] for r in results)
        if not values:
            continue
        tracks[track] = {
            "start": deck.start.tracks[i],
            "mean": round(sum(values) / n, 2),
            "min": values[0],
            "p10": _quantile(values, 0.1),
            "median": _quantile(values, 0.5),
            "p90": _quantile(values, 0.9),
            "max": values[-1],
        }
    chosen: dict[str, Counter[str]] = {role: Counter() for role in ROLES}
    decided: Counter[str] = Counter()
    blocked: dict[str, Counter[tuple[str, str]]] = {"rung": Counter(), "support": Counter()}
    for r in results:
        for role, key in r.chosen:
            if not key.startswith("policy/"):
                chosen[role][key] += 1
                decided[role] += 1
        for role, key, why in r.blocked:
            blocked[why][(role, key)] += 1

    def ranked(counter: Counter[Any]) -> list[tuple[Any, int]]:
        return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:top]

    most_chosen = {
        role: [
            {"what": key, "label": _label(deck, role, key), "count": c, "share": round(c / decided[role], 4)}
            for key, c in ranked(chosen[role])
        ]
        for role in ROLES
    }
    most_blocked = {
        why: [{"role": role, "what": key, "label": _label(deck, role, key), "count": c} for (role, key), c in ranked(counter)]
        for why, counter in blocked.items()
    }
    return {
        "deck": deck.id,
        "deck_hash": deck.content_hash,
        "games": n,
        "seed": seed,
        "seats": seats,
        "end_reasons": {e: ends.get(e, 0) for e in END_ORDER},
        "no_winner": wins.get(None, 0),
        "roles": roles,
        "tracks": tracks,
        "most_chosen_responses": most_chosen,
        "most_blocked": most_blocked,
    }


def format_summary(summary: Mapping[str, Any]) -> str:
    """The summary as the text `wargame simulate` prints."""
    n = summary["games"] or 1
    seats = " ".join(f"{r}={k}" for r, k in summary["seats"].items())
    out = [f"{summary['deck']}: {summary['games']} games from seed {summary['seed']} ({seats})", ""]
    out.append("How the games ended")
    for end, count in summary["end_reasons"].items():
        out.append(f"  {end:<10} {count:>7} {100 * count / n:6.1f}%  {END_REASONS[end]}")
    out.append("")
    out.append("Scores and wins")
    out.append(f"  {'role':<11}{'mean':>8}{'sd':>7}{'min':>6}{'median':>8}{'max':>6}{'wins':>7}{'win %':>8}")
    for role, r in summary["roles"].items():
        out.append(
            f"  {role:<11}{r['mean_score']:>8.1f}{r['sd_score']:>7.1f}{r['min_score']:>6}{r['median_score']:>8}"
            f"{r['max_score']:>6}{r['wins']:>7}{100 * r['win_rate']:>7.1f}%"
        )
    out.append(f"  no unique winner (a tie at the top): {summary['no_winner']} ({100 * summary['no_winner'] / n:.1f}%)")
    out.append("")
    out.append("Final tracks")
    out.append(f"  {'track':<12}{'start':>6}{'mean':>8}{'min':>5}{'p10':>5}{'median':>8}{'p90':>5}{'max':>5}")
    for track, t in summary["tracks"].items():
        out.append(
            f"  {track:<12}{t['start']:>6}{t['mean']:>8.1f}{t['min']:>5}{t['p10']:>5}{t['median']:>8}{t['p90']:>5}{t['max']:>5}"
        )
    out.append("")
    out.append("Responses chosen most often")
    if not any(summary["most_chosen_responses"].values()):
        out.append("  none")
    for role, rows in summary["most_chosen_responses"].items():
        for row in rows:
            out.append(f"  {role:<11}{row['count']:>7} {100 * row['share']:5.1f}%  {row['label']} ({row['what']})")
    for why, title in (("rung", "the legal rung"), ("support", "public support")):
        out.append("")
        out.append(f"Responses most often closed by {title}")
        rows = summary["most_blocked"][why]
        if not rows:
            out.append("  none")
        for row in rows:
            out.append(f"  {row['role']:<11}{row['count']:>7}  {row['label']} ({row['what']})")
    return "\n".join(out)


__all__ = [
    "Analysis",
    "Cancelled",
    "GameResult",
    "OptionOutcome",
    "analyse",
    "format_summary",
    "histogram",
    "sparkline",
    "play_game",
    "simulate",
    "summarise",
    "to_decide",
]
