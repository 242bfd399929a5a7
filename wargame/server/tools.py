"""The white cell's tools beyond the rules' own actions: messages to the table, the phase countdown, join codes.

Each takes the exercise's lock like a decision, so a message or a countdown
falls between two decisions, never inside one. The rules' facilitator
actions (inject, override, rule, pause, undo, ...) are decisions, taken by
`Exercise.decide` like any other.
"""

from __future__ import annotations

from typing import Any

from ..messaging import MAX_MESSAGE_CHARS, RECIPIENTS, Message
from ..session import clean_text, now_iso
from ..text import clean_typed
from . import protocol as p
from .countdown import MAX_SECONDS
from .exercise import Exercise, Reply, accepted, refused
from .store import StoreError
from .wire import message_data


async def send_message(exercise: Exercise, request: dict[str, Any]) -> Reply:
    """A broadcast to every seat, or a message to one team (and the white cell), kept in the store and the save."""
    try:
        to = p.text_field(request, "to", limit=20, default="all")
        text = clean_typed(clean_text(p.text_field(request, "text", limit=MAX_MESSAGE_CHARS))).strip()
    except p.ProtocolError as err:
        return refused(request, str(err))
    if to not in RECIPIENTS:
        return refused(request, f'"to" must be one of {", ".join(RECIPIENTS)}')
    if not text:
        return refused(request, "the message is empty")
    async with exercise.lock:
        message = Message(exercise.seq, to, text, now_iso())
        try:
            exercise.store.add_message(message)
        except StoreError as err:
            return refused(request, f"the message could not be recorded: {err}")
        exercise.session.messages.append(message)
        exercise.save_now()
        for seat in exercise.seats_here():
            if message.reaches(seat):
                exercise.audience.publish(seat, message_data(message))
    return accepted(request)


async def countdown(exercise: Exercise, request: dict[str, Any]) -> Reply:
    """Start, extend or stop the countdown of the phase the game is in."""
    op = request.get("op")
    async with exercise.lock:
        state = exercise.session.state
        if op == "stop":
            if exercise.timer.current is None:
                return refused(request, "no countdown is running")
            exercise.set_countdown(None)
            return accepted(request)
        try:
            seconds = p.int_field(request, "seconds")
        except p.ProtocolError as err:
            return refused(request, str(err))
        if not 1 <= seconds <= MAX_SECONDS:
            return refused(request, f"a countdown is 1 to {MAX_SECONDS} seconds, not {seconds}")
        if op == "start":
            if state.over:
                return refused(request, "the game is over")
            exercise.set_countdown(exercise.timer.start(state, seconds))
        elif op == "extend":
            if exercise.timer.current is None:
                return refused(request, "no countdown to extend: start one")
            exercise.set_countdown(exercise.timer.extend(seconds))
        else:
            return refused(request, '"op" must be start, extend or stop')
        return accepted(request)


async def reissue(exercise: Exercise, holder: str, *, revoke: bool = False) -> str:
    """A new code for `holder` (returned), or with `revoke` none at all; the old one stops working. StoreError if not kept."""
    async with exercise.lock:
        if revoke:
            entry, code = exercise.codes.revoke(holder), ""
        else:
            code, entry = exercise.codes.issue(holder)
        exercise.store.put_code(entry)
    exercise.publish_status()
    return code
