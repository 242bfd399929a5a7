"""`wargame simulate` and `wargame analyse` as a user runs them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.conftest import MINI
from wargame import saves
from wargame.analysis import CHANGE_HEADINGS, CHANGE_TRACKS
from wargame.cli import main
from wargame.decks import load_deck
from wargame.engine import legal_actions
from wargame.session import Session


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_simulate_prints_the_same_summary_with_one_or_two_jobs(capsys) -> None:
    args = ("simulate", "--deck", str(MINI), "--games", "24", "--seed", "3", "--seats", "washington=random")
    code1, out1, err1 = run(capsys, *args, "--jobs", "1")
    code2, out2, err2 = run(capsys, *args, "--jobs", "2")
    assert code1 == code2 == 0
    assert out1 == out2
    assert "24 games from seed 3 (tokyo=doctrine washington=random beijing=doctrine)" in out1
    assert err1 == err2 == ""  # no progress bar when stderr is not a terminal


def test_simulate_writes_csv_json_and_saves(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "simulate", "--deck", str(MINI), "--games", "4", "--out", str(tmp_path / "g.csv"), "--save-dir", str(tmp_path / "s"))
    assert code == 0
    rows = list(csv.DictReader((tmp_path / "g.csv").open()))
    assert [r["game"] for r in rows] == ["0", "1", "2", "3"]
    assert {"end_reason", "winner", "score_tokyo", "support", "cohesion"} <= set(rows[0])
    assert len(list((tmp_path / "s").glob("*.toml"))) == 4
    code, _, _ = run(capsys, "simulate", "--deck", str(MINI), "--games", "4", "--out", str(tmp_path / "g.json"))
    data = json.loads((tmp_path / "g.json").read_text())
    assert data["summary"]["games"] == 4 and len(data["games"]) == 4
    assert sum(data["summary"]["end_reasons"].values()) == 4


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--games", "0"], "--games must be at least 1"),
        (["--jobs", "0"], "--jobs must be at least 1"),
        (["--out", "x.txt"], "must end in .csv or .json"),
        (["--seats", "tokyo=human"], "tokyo must be a bot"),
        (["--seats", "facilitator=human"], "no facilitator"),
        (["--seats", "tokyo=oracle"], "unknown seat kind"),
        (["--deck", "no-such-deck.toml"], "no-such-deck.toml"),
    ],
)
def test_simulate_bad_input_is_one_line_and_exit_2(capsys, argv: list[str], message: str) -> None:
    code, out, err = run(capsys, "simulate", *argv)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


@pytest.fixture
def human_save(tmp_path: Path) -> Path:
    """A saved game stopped at Tokyo's (a human's) third decision."""
    session = Session.new(load_deck(MINI), seed=5, seats={"tokyo": "human", "washington": "doctrine", "beijing": "random"})
    list(session.run_automatic())
    for _ in range(2):
        session.act(next(a for a in legal_actions(session.state, "tokyo") if a.allowed).with_rationale("test"))
        list(session.run_automatic())
    return saves.save(session, tmp_path / "human.toml")


def test_analyse_a_save_in_text_and_json(capsys, human_save: Path) -> None:
    code, text, err = run(capsys, "analyse", str(human_save), "--rollouts", "40", "--floor", "10")
    assert code == 0 and err == ""
    assert "Tokyo to choose" in text and "10 to 40 per response" in text
    assert "Every figure is a mean of the response's own rollouts with its 90% interval" in text
    code, out, _ = run(capsys, "analyse", str(human_save), "--rollouts", "40", "--floor", "10", "--json")
    data = json.loads(out)
    assert data["seat"] == "tokyo" and data["rollouts"] == 40 and data["floor"] == 10
    # the text shows the figures the JSON gives: intervals, standings and the verdict
    assert data["verdict"] in text
    for o in (o for o in data["options"] if o["allowed"]):
        low, high = o["expected_score_interval"]
        assert f"{o['expected_score']:+.1f} ±{(high - low) / 2:.1f}" in text
        low, high = o["end_interval"]["war"]
        assert f"{100 * o['end']['war']:.0f} ({100 * low:.0f}-{100 * high:.0f})" in text
    assert data["bots"]["tokyo"] == "doctrine" and data["bots"]["beijing"] == "random"
    header = next(line for line in text.splitlines() if line.startswith("expected change"))
    assert header.split()[2:-1] == [CHANGE_HEADINGS[t] for t in CHANGE_TRACKS]  # approval and interop among them
    assert "appr: cabinet approval" in text and "rep: Japan's reputation" in text  # the key to the headings
    for o in (o for o in data["options"] if o["allowed"]):
        row = next(line for line in text.splitlines() if line.startswith(o["label"][:39]) and line.count(".") >= len(CHANGE_TRACKS))
        assert row[40:].split()[: len(CHANGE_TRACKS)] == [f"{o['track_change'][t]:+.1f}" for t in CHANGE_TRACKS]
    open_ = [o for o in data["options"] if o["allowed"]]
    assert open_ and all(abs(sum(o["end"].values()) - 1) < 1e-6 for o in open_)
    assert all(o["reason"] for o in data["options"] if not o["allowed"])
    _, again, _ = run(capsys, "analyse", str(human_save), "--rollouts", "40", "--floor", "10", "--json", "--jobs", "2")
    assert json.loads(again) == data


def test_analyse_bad_positions_are_one_line(capsys, human_save: Path) -> None:
    code, _, err = run(capsys, "analyse", str(human_save), "--at", "0")
    assert code == 2 and "no capital chooses there" in err and "capitals choose after decisions" in err
    code, _, err = run(capsys, "analyse", str(human_save), "--at", "9999")
    assert code == 2 and "--at 9999" in err
    code, _, err = run(capsys, "analyse", str(human_save), "--seat", "beijing")
    assert code == 2 and "does not choose" in err
    code, _, err = run(capsys, "analyse", str(human_save), "--rollouts", "0")
    assert code == 2 and "--rollouts" in err
    code, _, err = run(capsys, "analyse", str(human_save), "--floor", "0")
    assert code == 2 and "--floor must be at least 1" in err and err.count("\n") == 1
    code, _, err = run(capsys, "analyse", str(human_save), "--margin", "-1")
    assert code == 2 and "--margin must be 0 or more" in err and err.count("\n") == 1
    code, _, err = run(capsys, "analyse", str(human_save), "--margin", "nan")
    assert code == 2 and "--margin" in err
    code, _, err = run(capsys, "analyse", str(human_save.parent / "missing.toml"))
    assert code == 2 and "missing.toml" in err
