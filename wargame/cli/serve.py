"""`wargame serve`: one exercise served to seats on other devices (WebSockets), the white cell apart.

It listens on 127.0.0.1 unless `--host` says otherwise, prints its port
and one join code per seat, and keeps every decision in the `--data`
folder (a SQLite store, and the usual TOML save beside it). Started again
on the same folder it resumes after the last accepted decision. Bad input
is one line and exit status 2; Ctrl+C stops it cleanly (130).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..text import printable
from .errors import UserError, say
from .options import add_game_options
from .play import check_pace

if TYPE_CHECKING:
    from ..server.limits import OriginPolicy
    from ..server.opening import Opened, Plan
    from ..server.web import WebSeats

#: the port the server listens on unless told otherwise (the join client's default too)
DEFAULT_PORT = 8765
#: the port browsers open with --web unless told otherwise
DEFAULT_WEB_PORT = 8766
LOCAL = ("127.0.0.1", "localhost", "::1")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "serve",
        help="serve one exercise to seats on other devices (a terminal or a browser per team)",
        description="Serve one exercise over WebSockets: each team joins from its own device with the code printed here. "
        "Every decision is kept in --data; run the same command again to resume after a crash.",
    )
    add_game_options(
        parser,
        seats="who plays each capital, e.g. 'tokyo=human,washington=human,beijing=doctrine' (default: people in all three)",
        facilitator="seat a facilitator: the white cell takes the rules' facilitator decisions",
        mode="adjudication: rigid, or semi-rigid (the white cell may override; the default with --facilitator)",
    )
    parser.add_argument("--name", metavar="TEXT", help="the exercise's name (in the save and the report)")
    parser.add_argument("--observers", type=int, default=1, metavar="N", help="read-only observer codes to issue, 0..20 (default 1)")
    parser.add_argument("--pace", type=float, metavar="SECONDS", default=0.8, help="pause after each bot move, 0 to 10 seconds (default 0.8)")
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"the port (default {DEFAULT_PORT}; 0 picks a free one, printed)")
    parser.add_argument("--web", action="store_true", help="also serve the join client to browsers (needs the web extra: pip install 'wargame[web]')")
    parser.add_argument("--web-port", type=int, default=DEFAULT_WEB_PORT, metavar="N", help=f"the browsers' port with --web (default {DEFAULT_WEB_PORT}; 0 picks a free one, printed)")
    parser.add_argument("--origin", action="append", default=[], metavar="ORIGIN", help="also accept browsers from this origin, e.g. https://wargame.example (repeatable)")
    parser.add_argument("--data", default="exercise", metavar="DIR", help="the exercise's folder: its store and its save (default: exercise/ in the working folder)")
    parser.add_argument("--reissue", action="append", default=[], metavar="SEAT", help="print a new join code for this seat (its old one stops working; repeatable)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    check_pace(args.pace)
    if not 0 <= args.port <= 65535:
        raise UserError(f"--port: {args.port} is not a port (0 to 65535)")
    if not 0 <= args.web_port <= 65535:
        raise UserError(f"--web-port: {args.web_port} is not a port (0 to 65535)")
    if args.web:
        _check_web()
    if not 0 <= args.observers <= 20:
        raise UserError(f"--observers: {args.observers} is not from 0 to 20")
    if args.turns is not None and not 1 <= args.turns <= 40:
        raise UserError(f"--turns: {args.turns} is not a number of turns from 1 to 40")
    from ..server.folder import DataFolder  # deferred: the command line answers --help and bad flags without it
    from ..server.opening import open_exercise  # deferred: the command line answers --help and bad flags without it
    from ..server.store import StoreError  # deferred: the command line answers --help and bad flags without it

    folder = DataFolder(args.data)
    plan = None if folder.holds_exercise else _plan(args)
    try:
        opened = open_exercise(folder, plan, reissue=args.reissue)
    except StoreError as err:
        if plan is not None and folder.holds_exercise:  # created by this run, then refused: none of its codes was shown
            folder.discard_new()
        folder.unlock()
        raise UserError(str(err)) from None
    if opened.resumed:
        _note_ignored(args, opened)
    try:
        return asyncio.run(_serve(opened, args))
    finally:
        folder.unlock()


def _check_web() -> None:
    """Refuse --web in one line when the web extra is not installed (before anything is opened)."""
    try:
        from ..server import web  # noqa: F401  deferred: only --web needs textual-serve
    except ImportError as err:
        raise UserError(f"--web needs the web extra, which is not installed ({err.name or err}): pip install 'wargame[web]'") from None


def _plan(args: argparse.Namespace) -> Plan:
    """The new exercise the flags describe, every one checked first."""
    from ..decks import DEFAULT_DECK, DeckError, load_deck  # deferred: the command line answers --help and bad flags without it
    from ..seats import parse_seats  # deferred: the command line answers --help and bad flags without it
    from ..server.opening import Plan  # deferred: the command line answers --help and bad flags without it
    from .scenarios import check_scenario  # deferred: the command line answers --help and bad flags without it

    if args.deck and args.scenario:
        raise UserError("give --deck or --scenario, not both")
    check_scenario(args.scenario)
    try:
        deck = load_deck(args.deck or args.scenario or DEFAULT_DECK)
    except DeckError as err:
        raise UserError(str(err)) from None
    base = {"tokyo": "human", "washington": "human", "beijing": "human", "facilitator": "off"}
    try:
        seats = parse_seats(args.seats or "", base=base)
    except ValueError as err:
        raise UserError(f"--seats: {err}") from None
    if args.facilitator:
        seats["facilitator"] = "human"
    import random  # deferred: only a new exercise needs a seed

    seed = random.SystemRandom().randrange(1, 1_000_000) if args.seed is None else args.seed
    mode = args.mode or ("semi-rigid" if seats["facilitator"] != "off" else "rigid")
    from ..text import clean_typed  # deferred: the command line answers --help and bad flags without it

    name = clean_typed(args.name or "").strip() or f"Exercise {deck.id} seed {seed}"
    return Plan(deck=deck, seed=seed, seats=seats, mode=mode, turns=args.turns, name=name, observers=args.observers)


def _note_ignored(args: argparse.Namespace, opened: Opened) -> None:
    given = [f"--{k}" for k in ("deck", "scenario", "seed", "seats", "mode", "turns", "name") if getattr(args, k) is not None]
    given += ["--facilitator"] if args.facilitator else []
    if given:
        print(
            f"wargame serve: note: resuming the exercise in {opened.folder.path}; {', '.join(given)} "
            f"{'is' if len(given) == 1 else 'are'} ignored (another --data starts a new one)",
            file=sys.stderr,
        )


async def _serve(opened: Opened, args: argparse.Namespace) -> int:
    from ..server.limits import OriginPolicy  # deferred: the command line answers --help and bad flags without it
    from ..server.serving import ExerciseServer  # deferred: the command line answers --help and bad flags without it

    origins = OriginPolicy(args.origin, report=lambda line: say(line, to=sys.stdout, flush=True))  # one for the exercise and its join page
    server = ExerciseServer(opened, host=args.host, port=args.port, pace=args.pace, origins=origins)
    try:
        await server.start()
    except OSError as err:
        await server.stop()
        _discard_unannounced(opened)
        raise UserError(f"cannot listen on {args.host} port {args.port}: {err.strerror or err}") from None
    pages = None
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):  # no signal handlers on some platforms: Ctrl+C still stops it
        loop.add_signal_handler(signal.SIGTERM, stopped.set)
    announced = False
    try:
        if args.web:
            pages = await _serve_pages(args, server.port, origins)
        _announce(opened, args, server.port, pages.port if pages else None)
        announced = True
        await stopped.wait()
    finally:
        if pages is not None:
            await pages.stop()
        await server.stop()
        if not announced:
            _discard_unannounced(opened)
        else:
            print("wargame serve: stopped; the same command resumes the exercise where it stands", file=sys.stderr, flush=True)
    return 0


def _discard_unannounced(opened: Opened) -> None:
    """A new exercise whose codes were never shown is removed, so that the same command starts it afresh and shows them.

    Resumed, or once a decision is taken, it stays: its codes were given before.
    """
    if not opened.resumed and not opened.session.log:
        opened.folder.discard_new()


async def _serve_pages(args: argparse.Namespace, port: int, origins: OriginPolicy) -> WebSeats:
    """The join page for browsers, each tab a `wargame join` to the exercise on `port`."""
    from ..server.web import WebSeats, local_url  # deferred: only --web needs textual-serve

    pages = WebSeats(local_url(args.host, port), host=args.host, port=args.web_port, origins=origins)
    try:
        await pages.start()
    except OSError as err:
        await pages.stop()
        raise UserError(f"--web: cannot listen on {args.host} port {args.web_port}: {err.strerror or err}") from None
    return pages


def _announce(opened: Opened, args: argparse.Namespace, port: int, web_port: int | None = None) -> None:
    """Where it listens, what it keeps where, and the join codes (shown only now: the store keeps their hashes)."""
    from ..engine import ROLES  # deferred: the command line answers --help and bad flags without it

    session = opened.session
    address = f"{f'[{args.host}]' if ':' in args.host else args.host}:{port}"
    state = session.state
    if opened.resumed:
        print(f"Resuming '{printable(session.name, one_line=True)}' after {len(session.log)} decisions (turn {state.turn}, {state.phase.replace('_', ' ')}).")
    else:
        print(f"New exercise '{printable(session.name, one_line=True)}': {session.deck.id}, seed {session.seed}, {session.turns} turns, {session.mode}.")
    say(f"Data in {Path(opened.folder.path).resolve()}:", to=sys.stdout)
    print(f"  {opened.folder.store.name}  every decision (the store the server trusts)")
    print(f"  {opened.folder.save.name}     the save: replay, report, analyse, resume")
    say(f"Listening on ws://{address}", to=sys.stdout)
    if web_port is not None:
        print(f"Browsers: http://{address.rsplit(':', 1)[0]}:{web_port}/ (each tab asks for its seat's code)")
    if args.host in LOCAL:
        print("  This machine only: --host 0.0.0.0 lets other devices join.")
    else:
        print(f"  OPEN TO THE NETWORK: anyone who reaches port {port} may try a code.")
        print("  It is not encrypted: put a TLS reverse proxy in front (see the README).")
    codes = opened.new_codes
    if opened.resumed:
        print("The join codes given before still hold" + (". New ones:" if codes else " (--reissue SEAT prints a new one)."))
    else:
        print("Join codes (shown only now: the store keeps only their hashes):")
    names = {**{r: r.capitalize() for r in ROLES}, "facilitator": "White cell"}
    for role in ROLES:
        if session.seats.get(role) != "human" and not opened.resumed:
            print(f"  {names[role]:<12} played here by the {session.seats[role]} bot")
        elif role in codes:
            print(f"  {names[role]:<12} {codes[role]}")
    for holder, code in codes.items():
        if holder not in ROLES:
            print(f"  {names.get(holder, holder.replace('observer', 'Observer')):<12} {code}")
    if codes:
        say(f"Join with: wargame join {address}", to=sys.stdout)
    print("Ctrl+C stops the server; the same command resumes the exercise.", flush=True)
