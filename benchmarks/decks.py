"""How long decks take to load and check, and how much memory that takes.

    python benchmarks/decks.py [--cards 1000,10000] [--runs 3]

Prints, for each bundled deck and for generated decks of N cards (the
bundled 2013 cards repeated under new ids, so each card is as big as a real
one), the file size, the median time to load it (`load_deck`) and to check
it (`check_deck`), and the peak resident memory of a fresh process doing
it (the interpreter and wargame's modules included). Generated decks larger than the loader's size limit are measured with
the limit lifted (`max_bytes=None`); the limit itself refuses them at once.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wargame.decks import MAX_DECK_BYTES, DeckError, bundled_paths, check_deck, load_deck  # noqa: E402


def generate(cards: int, path: Path) -> Path:
    """The 2013 deck with its cards repeated (each copy under a new id) until it has `cards` cards."""
    source = (ROOT / "decks" / "era-2013.toml").read_text(encoding="utf-8")
    start, end = source.index("[[cards]]"), source.index("[[policies]]")
    blocks = ["[[cards]]" + b for b in source[start:end].split("[[cards]]")[1:]]
    parts = [source[:start]]
    for i in range(cards):
        block = blocks[i % len(blocks)]
        if i >= len(blocks):
            block = re.sub(r'^(\[\[cards\]\]\nid = ")([^"]+)"', lambda m: f'{m.group(1)}{m.group(2)}-{i}"', block, count=1)
        parts.append(block)
    parts.append(source[end:])
    path.write_text("".join(parts), encoding="utf-8")
    return path


def one(path: str, mode: str) -> None:
    """In a fresh process: load or check `path` once, print seconds and peak memory as JSON."""
    began = time.perf_counter()
    if mode == "load":
        load_deck(path, max_bytes=None)
    else:
        assert check_deck(path, max_bytes=None) == []
    seconds = time.perf_counter() - began
    print(json.dumps({"seconds": seconds, "peak_mb": peak_resident_mb()}))


def peak_resident_mb() -> float:
    """This process's peak resident memory (VmHWM: reset by exec, unlike ru_maxrss, which a child inherits)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(path: Path, mode: str, runs: int) -> tuple[float, float]:
    results = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, __file__, "--one", str(path), mode], capture_output=True, text=True, check=True)
        results.append(json.loads(done.stdout))
    return statistics.median(r["seconds"] for r in results), max(r["peak_mb"] for r in results)


def refusal(path: Path) -> float:
    """Seconds for the size limit to refuse a deck over it."""
    began = time.perf_counter()
    try:
        load_deck(path)
    except DeckError:
        return time.perf_counter() - began
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", default="1000,10000", help="sizes of the generated decks (default 1000,10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median time, highest peak)")
    parser.add_argument("--one", nargs=2, metavar=("PATH", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(*args.one)
        return
    print(f"{'deck':<24}{'cards':>7}{'size':>10}{'load':>9}{'check':>9}{'peak memory':>13}  note")
    with tempfile.TemporaryDirectory() as tmp:
        decks = [(p.stem, p, len(load_deck(p).cards)) for p in bundled_paths()]
        decks += [(f"generated-{n}", generate(n, Path(tmp) / f"gen-{n}.toml"), n) for n in map(int, args.cards.split(","))]
        for name, path, cards in decks:
            size = path.stat().st_size
            load, load_peak = measure(path, "load", args.runs)
            check, check_peak = measure(path, "check", args.runs)
            note = f"over the {MAX_DECK_BYTES / 1e6:g} MB limit (refused in {1000 * refusal(path):.1f} ms)" if size > MAX_DECK_BYTES else ""
            print(f"{name:<24}{cards:>7}{size / 1e6:>8.2f}MB{load:>8.2f}s{check:>8.2f}s{max(load_peak, check_peak):>10.0f} MB  {note}")


if __name__ == "__main__":
    main()
