"""The warm pool of rollout workers: started once, fed each deck and position once, safe to cancel."""

from __future__ import annotations

import gc
import pickle

import pytest

from tests.bots.test_bots import first_decision
from wargame.analysis import Cancelled, analyse
from wargame.engine import to_move
from wargame.analysis.pool import RolloutJob, Workers, WorkerFailed, dumps, loads, start_context


@pytest.fixture(scope="module")
def pool():
    with Workers(2) as workers:
        yield workers


def test_states_travel_without_their_deck(mini_deck) -> None:
    state = first_decision(mini_deck, seed=4)
    data = dumps([state, state])
    assert len(data) * 3 < len(pickle.dumps(state))  # the deck is the bulk of a pickled state
    back = loads(data, {mini_deck.content_hash: mini_deck})
    assert back == [state, state] and back[0].deck is mini_deck
    with pytest.raises(KeyError):
        loads(data, {})


def test_one_pool_serves_analysis_after_analysis_with_what_it_needs_sent_once(pool, mini_deck) -> None:
    positions = [first_decision(mini_deck, seed=s) for s in (4, 6)]
    for state in positions:
        seat = to_move(state)[0]
        alone = analyse(state, seat, rollouts=60, floor=20)
        before = dict(pool.sent)
        assert analyse(state, seat, rollouts=60, floor=20, workers=pool, chunk=4) == alone
        assert pool.sent["job"] - before.get("job", 0) <= pool.jobs  # start states: once per worker per analysis
        assert pool.sent["task"] - before.get("task", 0) >= 10  # ... while the tasks are many
    assert pool.started == 2 and pool.alive
    assert pool.sent["deck"] == 2  # the deck: once per worker, whatever the number of analyses


def test_forked_workers_start_with_the_decks_the_pool_was_made_with(mini_deck) -> None:
    state = first_decision(mini_deck, seed=4)
    seat = to_move(state)[0]
    forked = start_context().get_start_method() == "fork"
    with Workers(2, decks=[mini_deck]) as workers:
        assert analyse(state, seat, rollouts=40, floor=10, workers=workers) == analyse(state, seat, rollouts=40, floor=10)
        assert workers.sent["deck"] == (0 if forked else 2)  # inherited when forked, else sent once per worker
        assert workers.sent["job"] == 2
    assert gc.get_freeze_count() == 0  # frozen only while forking: this process collects its objects as before


def test_a_cancelled_analysis_leaves_the_pool_in_step(pool, mini_deck) -> None:
    state = first_decision(mini_deck, seed=6)
    seat = to_move(state)[0]
    ticks = []
    with pytest.raises(Cancelled):
        analyse(state, seat, rollouts=200, floor=200, workers=pool, chunk=5, progress=lambda d, m: ticks.append(d), cancelled=lambda: len(ticks) > 2)
    assert analyse(state, seat, rollouts=40, floor=10, workers=pool) == analyse(state, seat, rollouts=40, floor=10)
    assert pool.started == 2


def test_a_failing_task_is_reported_and_a_dead_worker_replaced(mini_deck) -> None:
    state = first_decision(mini_deck, seed=4)
    job = RolloutJob((state,), {"tokyo": "doctrine", "washington": "doctrine", "beijing": "doctrine"}, 0, "tokyo", True)
    with Workers(1) as workers:
        with pytest.raises(WorkerFailed, match="IndexError"):
            workers.run(job, [(5, [1, 3])], lambda i, rows: None)
        got: list = []
        workers.run(job, [(0, [1, 3])], lambda i, rows: got.extend(rows))
        assert len(got) == 2 and workers.started == 1  # the worker reported the error and stayed in step
        workers._procs[0].kill()
        workers._procs[0].join()
        workers.run(job, [(0, [1, 3])], lambda i, rows: got.extend(rows))
        assert got[2:] == got[:2] and workers.started == 2  # a dead worker is replaced
        procs = list(workers._procs)
    assert not any(p.is_alive() for p in procs)


def test_a_pool_needs_a_worker() -> None:
    with pytest.raises(ValueError):
        Workers(0)
