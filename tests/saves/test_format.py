"""The save format: exact text round trips, versions, the saves folder, branches and listings."""

from __future__ import annotations

import os
import random
import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, random_move
from tests.saves.conftest import ALL_BOTS, FACILITATED, play
from wargame import __version__, saves
from wargame.decks import load_deck
from wargame.engine import state_hash
from wargame.session import Session
from wargame.text import clean_typed, first_control

#: text without lone surrogates (which no UTF-8 file can hold)
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)

NASTY = [
    'a "quoted" \'word\'',
    "two\nlines\r\nand\ttabs",
    "[bold]not markup[/bold] [[decision]] \\ backslash",
    "emoji 🎌🇯🇵👩‍👩‍👧 and 日本語, العربية, עברית",
    "\x00\x01\x1b[31m control \x7f \u2028 \ufeff",
    '"""triple""" \'\'\'quotes\'\'\'',
    "x" * 10_240,
    "長" * 5_000,
    "",
    " leading and trailing spaces ",
]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(any_text)
def test_toml_string_holds_any_text_exactly(text: str) -> None:
    assert tomllib.loads(f"x = {saves.toml_string(text)}\n")["x"] == text
    assert tomllib.loads(tomli_w.dumps({"x": text}))["x"] == text


def facilitated_game_with(texts: list[str], deck, tmp_path: Path, name: str) -> Session:
    """A facilitated game in which every decision that may carry a rationale carries one of `texts`."""
    session = Session.new(deck, seed=4, seats=FACILITATED, mode="semi-rigid", turns=1, name=name)
    rng = random.Random(4)
    i = 0
    while not session.state.over:
        action = random_move(session.state, rng)
        if action.actor != "chance":
            text = texts[i % len(texts)] or "-"
            action = action.with_rationale(text if clean_typed(text).strip() else f"{text}.")
            i += 1
        session.act(action)
    saves.save(session, tmp_path / "u.toml")
    return session


def test_rationales_and_names_of_any_text_round_trip_exactly(tmp_path) -> None:
    """Any text, once cleaned as it is typed (no control characters), comes back exactly."""
    deck = load_deck(MINI)
    for n, name in enumerate(NASTY):
        session = facilitated_game_with(NASTY[n:] + NASTY[:n], deck, tmp_path, name)
        loaded = saves.load(tmp_path / "u.toml")
        assert loaded.name == clean_typed(name)
        assert [d.action.rationale for d in loaded.log] == [d.action.rationale for d in session.log]
        assert {d.action.rationale for d in loaded.log} >= {clean_typed(t) for t in NASTY if t.strip()}
        assert state_hash(loaded.state) == state_hash(session.state)
    assert saves.summary(tmp_path / "u.toml").name == session.name


@settings(max_examples=30, deadline=None, derandomize=True)
@given(st.lists(any_text, min_size=1, max_size=5), any_text)
def test_random_rationales_round_trip(tmp_path_factory, texts: list[str], name: str) -> None:
    tmp_path = tmp_path_factory.mktemp("u")
    session = facilitated_game_with(texts, load_deck(MINI), tmp_path, name)
    loaded = saves.load(tmp_path / "u.toml")
    assert loaded.name == clean_typed(name)
    assert [d.action.rationale for d in loaded.log] == [d.action.rationale for d in session.log]
    assert not any(first_control(d.action.rationale) for d in loaded.log)


def test_typed_text_is_cleaned_before_it_reaches_the_log_or_a_save(tmp_path) -> None:
    """Escape codes are dropped; pasted line breaks become a space, never glued to the next word."""
    hostile = "ok\x1b]0;PWNED\x07 then \u202eevil\r\nnext line\nand\x9bmore"
    session = facilitated_game_with([hostile], load_deck(MINI), tmp_path, "name\x1b[2J\nsecond")
    chosen = [d.action.rationale for d in session.log if d.action.rationale]
    assert chosen and all(r == "ok]0;PWNED then evil next line andmore" for r in chosen)
    text = (tmp_path / "u.toml").read_text(encoding="utf-8")
    assert "\\u001b" not in text and "\\u0007" not in text and "\u202e" not in text and "PWNED" in text
    assert saves.load(tmp_path / "u.toml").name == "name[2J second"


def test_lone_surrogates_become_replacement_characters(tmp_path) -> None:
    deck = load_deck(MINI)
    session = facilitated_game_with(["bad \udc80 half"], deck, tmp_path, "name \ud800")
    loaded = saves.load(tmp_path / "u.toml")
    assert loaded.log[1].action.rationale == "bad \ufffd half"
    assert loaded.name == "name \ufffd"
    assert state_hash(loaded.state) == state_hash(session.state)


# --- versions -----------------------------------------------------------------------------


