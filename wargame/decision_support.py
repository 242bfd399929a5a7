"""Decision support: what each response a seat may choose now would likely bring, and how sure that is.

For each response, the rest of the game is played many times with bots and
the analysis counts how it ends, how each track moves and what the seat's
role scores. The seat's view is all it uses, determinised (other seats'
hidden sealed choices dropped and chosen again in each rollout), and
chance in rollouts never reads the game's own future.

Rollout i of every response uses the same salt, and its dice are keyed by
event (`engine.chance.event_key`), so the same later draw or roll gets the
same die whichever response was taken: differences between responses are
differences of the responses, not of the dice. The responses race
(`estimates.race`): rollouts come in growing rounds until the leader is
surely ahead of every other response, or surely within a margin of it
(tied), or the cap is reached. Every figure carries its 90% interval (a
difference between responses, 90% over all the looks the race takes), and
the analysis names a best response only when it is separated from the rest.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any, Callable, Mapping, Sequence

from attrs import frozen

from .bots import BOT_MAKERS
from .bots.playout import bots_for, determinise
from .engine import Action, GameState, apply, legal_actions, to_move, view
from .engine.chance import mix
from .engine.tracks import END_REASONS, ROLE_NAMES, ROLES, TRACKS
from .estimates import FLOOR, LEVEL, MARGIN, OPEN, TIED, WORSE, Estimate, RaceRule, leading, mean_interval, proportion_interval, race
from .workers import RolloutJob, RolloutWorkers, Row, run_task

END_ORDER: tuple[str, ...] = tuple(END_REASONS)
#: the bot that stands in, inside rollouts, for a human seat or a rollout bot (no rollouts within rollouts)
MODEL_BOT = "doctrine"
#: the most rollouts per response, unless told otherwise
CAP = 1000
#: what an option's standing against the best can be
BEST = "best"

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


def to_decide(state: GameState) -> tuple[str, ...]:
    """The capitals that must choose at this position (none when chance or the facilitator moves)."""
    return tuple(a for a in to_move(state) if a in ROLES)


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
    return f"No single best for {who}: {leader.label} leads ({score_text(leader)}), " + "; ".join(parts) + f" (± is the {percent} interval)."


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


def _lead(o: OptionOutcome) -> str:
    return f"{behind_text(o)} behind"


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


def analyse(
    state: GameState,
    seat: str,
    *,
    rollouts: int = CAP,
    floor: int = FLOOR,
    margin: float = MARGIN,
    aligned: bool = True,
    seats: Mapping[str, str] | None = None,
    seed: int = 0,
    jobs: int = 1,
    workers: RolloutWorkers | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    chunk: int | None = None,
) -> Analysis:
    """Roll out every response `seat` may choose now; `state` may be the full state or the seat's view.

    `rollouts` is the cap per response and `floor` the least each gets;
    between them the responses race in growing rounds (with `floor` =
    `rollouts`, every response gets exactly that many). `margin` is how
    close two responses must surely be to be called tied. `aligned=False`
    keys the rollout dice by step, as before they were keyed by event.
    `seats` names the bot kind of each role in the rollouts (humans and
    rollout bots are played by the doctrine bot). `progress(done, most)` is
    called as rollouts finish (`most` is what is left at worst, and shrinks
    as responses settle); `cancelled()` returning True stops the work with
    `Cancelled`. The rollouts run in `workers` when given (a warm pool),
    else in `jobs` worker processes, `chunk` at a time; the figures never
    depend on any of these three.
    """
    if seat not in to_decide(state):
        raise ValueError(f"{ROLE_NAMES.get(seat, seat)} has no decision to make at this position")
    if rollouts < 1:
        raise ValueError("rollouts must be at least 1")
    rule = RaceRule(cap=rollouts, floor=floor, margin=margin)
    base = determinise(view(state, seat), seat)
    listed = legal_actions(base, seat)
    kinds = rollout_kinds(seats)
    starts = [apply(base, a.with_rationale("analysis"), explain=False, trusted=True)[0] if a.allowed else None for a in listed]
    open_ = [k for k, s in enumerate(starts) if s is not None]
    job = RolloutJob(tuple(s for s in starts if s is not None), kinds, seed, seat, aligned)
    salts = [mix(seed, base.seed, base.seq, i) | 1 for i in range(rollouts)]
    pool = workers if workers is not None else RolloutWorkers(jobs) if jobs > 1 and open_ else None
    runner = _Runner(job, salts, rule, progress, cancelled, chunk, pool)
    try:
        scores = race(len(open_), runner.play, rule)
    finally:
        if pool is not None and workers is None:
            pool.close()  # a pool of this call's own; a warm one stays
    if progress is not None:
        progress(runner.done, runner.done)
    standings = _standings(scores, rule)
    options = []
    for k, action in enumerate(listed):
        label = action.label or action.choice
        if starts[k] is None:
            options.append(OptionOutcome(action, label, False, action.reason, action.blocked_by))
            continue
        j = open_.index(k)
        options.append(_outcome(action, label, base, runner.rows[j], standings[j], rule.level))
    return Analysis(
        seat, base.turn, base.phase, base.seq, rollouts, seed, tuple(sorted(kinds.items())), tuple(options),
        floor=rule.looks[0], margin=margin, level=rule.level, looks=len(rule.looks), aligned=aligned,
    )


class _Runner:
    """Plays the rollouts the race asks for, in this process or in workers, with progress and cancel."""

    def __init__(
        self,
        job: RolloutJob,
        salts: list[int],
        rule: RaceRule,
        progress: Progress | None,
        cancelled: Callable[[], bool] | None,
        chunk: int | None,
        workers: RolloutWorkers | None,
    ) -> None:
        self.job = job
        self.salts = salts
        self.rule = rule
        self.progress = progress
        self.cancelled = cancelled
        self.chunk = chunk
        self.workers = workers
        self.rows: list[list[Row]] = [[] for _ in job.starts]
        self.done = 0
        self.most = 0
        self._bots: Any = None

    def tick(self, n: int) -> None:
        self.done += n
        if self.progress is not None:
            self.progress(self.done, self.most)
        if self.cancelled is not None and self.cancelled():
            raise Cancelled()

    def play(self, wanted: dict[int, tuple[int, int]]) -> dict[int, list[float]]:
        top = max((stop for _, stop in wanted.values()), default=0)
        self.most = self.done + sum(stop - start for start, stop in wanted.values()) + len(wanted) * (self.rule.cap - top)
        if self.progress is not None and self.done == 0:
            self.progress(0, self.most)
        tasks = self._tasks(wanted)
        results: dict[int, list[Row]] = {}
        if self.workers is None:
            if self._bots is None:
                self._bots = bots_for(self.job.kinds, self.job.seed)
            for i, (k, salts) in enumerate(tasks):
                rows = results[i] = []
                for salt in salts:
                    rows.extend(run_task(self.job, self._bots, k, [salt]))
                    self.tick(1)
        else:

            def got(i: int, rows: list[Row]) -> None:
                results[i] = rows
                self.tick(len(rows))

            self.workers.run(self.job, tasks, got)
        for i, (k, _) in enumerate(tasks):
            self.rows[k].extend(results[i])
        return {k: [float(r[2]) for r in self.rows[k][start:stop]] for k, (start, stop) in wanted.items()}

    def _tasks(self, wanted: dict[int, tuple[int, int]]) -> list[tuple[int, list[int]]]:
        """Each option's salts for this round, cut into tasks small enough to share out and to cancel soon."""
        total = sum(stop - start for start, stop in wanted.values())
        jobs = self.workers.jobs if self.workers is not None else 1
        size = self.chunk or (total if self.workers is None else max(5, math.ceil(total / (4 * jobs))))
        tasks = []
        for k in sorted(wanted):
            start, stop = wanted[k]
            for i in range(start, stop, size):
                tasks.append((k, self.salts[i : min(stop, i + size)]))
        return tasks


