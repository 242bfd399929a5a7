"""`--scenario ID`: a bundled scenario by id or era, refused in one line that lists the ones there are."""

from __future__ import annotations

from .errors import UserError


def check_scenario(ref: str | None) -> None:
    """Raise UserError naming the bundled scenarios when `ref` is neither one of them nor a deck file."""
    if ref is None:
        return
    from ..decks import bundled_paths, resolve  # deferred: the command line answers --help and bad flags without it

    if resolve(ref).is_file():
        return
    known = ", ".join(path.stem for path in bundled_paths())
    raise UserError(f"--scenario {ref}: no such scenario; the bundled ones are {known} (see 'wargame deck list')")