def format_1(session: Session) -> str:
    """The save of a session in format 1: one [header], [[log]] entries with an inline action, no checkpoints."""
    header = {
        "format": 1,
        "engine": "0.0.9",
        "name": session.name,
        "created": session.created,
        "updated": session.created,
        "deck": session.deck.id,
        "deck_hash": session.deck.content_hash,
        "deck_source": saves.deck_source(session.deck),
        "seed": session.seed,
        "mode": session.mode,
        "turns": session.turns,
        "seats": session.seats,
        "final_hash": state_hash(session.state),
    }
    log = []
    for d in session.log:
        entry = {"seq": d.seq, "turn": d.turn, "phase": d.phase, "time": d.time, "action": d.action.to_dict()}
        if d.action.rationale:
            entry["rationale"] = d.action.rationale
        log.append(entry)
    return tomli_w.dumps({"header": header, "log": log})


@pytest.mark.parametrize("old_format", [1, 2])
def test_saves_of_the_old_rules_are_refused_with_one_line_naming_the_change(old_format: int, tmp_path, capsys) -> None:
    from wargame.cli import main

    session = play(load_deck(MINI), seed=31, turns=2, save_path=tmp_path / "now.toml")
    old = tmp_path / "old.toml"
    if old_format == 1:
        old.write_text(format_1(session), encoding="utf-8")
    else:
        old.write_text(session.save_path.read_text(encoding="utf-8").replace(f"format = {saves.FORMAT}", "format = 2", 1), encoding="utf-8")
    with pytest.raises(saves.SaveError) as err:
        saves.load(old)
    assert f"save format {old_format} holds a game played under the rules of wargame 0.1" in str(err.value)
    assert main(["replay", str(old), "--verify"]) == 2
    out, errout = capsys.readouterr()
    lines = (out + errout).strip().splitlines()
    assert len(lines) == 1 and "wargame 0.1" in lines[0] and "Traceback" not in out + errout


def test_a_newer_format_is_refused_with_the_versions(tmp_path) -> None:
    session = play(load_deck(MINI), seed=1, save_path=tmp_path / "new.toml")
    path = session.save_path
    path.write_text(path.read_text(encoding="utf-8").replace(f"format = {saves.FORMAT}", "format = 4", 1), encoding="utf-8")
    with pytest.raises(saves.SaveError) as err:
        saves.load(path)
    assert "newer wargame (save format 4" in str(err.value) and __version__ in str(err.value)


def test_header_records_what_the_issue_asks(tmp_path) -> None:
    session = play(load_deck("era-2016"), seed=9, save_path=tmp_path / "h.toml", name="Header")
    data = tomllib.loads((tmp_path / "h.toml").read_text(encoding="utf-8"))
    assert data["save"]["format"] == saves.FORMAT
    assert data["save"]["engine"] == __version__
    assert data["game"]["deck"] == "era-2016" and data["game"]["deck_source"] == "era-2016"
    assert data["game"]["deck_hash"] == session.deck.content_hash
    assert data["game"]["scenario"] == "era-2016"
    assert data["game"]["seats"] == ALL_BOTS
    assert data["position"]["decisions"] == len(session.log) == len(data["decision"])
    assert [c["seq"] for c in data["checkpoint"]] == [c.seq for c in session.checkpoints]
    first = data["decision"][0]
    assert set(first) >= {"seq", "turn", "phase", "actor", "kind", "time"}


def test_a_deck_of_ones_own_is_found_by_its_path(tmp_path) -> None:
    copy = tmp_path / "mine.toml"
    copy.write_bytes(MINI.read_bytes())
    play(load_deck(copy), seed=2, save_path=tmp_path / "own.toml")
    assert saves.read(tmp_path / "own.toml").deck_source == str(copy.resolve())
    assert saves.verify(tmp_path / "own.toml").divergence is None


def test_a_changed_deck_is_refused_unless_allowed(tmp_path) -> None:
    copy = tmp_path / "mine.toml"
    copy.write_bytes(MINI.read_bytes())
    play(load_deck(copy), seed=2, save_path=tmp_path / "own.toml")
    copy.write_bytes(MINI.read_bytes() + b"\n# an edit\n")
    with pytest.raises(saves.SaveError) as err:
        saves.load(tmp_path / "own.toml")
    assert "mine.toml" in str(err.value) and "--allow-deck-change" in str(err.value)
    result = saves.verify(tmp_path / "own.toml", allow_deck_change=True)
    assert result.deck_changed and result.divergence is None  # a comment changes nothing in play


def test_a_changed_deck_that_diverges_resumes_into_a_new_file(tmp_path, capsys) -> None:
    from wargame.cli.resume import load_from_args
    from wargame.cli import build_parser

    copy = tmp_path / "mine.toml"
    copy.write_bytes(MINI.read_bytes())
    session = play(load_deck(copy), seed=2, save_path=tmp_path / "own.toml")
    original = (tmp_path / "own.toml").read_bytes()
    tokyo = next(d for d in session.log if d.actor == "tokyo" and d.action.kind == "respond")
    text = MINI.read_text(encoding="utf-8")
    assert f'id = "{tokyo.action.choice}"' in text
    copy.write_text(text.replace(f'id = "{tokyo.action.choice}"', 'id = "renamed-response"', 1), encoding="utf-8")
    args = build_parser().parse_args(["resume", str(tmp_path / "own.toml"), "--allow-deck-change"])
    resumed = load_from_args(args)
    err = capsys.readouterr().err
    assert f"first divergence: {tmp_path / 'own.toml'}:" in err and f"decision {tokyo.seq} " in err
    assert len(resumed.log) == tokyo.seq - 1
    assert resumed.save_path == tmp_path / "own-replayed.toml"
    assert (tmp_path / "own.toml").read_bytes() == original


