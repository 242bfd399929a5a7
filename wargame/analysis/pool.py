"""Worker processes for rollouts and bulk simulation: started once, kept warm, fed what they need once.

Starting a worker costs far more than a short analysis (a spawned process
imports the whole game), so a `Workers` pool lives as long as its owner
(the TUI keeps one for the game) and serves job after job. Each worker has
a pipe of its own, so what it needs is sent to it once: a deck once per
worker (by its content hash), a job (an analysis's start states, or a
simulation's seats and seed) once per worker per job, pickled without the
deck, which the worker already has; then only small tasks.

A pool of our own rather than `multiprocessing.Pool`: stopping one is
bounded and safe at any moment (a worker that does not stop in time is
ended, and nothing else reads its pipe), where `Pool.terminate` can wait
forever on a worker ended halfway through sending a large result.
"""

from __future__ import annotations

import gc
import io
import pickle
import signal
import sys
import threading
from collections import Counter
from typing import TYPE_CHECKING, Any, Callable, Protocol, Sequence

from attrs import frozen

from ..bots import Bot, bots_for
from ..bots.playout import play_out
from ..engine import role_score
from ..engine.chance import mix
from ..engine.model import Deck
from ..engine.state import GameState

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

#: what a rollout reports: (end reason, final track values, the seat's score, whether it won)
Row = tuple[str, tuple[int, ...], int, bool]


class Job(Protocol):
    """What workers are given once per job: `start` (in the worker) returns what plays each task."""

    def start(self) -> Callable[[Any], Any]: ...


@frozen
class RolloutJob:
    """One analysis as the workers see it: the start state of each option and how to play on."""

    starts: tuple[GameState, ...]
    kinds: dict[str, str]
    seed: int
    seat: str
    aligned: bool  # the analysis as it is (dice keyed by event, bots seeded per rollout); False: as it was

    def start(self) -> Callable[[Any], list[Row]]:
        return lambda task: run_task(self, task[0], task[1])

    def bots(self, salt: int) -> dict[str, Bot]:
        """The bots of one rollout: seeded by its salt, or by the analysis seed alone in the analysis as it was.

        Bots seeded alike in every rollout vary among near-equal choices
        alike in all of them (a random bot even makes the same "random"
        move): one draw of how the other capitals play instead of its
        spread, which moved an analysis's figures with its seed by about
        1.7 times (in standard deviation) what their intervals said.
        Rollout i of every option still has the same bots, and their own
        dice are keyed by the decision, as the rollout's dice are keyed by
        event.
        """
        if not self.aligned:
            return bots_for(self.kinds, self.seed)
        return bots_for(self.kinds, mix(self.seed, salt), keyed=True)


def run_task(job: RolloutJob, k: int, salts: Sequence[int]) -> list[Row]:
    """Option k's rollouts, one per salt (each with its own bots, `RolloutJob.bots`)."""
    rows: list[Row] = []
    for salt in salts:
        final = play_out(job.starts[k], job.bots(salt), salt=salt, aligned=job.aligned)
        rows.append((final.end_reason or "", final.values, role_score(final, job.seat), final.winner == job.seat))
    return rows


# --- pickling without the deck -----------------------------------------------------------


def pickled(obj: Any) -> tuple[bytes, dict[str, Deck]]:
    """Pickle `obj` with every deck in it replaced by its content hash; and those decks, by hash."""
    buffer = io.BytesIO()
    decks: dict[str, Deck] = {}

    def deck_id(o: Any) -> tuple[str, str] | None:
        if isinstance(o, Deck):
            decks[o.content_hash] = o
            return ("deck", o.content_hash)
        return None

    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.persistent_id = deck_id  # type: ignore[method-assign]
    pickler.dump(obj)
    return buffer.getvalue(), decks


def dumps(obj: Any) -> bytes:
    """Pickle `obj` with every deck in it replaced by its content hash."""
    return pickled(obj)[0]


def loads(data: bytes, decks: dict[str, Deck]) -> Any:
    """Unpickle what `dumps` wrote, with the decks put back from `decks` (by content hash)."""
    unpickler = pickle.Unpickler(io.BytesIO(data))
    unpickler.persistent_load = lambda pid: decks[pid[1]]  # type: ignore[method-assign]
    return unpickler.load()


# --- the worker's side -------------------------------------------------------------------


