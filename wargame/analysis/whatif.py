"""Decision support: what each response a seat may choose now would likely bring, and how sure that is.

For each response, the rest of the game is played many times with bots and
the analysis counts how it ends, how each track moves and what the seat's
role scores. The seat's view is all it uses, determinised (other seats'
hidden sealed choices dropped and chosen again in each rollout), and
chance in rollouts never reads the game's own future.

Rollout i of every response uses the same salt, and its dice are keyed by
event (`engine.chance.event_key`), so the same later draw or roll gets the
same die whichever response was taken: differences between responses are
differences of the responses, not of the dice. The bots in a rollout are
seeded by its salt too, so each rollout draws afresh how the other
capitals vary among near-equal choices (`pool.RolloutJob.bots`). The responses race
(`estimates.race`): rollouts come in growing rounds until the leader is
surely ahead of every other response, or surely within a margin of it
(tied), or the cap is reached. Every figure carries its 90% interval (a
difference between responses, 90% over all the looks the race takes), and
the analysis names a best response only when it is separated from the rest.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Callable, Mapping

from ..bots import BOT_MAKERS
from ..bots.playout import determinise
from ..engine import Action, GameState, apply, legal_actions, to_move, view
from ..engine.chance import mix
from ..engine.tracks import ROLE_NAMES, ROLES, TRACKS
from .estimates import BEST, FLOOR, MARGIN, Estimate, RaceRule, leading, mean_interval, race
from .outcomes import END_ORDER, Analysis, OptionOutcome
from .pool import RolloutJob, Row, Workers, run_task

#: the bot that stands in, inside rollouts, for a human seat or a rollout bot (no rollouts within rollouts)
MODEL_BOT = "doctrine"
#: the most rollouts per response, unless told otherwise
CAP = 1000

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
    workers: Workers | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    chunk: int | None = None,
    interim: Callable[[Analysis], None] | None = None,
) -> Analysis:
    """Roll out every response `seat` may choose now; `state` may be the full state or the seat's view.

    `rollouts` is the cap per response and `floor` the least each gets;
    between them the responses race in growing rounds (with `floor` =
    `rollouts`, every response gets exactly that many). `margin` is how
    close two responses must surely be to be called tied. `aligned=False`
    plays rollouts as analyses did before: dice keyed by step, and bots
    seeded alike in every rollout.
    `seats` names the bot kind of each role in the rollouts (humans and
    rollout bots are played by the doctrine bot). `progress(done, most)` is
    called as rollouts finish (`most` is what is left at worst, and shrinks
    as responses settle); `cancelled()` returning True stops the work with
    `Cancelled`. `interim(analysis)` is given the figures at every look of
    the race but the last, as they stand (marked `stopped`: the answer if
    the race were stopped there), so a facilitator can read the leader so
    far and keep it. The rollouts run in `workers` when given (a warm pool),
    else in `jobs` worker processes, `chunk` at a time; the figures never
    depend on any of these.
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
    pool = workers if workers is not None else Workers(jobs, decks=[base.deck]) if jobs > 1 and open_ else None
    runner = _Runner(job, salts, rule, progress, cancelled, chunk, pool)

    def figures(scores: list[list[float]], stopped: bool = False) -> Analysis:
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
            floor=rule.looks[0], margin=margin, level=rule.level, looks=len(rule.looks), aligned=aligned, stopped=stopped,
        )

    looked = None if interim is None else lambda scores: interim(figures(scores, stopped=True))
    try:
        scores = race(len(open_), runner.play, rule, looked)
    finally:
        if pool is not None and workers is None:
            pool.close()  # a pool of this call's own; a warm one stays
    if progress is not None:
        progress(runner.done, runner.done)
    return figures(scores)


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
        workers: Workers | None,
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
            for i, (k, salts) in enumerate(tasks):
                rows = results[i] = []
                for salt in salts:
                    rows.extend(run_task(self.job, k, [salt]))
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
