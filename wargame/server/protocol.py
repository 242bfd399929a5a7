"""The exercise protocol's vocabulary: its version, the message types, the close codes, and reading a frame.

Shared by the server and the client, so both spell every message type and
close code once. Every message is one JSON object in one WebSocket text
frame, with a "type"; docs/server.md describes each.
"""

from __future__ import annotations

import json
from typing import Any

from ..text import has_surrogate, printable

#: the protocol version a join names; the server refuses a join that names another
PROTOCOL = 1
#: the largest frame either side accepts (websockets' `max_size`): a decision or a message is a few hundred bytes
MAX_FRAME_BYTES = 64 * 1024
#: the longest rationale a decision may carry, in characters
MAX_RATIONALE_CHARS = 4000
#: seconds a new connection has to send its join
JOIN_TIMEOUT = 10.0

#: the seat of a read-only observer (it sees the public board, as a capital sees another's sealed choice: hidden)
OBSERVER = "observer"

# --- message types ---------------------------------------------------------------------------

#: client to server
JOIN = "join"  # {"code", "protocol", "client"?}: the first message of every connection
DECIDE = "decide"  # {"id"?, "at", "action": {"kind", "choice"?, "value"?}, "rationale"?}
SYNC = "sync"  # {}: ask for a full sync (the server also sends one unasked)
TIMER = "timer"  # white cell: {"id"?, "op": "start" | "extend" | "stop", "seconds"?}
MESSAGE = "message"  # white cell: {"id"?, "to": "all" | ROLE, "text"}
REISSUE = "reissue"  # white cell: {"id"?, "holder"}: a new join code for a seat, the old one revoked
REVOKE = "revoke"  # white cell: {"id"?, "holder"}: the seat's join code stops working
STATUS = "status"  # white cell: {}: who has submitted this phase, who is connected
CLIENT_TYPES = (JOIN, DECIDE, SYNC, TIMER, MESSAGE, REISSUE, REVOKE, STATUS)
#: what only the white cell may send
WHITE_CELL_TYPES = (TIMER, MESSAGE, REISSUE, REVOKE, STATUS)

#: server to client (besides SYNC, TIMER, MESSAGE and STATUS, which it sends too)
WELCOME = "welcome"  # {"seat", "holder", "protocol", "exercise"}: the join is accepted; a sync follows
UPDATE = "update"  # {"seq", "decision", "log", "board", "legal", "timer"}: a decision was accepted
ACCEPTED = "accepted"  # {"id", "request", "seq"?, "code"?}: the reply to the sender's request
REFUSED = "refused"  # {"id", "request", "reason", "stale"}: the reply to a request not taken
NOTICE = "notice"  # {"text"}: to the white cell: a countdown ran out, an autosave failed, a bot failed
ERROR = "error"  # {"reason"}: a frame the server could not read (the connection stays open)

# --- close codes (4000-4999 are the application's) -----------------------------------------

CLOSE_GOING_AWAY = 1001  # the server is shutting down: reconnect
CLOSE_POLICY = 1008  # the Origin is not allowed
CLOSE_TOO_BIG = 1009  # a frame over MAX_FRAME_BYTES (websockets closes with it)
CLOSE_PROTOCOL = 4000  # no join first, a malformed join, another protocol version
CLOSE_BAD_CODE = 4001  # the join code is not one of this exercise's
CLOSE_REPLACED = 4002  # the same code joined again on another connection
CLOSE_REVOKED = 4003  # the white cell revoked or reissued the code
CLOSE_TOO_SLOW = 4008  # the client did not read what it was sent
CLOSE_RATE_LIMITED = 4029  # too many join attempts from one address: wait and retry
#: close codes after which a client must not reconnect with the same code on its own
FATAL_CLOSES = (CLOSE_POLICY, CLOSE_PROTOCOL, CLOSE_BAD_CODE, CLOSE_REPLACED, CLOSE_REVOKED)


def close_reason(text: str) -> str:
    """A close frame's reason: at most 123 bytes of UTF-8 (WebSocket's limit), cut at a character."""
    data = text.encode("utf-8")
    if len(data) <= 123:
        return text
    return data[:120].decode("utf-8", "ignore") + "..."


class ProtocolError(ValueError):
    """A frame that is not a message of this protocol; the text says what is wrong, in a sentence."""


def read_frame(raw: str | bytes) -> dict[str, Any]:
    """A received frame as a message: a JSON object with a known "type" (ProtocolError if not)."""
    if isinstance(raw, bytes):
        raise ProtocolError("messages are JSON text frames, not binary ones")
    try:
        data = json.loads(raw, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        raise ProtocolError(f"not JSON: {err}") from None
    except ProtocolError:
        raise
    except (RecursionError, ValueError):  # arrays nested thousands deep, a number of thousands of digits
        raise ProtocolError("not a message this server reads: nested too deep, or a number too long") from None
    if not isinstance(data, dict):
        raise ProtocolError("a message is a JSON object")
    if not isinstance(data.get("type"), str):
        raise ProtocolError('a message needs a "type"')
    if _has_lone_surrogate(data):
        raise ProtocolError("a message's text must be valid Unicode (it holds a lone surrogate)")
    return data


def _no_constant(name: str) -> Any:
    raise ProtocolError(f"{name} is not a JSON value")


def _has_lone_surrogate(value: Any) -> bool:
    """Whether any text in the message (keys included) holds half a UTF-16 pair, which cannot be written out."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not item.isascii() and has_surrogate(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def shown_type(kind: str) -> str:
    """A message type as an error line may quote it: one line, controls shown, at most 40 characters."""
    one = printable(kind, one_line=True)
    return one if len(one) <= 40 else one[:37] + "..."


def frame(message: dict[str, Any]) -> str:
    """A message as the text of one frame."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def text_field(message: dict[str, Any], key: str, *, limit: int, default: str | None = None) -> str:
    """A string field of a message, at most `limit` characters (ProtocolError if missing, not text, or too long)."""
    value = message.get(key, default)
    if value is None:
        raise ProtocolError(f'"{key}" is missing')
    if not isinstance(value, str):
        raise ProtocolError(f'"{key}" must be text')
    if len(value) > limit:
        raise ProtocolError(f'"{key}" is longer than {limit} characters')
    return value


def int_field(message: dict[str, Any], key: str, *, default: int | None = None) -> int:
    """A whole-number field of a message (ProtocolError if missing or not a whole number)."""
    value = message.get(key, default)
    if value is None:
        raise ProtocolError(f'"{key}" is missing')
    if not isinstance(value, int) or isinstance(value, bool):
        raise ProtocolError(f'"{key}" must be a whole number')
    return value
