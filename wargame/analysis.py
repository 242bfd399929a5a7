"""Decision support and bulk simulation of whole games.

Decision support (what each response a seat may choose now would likely
bring, with its intervals) lives in `decision_support` and is offered here
too: `wargame.analysis.analyse`.

Bulk simulation: game `i` of a run with seed `S` is the game of seed
`S + i`, played by bots seeded as a Session seeds them, so a summary is the
same whatever the number of worker processes, and any game of a run can be
replayed alone.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import Any, Mapping, Sequence

from attrs import frozen

from .bots import BOT_MAKERS
from .bots.playout import bots_for, play_out
from .decision_support import (
    END_ORDER,
    MODEL_BOT,
    Analysis,
    Cancelled,
    OptionOutcome,
    Progress,
    analyse,
    histogram,
    rollout_kinds,
    sparkline,
    to_decide,
    verdict,
)
from .engine import FACILITATOR, Action, GameState, apply, new_game
from .engine.law import BASIS_NAMES
from .engine.model import Deck, Option
from .engine.tracks import END_REASONS, ROLES, TRACKS
from .workers import process_pool

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
    from .replaying import Checkpoint, Decision, ends_turn
    from .session import Session, now_iso
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
    with process_pool(jobs, initializer=_init_worker, initargs=(deck, seats, turns, directory, seed)) as pool:
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

    by_basis: dict[str, Counter[str]] = {b: Counter() for b in BASIS_NAMES}
    for r in results:
        for role, key in r.chosen:
            option = _option_for(deck, role, key)
            if role == "tokyo" and option is not None and option.basis in by_basis:
                by_basis[option.basis]["chosen"] += 1
        for role, key, why in r.blocked:
            option = _option_for(deck, role, key)
            if role == "tokyo" and option is not None and option.basis in by_basis:
                by_basis[option.basis][f"closed_by_{why}"] += 1

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
        "tokyo_by_legal_basis": {
            b: {k: c[k] for k in ("chosen", "closed_by_rung", "closed_by_support")} for b, c in by_basis.items() if sum(c.values())
        },
    }


def _option_for(deck: Deck, role: str, key: str) -> Option | None:
    card_id, _, choice = key.partition("/")
    if card_id == "policy":
        return deck.policy(role, choice)
    return deck.card(card_id).response(role, choice) if deck.has_card(card_id) else None


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
    out.append("")
    out.append("Tokyo by legal basis (choices made; responses closed by the rung, by public support)")
    out.append(f"  {'basis':<26}{'chosen':>8}{'rung':>7}{'support':>9}")
    for basis, c in summary["tokyo_by_legal_basis"].items():
        out.append(f"  {basis:<26}{c['chosen']:>8}{c['closed_by_rung']:>7}{c['closed_by_support']:>9}")
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
    "END_ORDER",
    "MODEL_BOT",
    "Analysis",
    "Cancelled",
    "GameResult",
    "OptionOutcome",
    "analyse",
    "format_summary",
    "histogram",
    "rollout_kinds",
    "sparkline",
    "play_game",
    "simulate",
    "summarise",
    "to_decide",
    "verdict",
]
