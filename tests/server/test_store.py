"""The store and the join codes: WAL and synchronous=FULL, one row per decision, codes only as hashes, refusals that name the file."""

from __future__ import annotations

import random
import re
import sqlite3

import pytest

from tests.conftest import random_move
from tests.server.conftest import plan
from wargame.engine import CHANCE, ROLES, chance_action, legal_actions, to_move
from wargame.server import protocol as p
from wargame.server.exercise import StoreObserver
from wargame.server.codes import ALPHABET, Codebook, new_code, normal
from wargame.server.folder import DataFolder
from wargame.server.opening import open_exercise
from wargame.server.store import Store, StoreError


def test_codes_are_long_typeable_and_found_only_by_their_holder() -> None:
    code = new_code()
    assert re.fullmatch(rf"[{ALPHABET}]{{4}}(-[{ALPHABET}]{{4}}){{3}}", code)
    assert len({new_code() for _ in range(200)}) == 200
    book = Codebook()
    codes = {h: book.issue(h)[0] for h in ("tokyo", "facilitator", "observer")}
    for holder, c in codes.items():
        assert book.find(c) == holder
        assert book.find(c.lower().replace("-", " ")) == holder
    assert book.find("") is None
    book.revoke("tokyo")
    assert book.find(codes["tokyo"]) is None and "tokyo" in book.holders()


def test_a_new_store_keeps_codes_as_hashes_in_wal_mode_with_full_sync(tmp_path) -> None:
    opened = open_exercise(DataFolder(tmp_path), plan())
    try:
        raw = (tmp_path / "exercise.sqlite3").read_bytes()
        for code in opened.new_codes.values():
            assert code.encode() not in raw and normal(code).encode() not in raw
        assert opened.store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert opened.store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert [e.holder for e in opened.store.codes()] == sorted(opened.new_codes)
        assert opened.store.header().seed == opened.session.seed
        with pytest.raises(StoreError, match="a store is there already"):
            Store.create(tmp_path / "exercise.sqlite3", opened.store.header(), [])
    finally:
        opened.store.close()
        opened.folder.unlock()


def test_every_decision_is_a_row_and_a_restart_replays_them(tmp_path) -> None:
    rng = random.Random(4)
    opened = open_exercise(DataFolder(tmp_path), plan(seed=8))
    session = opened.session
    session.observers.insert(0, StoreObserver(opened.store))
    for _ in range(12):
        session.act(random_move(session.state, rng))
    opened.store.close()
    opened.folder.unlock()
    again = open_exercise(DataFolder(tmp_path), None)
    try:
        assert again.resumed and again.new_codes == {}
        assert [d.action for d in again.session.log] == [d.action for d in session.log]
        assert [d.action.rationale for d in again.session.log] == [d.action.rationale for d in session.log]
        assert again.session.state == session.state
        assert again.session.checkpoints == session.checkpoints
    finally:
        again.store.close()
        again.folder.unlock()


def test_a_gap_in_the_decisions_is_a_damaged_store(tmp_path) -> None:
    opened = open_exercise(DataFolder(tmp_path), plan())
    opened.store.close()
    opened.folder.unlock()
    db = sqlite3.connect(tmp_path / "exercise.sqlite3")
    db.execute("INSERT INTO decision VALUES (5, 1, 'event', 'chance', 'draw', 'x', 0, '', '')")
    db.commit()
    db.close()
    with pytest.raises(StoreError) as err:
        open_exercise(DataFolder(tmp_path), None)
    assert str(tmp_path / "exercise.sqlite3") in str(err.value) and "is missing" in str(err.value)


async def test_a_decision_the_store_cannot_keep_is_not_taken(tmp_path) -> None:
    opened = open_exercise(DataFolder(tmp_path), plan(seed=9))
    exercise = opened.exercise(pace=0)
    try:
        while CHANCE in to_move(exercise.session.state):
            exercise.session.act(chance_action(exercise.session.state))
        state, log = exercise.session.state, list(exercise.session.log)
        role = next(r for r in to_move(state) if r in ROLES)
        action = next(a for a in legal_actions(state, role) if a.allowed)
        opened.store.close()  # a disk gone
        reply = await exercise.decide(role, {"type": p.DECIDE, "at": exercise.seq, "action": {"kind": action.kind, "choice": action.choice}})
        assert reply.message["type"] == p.REFUSED and "could not record" in reply.message["reason"]
        assert exercise.session.state is state and exercise.session.log == log
    finally:
        await exercise.stop()
        opened.folder.unlock()
