"""What the server lets in: WebSocket origins, and how fast one address may try to join.

A browser sends the page's Origin with every WebSocket; a page on another
site must not be able to drive a seat from a player's browser, so by
default only no Origin (a program, not a page), this machine's own
(localhost) and the server's own host pass; `--origin` allows more. The
server's own host is the one the client named, when that is an address or
this machine's own name: a page from any other name that matches the Host
header may be another site's whose name was pointed at this server (DNS
rebinding), since the site, not the server, says what its name resolves
to. Join attempts are limited per remote address by a token bucket: a
burst for a room whose laptops all reconnect at once, then a slow refill
that makes guessing a code hopeless.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from typing import Callable, Iterable
from urllib.parse import urlsplit

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def host_of(netloc_or_url: str) -> str:
    """The host name of an Origin ('https://a.example:8443') or a Host header ('a.example:8765'), lower-case."""
    text = netloc_or_url if "//" in netloc_or_url else f"//{netloc_or_url}"
    try:
        return (urlsplit(text).hostname or "").lower()
    except ValueError:
        return ""


def machine_names() -> frozenset[str]:
    """This machine's own names: its host name, short and whole, and the name it has on the local network (`.local`)."""
    name = socket.gethostname().lower().rstrip(".")
    short = name.split(".")[0]
    return frozenset(n for n in (name, short, f"{short}.local") if n)


def is_address(host: str) -> bool:
    """Whether `host` is an IP address rather than a name."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class OriginPolicy:
    """Which Origin headers may open a WebSocket: none, localhost, the server's own host, and those allowed by name.

    `names` are the names of this machine a page may come from without
    `--origin` (by default `machine_names()`). `report`, when given, is
    told of each refused origin once (the first `REPORTED` of them), so
    the facilitator learns why a seminar's own name for the machine does
    not connect.
    """

    REPORTED = 20

    def __init__(self, allowed: Iterable[str] = (), *, names: Iterable[str] | None = None, report: Callable[[str], None] | None = None) -> None:
        self.allowed = frozenset(origin.rstrip("/").lower() for origin in allowed)
        self.names = frozenset(n.lower() for n in names) if names is not None else machine_names()
        self.report = report
        self._reported: set[str] = set()

    def problem(self, origin: str | None, host_header: str | None) -> str:
        """Why `origin` is refused, in a sentence (empty when it may connect)."""
        if origin is None:
            return ""
        if origin.rstrip("/").lower() in self.allowed:
            return ""
        host = host_of(origin)
        if host in LOCAL_HOSTS:
            return ""
        if host and host == host_of(host_header or "") and (is_address(host) or host in self.names):
            return ""
        shown = origin if len(origin) <= 50 else origin[:47] + "..."
        if self.report is not None and shown not in self._reported and len(self._reported) < self.REPORTED:
            self._reported.add(shown)
            self.report(f"Refused a browser page from {shown}: if it is this exercise's, serve with --origin {shown}")
        return f"origin {shown} is not allowed (serve with --origin to allow it)"


class JoinLimiter:
    """A token bucket per remote address: `burst` join attempts at once, then one every `every` seconds."""

    def __init__(self, burst: int = 10, every: float = 6.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.burst = burst
        self.every = every
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def wait(self, address: str) -> float:
        """Take one attempt for `address`: 0 when allowed, else the seconds until the next one would be."""
        now = self._clock()
        tokens, last = self._buckets.get(address, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) / self.every)
        if tokens < 1:
            self._buckets[address] = (tokens, now)
            return (1 - tokens) * self.every
        self._buckets[address] = (tokens - 1, now)
        if len(self._buckets) > 10_000:  # forget the addresses whose buckets are full again
            full = [a for a, (t, at) in self._buckets.items() if t + (now - at) / self.every >= self.burst]
            for gone in full:
                del self._buckets[gone]
        return 0.0
