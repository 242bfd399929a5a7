"""`wargame join HOST:PORT`: take a seat in an exercise that `wargame serve` runs, in the terminal.

The TUI asks for the seat's join code (or takes `--code`), then shows what
the server sends that seat and sends its decisions back. Nothing is
decided or stored here: the server is the authority and keeps the game.
"""

from __future__ import annotations

import argparse
import os

from .errors import UserError, require_terminal


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "join",
        help="take a seat in an exercise served by 'wargame serve'",
        description="Join an exercise served by 'wargame serve' with the code the white cell gave your seat: "
        "the same board and keys as a local game, the server deciding what happens.",
    )
    parser.add_argument("address", metavar="HOST:PORT", help="the server's address as 'wargame serve' printed it (HOST:PORT, or a ws:// or wss:// URL)")
    parser.add_argument("--code", metavar="CODE", default="", help="the seat's join code (asked for on the screen if not given)")
    parser.add_argument("--origin", metavar="ORIGIN", help="the Origin to send (only needed behind a proxy that checks it)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..server.client import address_url  # deferred: --help and bad flags answer without it

    url = address_url(args.address)
    host = url.split("://", 1)[1].rsplit(":", 1)[0] if "://" in url else ""
    if not host or host in ("[]",) or any(c.isspace() for c in args.address.strip()):
        raise UserError(f"{args.address!r} is not a server address: give HOST:PORT, e.g. 192.168.1.20:8765")
    from ..ui.remote_app import RemoteApp  # deferred: --help and bad flags answer without it

    in_browser = "TEXTUAL_DRIVER" in os.environ  # a tab of `wargame serve --web`: textual-serve draws it, not a terminal
    if not in_browser:
        require_terminal()
    # a tab's client ends with the server that started it, even one killed outright (it would reconnect forever)
    RemoteApp(args.address, code=args.code.strip(), with_parent=in_browser).run()
    return 0
