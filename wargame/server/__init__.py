"""Seats on separate devices: one exercise served over WebSockets, a terminal or a browser per team.

The engine stays the only authority: the server applies one decision at a
time through a `Session`, commits it to its store before anyone hears of
it, and sends each seat only what `view(state, seat)` lets it see. The
protocol is documented in docs/server.md.

The modules: `protocol` (message types, close codes, reading a frame),
`codes` (join codes and their hashes), `store` (the SQLite store),
`folder` (the `--data` folder and its lock), `wire` (the JSON a seat is
sent), `countdown` (the white cell's phase countdown), `exercise` (the game
on the server: decisions, chance and the bots, what each seat hears),
`tools` (the white cell's messages, countdown and codes), `limits` (origins
and join rate), `hub` (connections), `opening` (a new exercise, or one
rebuilt from its store), `serving` (the whole served), `client` (the
asyncio client a remote seat uses), and `web` (browser seats through
textual-serve, with the `web` extra).
"""

from __future__ import annotations
