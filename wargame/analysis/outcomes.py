"""What an analysis found: each response's figures, the verdict, and the same figures in words.

The CLI table, the JSON, the TUI dialog and the Python objects all read
these, so every place shows the same numbers rounded the same way.
"""

from __future__ import annotations

from typing import Any

from attrs import frozen

from ..engine import Action
from ..engine.tracks import END_REASONS, ROLE_NAMES, TRACKS
from .charts import histogram
from .estimates import BEST, FLOOR, LEVEL, MARGIN, OPEN, TIED, WORSE, Estimate, proportion_interval

END_ORDER: tuple[str, ...] = tuple(END_REASONS)
#: the tracks whose expected change the TUI and the text show, in the board's order (the JSON has the partners' standing too)
CHANGE_TRACKS: tuple[str, ...] = ("rung", "support", "approval", "cohesion", "tension", "narrative", "reputation", "interop")
#: their column headings, short enough for the TUI's table at 80 columns (each table gives the key)
CHANGE_HEADINGS: dict[str, str] = {
    "rung": "rung", "support": "sup", "approval": "appr", "cohesion": "coh",
    "tension": "tens", "narrative": "narr", "reputation": "rep", "interop": "int",
}


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
    #: the interval of the expected score
    score_low: float = 0.0
    score_high: float = 0.0
    #: against the best: BEST for the best itself, else WORSE, TIED or OPEN (not separated at the cap)
    standing: str = ""
    #: the best's lead over this response (paired rollouts), with the race's interval
    lead: float = 0.0
    lead_low: float = 0.0
    lead_high: float = 0.0
    level: float = LEVEL

    @property
    def score(self) -> Estimate:
        return Estimate(self.mean_score, self.score_low, self.score_high, self.rollouts)

    @property
    def behind(self) -> Estimate:
        """How far the best is ahead of this response (zero for the best)."""
        return Estimate(self.lead, self.lead_low, self.lead_high, self.rollouts)

    def chance_of(self, end: str) -> float:
        return self.ends[END_ORDER.index(end)] / self.rollouts if self.rollouts else 0.0

    def end_chance(self, end: str) -> Estimate:
        """The chance of an end condition, with its interval."""
        return proportion_interval(self.ends[END_ORDER.index(end)], self.rollouts, self.level)

    @property
    def win_rate(self) -> float:
        return self.wins / self.rollouts if self.rollouts else 0.0

    @property
    def win_chance(self) -> Estimate:
        return proportion_interval(self.wins, self.rollouts, self.level)

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
        data["end_interval"] = {end: _pair(self.end_chance(end), 4) for end in END_ORDER}
        data["track_change"] = {t: round(v, 3) for t, v in zip(TRACKS, self.track_change)}
        data["expected_score"] = round(self.mean_score, 3)
        data["expected_score_interval"] = _pair(self.score, 3)
        data["standing"] = self.standing
        if self.standing != BEST:
            data["behind_best"] = round(self.lead, 3)
            data["behind_best_interval"] = _pair(self.behind, 3)
        data["win_rate"] = round(self.win_rate, 4)
        data["win_rate_interval"] = _pair(self.win_chance, 4)
        data["score_histogram"] = [list(b) for b in histogram(self.scores, bins)]
        return data


def _pair(estimate: Estimate, digits: int) -> list[float]:
    return [round(estimate.low, digits), round(estimate.high, digits)]