# --- the saves folder -----------------------------------------------------------------------


def test_saves_dir_option_then_environment_then_working_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(saves.ENV, raising=False)
    assert saves.saves_dir() == tmp_path / "saves"
    monkeypatch.setenv(saves.ENV, str(tmp_path / "env"))
    assert saves.saves_dir() == tmp_path / "env"
    assert saves.saves_dir(str(tmp_path / "flag")) == tmp_path / "flag"
    assert saves.saves_dir(None, environ={}) == tmp_path / "saves"


def test_commands_find_saves_by_name_in_the_folder(tmp_path, monkeypatch, capsys) -> None:
    from wargame.cli import main

    play(load_deck(MINI), seed=3, save_path=tmp_path / "elsewhere" / "seminar-day-2.toml", name="Seminar, day 2")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(saves.ENV, str(tmp_path / "elsewhere"))
    assert main(["replay", "seminar-day-2", "--verify"]) == 0
    assert main(["inspect", "Seminar, day 2"]) == 0
    monkeypatch.delenv(saves.ENV)
    assert main(["inspect", "seminar-day-2"]) == 2
    assert main(["inspect", "seminar-day-2", "--saves", str(tmp_path / "elsewhere")]) == 0
    capsys.readouterr()


def test_new_save_paths_never_reuse_a_file(tmp_path) -> None:
    first = saves.new_save_path(tmp_path, "Séminaire: «jour 2» 🎌")
    assert first.name == "seminaire-jour-2.toml"
    first.write_text("x")
    second = saves.new_save_path(tmp_path, "Séminaire: «jour 2» 🎌")
    assert second.name == "seminaire-jour-2-2.toml"
    assert saves.new_save_path(tmp_path, "🎌🎌").name == "game.toml"


def test_list_saves_reads_headers_and_flags_damaged_ones(tmp_path) -> None:
    deck = load_deck(MINI)
    play(deck, seed=1, save_path=tmp_path / "a.toml", name="A")
    play(deck, seed=2, save_path=tmp_path / "b.toml", name="B", limit=10)
    (tmp_path / "broken.toml").write_text("[save\n", encoding="utf-8")
    (tmp_path / ".a.toml.123.tmp").write_text("partial", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a save", encoding="utf-8")
    found = {s.path.name: s for s in saves.list_saves(tmp_path)}
    assert set(found) == {"a.toml", "b.toml", "broken.toml"}
    assert found["a.toml"].name == "A" and found["a.toml"].end_reason
    assert found["b.toml"].decisions == 10 and found["b.toml"].scenario == "mini" and not found["b.toml"].end_reason
    assert found["broken.toml"].problem.startswith(str(tmp_path / "broken.toml"))
    assert saves.list_saves(tmp_path / "none") == []


def test_autosave_failure_is_reported_not_raised(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    session = Session.new(load_deck(MINI), seed=1, seats=ALL_BOTS, save_path=blocker / "game.toml")
    next(session.run_automatic())
    assert session.save_error.startswith(str(blocker / "game.toml")) and "cannot write" in session.save_error
    session.save_path = tmp_path / "game.toml"
    next(session.run_automatic())
    assert session.save_error == "" and saves.verify(tmp_path / "game.toml").divergence is None


def test_atomic_write_leaves_no_temporary_files(tmp_path) -> None:
    play(load_deck(MINI), seed=5, save_path=tmp_path / "g.toml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.toml"]
    assert oct(os.stat(tmp_path / "g.toml").st_mode & 0o777) == "0o644"


# --- branches -------------------------------------------------------------------------------


def test_branch_starts_a_new_save_that_records_its_parent(tmp_path) -> None:
    deck = load_deck(MINI)
    parent = play(deck, seed=12, save_path=tmp_path / "parent.toml", name="Parent")
    replay = saves.open_replay(tmp_path / "parent.toml")
    at = len(parent.log) // 2
    child = saves.branch(replay, at, "What if: Tokyo held")
    assert child.save_path == tmp_path / "what-if-tokyo-held.toml"
    assert child.parent == "parent.toml" and child.branched_at == at
    assert state_hash(child.state) == state_hash(replay.states[at])
    data = saves.read(child.save_path)
    assert data.parent == "parent.toml" and data.branched_at == at and data.name == "What if: Tokyo held"
    assert len(data.decisions) == at
    # the branch goes its own way and both files stay sound
    rng = random.Random(99)
    while not child.state.over:
        child.act(random_move(child.state, rng))
    assert saves.verify(child.save_path).divergence is None
    assert saves.verify(tmp_path / "parent.toml").divergence is None
    assert saves.summary(child.save_path).parent == "parent.toml"
