"""`wargame report SAVE` on a terminal stacks the tables too wide for it; a file or a pipe keeps them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI
from tests.report.conftest import facilitated_game
from wargame.cli import main
from wargame.decks import load_deck
from wargame.report import build_report
from wargame.report.fit import fit_tables

saves = pytest.importorskip("wargame.saves")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    session = facilitated_game(load_deck(MINI), 3, inject_card="case-14-hormuz")
    path = saves.save(session, tmp_path_factory.mktemp("saves") / "white-cell.toml")
    return path, build_report(session)


def on_a_terminal(args: list[str], columns: int) -> str:
    """What `wargame ARGS` writes to a terminal `columns` wide (a pseudo-terminal)."""
    pty = pytest.importorskip("pty")
    fcntl = pytest.importorskip("fcntl")
    termios = pytest.importorskip("termios")
    import struct

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    attrs = termios.tcgetattr(follower)
    attrs[1] &= ~termios.ONLCR  # the report's own line ends, not the terminal's CR LF
    termios.tcsetattr(follower, termios.TCSANOW, attrs)
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.Popen([sys.executable, "-m", "wargame", *args], stdout=follower, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    os.close(follower)
    out = bytearray()
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed once the report is written
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
    return out.decode("utf-8")


def test_on_an_80_column_terminal_the_wide_tables_are_stacked(saved) -> None:
    path, expected = saved
    shown = on_a_terminal(["report", str(path)], 80)
    assert shown == fit_tables(expected, 80, wraps=False)
    assert shown != expected
    assert "**Capital: Tokyo**" in shown and "| Capital | Score |" not in shown
    assert "| Seat | Played by |" in shown  # a table that fits stays a table
    for line in shown.split("\n"):
        if line.startswith("|"):
            assert len(line) <= 80, line


def test_o_writes_the_tables_even_from_a_terminal(saved, tmp_path) -> None:
    path, expected = saved
    out = tmp_path / "aar.md"
    assert on_a_terminal(["report", str(path), "-o", str(out)], 80) == ""
    assert out.read_text(encoding="utf-8") == expected


def test_on_a_wide_terminal_the_tables_that_fit_are_kept(saved) -> None:
    path, expected = saved
    shown = on_a_terminal(["report", str(path)], 200)
    assert shown == fit_tables(expected, 200, wraps=False)
    assert "| Capital | Score |" in shown


def test_a_file_or_a_pipe_keeps_every_table(saved, tmp_path, capsysbinary) -> None:
    path, expected = saved
    out = tmp_path / "aar.md"
    assert main(["report", str(path), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == expected
    assert main(["report", str(path)]) == 0  # standard output captured: not a terminal
    assert capsysbinary.readouterr().out.decode("utf-8") == expected