@frozen
class Analysis:
    """Every response of `seat` at one position, with its rollout figures and the verdict."""

    seat: str
    turn: int
    phase: str
    seq: int
    #: the cap: the most rollouts any response may get
    rollouts: int
    seed: int
    bots: tuple[tuple[str, str], ...]
    options: tuple[OptionOutcome, ...]
    floor: int = FLOOR
    margin: float = MARGIN
    level: float = LEVEL
    #: how many comparisons the race could take: each difference's interval holds `level` over all of them
    looks: int = 1
    aligned: bool = True
    #: the race was stopped at a look before it settled (a provisional answer kept), not at the cap
    stopped: bool = False

    @property
    def open(self) -> list[OptionOutcome]:
        return [o for o in self.options if o.allowed]

    @property
    def leader(self) -> OptionOutcome | None:
        """The open response with the highest expected score, separated from the rest or not."""
        return next((o for o in self.options if o.standing == BEST), None)

    @property
    def best(self) -> OptionOutcome | None:
        """The leader, when it is surely ahead of every other open response; else None."""
        leader = self.leader
        if leader is None or any(o.standing != WORSE for o in self.open if o is not leader):
            return None
        return leader

    @property
    def level_with_leader(self) -> list[OptionOutcome]:
        """The open responses not separated from the leader: tied within the margin, or too close to call."""
        return [o for o in self.open if o.standing in (TIED, OPEN)]

    @property
    def used(self) -> int:
        """Rollouts played, over every response."""
        return sum(o.rollouts for o in self.options)

    def verdict(self) -> str:
        """One or two sentences: the best, or who is level with the leader and by how much."""
        return verdict(self)

    def to_dict(self) -> dict[str, Any]:
        best, leader = self.best, self.leader
        return {
            "seat": self.seat,
            "turn": self.turn,
            "phase": self.phase,
            "seq": self.seq,
            "rollouts": self.rollouts,
            "rollouts_used": self.used,
            "floor": self.floor,
            "margin": self.margin,
            "confidence": self.level,
            "looks": self.looks,
            "stopped": self.stopped,
            "seed": self.seed,
            "bots": dict(self.bots),
            "best": best.action.choice if best else None,
            "leader": leader.action.choice if leader else None,
            "tied_with_leader": [o.action.choice for o in self.level_with_leader if o.standing == TIED],
            "not_separated_from_leader": [o.action.choice for o in self.level_with_leader if o.standing == OPEN],
            "verdict": self.verdict(),
            "options": [o.to_dict() for o in self.options],
        }


def verdict(result: Analysis) -> str:
    """The analysis in words, as the CLI, the TUI and the JSON all give it."""
    who = ROLE_NAMES[result.seat]
    leader = result.leader
    if leader is None:
        return f"{who} has no open response."
    percent = f"{100 * result.level:.0f}%"
    if len(result.open) == 1:
        return f"Only one response is open to {who}: {leader.label} ({score_text(leader)})."
    if result.best is not None:
        runner = min((o for o in result.open if o is not leader), key=lambda o: o.lead)
        return (
            f"Best for {who}: {leader.label} ({score_text(leader)}), surely ahead of every other response;"
            f" of the next, {runner.label}, by {behind_text(runner)} (± is the {percent} interval)."
        )
    tied = [f"{o.label} ({behind_text(o)} behind)" for o in result.level_with_leader if o.standing == TIED]
    close = [f"{o.label} ({behind_text(o)} behind after {o.rollouts} rollouts)" for o in result.level_with_leader if o.standing == OPEN]
    parts = []
    if tied:
        parts.append(f"tied with {'; '.join(tied)}: surely within ±{result.margin:g}")
    if close:
        parts.append(f"not separated from {'; '.join(close)}")
    stopped = f" The race was stopped after {leader.rollouts} rollouts of the leader, before the cap of {result.rollouts}." if result.stopped else ""
    return f"No single best for {who}: {leader.label} leads ({score_text(leader)}), " + "; ".join(parts) + f" (± is the {percent} interval)." + stopped


# --- the figures as text: the CLI and the TUI show the same ------------------------------


def score_text(o: OptionOutcome) -> str:
    """The expected score with the half-width of its interval: "+1.6 ±2.4"."""
    return f"{o.mean_score:+.1f} ±{o.score.half:.1f}"


def behind_text(o: OptionOutcome) -> str:
    """How far the best is ahead, with the half-width of its interval: "4.0 ±0.9"; "-" for the best itself."""
    if o.standing == BEST:
        return "-"
    return f"{o.lead:.1f} ±{o.behind.half:.1f}"


def share_text(estimate: Estimate) -> str:
    """A chance in whole percent with its interval, the % sign left to the heading: "12 (8-17)"."""
    return f"{100 * estimate.value:.0f} ({100 * estimate.low:.0f}-{100 * estimate.high:.0f})"


#: how the standing against the best reads in a table
STANDING_WORDS = {BEST: "best", WORSE: "worse", TIED: "tied", OPEN: "close"}
