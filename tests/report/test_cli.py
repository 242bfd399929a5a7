"""`wargame report SAVE [-o FILE.md]`: the report of a save, and one line and exit 2 for a bad one."""

from __future__ import annotations

import pytest

from tests.conftest import MINI
from tests.report.conftest import facilitated_game
from wargame.cli import main
from wargame.decks import load_deck
from wargame.report import build_report

saves = pytest.importorskip("wargame.saves")


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A finished white-cell game, saved, and the report of the game as it was played."""
    session = facilitated_game(load_deck(MINI), 3, inject_card="case-14-hormuz")
    path = saves.save(session, tmp_path_factory.mktemp("saves") / "white-cell.toml")
    return path, build_report(session)


def test_report_writes_the_games_report_to_a_file(saved, tmp_path, capsys) -> None:
    path, expected = saved
    out = tmp_path / "reports" / "aar.md"
    assert main(["report", str(path), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == expected
    assert capsys.readouterr().out == ""


def test_report_prints_to_standard_output_without_o(saved, capsysbinary) -> None:
    path, expected = saved
    assert main(["report", str(path)]) == 0
    assert capsysbinary.readouterr().out.decode("utf-8") == expected


def test_report_finds_a_save_by_name_in_the_saves_folder(saved, tmp_path) -> None:
    path, expected = saved
    out = tmp_path / "aar.md"
    assert main(["report", path.stem, "--saves", str(path.parent), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize(
    "content, message",
    [
        ("this is [not toml", "not valid TOML"),
        ('format = 2\n[game]\ndeck_id = "mini"\n', ""),
    ],
)
def test_a_bad_save_is_one_line_naming_the_file_and_exit_2(tmp_path, capsys, content, message) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    out = tmp_path / "aar.md"
    assert main(["report", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"wargame: error: {bad}")
    assert message in err
    assert "Traceback" not in err
    assert not out.exists()


def test_a_save_whose_log_was_tampered_with_is_refused(saved, tmp_path, capsys) -> None:
    path, _ = saved
    text = path.read_text(encoding="utf-8")
    tampered = tmp_path / "tampered.toml"
    # the first card drawn, changed after the fact: the log no longer replays as recorded
    draw = text.index('kind = "draw"')
    start = text.index('choice = "', draw) + len('choice = "')
    end = text.index('"', start)
    other = next(c for c in ("radar-lock-2013", "case-14-hormuz") if c != text[start:end])
    tampered.write_text(text[:start] + other + text[end:], encoding="utf-8")
    assert main(["report", str(tampered)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"wargame: error: {tampered}")


def test_a_missing_save_and_an_unwritable_output_are_one_line_and_exit_2(saved, tmp_path, capsys) -> None:
    path, _ = saved
    assert main(["report", str(tmp_path / "nothing-here.toml")]) == 2
    assert capsys.readouterr().err.startswith("wargame: error: ")
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    assert main(["report", str(path), "-o", str(blocker / "aar.md")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write the report" in err