def _standings(scores: list[list[float]], rule: RaceRule) -> list[tuple[str, Estimate]]:
    """Each option against the best (the leader among those with the most rollouts): standing and the best's lead."""
    if not scores:
        return []
    most = max(len(s) for s in scores)
    best = leading(scores, [k for k, s in enumerate(scores) if len(s) == most])
    out = []
    for k, s in enumerate(scores):
        if k == best:
            out.append((BEST, Estimate(0.0, 0.0, 0.0, len(s))))
            continue
        lead = rule.lead(scores[best], s)
        out.append((rule.compare(lead), lead))
    return out


def _outcome(action: Action, label: str, base: GameState, rows: list[Row], standing: tuple[str, Estimate], level: float) -> OptionOutcome:
    n = len(rows)
    ends = Counter(r[0] for r in rows)
    sums = [0] * len(TRACKS)
    for _, values, _, _ in rows:
        for i, v in enumerate(values):
            sums[i] += v
    change = tuple(s / n - base.values[i] for i, s in enumerate(sums))
    scores = tuple(r[2] for r in rows)
    score = mean_interval(scores, level)
    where, lead = standing
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
        score_low=score.low,
        score_high=score.high,
        standing=where,
        lead=lead.value,
        lead_low=lead.low,
        lead_high=lead.high,
        level=level,
    )


__all__ = [
    "Analysis",
    "CAP",
    "Cancelled",
    "END_ORDER",
    "MODEL_BOT",
    "OptionOutcome",
    "analyse",
    "behind_text",
    "histogram",
    "rollout_kinds",
    "score_text",
    "share_text",
    "sparkline",
    "to_decide",
    "verdict",
]
