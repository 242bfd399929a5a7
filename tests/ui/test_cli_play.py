"""`wargame [play] FLAGS`: bad flags are one line and exit status 2, before the TUI starts."""

from __future__ import annotations

import pytest

from wargame.cli import main


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--turns", "0"], "--turns: 0 is not a number of turns from 1 to 40"),
        (["play", "--seats", "tokyo=robot"], "--seats: unknown seat kind 'robot'"),
        (["--deck", "no-such-deck.toml"], "no-such-deck.toml"),
        (["--deck", "a.toml", "--scenario", "2016"], "give --deck or --scenario, not both"),
        (["--pace", "-1"], "--pace: -1.0 is not a number of seconds from 0 to 10"),
        (["--pace", "inf"], "--pace: inf is not a number of seconds from 0 to 10"),
        (["--pace", "nan", "--seed", "3"], "--pace: nan is not a number of seconds from 0 to 10"),
        (["--seats", "beijing=human,beijing=random"], "--seats: beijing is given twice: name each seat once"),
        (["--saves", "pyproject.toml"], "--saves pyproject.toml: cannot hold saves: it is a file, not a folder"),
        (["resume", "x", "--saves", "pyproject.toml"], "--saves pyproject.toml: cannot hold saves: it is a file, not a folder"),
        (["resume", ""], "no save named: give a save's name or file"),
        (["--scenario", "1999"], "--scenario 1999: no such scenario; the bundled ones are era-2013, era-2016"),
        (["simulate", "--scenario", "nope", "--games", "1"], "--scenario nope: no such scenario; the bundled ones are era-2013"),
    ],
)
def test_bad_play_flags_are_one_line(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("wargame: error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "error: :" not in err


def test_an_unknown_mode_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--mode", "free"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'free'" in capsys.readouterr().err


def test_help_says_that_the_play_flags_work_without_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "With no command, wargame plays" in out and "wargame play --help" in out
    with pytest.raises(SystemExit):
        main(["play", "--help"])
    assert "'wargame FLAGS' is the same as 'wargame play FLAGS'" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize(("argv", "prog"), [(["--bogus"], "wargame play"), (["simulate", "--frob"], "wargame simulate")])
def test_an_unknown_flag_names_the_command_whose_help_to_read(argv: list[str], prog: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err == f"{prog}: error: unrecognized arguments: {argv[-1]} (see '{prog} --help')\n"
