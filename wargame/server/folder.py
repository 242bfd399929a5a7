"""The `--data` folder of an exercise: where its store and its save are, and the lock that keeps a second server off it."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO

from ..folders import folder_problem
from .store import StoreError

STORE_NAME = "exercise.sqlite3"
SAVE_NAME = "exercise.toml"
LOCK_NAME = "exercise.lock"


class DataFolder:
    """An exercise's folder: `store` (the authority), `save` (the TOML save written after every decision)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).expanduser()
        self.store = self.path / STORE_NAME
        self.save = self.path / SAVE_NAME
        self._lock: IO[str] | None = None

    @property
    def holds_exercise(self) -> bool:
        return self.store.exists()

    def prepare(self) -> None:
        """Create the folder if need be and prove it writable, then lock it; StoreError naming it if either fails."""
        problem = folder_problem(self.path)
        if problem:
            raise StoreError(self.path, problem.replace("cannot hold saves", "cannot hold an exercise"))
        self.lock()

    def lock(self) -> None:
        """Hold the folder's lock until the process ends (the system lets go of it even after a SIGKILL)."""
        try:
            import fcntl  # deferred: POSIX only; elsewhere a second server on one folder is not kept off
        except ImportError:
            return
        path = self.path / LOCK_NAME
        try:
            handle = open(path, "a+", encoding="utf-8")
        except OSError as err:
            raise StoreError(path, f"cannot open the lock file: {err.strerror or err}") from None
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            pid = handle.read().strip()
            handle.close()
            raise StoreError(self.path, f"another wargame serve is running on this folder{f' (process {pid})' if pid else ''}") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._lock = handle

    def discard_new(self) -> None:
        """Remove an exercise created by this run that was never served: no code of it was shown, so no one could join it.

        Only for an exercise with no decision: the next run starts a new one and shows its codes.
        """
        for path in (self.store, self.store.with_name(self.store.name + "-wal"), self.store.with_name(self.store.name + "-shm"), self.save):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def unlock(self) -> None:
        if self._lock is not None:
            with contextlib.suppress(OSError):
                self._lock.close()
            self._lock = None
