"""`wargame serve` on the command line: bad input is one line and exit 2, Ctrl+C is 130, never a traceback."""

from __future__ import annotations

import signal
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI
from tests.server.test_crash import ENV, launch, start
from wargame.cli import main
from wargame.server.folder import DataFolder

SERVE = ["serve", "--deck", str(MINI), "--seed", "3", "--turns", "2", "--pace", "0"]


def run_main(args: list[str], capsys) -> tuple[int, str, str]:
    try:
        status = main(args)
    except SystemExit as done:  # argparse's own errors exit from inside
        status = int(done.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def one_line_error(status: int, out: str, err: str) -> str:
    assert status == 2, (out, err)
    assert "Traceback" not in out + err
    assert len(err.strip().splitlines()) == 1, err
    return err.strip()


def test_a_wrong_flag_is_one_line(capsys) -> None:
    line = one_line_error(*run_main(["serve", "--bogus"], capsys))
    assert "unrecognized arguments: --bogus" in line
    line = one_line_error(*run_main(["serve", "--port", "70000"], capsys))
    assert "--port" in line
    line = one_line_error(*run_main([*SERVE, "--scenario", "2013"], capsys))
    assert "--deck or --scenario" in line
    line = one_line_error(*run_main(["serve", "--scenario", "1999"], capsys))
    assert "no such scenario" in line
    line = one_line_error(*run_main([*SERVE, "--seats", "tokyo=nobody"], capsys))
    assert "--seats" in line


def test_an_unwritable_data_folder_is_one_line_naming_it(tmp_path, capsys) -> None:
    (tmp_path / "plain.txt").write_text("not a folder\n")
    blocked = tmp_path / "plain.txt" / "exercise"
    line = one_line_error(*run_main([*SERVE, "--data", str(blocked)], capsys))
    assert str(blocked) in line and "cannot hold an exercise" in line


def test_a_damaged_store_is_one_line_naming_the_file(tmp_path, capsys) -> None:
    data = tmp_path / "ex"
    data.mkdir()
    (data / "exercise.sqlite3").write_bytes(b"this is not a database at all, only some text " * 100)
    line = one_line_error(*run_main([*SERVE, "--data", str(data)], capsys))
    assert str(data / "exercise.sqlite3") in line and "not a readable exercise store" in line


def test_a_store_whose_decisions_do_not_replay_is_refused(tmp_path, capsys) -> None:
    data = tmp_path / "ex"
    proc, _port, _lines = launch(data, 0)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    db = sqlite3.connect(data / "exercise.sqlite3")
    last = db.execute("SELECT COUNT(*) FROM decision").fetchone()[0]
    db.execute("INSERT INTO decision VALUES (?, 1, 'responses', 'tokyo', 'respond', 'no-such-response', 0, '', '')", (last + 1,))
    db.commit()
    db.close()
    line = one_line_error(*run_main([*SERVE, "--data", str(data)], capsys))
    assert str(data / "exercise.sqlite3") in line and f"decision {last + 1} does not replay" in line
    db = sqlite3.connect(data / "exercise.sqlite3")
    db.execute("DROP TABLE code")
    db.commit()
    db.close()
    line = one_line_error(*run_main([*SERVE, "--data", str(data)], capsys))
    assert "not an exercise store: it has no code table" in line


def test_a_save_without_its_store_is_never_written_over(tmp_path, capsys) -> None:
    data = tmp_path / "ex"
    data.mkdir()
    (data / "exercise.toml").write_text("[save]\nformat = 3\n")
    line = one_line_error(*run_main([*SERVE, "--data", str(data)], capsys))
    assert str(data / "exercise.toml") in line and "no store" in line
    assert (data / "exercise.toml").read_text() == "[save]\nformat = 3\n"


def test_a_second_server_on_one_folder_and_a_busy_port_are_refused(tmp_path, capsys) -> None:
    data = tmp_path / "ex"
    holder = DataFolder(data)
    holder.prepare()
    try:
        line = one_line_error(*run_main([*SERVE, "--data", str(data)], capsys))
        assert "another wargame serve is running on this folder" in line
    finally:
        holder.unlock()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        line = one_line_error(*run_main([*SERVE, "--data", str(data), "--port", str(port)], capsys))
        assert f"cannot listen on 127.0.0.1 port {port}" in line
    # refused before its codes were shown, the new exercise is not kept: the same command starts it afresh
    assert not DataFolder(data).holds_exercise and not DataFolder(data).save.exists()
    line = one_line_error(*run_main([*SERVE, "--data", str(data), "--reissue", "moscow"], capsys))
    assert "--reissue moscow" in line
    assert not DataFolder(data).holds_exercise


def test_an_exercise_refused_before_its_codes_were_shown_starts_afresh_with_codes(tmp_path, capsys) -> None:
    data = tmp_path / "ex"
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        one_line_error(*run_main([*SERVE, "--data", str(data), "--port", str(busy.getsockname()[1])], capsys))
    proc, port, lines = launch(data, 0)
    try:
        assert port > 0 and any(line.startswith("Join codes") for line in lines), lines
        assert not any("Resuming" in line for line in lines)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=60)


