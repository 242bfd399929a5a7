"""Saves: a header and the decision log as TOML, written atomically, loaded by replay.

A save is the record of a game: who sat where, which deck (with its content
hash), the seed, and every decision in order with its rationale. Loading
never trusts a stored state: it replays the log through `wargame.replaying`
(chance outcomes are read from the log, never regenerated) and checks the
state hash stored at the end of every turn. The format is documented in
docs/saves.md; `FORMAT` is its version, and older versions are migrated on
load while newer ones are refused.

Every problem with a save file becomes a `SaveError` whose text is one line
naming the file and the line (`saves/x.toml:42: decision 7: ...`); a save
that cannot be read is never written over.

The modules: `locations` (the folder, file names), `reading` (a file into
`SaveData`), `migrations` (formats), `checking` (replay, load, verify),
`writing` (render, save, autosave), `catalogue` (listings, branches).
Importing this package imports `writing`, which registers the autosave
observer for every session made afterwards.
"""

from __future__ import annotations

from .catalogue import SaveSummary, branch, list_saves, summary
from .checking import Divergence, Replay, cached_deck, deck_for, describe_action, load, open_replay, replay, verify
from .errors import SaveError, one_line
from .locations import ENV, SUFFIX, check_folder, deck_source, default_name, find_save, new_save_path, saves_dir, slug
from .migrations import FORMAT, MIGRATIONS, OLDEST
from .reading import SaveData, parse, read
from .writing import Autosave, RenderedLog, autosave, header, render, render_checkpoint, render_decision, render_message, save, toml_string, write_atomic

__all__ = [
    "ENV",
    "FORMAT",
    "MIGRATIONS",
    "OLDEST",
    "SUFFIX",
    "Autosave",
    "Divergence",
    "RenderedLog",
    "Replay",
    "SaveData",
    "SaveError",
    "SaveSummary",
    "autosave",
    "branch",
    "cached_deck",
    "check_folder",
    "deck_for",
    "deck_source",
    "default_name",
    "describe_action",
    "find_save",
    "header",
    "list_saves",
    "load",
    "new_save_path",
    "one_line",
    "open_replay",
    "parse",
    "read",
    "render",
    "render_checkpoint",
    "render_decision",
    "render_message",
    "replay",
    "save",
    "saves_dir",
    "slug",
    "summary",
    "toml_string",
    "verify",
    "write_atomic",
]
