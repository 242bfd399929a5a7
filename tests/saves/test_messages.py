"""The white cell's messages in a save: the optional [[message]] tables round-trip, are checked, and change nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MINI
from tests.saves.conftest import play
from wargame import saves
from wargame.decks import load_deck
from wargame.messaging import Message


@pytest.fixture()
def saved(tmp_path) -> Path:
    session = play(load_deck(MINI), seed=6, turns=2, save_path=tmp_path / "g.toml")
    session.messages += [Message(0, "all", 'Welcome: "play it straight"\nsecond line', "2025-06-02T09:00:00+00:00"), Message(3, "beijing", "Beijing, 5 minutes")]
    saves.save(session)
    return tmp_path / "g.toml"


def test_messages_round_trip_and_the_save_still_verifies(saved: Path) -> None:
    replay = saves.verify(saved)
    assert replay.divergence is None
    assert replay.save.messages == (
        Message(0, "all", 'Welcome: "play it straight"\nsecond line', "2025-06-02T09:00:00+00:00"),
        Message(3, "beijing", "Beijing, 5 minutes"),
    )
    session = saves.load(saved)
    assert session.messages == list(replay.save.messages)
    branch = saves.branch(replay, 2, "before the second message")
    assert [m.after for m in branch.messages] == [0]


def test_a_save_without_messages_reads_as_before(tmp_path) -> None:
    session = play(load_deck(MINI), seed=6, turns=2, save_path=tmp_path / "g.toml")
    saves.save(session)
    text = (tmp_path / "g.toml").read_text()
    assert "[[message]]" not in text
    assert saves.verify(tmp_path / "g.toml").save.messages == ()


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (('to = "beijing"', 'to = "moscow"'), "message 2: 'to' must be one of all, tokyo, washington, beijing, not 'moscow'"),
        (("after = 3", "after = 999"), "message 2: 'after' 999 must be from 0"),
        (('text = "Beijing, 5 minutes"', 'text = "Beijing\\u001b[2J"'), "message 2: 'text' holds a control character (U+001B)"),
        (('text = "Beijing, 5 minutes"', 'text = "x"\nsender = "me"'), "message 2: unknown key 'sender'"),
        (("after = 3", 'after = "3"'), "message 2: 'after' must be a whole number"),
    ],
)
def test_a_damaged_message_is_one_line_naming_the_line(saved: Path, change: tuple[str, str], problem: str) -> None:
    old, new = change
    text = saved.read_text()
    assert old in text
    saved.write_text(text.replace(old, new))
    with pytest.raises(saves.SaveError) as err:
        saves.read(saved)
    assert problem in str(err.value)
    assert str(err.value).startswith(f"{saved}:")
    line = int(str(err.value).split(":")[1])
    second = [i for i, text in enumerate(saved.read_text().splitlines(), 1) if text == "[[message]]"][1]
    assert line >= second, "the line named is in the second message's table"
