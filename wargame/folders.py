"""The saves folder: which one, and whether it can hold saves (light, so the title screen starts fast)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Mapping

#: the environment variable that names the saves folder
ENV = "WARGAME_SAVES"


def saves_dir(option: str | os.PathLike[str] | None = None, *, environ: Mapping[str, str] | None = None) -> Path:
    """The saves folder: `--saves DIR`, else $WARGAME_SAVES, else `saves/` under the working folder."""
    if option:
        return Path(option).expanduser()
    value = (os.environ if environ is None else environ).get(ENV, "").strip()
    if value:
        return Path(value).expanduser()
    return Path.cwd() / "saves"


def folder_problem(folder: str | os.PathLike[str]) -> str:
    """Why `folder` cannot hold saves, in a few words (empty when it can).

    The folder is created if need be, and a probe file is written, synced and
    removed: a read-only or full disk shows itself now, not at the first autosave.
    """
    path = Path(folder).expanduser()
    if path.exists() and not path.is_dir():
        return "cannot hold saves: it is a file, not a folder"
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".wargame-probe-", dir=path)
        try:
            os.write(fd, b"probe\n")
            os.fsync(fd)
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as err:
        return f"cannot hold saves: {err.strerror or err}"
    return ""
