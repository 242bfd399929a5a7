"""What a remote seat's screen says, made from what the server sent (JSON), never from the engine.

A seat joined with `wargame join` knows only the messages the server built
for it from `view(state, seat)`: the board, its own legal actions, the log
and the white cell's messages. These functions turn those into lines; the
screens put them on the terminal. Every string from the server goes through
`safe.Text`, so a control character in a card or a rationale is shown as a
stand-in, never sent to the terminal.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from .safe import Text

#: the seats, as the header and the status line name them
SEAT_NAMES = {"tokyo": "Tokyo", "washington": "Washington", "beijing": "Beijing", "facilitator": "White cell", "observer": "Observer"}
#: the tracks the board shows first, in this order; any others follow as the server lists them
FIRST_TRACKS = ("rung", "support", "approval", "cohesion", "tension", "narrative", "reputation", "interop")
PHASES = {
    "turn_start": "turn start", "event": "event", "responses": "responses", "adjudication": "adjudication",
    "review": "review", "policy": "policy", "election": "election", "turn_end": "turn end", "over": "game over",
}


def seat_name(seat: str) -> str:
    return SEAT_NAMES.get(seat, seat.split("-")[0].capitalize() if seat.startswith("observer") else seat)


def clock(seconds: float) -> str:
    """'4:05' for 245 seconds (never negative)."""
    whole = max(0, int(seconds + 0.999))
    return f"{whole // 60}:{whole % 60:02d}"


def timer_text(timer: Mapping[str, Any] | None, elapsed: float = 0.0) -> Text:
    """The countdown, `elapsed` seconds after the server last said where it stood: '⏱ 4:05', 'time is up'."""
    if not timer:
        return Text("")
    if timer.get("expired"):
        return Text("time is up", style="bold red")
    remaining = float(timer.get("remaining", 0)) - (elapsed if timer.get("running") else 0.0)
    style = "bold red" if remaining <= 30 else "bold"
    return Text(f"⏱ {clock(remaining)}" + ("" if timer.get("running") else " (stopped)"), style=style)


def header_text(seat: str, exercise: Mapping[str, Any], board: Mapping[str, Any], connection: str, width: int = 200) -> Text:
    """'Tokyo · Seminar day 2 · turn 3 of 12 (Apr-Jun 2016) · responses · connected'; the exercise's name
    (then the date) is left out where the line would not fit in `width`."""
    for name_shown, date_shown in ((True, True), (False, True), (False, False)):
        line = _header(seat, exercise, board, connection, name_shown, date_shown)
        if line.cell_len <= width:
            break
    return line


def _header(seat: str, exercise: Mapping[str, Any], board: Mapping[str, Any], connection: str, name_shown: bool, date_shown: bool) -> Text:
    line = Text(seat_name(seat), style="bold")
    name = str(exercise.get("name") or exercise.get("deck_title") or "")
    if name and name_shown:
        line.append(f" · {name}")
    if board:
        line.append(f" · turn {board.get('turn', '?')} of {board.get('last_turn', '?')}")
        if board.get("date") and date_shown:
            line.append(f" ({board['date']})")
        line.append(f" · {PHASES.get(str(board.get('phase', '')), str(board.get('phase', '')))}")
        if board.get("paused"):
            line.append(" · paused by the white cell", style="bold yellow")
    line.append(f" · {connection}", style="green" if connection == "connected" else "bold yellow")
    return line


def board_lines(board: Mapping[str, Any]) -> Text:
    """The tracks (two to a line), the tension level, the cabinet's count, the sealed choices as the seat may
    know them, the Diet, institutions, flags and scores; the white cell's board adds the MSEL."""
    text = Text()
    tracks: Mapping[str, Any] = board.get("tracks") or {}
    names = [n for n in FIRST_TRACKS if n in tracks] + [n for n in tracks if n not in FIRST_TRACKS]
    for i, name in enumerate(names):
        text.append(f"{name[:10]:<10}", style="bold")
        text.append(f"{tracks[name]:>4}" + ("  " if i % 2 == 0 else "\n"))
    if len(names) % 2:
        text.append("\n")
    if board.get("tension_name"):
        text.append(f"tension: {board['tension_name']}\n", style="dim")
    if board.get("low_approval_turns"):
        text.append(f"approval at or below the collapse line: {board['low_approval_turns']} turn(s)\n", style="bold red")
    for sealed in board.get("sealed") or ():
        choice = str(sealed.get("choice", ""))
        line = f"{seat_name(str(sealed.get('role', '')))}: " + ("chose, sealed" if choice == "?" else f"chose {choice}")
        if sealed.get("rationale"):
            line += f" ({sealed['rationale']})"
        text.append(line + "\n", style="dim")
    diet = board.get("diet") or {}
    if diet.get("standing"):
        text.append(f"Diet: {diet['standing']}\n", style="dim")
    institutions = board.get("institutions") or {}
    if institutions:
        text.append("institutions: " + ", ".join(f"{k} {_word(v)}" for k, v in institutions.items()) + "\n", style="dim")
    if board.get("flags"):
        text.append("flags: " + ", ".join(str(f) for f in board["flags"]) + "\n", style="dim")
    scores = board.get("scores") or {}
    if scores:
        text.append("scores: " + " · ".join(f"{seat_name(r)} {v}" for r, v in scores.items()) + "\n")
    if board.get("over"):
        text.append(f"Game over: {board.get('end_reason') or 'the last turn'}", style="bold")
        if board.get("winner"):
            text.append(f" · highest score: {seat_name(str(board['winner']))}", style="bold")
        text.append("\n")
    msel = board.get("msel")
    if msel:
        text.append("MSEL:\n", style="bold")
        for entry in msel:
            text.append(f"  t{entry.get('due', '?')} {entry.get('inject', '')}: {entry.get('status', '')}\n")
    for scheduled in board.get("scheduled") or ():
        text.append(f"scheduled: t{scheduled.get('turn', '?')} {scheduled.get('card', '')}\n", style="dim")
    text.rstrip()
    return text


