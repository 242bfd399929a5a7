"""Build hook: the modules every decision runs through compiled with mypyc, or pure Python where that cannot be done.

Bulk simulation and rollouts spend their time in the engine's legality,
resolution and automatic steps and in the doctrine bot's rules. Compiled
by mypyc (the same source, checked by mypy, turned into C), they play the
same games with the same results, faster (README, Benchmarks). A wheel is
compiled when mypyc and a C compiler are at hand. Otherwise, with
WARGAME_PURE=1, or in an editable install (which runs the sources as they
are edited), it is pure Python: the same games, only slower.
`wargame --version` says which.

The compiled modules are built in place, beside their sources, so that the
tests run against what the wheel ships. An editable install removes them.
None of these modules holds an attrs class: mypyc compiles none.
"""

from __future__ import annotations

import glob
import os
import subprocess
import sys
import tempfile
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: the hot path: legality, resolution, the automatic steps, chance, and the doctrine bot's rules
COMPILED = (
    "wargame/engine/adjudicate.py",
    "wargame/engine/chance.py",
    "wargame/engine/diet.py",
    "wargame/engine/gates.py",
    "wargame/engine/legality.py",
    "wargame/engine/lookups.py",
    "wargame/engine/machine.py",
    "wargame/engine/outlook.py",
    "wargame/engine/phases.py",
    "wargame/engine/replacing.py",
    "wargame/engine/resolution.py",
    "wargame/engine/scoring.py",
    "wargame/engine/splitmix.py",
    "wargame/engine/tracks.py",
    "wargame/engine/view.py",
    "wargame/bots/choices.py",
    "wargame/bots/conditions.py",
    "wargame/bots/doctrine_play.py",
    "wargame/bots/ladder.py",
    "wargame/bots/playout.py",
    "wargame/bots/protocol.py",
    "wargame/bots/rules.py",
)
PURE = "WARGAME_PURE"
#: run in a child process, so that a failing compiler fails only the attempt
COMPILE = """
import sys
from mypyc.build import mypycify
from setuptools import setup
temp, files = sys.argv[1], sys.argv[2:]
sys.argv = [sys.argv[0], "build_ext", "--inplace", "--build-temp", temp + "/temp", "--build-lib", temp + "/lib"]
setup(name="wargame-compiled", packages=[], py_modules=[], ext_modules=mypycify(files, opt_level="3", target_dir=temp + "/c"))
"""


class CompileHotPath(BuildHookInterface):
    """Compile `COMPILED` into the wheel, or leave the wheel pure Python and say why."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        self._remove_compiled()  # never ship, or run, modules compiled from older sources
        if version == "editable" or os.environ.get(PURE):
            return
        with tempfile.TemporaryDirectory() as temp:
            try:
                done = subprocess.run(
                    [sys.executable, "-c", COMPILE, temp, *COMPILED],
                    cwd=self.root,
                    capture_output=True,
                    text=True,
                    timeout=1800,
                )
                failed = done.returncode != 0
                output = done.stdout + done.stderr
            except (OSError, subprocess.SubprocessError) as error:
                failed, output = True, str(error)
        if failed:
            self._remove_compiled()
            last = "\n".join(output.strip().splitlines()[-5:])
            self.app.display_warning(f"wargame: the engine could not be compiled, so this build is pure Python (the same games, slower):\n{last}")
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        build_data["artifacts"].extend(f"/{path[:-3]}.*{suffix}" for path in COMPILED for suffix in (".so", ".pyd"))
        for shared in self._shared_libraries():  # mypyc's runtime for the modules, at the top level
            build_data["force_include"][shared] = os.path.basename(shared)

    def _shared_libraries(self) -> list[str]:
        return [p for suffix in (".so", ".pyd") for p in glob.glob(os.path.join(self.root, f"*__mypyc.*{suffix}"))]

    def _remove_compiled(self) -> None:
        for path in COMPILED:
            for suffix in (".so", ".pyd"):
                for built in glob.glob(os.path.join(self.root, f"{path[:-3]}.*{suffix}")):
                    os.remove(built)
        for shared in self._shared_libraries():
            os.remove(shared)
