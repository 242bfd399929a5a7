"""No command ever prints a traceback: every subcommand against a table of bad inputs.

Bad input is one line on stderr and exit status 2; a closed standard output is
silence and 141 (or 0 when nothing was left to write); Ctrl+C is 130.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import MINI
from tests.saves.conftest import play
from wargame.cli import main
from wargame.decks import load_deck

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> dict[str, str]:
    """A saved game, a folder, a missing file and a path under a file (which nothing can write)."""
    root = tmp_path_factory.mktemp("cli-errors")
    saves = root / "saves"
    play(load_deck(MINI), seed=3, turns=2, save_path=saves / "game.toml", name="game")
    (root / "plain.txt").write_text("not a folder\n")
    os.mkfifo(root / "pipe.toml")  # read, it would block for ever
    os.mkfifo(root / "pipe.json")
    (root / "link.md").symlink_to(root / "plain.txt")
    (root / "deep.toml").write_text("a = " + "[" * 50_000 + "]" * 50_000 + "\n")
    (root / "long.toml").write_text("a = " + "9" * 5_000 + "\n")
    taken = root / "taken"
    taken.mkdir()
    (taken / f"{load_deck(MINI).id}-seed-0.toml").write_text((saves / "game.toml").read_text())
    return {
        "SAVE": str(saves / "game.toml"),
        "SAVES": str(saves),
        "DIR": str(root),
        "MISSING": str(root / "missing.toml"),
        "BLOCKED": str(root / "plain.txt" / "out"),
        "DECK": str(MINI),
        "PIPE": str(root / "pipe.toml"),
        "PIPEJSON": str(root / "pipe.json"),
        "LINK": str(root / "link.md"),
        "DEEP": str(root / "deep.toml"),
        "LONG": str(root / "long.toml"),
        "TAKEN": str(taken),
        "OTHERSAVE": str(taken / f"{load_deck(MINI).id}-seed-0.toml"),
    }


def fill(args: list[str], place: dict[str, str]) -> list[str]:
    """The command line with each placeholder (a word, or a path's first part) filled in."""
    out = []
    for arg in args:
        head, sep, rest = arg.partition("/")
        out.append(place[head] + sep + rest if head in place else arg)
    return out


#: (what is wrong, the command line); every one is bad input: exit 2, one line, no traceback
BAD_INPUT = [
    ("missing file", ["play", "--deck", "MISSING"]),
    ("missing file", ["resume", "MISSING"]),
    ("missing file", ["replay", "MISSING"]),
    ("missing file", ["replay", "MISSING", "--verify"]),
    ("missing file", ["inspect", "MISSING"]),
    ("missing file", ["report", "MISSING"]),
    ("missing file", ["simulate", "--deck", "MISSING", "--games", "1"]),
    ("missing file", ["analyse", "MISSING"]),
    ("missing file", ["deck", "check", "MISSING"]),
    ("folder instead of file", ["play", "--deck", "DIR"]),
    ("folder instead of file", ["resume", "DIR"]),
    ("folder instead of file", ["replay", "DIR", "--verify"]),
    ("folder instead of file", ["inspect", "DIR"]),
    ("folder instead of file", ["report", "DIR"]),
    ("folder instead of file", ["simulate", "--deck", "DIR", "--games", "1"]),
    ("folder instead of file", ["analyse", "DIR"]),
    ("folder instead of file", ["deck", "check", "DIR"]),
    ("folder instead of file", ["simulate", "--games", "1", "--out", "DIR"]),
    ("unwritable output", ["play", "--saves", "BLOCKED"]),
    ("unwritable output", ["resume", "SAVE", "--saves", "BLOCKED"]),
    ("unwritable output", ["report", "SAVE", "-o", "BLOCKED/r.md"]),
    ("unwritable output", ["simulate", "--games", "1", "--out", "BLOCKED/g.csv"]),
    ("unwritable output", ["simulate", "--games", "1", "--save-dir", "BLOCKED"]),
    ("output over the save read", ["report", "SAVE", "-o", "SAVE"]),
    ("output over another save", ["report", "SAVE", "-o", "OTHERSAVE"]),
    ("output over a device", ["report", "SAVE", "-o", os.devnull]),
    ("output over a pipe", ["report", "SAVE", "-o", "PIPE"]),
    ("output over a symbolic link", ["report", "SAVE", "-o", "LINK"]),
    ("output over a pipe", ["simulate", "--deck", "DECK", "--games", "1", "--out", "PIPEJSON"]),
    ("saves already there", ["simulate", "--deck", "DECK", "--games", "2", "--save-dir", "TAKEN"]),
    ("a pipe for a file", ["deck", "check", "PIPE"]),
    ("a pipe for a file", ["simulate", "--deck", "PIPE", "--games", "1"]),
    ("a pipe for a file", ["replay", "PIPE", "--verify"]),
    ("a device for a file", ["replay", "/dev/zero", "--verify"]),
    ("more than a machine holds", ["simulate", "--deck", "DECK", "--games", "99999999999999999999"]),
    ("more than a machine holds", ["simulate", "--deck", "DECK", "--games", "2", "--jobs", "1500"]),
    ("more than a machine holds", ["analyse", "SAVE", "--rollouts", "99999999999999999999"]),
    ("more than a machine holds", ["analyse", "SAVE", "--jobs", "1500"]),
    ("nested too deep", ["deck", "check", "DEEP"]),
    ("nested too deep", ["inspect", "DEEP"]),
    ("a number too long", ["deck", "check", "LONG"]),
    ("a number too long", ["report", "LONG"]),
    ("no terminal", ["play", "--seed", "1", "--saves", "SAVES"]),
    ("no terminal", ["resume", "SAVE", "--saves", "SAVES"]),
    ("no terminal", ["replay", "SAVE"]),
    *(("unknown flag", [*command, "--bogus"]) for command in (
        ["play"], ["resume", "SAVE"], ["replay", "SAVE"], ["inspect", "SAVE"], ["report", "SAVE"],
        ["simulate"], ["analyse", "SAVE"], ["deck", "list"], ["deck", "check", "DECK"],
    )),
]


@pytest.mark.parametrize(("what", "args"), BAD_INPUT, ids=[f"{w}: {' '.join(a)}" for w, a in BAD_INPUT])
def test_bad_input_is_one_line_and_exit_2(what: str, args: list[str], place, capsys, monkeypatch) -> None:
    monkeypatch.chdir(place["DIR"])
    try:
        status = main(fill(args, place))
    except SystemExit as done:  # argparse's own errors exit from inside
        status = done.code
    out, err = capsys.readouterr()
    assert status == 2, (out, err)
    assert "Traceback" not in out + err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith(("wargame", "1 of 1 deck has problems")), err


def test_a_refused_output_leaves_every_file_as_it_was(place, capsys) -> None:
    before = {name: Path(place[name]).read_bytes() for name in ("SAVE", "OTHERSAVE")}
    for target in ("SAVE", "OTHERSAVE"):
        assert main(["report", place["SAVE"], "-o", place[target]]) == 2
    assert main(["simulate", "--deck", place["DECK"], "--games", "2", "--save-dir", place["TAKEN"]]) == 2
    assert {name: Path(place[name]).read_bytes() for name in before} == before
    assert os.path.exists(os.devnull) and not os.path.isfile(os.devnull)  # still the device
    capsys.readouterr()


def test_an_unwritable_out_is_refused_before_the_games_are_played(place) -> None:
    """A million games are never played for a file that cannot be written."""
    args = ["simulate", "--deck", place["DECK"], "--games", "1000000", "--out", place["BLOCKED"] + "/g.json"]
    done = subprocess.run([sys.executable, "-m", "wargame", *args], capture_output=True, text=True, env=ENV, timeout=60)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr


def test_control_characters_in_a_flag_or_a_path_are_shown_not_sent(place, capsys) -> None:
    """An escape sequence typed into a flag value or a file name reaches stderr as a visible stand-in."""
    for args in (["simulate", "--scenario", "\x1b[31mred"], ["deck", "check", "\x1b]0;title\x07.toml"], ["simulate", "--bogus", "\x1b[2J"]):
        try:
            status = main(args)
        except SystemExit as done:
            status = done.code
        out, err = capsys.readouterr()
        assert status == 2, err
        assert "\x1b" not in out + err and "\x07" not in out + err, err
        assert "\u241b" in out + err, err  # ␛, the picture of ESC


def test_a_closed_standard_output_from_the_start_is_one_line_and_exit_2(place) -> None:
    """`wargame inspect SAVE >&-`: Python starts with no standard output at all."""
    done = subprocess.run(
        [sys.executable, "-m", "wargame", "inspect", place["SAVE"]],
        stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=ENV, timeout=60, preexec_fn=lambda: os.close(1),
    )
    err = done.stderr.decode()
    assert done.returncode == 2 and err.count("\n") == 1 and "standard output is closed" in err, err


#: commands whose output goes to a reader that has gone away
CLOSED = [
    ["deck", "list"],
    ["deck", "check", "DECK"],
    ["simulate", "--deck", "DECK", "--games", "40"],
    ["inspect", "SAVE", "--json"],
    ["report", "SAVE"],
    ["analyse", "SAVE", "--at", "1", "--rollouts", "2"],
    ["replay", "SAVE", "--verify"],
    ["--help"],
    ["simulate", "--help"],
]


@pytest.mark.parametrize("args", CLOSED, ids=[" ".join(a) for a in CLOSED])
def test_a_closed_standard_output_is_silence(args: list[str], place) -> None:
    read, write = os.pipe()
    os.close(read)  # `wargame ... | head -0`: the reader is gone before anything is written
    try:
        done = subprocess.run(
            [sys.executable, "-m", "wargame", *fill(args, place)],
            stdout=write, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, cwd=place["DIR"], env=ENV, timeout=120,
        )
    finally:
        os.close(write)
    err = done.stderr.decode()
    assert done.returncode in (0, 141), err
    assert err == "", err


def test_the_game_without_a_terminal_is_one_line_not_a_hang(place) -> None:
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "wargame", "--seed", "1", "--saves", place["SAVES"]],
            stdout=write, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, cwd=place["DIR"], env=ENV, timeout=60,
        )
    finally:
        os.close(write)
    assert done.returncode == 2
    assert done.stderr.decode().startswith("wargame: error: the game needs a terminal")


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_ctrl_c_is_exit_130_without_a_traceback_even_with_worker_processes(place) -> None:
    # A command started by a shell in the background inherits Ctrl+C ignored, and then rightly ignores it;
    # this test is about a terminal's Ctrl+C, so the command starts with the signal's default, as there.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "wargame", "simulate", "--deck", place["DECK"], "--games", "200000", "--jobs", "2"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, cwd=place["DIR"], env=ENV, start_new_session=True,
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    deadline = time.monotonic() + 120  # a safety net for a loaded machine, not a measure of speed
    while len(children(proc.pid)) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)  # wait until both workers exist, then a moment for them to play
    assert len(children(proc.pid)) >= 2, "the worker processes never started"
    time.sleep(1)
    os.killpg(proc.pid, signal.SIGINT)  # as Ctrl+C does: the whole foreground group
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 130, err.decode()
    assert b"Traceback" not in out + err and b"KeyboardInterrupt" not in err
