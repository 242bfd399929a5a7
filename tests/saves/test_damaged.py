"""Damaged saves: one clear line naming the file and the place, exit 2, no traceback, file untouched."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.saves.conftest import ROOT, play
from wargame import saves
from wargame.cli import main

Mutation = Callable[[str], str]


def sub(pattern: str, replacement: str, count: int = 1) -> Mutation:
    def mutate(text: str) -> str:
        changed, n = re.subn(pattern, replacement, text, count=count, flags=re.M)
        assert n, f"pattern {pattern!r} not in the save"
        return changed

    return mutate


def nth_decision(n: int, pattern: str, replacement: str) -> Mutation:
    """Change the first match of `pattern` inside the n-th [[decision]] table."""

    def mutate(text: str) -> str:
        parts = text.split("[[decision]]\n")
        changed, count = re.subn(pattern, replacement, parts[n], count=1, flags=re.M)
        assert count, f"pattern {pattern!r} not in decision {n}"
        parts[n] = changed
        return "[[decision]]\n".join(parts)

    return mutate


def cut_after_decision(n: int) -> Mutation:
    """Keep the header and the first n decisions: whole tables, a save cut at a table boundary."""
    return lambda text: "[[decision]]\n".join(text.split("[[decision]]\n")[: n + 1])


def first_roll(text: str) -> str:
    return re.sub(r'kind = "roll"\nvalue = \d+', 'kind = "roll"\nvalue = 0', text, count=1)


def bad_respond(text: str) -> str:
    return re.sub(r'kind = "respond"\nchoice = "[^"]+"', 'kind = "respond"\nchoice = "no-such-response"', text, count=1)


#: (id, mutation, what the message must say, whether it names a line)
DAMAGED: list[tuple[str, Mutation | bytes, str, bool]] = [
    ("empty", b"", "empty", False),
    ("binary", bytes(range(256)) * 4, "not UTF-8", True),
    ("not-toml", b"this is not a save\n{[}\n", "not valid TOML", True),
    ("json", b'{"save": {"format": 3}}', "not valid TOML", True),
    ("cut-mid-line", lambda t: t[: len(t) // 2], "", True),
    ("cut-at-a-table", cut_after_decision(3), "cut short", True),
    ("no-save-table", sub(r"^\[save\]\n", "[saved]\n"), "no format version", True),
    ("no-format", sub(r"^format = 3\n", ""), "no format version", True),
    ("format-is-text", sub(r"^format = 3$", 'format = "two"'), "'format' must be a whole number", True),
    ("format-newer", sub(r"^format = 3$", "format = 99"), "newer wargame", True),
    ("format-zero", sub(r"^format = 3$", "format = 0"), "unknown save format", True),
    ("seed-is-text", sub(r"^seed = (\d+)$", r'seed = "\1"'), "'seed' must be a whole number", True),
    ("turns-out-of-range", sub(r"^turns = \d+$", "turns = 0"), "turns must be", True),
    ("unknown-mode", sub(r'^mode = "rigid"$', 'mode = "chaotic"'), "unknown adjudication mode", True),
    ("unknown-seat-kind", sub(r'^washington = "random"$', 'washington = "oracle"'), "unknown seat kind", True),
    ("missing-game-table", sub(r"^\[game\]\n", "[gam]\n"), "unknown key 'gam'", True),
    ("deck-hash-not-hex", sub(r'^deck_hash = "[0-9a-f]+"$', 'deck_hash = "xyz"'), "64 hex digits", True),
    ("deck-changed", sub(r'^deck_hash = "[0-9a-f]{4}', 'deck_hash = "0000'), "has changed since", True),
    ("deck-missing", sub(r'^deck_source = ".*"$', 'deck_source = "/nowhere/deck.toml"'), "cannot load its deck", True),
    ("seq-is-text", nth_decision(2, r"^seq = 2$", 'seq = "2"'), "decision 2: 'seq' must be a whole number", True),
    ("seq-out-of-order", nth_decision(2, r"^seq = 2$", "seq = 5"), "decisions must be numbered", True),
    ("unknown-actor", nth_decision(1, r'^actor = "chance"$', 'actor = "moscow"'), "unknown actor 'moscow'", True),
    ("unknown-action", nth_decision(1, r'^kind = "draw"$', 'kind = "shuffle"'), "unknown action 'shuffle'", True),
    ("value-is-text", nth_decision(1, r'^kind = "draw"$', 'kind = "draw"\nvalue = "three"'), "'value' must be a whole number", True),
    ("rationale-is-number", nth_decision(2, r"^rationale = .*$", "rationale = 42"), "'rationale' must be text", True),
    ("unknown-key", nth_decision(2, r"^seq = 2$", "seq = 2\nmood = \"tense\""), "unknown key 'mood'", True),
    ("decision-not-a-table", lambda t: "decision = [1, 2]\n" + t.split("[[decision]]")[0], "decision 1 must be a table", True),
    ("illegal-response", bad_respond, "illegal", True),
    ("illegal-roll", first_roll, "illegal: a roll is 1..100", True),
    ("wrong-turn", nth_decision(2, r"^turn = 1$", "turn = 3"), "recorded at turn 3", True),
    ("checkpoint-differs", sub(r'^hash = "[0-9a-f]{4}', 'hash = "0000', count=2), "differs", True),
    ("checkpoint-not-hex", sub(r'(\[\[checkpoint\]\]\nseq = \d+\nturn = \d+\nhash = )"[0-9a-f]+"', r'\1"zz"'), "32 hex digits", True),
    ("checkpoint-beyond-log", sub(r"(\[\[checkpoint\]\]\nseq = )\d+", r"\g<1>9999"), "must follow the previous checkpoint", True),
    ("count-too-low", sub(r"^decisions = \d+$", "decisions = 1"), "counts 1 decisions", True),
]


@pytest.fixture(scope="module")
def valid_text(tmp_path_factory, decks) -> str:
    """A bot game on a bundled deck that has what the mutations change: a first draw, a respond, a roll."""
    folder = tmp_path_factory.mktemp("valid")
    for seed in range(21, 200):
        session = play(decks[1], seed=seed, name="valid")
        kinds = [d.action.kind for d in session.log]
        if kinds[:2] == ["draw", "respond"] and "roll" in kinds and session.log[1].turn == 1:
            saves.save(session, folder / "valid.toml")
            return (folder / "valid.toml").read_text(encoding="utf-8")
    raise AssertionError("no seed gives a game with a draw, a response and a roll")


def damaged_file(tmp_path: Path, valid_text: str, mutation: Mutation | bytes, name: str) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_bytes(mutation if isinstance(mutation, bytes) else mutation(valid_text).encode("utf-8"))
    return path


def test_the_table_is_long_enough() -> None:
    assert len(DAMAGED) >= 20


@pytest.mark.parametrize("name,mutation,says,has_line", DAMAGED, ids=[d[0] for d in DAMAGED])
def test_damaged_save_is_one_clear_line_and_exit_2(name, mutation, says, has_line, valid_text, tmp_path, capsys) -> None:
    path = damaged_file(tmp_path, valid_text, mutation, name)
    before = path.read_bytes()
    for command in (["inspect", str(path)], ["resume", str(path)], ["replay", str(path)], ["inspect", str(path), "--json"]):
        assert main(command) == 2, command
        captured = capsys.readouterr()
        assert captured.out == ""
        lines = captured.err.splitlines()
        assert len(lines) == 1, captured.err
        line = lines[0]
        assert line.startswith(f"wargame: error: {path}"), line
        assert says in line, line
        if has_line:
            assert re.match(rf"wargame: error: {re.escape(str(path))}:\d+: ", line), line
        assert "Traceback" not in line
    assert path.read_bytes() == before, "a damaged save is never written over"


@pytest.mark.parametrize("name,mutation,says,has_line", DAMAGED, ids=[d[0] for d in DAMAGED])
def test_verify_exits_1_on_divergence_and_2_on_damage(name, mutation, says, has_line, valid_text, tmp_path, capsys) -> None:
    path = damaged_file(tmp_path, valid_text, mutation, name)
    status = main(["replay", str(path), "--verify"])
    err = capsys.readouterr().err
    diverges = name in ("illegal-response", "illegal-roll", "wrong-turn", "checkpoint-differs")
    assert status == (1 if diverges else 2), err
    assert len(err.splitlines()) == 1 and says in err
    if diverges:
        assert re.match(rf"wargame: verify failed: {re.escape(str(path))}:\d+: decision \d+ \(turn \d+, \w+, .+\): ", err), err


def test_verify_names_the_first_bad_decision(valid_text, tmp_path, capsys) -> None:
    path = damaged_file(tmp_path, valid_text, first_roll, "roll")
    assert main(["replay", str(path), "--verify"]) == 1
    err = capsys.readouterr().err
    seq = int(re.search(r"decision (\d+) ", err).group(1))
    text = path.read_text(encoding="utf-8")
    table = text.split("[[decision]]\n")[seq]
    assert 'kind = "roll"\nvalue = 0' in table
    assert ", chance, roll 0): illegal: a roll is 1..100, not 0" in err


def test_a_folder_and_a_missing_file(tmp_path, capsys) -> None:
    assert main(["inspect", str(tmp_path)]) == 2
    assert "not a save file" in capsys.readouterr().err
    assert main(["inspect", str(tmp_path / "nope.toml"), "--saves", str(tmp_path)]) == 2
    assert "no such save" in capsys.readouterr().err


def test_the_real_command_prints_no_traceback(valid_text, tmp_path) -> None:
    """The same through `python -m wargame`, as a user runs it."""
    for name, mutation, says, _ in DAMAGED[:6]:
        path = damaged_file(tmp_path, valid_text, mutation, name)
        done = subprocess.run([sys.executable, "-m", "wargame", "inspect", str(path)], capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert done.returncode == 2
        assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1, done.stderr
        assert says in done.stderr


def test_deck_change_is_refused_then_allowed_on_request(tmp_path, capsys) -> None:
    from tests.conftest import MINI
    from wargame.decks import load_deck

    deck = tmp_path / "my-deck.toml"
    deck.write_bytes(MINI.read_bytes())
    path = tmp_path / "game.toml"
    play(load_deck(deck), seed=4, save_path=path)
    deck.write_bytes(MINI.read_bytes() + b"\n# edited after the game\n")
    for command in (["replay", str(path), "--verify"], ["inspect", str(path)], ["resume", str(path)]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert "my-deck.toml" in err and "has changed since the game was saved" in err and "--allow-deck-change" in err
    assert main(["replay", str(path), "--verify", "--allow-deck-change"]) == 0
    captured = capsys.readouterr()
    assert "has changed, but every decision replays as saved" in captured.err
    assert "verified" in captured.out


# --- random damage: hypothesis -----------------------------------------------------------


@st.composite
def mutations(draw: st.DrawFn, text: str) -> bytes:
    data = text.encode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["cut", "delete", "insert", "replace-line", "flip-byte", "duplicate-line", "number", "number", "swap"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        numbers = list(re.finditer(rb"= (-?\d+)\n", data))
        tables = data.split(b"[[decision]]\n")
        if kind == "number" and numbers:
            found = numbers[draw(st.integers(0, len(numbers) - 1))]
            new = str(draw(st.integers(-2, 120))).encode()
            data = data[: found.start(1)] + new + data[found.end(1) :]
        elif kind == "swap" and len(tables) > 3:
            i = draw(st.integers(1, len(tables) - 2))
            tables[i], tables[i + 1] = tables[i + 1], tables[i]
            data = b"[[decision]]\n".join(tables)
        elif kind == "cut":
            data = data[:at]
        elif kind == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 40)) :]
        elif kind == "insert":
            junk = draw(st.sampled_from([b'"', b"[", b"]]", b"=", b"\n", b"\\", b"0", b"-1", b"\xff", b"[[decision]]\n", b"true", b"\x00", b'"\xf0\x9f\x8e\x8c"']))
            data = data[:at] + junk + data[at:]
        elif kind == "flip-byte":
            data = data[:at] + bytes([data[at] ^ (1 << draw(st.integers(0, 7)))]) + data[at + 1 :]
        else:
            lines = data.split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            if kind == "duplicate-line":
                lines.insert(i, lines[i])
            else:
                lines[i] = draw(st.sampled_from([b"", b"seq = 1", b'kind = "roll"', b"value = 101", b"turn = -1", b'actor = "tokyo"', b"[position]", b"x = 1"]))
            data = b"\n".join(lines)
    return data


_VALID: dict[str, str] = {}


def small_valid_text() -> str:
    """A short valid save (facilitated, so many kinds of action), made once."""
    if "text" not in _VALID:
        import tempfile

        from tests.conftest import MINI
        from wargame.decks import load_deck

        folder = Path(tempfile.mkdtemp())
        play(load_deck(MINI), seed=8, facilitated=True, turns=2, save_path=folder / "small.toml", name='small "one" [b]\n🎌')
        _VALID["text"] = (folder / "small.toml").read_text(encoding="utf-8")
    return _VALID["text"]


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_saves_never_raise_anything_but_save_error(data, tmp_path) -> None:
    raw = data.draw(mutations(small_valid_text()))
    path = tmp_path / "mutated.toml"
    path.write_bytes(raw)
    try:
        result = saves.verify(path)
        if result.divergence is None:
            saves.load(path)
    except saves.SaveError as err:
        message = str(err)
        assert message.startswith(str(path)) and "\n" not in message
    summary = saves.summary(path)
    assert isinstance(summary, saves.SaveSummary)
    assert path.read_bytes() == raw
