"""Hostile and huge decks: control characters are refused with their place, and size has a limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.decks import MAX_DECK_BYTES, DeckError, check_text, load_deck

from .helpers import BUNDLED, line_of, run_main

SOURCE = next(p for p in BUNDLED if p.stem == "era-2013").read_text(encoding="utf-8")
CARD = "case-01-remote-island-landing"
TITLE = 'title = "Armed group lands on a remote island"'
TEXT = 'text = "An armed group comes ashore'


def hostile_deck(tmp_path: Path) -> tuple[Path, str]:
    """The 2013 deck with an escape code in a card's title and a window-title sequence and
    a right-to-left override in its text."""
    text = SOURCE.replace(TITLE, 'title = "Armed group \\u001b[2J lands on a remote island"', 1)
    text = text.replace(TEXT, 'text = "\\u001b]0;PWNED\\u0007 An armed group \u202e comes ashore', 1)
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    return path, text


def test_deck_check_refuses_control_characters_with_file_line_card_and_field(tmp_path, capsys) -> None:
    path, text = hostile_deck(tmp_path)
    status, out, err = run_main(["deck", "check", str(path)], capsys)
    assert status == 2
    title_line = line_of(text, "title = \"Armed group \\u001b")
    text_line = line_of(text, "text = \"\\u001b]0;PWNED")
    assert out.splitlines() == [
        f"{path}:{title_line}: card '{CARD}': field 'title' holds a control character (U+001B)",
        f"{path}:{text_line}: card '{CARD}': field 'text' holds a control character (U+001B)",
    ]
    assert "\x1b" not in out + err and "\u202e" not in out + err
    with pytest.raises(DeckError, match="holds a control character"):
        load_deck(path)


@pytest.mark.parametrize(
    ("bad", "code"),
    [("\\u0007", "U+0007"), ("\\u009b", "U+009B"), ("\u202e", "U+202E"), ("\u2066", "U+2066"), ("\\r", "U+000D"), ("\\u007f", "U+007F")],
)
def test_every_c0_c1_and_bidi_control_is_refused(bad: str, code: str) -> None:
    text = SOURCE.replace(TEXT, f'text = "{bad} An armed group comes ashore', 1)
    (problem,) = check_text(text, "x.toml")
    assert str(problem).endswith(f"card '{CARD}': field 'text' holds a control character ({code})")


def test_line_breaks_and_tabs_are_allowed_in_prose_only() -> None:
    prose = SOURCE.replace(TEXT, 'text = """An armed group\n\tcomes ashore', 1).replace("no law bridges the gap.\"", 'no law bridges the gap."""', 1)
    assert check_text(prose, "x.toml") == []
    (problem,) = check_text(SOURCE.replace(TITLE, 'title = "Armed\\tgroup lands"', 1), "x.toml")
    assert "field 'title' holds a control character (U+0009)" in str(problem)
    (problem,) = check_text(SOURCE.replace('label = "Send Coast Guard', 'label = "Send\\nCoast Guard', 1), "x.toml")
    assert f"card '{CARD}', tokyo response 'police-removal': field 'label' holds a control character (U+000A)" in str(problem)


def test_a_control_character_in_a_key_or_a_list_is_refused_too() -> None:
    problems = check_text(SOURCE.replace('sources = ["cases-2014", "domain-ladder"]', 'sources = ["cases-2014", "domain\\u001b-ladder"]', 1), "x.toml")
    assert any(f"card '{CARD}': field 'sources' holds a control character (U+001B)" in str(p) for p in problems)
    problems = check_text(SOURCE.replace("case = 1\n", '"case\\u001b" = 1\n', 1), "x.toml")
    assert any(f"card '{CARD}': key 'case\\x1b' holds a control character (U+001B)" in str(p) for p in problems)


def test_a_deck_over_the_size_limit_is_refused_in_one_line(tmp_path, capsys) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes(b"# padding\n" * (MAX_DECK_BYTES // 10 + 1))
    status, out, err = run_main(["deck", "check", str(path)], capsys)
    assert status == 2
    size = path.stat().st_size
    assert out == f"{path}: the deck is {size:,} bytes; a deck may be at most 4,000,000 bytes (4 MB; a scenario deck is under 200 KB)\n"
    with pytest.raises(DeckError, match="a deck may be at most"):
        load_deck(path)
    status, out, err = run_main(["simulate", "--deck", str(path), "--games", "1"], capsys)
    assert status == 2 and "a deck may be at most" in err and "Traceback" not in err


@pytest.mark.parametrize("command", [["simulate", "--games", "1", "--save-dir", "SAVES"], ["deck", "check"]], ids=["simulate", "check"])
def test_a_deck_whose_path_holds_a_control_character_is_refused_before_any_game(tmp_path, capsys, command) -> None:
    """A save records its deck's path and refuses control characters: such a deck would leave saves no one could load."""
    path = tmp_path / "era\x1b[31m.toml"
    path.write_text(SOURCE, encoding="utf-8")
    saves = tmp_path / "saves"
    args = [str(saves) if a == "SAVES" else a for a in command]
    args = [*args, "--deck", str(path)] if command[0] == "simulate" else [*args, str(path)]
    status, out, err = run_main(args, capsys)
    assert status == 2
    assert "the deck's path holds a control character (U+001B): rename the file" in out + err
    assert "\x1b" not in out + err
    assert not saves.exists() or not any(saves.iterdir())
