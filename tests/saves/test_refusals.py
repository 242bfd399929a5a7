"""What a save says about itself: control characters refused, the blame put where it belongs,
verify's exit statuses as documented, file names that keep a seed's sign, saves listed by `resume`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import MINI
from tests.saves.conftest import ROOT, play
from wargame import saves
from wargame.cli import main
from wargame.decks import load_deck
from wargame.session import Session


@pytest.fixture
def saved(tmp_path) -> Path:
    path = tmp_path / "game.toml"
    play(load_deck("era-2013"), seed=5, turns=3, save_path=path, name="game")
    return path


def verify(path: Path, capsys) -> tuple[int, str]:
    status = main(["replay", str(path), "--verify"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, err


@pytest.mark.parametrize(
    ("pattern", "replacement", "where"),
    [
        (r'^name = "game"$', 'name = "ga\\\\u001b]0;PWNED\\\\u0007me"', "[save] 'name' holds a control character (U+001B)"),
        (r'^(rationale = "[^"]*)"$', '\\1\\\\u202e"', "decision 2: 'rationale' holds a control character (U+202E)"),
        (r'^phase = "event"$', 'phase = "ev\\\\u009bent"', "decision 1: 'phase' holds a control character (U+009B)"),
    ],
)
def test_a_control_character_in_a_save_is_refused_in_one_line(saved, capsys, pattern: str, replacement: str, where: str) -> None:
    text = saved.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert changed != text
    saved.write_text(changed, encoding="utf-8")
    line = next(i for i, row in enumerate(changed.splitlines(), 1) if row != text.splitlines()[i - 1])
    status, err = verify(saved, capsys)
    assert status == 2
    assert err == f"wargame: error: {saved}:{line}: {where}\n"
    assert "\x1b" not in err and "\u202e" not in err
    with pytest.raises(saves.SaveError):
        saves.load(saved)


def test_a_rationale_may_keep_line_breaks_from_older_versions(saved, capsys) -> None:
    text = saved.read_text(encoding="utf-8")
    saved.write_text(re.sub(r'^(rationale = "[^"]*)"$', '\\1\\\\nsecond line\\\\tand a tab"', text, count=1, flags=re.M), encoding="utf-8")
    status, err = verify(saved, capsys)
    assert "control character" not in err


def test_an_edited_seed_is_blamed_on_the_header_not_on_a_decision(saved, capsys) -> None:
    text = saved.read_text(encoding="utf-8")
    saved.write_text(text.replace("\nseed = 5\n", "\nseed = 6\n"), encoding="utf-8")
    line = saved.read_text(encoding="utf-8").splitlines().index("seed = 6") + 1
    status, err = verify(saved, capsys)
    assert status == 1
    assert err.startswith(f"wargame: verify failed: {saved}:{line}: [game] seed 6 does not give the recorded draws and rolls")
    assert "the seed was changed after the game was saved" in err and ": decision " not in err


def test_one_edited_roll_is_still_blamed_on_its_decision(saved, capsys) -> None:
    text = saved.read_text(encoding="utf-8")
    saved.write_text(re.sub(r'kind = "roll"\nvalue = \d+', 'kind = "roll"\nvalue = 0', text, count=1), encoding="utf-8")
    status, err = verify(saved, capsys)
    assert status == 1 and ": decision " in err and "seed" not in err


def test_verify_exit_statuses_match_the_readme(saved, capsys) -> None:
    """0 replays; 1 reads but does not replay; 2 cannot be read as a save (misnumbered decisions among them)."""
    assert verify(saved, capsys)[0] == 0
    text = saved.read_text(encoding="utf-8")
    saved.write_text(re.sub(r"^seq = 3$", "seq = 4", text, count=1, flags=re.M), encoding="utf-8")
    status, err = verify(saved, capsys)
    assert status == 2 and "decisions must be numbered 1, 2, 3" in err
    saved.write_text(re.sub(r'kind = "respond"\nchoice = "[^"]+"', 'kind = "respond"\nchoice = "no-such-response"', text, count=1), encoding="utf-8")
    status, err = verify(saved, capsys)
    assert status == 1 and "illegal" in err
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "--verify # exit 0; 1 when it reads but does not replay (naming the first bad decision); 2 when it cannot be read as a save" in readme


def test_a_negative_seed_keeps_its_sign_in_the_file_name(tmp_path) -> None:
    deck = load_deck(MINI)
    names = [saves.default_name(deck, seed) for seed in (-1, 1)]
    paths = [saves.new_save_path(tmp_path, name) for name in names]
    assert "seed-minus-1-" in paths[0].name and "seed-1-" in paths[1].name
    assert paths[0].name != paths[1].name


def test_saves_of_the_same_name_are_told_apart_in_the_picker(tmp_path) -> None:
    from wargame.ui.dialogs.pick_save import labels

    for n in range(2):
        session = Session.new(load_deck(MINI), seed=1, name="same name")
        session.save_path = saves.new_save_path(tmp_path, session.name)
        saves.save(session)
    shown = labels(saves.list_saves(tmp_path))
    assert len(set(shown)) == 2 and all("same name" in line for line in shown)
    assert {line.rsplit(" · ", 1)[1] for line in shown} == {"same-name.toml", "same-name-2.toml"}


def test_resume_without_a_name_lists_the_saves(saved, capsys) -> None:
    assert main(["resume", "--saves", str(saved.parent)]) == 0
    out = capsys.readouterr().out
    assert f"Saves in {saved.parent}, newest first ('wargame resume NAME' continues one):" in out
    assert "  game  game · over" in out
    assert main(["resume", "--saves", str(saved.parent / "none")]) == 0
    assert "No saves in" in capsys.readouterr().out