def _word(value: Any) -> str:
    if value is True:
        return "on"
    if value is False:
        return "off"
    return str(value)


def card_text(card: Mapping[str, Any] | None) -> Text:
    """The event card in play: title, date, text, sources, and the responses the seat may give."""
    if not card:
        return Text("No card in play.", style="dim")
    text = Text(str(card.get("title", "")), style="bold")
    if card.get("date"):
        text.append(f"  ({card['date']})", style="dim")
    text.append("\n" + str(card.get("text", "")))
    if card.get("explain"):
        text.append("\n" + str(card["explain"]), style="italic")
    if card.get("sources"):
        text.append("\nsources: " + ", ".join(str(s) for s in card["sources"]), style="dim")
    return text


def action_text(number: int, action: Mapping[str, Any]) -> Text:
    """One entry of the chooser: '1. label', a closed one greyed (its reason shows when it is highlighted)."""
    allowed = bool(action.get("allowed"))
    text = Text(f"{number:>2}. ", style="bold" if allowed else "dim")
    text.append(str(action.get("label") or action.get("kind", "")), style="" if allowed else "dim strike")
    if not allowed:
        text.append(" (closed)", style="dim")
    return text


def explanations(card: Mapping[str, Any] | None) -> dict[str, str]:
    """Each response's one-line explanation, by option id, from the card in play."""
    if not card:
        return {}
    return {str(r.get("id")): str(r.get("explain", "")) for r in card.get("responses") or ()}


def log_line(entry: Mapping[str, Any]) -> Text:
    """A line of the running log: 't3 Tokyo: ...'."""
    who = str(entry.get("who") or seat_name(str(entry.get("actor", ""))))
    text = Text(f"t{entry.get('turn', '?')} ", style="dim")
    if who:
        text.append(f"{who}: ", style="bold")
    text.append(str(entry.get("text", "")))
    return text


def message_line(message: Mapping[str, Any]) -> Text:
    """A white cell's message: 'White cell to all: ...'."""
    to = str(message.get("to", "all"))
    text = Text(f"White cell to {'all' if to == 'all' else seat_name(to)}: ", style="bold magenta")
    text.append(str(message.get("text", "")))
    return text


def status_text(status: Mapping[str, Any]) -> Text:
    """For the white cell: who has submitted this phase, who is still to, who is connected."""
    if not status:
        return Text("")
    text = Text("submitted: ", style="bold")
    text.append(", ".join(seat_name(s) for s in status.get("submitted", ())) or "nobody")
    text.append(" · waiting on: ", style="bold")
    text.append(", ".join(seat_name(s) for s in status.get("waiting", ())) or "nobody")
    connected: Sequence[str] = status.get("connected", ())
    text.append(" · connected: ", style="bold")
    text.append(", ".join(seat_name(s) for s in connected) or "nobody")
    return text


def waiting_text(seat: str, board: Mapping[str, Any], legal: Sequence[Mapping[str, Any]]) -> Text:
    """The prompt above the chooser: what the seat is to do, or whom the game waits on."""
    if board.get("over"):
        return Text("The game is over.", style="bold")
    to_move = [str(s) for s in board.get("to_move", ())]
    if seat in to_move and any(a.get("allowed") for a in legal):
        return Text(f"{seat_name(seat)} to choose (its number, or Enter):", style="bold")
    if seat == "facilitator" and any(a.get("allowed") for a in legal):
        waiting = ", ".join(seat_name(s) for s in to_move) or "nobody"
        return Text(f"Waiting on {waiting}. The white cell's actions:", style="bold")
    waiting = ", ".join(seat_name(s) for s in to_move if s != "chance") or "the dice"
    return Text(f"Waiting on {waiting}.", style="dim")
