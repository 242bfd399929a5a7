"""What a run of simulated games comes to: the summary's figures, its text, and the games as CSV or JSON."""

from __future__ import annotations

import csv
import json
import math
from collections import Counter
from itertools import chain
from typing import Any, Mapping, Sequence, TextIO

from ..engine.law import BASIS_NAMES
from ..engine.model import Deck, Option
from ..engine.tracks import END_REASONS, ROLES, TRACKS
from .outcomes import END_ORDER
from .simulation import GameResult
from .whatif import MODEL_BOT


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
    # every (role, choice) and every (role, closed response, why) of the run counted at once, then read by role
    picks = Counter(chain.from_iterable(r.chosen for r in results))
    closings = Counter(chain.from_iterable(r.blocked for r in results))
    chosen: dict[str, Counter[str]] = {role: Counter() for role in ROLES}
    decided: Counter[str] = Counter()
    for (role, key), count in picks.items():
        if not key.startswith("policy/"):
            chosen[role][key] += count
            decided[role] += count
    blocked: dict[str, Counter[tuple[str, str]]] = {"rung": Counter(), "support": Counter()}
    for (role, key, why), count in closings.items():
        blocked[why][(role, key)] += count

    # Tokyo's choices and closed responses by legal basis: each distinct one looked up once
    by_basis: dict[str, Counter[str]] = {b: Counter() for b in BASIS_NAMES}
    for (role, key), count in picks.items():
        option = _option_for(deck, "tokyo", key) if role == "tokyo" else None
        if option is not None and option.basis in by_basis:
            by_basis[option.basis]["chosen"] += count
    for (role, key, why), count in closings.items():
        option = _option_for(deck, "tokyo", key) if role == "tokyo" else None
        if option is not None and option.basis in by_basis:
            by_basis[option.basis][f"closed_by_{why}"] += count

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


def write_games(handle: TextIO, results: Sequence[GameResult], summary: Mapping[str, Any], *, as_csv: bool) -> None:
    """Every game of a run: one row per game (CSV), or the summary and the games (JSON)."""
    rows = [r.row() for r in results]
    if as_csv:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        return
    json.dump({"summary": summary, "games": rows}, handle, indent=1)
    handle.write("\n")