def _serve(conn: Connection, inherited: dict[str, Deck]) -> None:
    """A worker's loop: keep decks (those it was forked with, those it is sent) and the current job; play the tasks it is sent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the owner's to handle: it stops the workers
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held back while the owner started it
    decks = dict(inherited)
    jobs: dict[int, Callable[[Any], Any]] = {}
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if message is None:
            return
        what = message[0]
        try:
            if what == "deck":
                decks[message[1]] = pickle.loads(message[2])
            elif what == "job":
                job = loads(message[2], decks)
                jobs.clear()  # one job at a time: the last one's states are not needed again
                jobs[message[1]] = job.start()
            else:
                _, job_id, task, payload = message
                conn.send(("done", task, jobs[job_id](payload)))
        except Exception as err:  # noqa: BLE001 - reported to the parent, which raises it
            conn.send(("error", f"{type(err).__name__}: {err}"))


# --- the owner's side --------------------------------------------------------------------


class WorkerFailed(RuntimeError):
    """A worker process stopped or reported an error."""


class Workers:
    """A pool of `jobs` warm worker processes (close it, or use it as a context manager).

    `decks` are decks the jobs will use, known when the pool is made: a
    forked worker starts with them (inherited, not pickled and sent).
    """

    def __init__(self, jobs: int, decks: Sequence[Deck] = ()) -> None:
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        self.jobs = jobs
        self._known = {deck.content_hash: deck for deck in decks}
        self._lock = threading.Lock()
        self._procs: list[Any] = []
        self._conns: list[Connection] = []
        self._decks: list[set[str]] = []
        self._job_sent: list[int] = []
        self._next_job = 0
        #: worker processes started so far (a warm pool starts them once)
        self.started = 0
        #: messages sent to workers, by kind ("deck", "job", "task"): what is sent once, what per task
        self.sent: Counter[str] = Counter()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def alive(self) -> bool:
        return bool(self._procs) and all(p.is_alive() for p in self._procs)

    def _ensure(self) -> None:
        if self.alive:
            return
        self._shutdown()
        context = start_context()
        forked = context.get_start_method() == "fork"
        inherited = self._known if forked else {}
        if forked:
            gc.freeze()  # what the workers inherit is never scanned by their collector, so stays shared, not copied
        try:
            for _ in range(self.jobs):
                parent, child = context.Pipe()
                proc = context.Process(target=_serve, args=(child, inherited), daemon=True, name="wargame-rollouts")
                held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # until the worker ignores it
                try:
                    proc.start()
                    self._procs.append(proc)  # before a Ctrl+C held back meanwhile arrives: none is left behind
                    self._conns.append(parent)
                    self._decks.append(set(inherited))
                    self._job_sent.append(-1)
                    self.started += 1
                finally:
                    signal.pthread_sigmask(signal.SIG_SETMASK, held)
                child.close()
        finally:
            if forked:
                gc.unfreeze()  # this process collects its own objects as before

    def run(self, job: Job, tasks: Sequence[Any], on_result: Callable[[int, Any], None]) -> None:
        """Play `tasks` of `job` (a rollout job's are option index and salts); `on_result(task index, result)` as each finishes.

        When `on_result` raises (a cancel), the tasks already running finish
        and are dropped, so the workers stay in step for the next job. Any
        other interruption (Ctrl+C) stops the workers: the next job starts fresh ones.
        """
        from multiprocessing.connection import wait  # deferred, as multiprocessing (start_context)

        with self._lock:
            self._ensure()
            self._next_job += 1
            job_id = self._next_job
            payload, decks = pickled(job)
            pending = list(enumerate(tasks))[::-1]
            busy: dict[int, int] = {}  # worker -> task index
            failure: BaseException | None = None
            try:
                for w in range(len(self._conns)):
                    if pending:
                        self._give(w, job_id, payload, decks, pending.pop(), busy)
                while busy:
                    for conn in wait([self._conns[w] for w in busy]):
                        w = self._conns.index(conn)  # type: ignore[arg-type]
                        reply = self._receive(w)
                        task = busy.pop(w)
                        if failure is None:
                            try:
                                if reply[0] == "error":
                                    raise WorkerFailed(f"a rollout worker failed: {reply[1]}")
                                on_result(task, reply[2])
                            except BaseException as err:
                                failure = err
                                pending.clear()
                        if pending:
                            self._give(w, job_id, payload, decks, pending.pop(), busy)
            except BaseException:
                self._shutdown()  # a worker gone, or an interrupt while waiting: the pipes are out of step
                raise
            if failure is not None:
                raise failure

    def _give(self, w: int, job_id: int, payload: bytes, decks: dict[str, Deck], item: tuple[int, Any], busy: dict[int, int]) -> None:
        conn = self._conns[w]
        try:
            for digest, deck in decks.items():
                if digest not in self._decks[w]:
                    conn.send(("deck", digest, pickle.dumps(deck, protocol=pickle.HIGHEST_PROTOCOL)))
                    self._decks[w].add(digest)
                    self.sent["deck"] += 1
            if self._job_sent[w] != job_id:
                conn.send(("job", job_id, payload))
                self._job_sent[w] = job_id
                self.sent["job"] += 1
            task, what = item
            conn.send(("task", job_id, task, what))
            self.sent["task"] += 1
        except (OSError, EOFError) as err:
            raise WorkerFailed(f"a rollout worker stopped: {err}") from None
        busy[w] = task

    def _receive(self, w: int) -> Any:
        try:
            return self._conns[w].recv()
        except (OSError, EOFError):
            raise WorkerFailed("a rollout worker stopped") from None

    def close(self, timeout: float = 2.0) -> None:
        """Stop the workers: ask them to finish, and end those that do not in `timeout` seconds.

        An analysis still running gets `timeout` seconds to see its cancel;
        after that its workers are ended under it (it fails with WorkerFailed).
        """
        if self._lock.acquire(timeout=timeout):
            try:
                self._shutdown(timeout)
            finally:
                self._lock.release()
            return
        for proc in list(self._procs):
            proc.terminate()

    def _shutdown(self, timeout: float = 2.0) -> None:
        for conn in self._conns:
            try:
                conn.send(None)
            except (OSError, EOFError):
                pass
        for proc in self._procs:
            proc.join(timeout)
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout)
        for conn in self._conns:
            conn.close()
        self._procs, self._conns, self._decks, self._job_sent = [], [], [], []


def start_context() -> Any:
    """How to start workers: fork when this process has one thread (fast), spawn otherwise (safe)."""
    import multiprocessing  # deferred: a run in this process alone (one job, or the rollouts of a TUI without a pool yet) needs none of it

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    _ensure_resource_tracker()
    return multiprocessing.get_context("spawn")


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
    from multiprocessing import resource_tracker  # only a TUI that captures stderr needs it

    with _TRACKER_LOCK:
        saved = sys.stderr
        sys.stderr = sys.__stderr__
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved
