"""Time from launch to the first interactive screen: the game against a bare Textual app.

Each run is a fresh Python process, timed from spawn until the app reports
that its first screen is up and taking keys (Textual's auto-pilot starts
then). The game runs as `wargame` with no arguments does (the command-line
entry, the default deck, the title screen); the bare app is a Header, a
Label and a Footer. Runs alternate, side by side, and the medians are
compared. Usage: python benchmarks/startup.py [RUNS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

READY = """
import sys

async def ready(pilot):
    await pilot.pause()
    sys.stdout.write("ready\\n")
    sys.stdout.flush()
    pilot.app.exit()
"""

BARE = READY + """
from textual.app import App
from textual.widgets import Footer, Header, Label

class Bare(App):
    def compose(self):
        yield Header()
        yield Label("Hello")
        yield Footer()

Bare().run(headless=True, size=(80, 24), auto_pilot=ready)
"""

GAME = READY + """
import textual.app

run = textual.app.App.run
textual.app.App.run = lambda self, *a, **k: run(self, headless=True, size=(80, 24), auto_pilot=ready)
from wargame.cli import main, play

play.require_terminal = lambda: None  # headless, reporting on a pipe: the check that a person has a terminal does not apply

main([])
"""


def once(code: str) -> float:
    """Seconds from spawning `python -c code` to its "ready" line."""
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    _out, err = proc.communicate(timeout=60)
    if line.strip() != "ready":
        raise SystemExit(f"startup.py: the app did not come up: {err.strip().splitlines()[-1:] or line!r}")
    return elapsed


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    once(BARE)  # warm the file cache and bytecode for both
    once(GAME)
    bare: list[float] = []
    game: list[float] = []
    for _ in range(runs):
        bare.append(once(BARE))
        game.append(once(GAME))
    b, g = statistics.median(bare), statistics.median(game)
    print(f"launch to first interactive screen, median of {runs} runs each, alternating")
    print(f"  bare Textual app (Header, Label, Footer): {b * 1000:7.1f} ms  (min {min(bare) * 1000:.1f})")
    print(f"  wargame title screen:                    {g * 1000:7.1f} ms  (min {min(game) * 1000:.1f})")
    print(f"  ratio: {g / b:.2f}x (target: within 1.3x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