def test_the_server_says_which_browser_page_it_refused_and_how_to_allow_it(tmp_path) -> None:
    import asyncio
    import select

    from tests.server.test_connections import closed_with

    proc, port, _lines = launch(tmp_path / "ex", 0)
    try:
        code, reason = asyncio.run(closed_with(f"ws://127.0.0.1:{port}", origin="http://seminar.example:8766"))
        assert "not allowed" in reason
        assert proc.stdout is not None
        said = ""
        while not said.startswith("Refused a browser page"):
            ready, _, _ = select.select([proc.stdout], [], [], 30)
            assert ready, "the server said nothing of the refused page"
            said = proc.stdout.readline()
        assert "serve with --origin http://seminar.example:8766" in said
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=60)


def test_ctrl_c_stops_the_server_cleanly_and_the_same_command_resumes(tmp_path) -> None:
    data = tmp_path / "ex"
    proc, port, lines = launch(data, 0)
    assert port > 0
    assert any(line.startswith("Join codes") for line in lines)
    assert any("This machine only" in line for line in lines)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in out + err and "KeyboardInterrupt" not in err
    # again, with flags that would make a new game: they are named as ignored, and the codes stand
    again = start(data, 0, "--host", "127.0.0.2", "--reissue", "tokyo", "--scenario", "2016")
    assert again.stdout is not None
    printed = []
    for line in again.stdout:
        printed.append(line)
        if line.startswith("Ctrl+C"):
            break
    again.send_signal(signal.SIGINT)
    _out, err = again.communicate(timeout=60)
    text = "".join(printed)
    assert "Resuming" in text and "OPEN TO THE NETWORK" in text and "TLS reverse proxy" in text
    assert "The join codes given before still hold. New ones:" in text and "Tokyo" in text
    assert "--deck, --scenario, --seed, --seats, --turns are ignored" in err
    assert again.returncode == 130 and "Traceback" not in err


@pytest.mark.parametrize("args", [["serve", "--help"]])
def test_help_lists_the_options(args: list[str], capsys) -> None:
    status, out, _err = run_main(args, capsys)
    assert status == 0
    for flag in ("--scenario", "--deck", "--seats", "--facilitator", "--host", "--port", "--data", "--origin", "--reissue"):
        assert flag in out


def test_the_data_folder_holds_a_store_and_a_save(tmp_path) -> None:
    data = tmp_path / "ex"
    proc, _port, _lines = launch(data, 0)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    names = sorted(p.name for p in Path(data).iterdir())
    assert "exercise.sqlite3" in names and "exercise.toml" in names
    done = subprocess.run([sys.executable, "-m", "wargame", "replay", str(data / "exercise.toml"), "--verify"], capture_output=True, text=True, env=ENV, timeout=120)
    assert done.returncode == 0, done.stderr
