"""Files a command writes: checked before any work, so that writing one never destroys what was there.

A command's output replaces a regular file at most, never a device, a
pipe, a folder or what a symbolic link points at (an atomic rename would
put a file where the device was), never the save it reads, and never a
TOML file (a save or a deck) with something that is not one.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import UserError


def check_target(path: Path, flag: str, what: str, *, reading: Path | None = None) -> None:
    """UserError, in one line naming `flag`, `path` and `what` is written, when it cannot or must not be written there."""
    where = f"{flag} {path}"
    try:
        found = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        found = None  # the folder below finds out whether it can be written
    if found is not None:
        if stat.S_ISLNK(found.st_mode):
            raise UserError(f"{where}: it is a symbolic link; give the file it points to, or a new name")
        if not stat.S_ISREG(found.st_mode):
            raise UserError(f"{where}: it is not a regular file (a folder, a device or a pipe); give a file's name")
        if reading is not None and path.resolve() == reading.resolve():
            raise UserError(f"{where}: that is the file being read; give another name")
        if path.suffix.lower() == ".toml":
            raise UserError(f"{where}: it would replace a TOML file (a save or a deck); give another name")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".wargame-", suffix=".tmp", dir=folder)
        os.close(handle)
        os.unlink(probe)
    except OSError as err:
        raise UserError(f"{where}: cannot write {what} in {folder} ({err.strerror or err})") from None
