"""Golden files: the whole report of fixed games on the fixed test deck.

When the rules, the report or tests/data/mini.toml change on purpose,
regenerate them and read the diff before committing:

    WARGAME_REGEN_GOLDEN=1 pytest tests/report/test_golden.py
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI
from tests.report.conftest import scripted_game
from wargame.decks import load_deck
from wargame.report import build_report
from wargame.session import Session

GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).resolve().parents[2]
REGEN = os.environ.get("WARGAME_REGEN_GOLDEN", "") not in ("", "0")

#: golden file -> the arguments of `scripted_game` on the mini deck
GAMES: dict[str, dict] = {
    "mini-seed3-rigid.md": {"seed": 3, "turns": 6},
    "mini-seed12-white-cell.md": {"seed": 12, "turns": 5, "facilitated": True, "inject_card": "case-14-hormuz"},
}


def game(name: str) -> Session:
    return scripted_game(load_deck(MINI), **GAMES[name])


@pytest.mark.parametrize("name", sorted(GAMES))
def test_report_matches_its_golden_file(name: str) -> None:
    report = build_report(game(name))
    path = GOLDEN / name
    if REGEN:
        path.write_text(report, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with WARGAME_REGEN_GOLDEN=1 to write it"
    expected = path.read_text(encoding="utf-8")
    if report != expected:
        diff = "".join(
            list(difflib.unified_diff(expected.splitlines(True), report.splitlines(True), str(path), "now", n=1))[:60]
        )
        pytest.fail(f"the report differs from {path.name} (WARGAME_REGEN_GOLDEN=1 rewrites it on purpose):\n{diff}")


def test_golden_games_use_what_they_are_meant_to_show() -> None:
    rigid = game("mini-seed3-rigid.md")
    assert rigid.state.end_reason == "last_turn" and not rigid.facilitated
    white_cell = game("mini-seed12-white-cell.md")
    kinds = {d.action.kind for d in white_cell.log}
    assert kinds >= {"accept", "override", "set_track", "rule", "inject", "fire", "delay", "pause", "resume", "undo"}


def test_the_report_is_the_same_in_another_process_under_any_hash_seed() -> None:
    script = (
        "from tests.report.test_golden import game\n"
        "from wargame.report import build_report\n"
        "import sys\n"
        "sys.stdout.buffer.write(build_report(game('mini-seed12-white-cell.md')).encode('utf-8'))\n"
    )
    expected = build_report(game("mini-seed12-white-cell.md"))
    for seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, check=True)
        assert out.stdout.decode("utf-8") == expected
