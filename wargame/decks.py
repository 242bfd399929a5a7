"""Decks: TOML files in, a validated `Deck` out, or problems that name file and line.

The format is documented in decks/README.md. Every problem becomes one
line, `FILE:LINE: card 'ID': what is wrong and what is allowed`; a broken
deck never escapes as a traceback.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any

from attrs import frozen

from .engine.model import (
    Card,
    Deck,
    Effect,
    FlagDef,
    Inject,
    Modifier,
    Objective,
    Option,
    Requirement,
    Rules,
    Source,
    Start,
)
from .engine.tracks import (
    BOUNDS,
    DISTANCES,
    FLAG_SCOPES,
    FORBIDDEN_MISSIONS,
    INSTITUTION_NAMES,
    INSTITUTIONS,
    MISSIONS,
    ROLES,
    TRACKS,
)

FORMAT = 1
DEFAULT_DECK = "era-2013"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
_SOURCE_DIR = Path(__file__).resolve().parent.parent / "decks"
_PACKAGED_DIR = Path(__file__).resolve().parent / "_decks"

TOP_KEYS = ("format", "id", "title", "era", "description", "start", "rules", "objectives", "flags", "sources", "cards", "policies", "injects")
START_KEYS = ("turns", "baseline_support", "flags", "tracks", "institutions")
RULE_KEYS = ("poll_drift", "collapse_support", "collapse_turns", "rupture_cohesion")
END_KEYS = ("war", "rupture", "collapse", "last_turn", "caused_war")
CARD_KEYS = ("id", "title", "text", "explain", "case", "date", "weight", "addresses", "sources", "when", "on_draw", "responses")
OPTION_KEYS = ("role", "id", "label", "explain", "sources", "mission", "distance", "csd", "escalation", "odds", "requires", "modifiers", "success", "failure", "ruling")
INJECT_KEYS = ("id", "turn", "card", "trigger", "expected", "learning", "must_fire")
REQUIRE_KEYS = tuple(f"{m}_{t}" for t in TRACKS for m in ("min", "max")) + ("flags", "not_flags", *INSTITUTION_NAMES, "min_turn", "max_turn")
EFFECT_KEYS = (*TRACKS, "set_flags", "clear_flags", "institutions")
MODIFIER_KEYS = ("track", "per_point", "above", "flag", "add")


@frozen
class DeckProblem:
    path: str
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        where = f" {self.where}:" if self.where else ""
        return f"{self.path}:{self.line}:{where} {self.message}"


class DeckError(Exception):
    """A deck that cannot be played; `problems` holds one line per mistake."""

    def __init__(self, problems: list[DeckProblem]) -> None:
        self.problems = problems
        extra = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{extra}")


# --- finding decks -----------------------------------------------------------------------


def deck_dir() -> Path:
    """The bundled decks: beside the package when installed, at the top of a checkout otherwise."""
    return _PACKAGED_DIR if _PACKAGED_DIR.is_dir() else _SOURCE_DIR


def bundled_paths() -> list[Path]:
    return sorted(deck_dir().glob("*.toml"))


def resolve(name_or_path: str | Path) -> Path:
    """A bundled deck by id ("era-2013") or era ("2013"), or a file path."""
    text = str(name_or_path)
    for candidate in (deck_dir() / f"{text}.toml", deck_dir() / f"era-{text}.toml"):
        if candidate.is_file():
            return candidate
    return Path(text)


def load_deck(name_or_path: str | Path) -> Deck:
    """Load and validate a deck; raise DeckError naming file and line on any mistake."""
    path = resolve(name_or_path)
    deck, problems = _load(path)
    if problems or deck is None:
        raise DeckError(problems)
    return deck


def check_deck(path: str | Path) -> list[DeckProblem]:
    """Every problem in the deck file at `path` (empty when it is sound)."""
    return _load(Path(path))[1]


def bundled_decks() -> list[Deck]:
    return [load_deck(p) for p in bundled_paths()]


def _load(path: Path) -> tuple[Deck | None, list[DeckProblem]]:
    shown = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        return None, [DeckProblem(shown, 0, "", f"cannot read the deck: {err.strerror or err}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, [DeckProblem(shown, 1 + raw[: err.start].count(b"\n"), "", "the deck is not UTF-8 text")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line = getattr(err, "lineno", None) or _line_of_decode_error(str(err))
        msg = getattr(err, "msg", None) or re.sub(r"\s*\(at line.*\)$", "", str(err))
        col = getattr(err, "colno", None)
        at = f" (column {col})" if col else ""
        return None, [DeckProblem(shown, line or 1, "", f"TOML syntax error{at}: {msg}")]
    checker = _Checker(shown, text, hashlib.sha256(raw).hexdigest())
    deck = checker.deck(data)
    return (deck if not checker.problems else None), checker.problems


def _line_of_decode_error(message: str) -> int:
    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else 1


# --- locating a place in the file --------------------------------------------------------


class _Locator:
    """Finds the line of a place like ("cards", 3, "responses", 1, "requires", "min_rung")."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def line(self, place: tuple[Any, ...]) -> int:
        start, end = 0, len(self.lines)
        best = 0
        prefix: list[str] = []
        for part in place:
            if isinstance(part, int):
                header = re.compile(r"^\s*\[\[\s*" + re.escape(".".join(prefix)) + r"\s*\]\]")
                hits = [i for i in range(start, end) if header.match(self.lines[i])]
                if part < len(hits):
                    start = hits[part]
                    end = hits[part + 1] if part + 1 < len(hits) else self._section_end(start, prefix, end)
                    best = start
                continue
            prefix.append(part)
            dotted = re.escape(".".join(prefix))
            pattern = re.compile(
                r"^\s*\[\[?\s*" + dotted + r"\s*\]\]?\s*(#.*)?$|^\s*\"?" + re.escape(part) + r"\"?\s*=|[{,]\s*\"?" + re.escape(part) + r"\"?\s*="
            )
            for i in range(start, end):
                if pattern.search(self.lines[i]):
                    start = best = i
                    break
        return best + 1

    def _section_end(self, start: int, prefix: list[str], end: int) -> int:
        """Where an array-of-tables element ends: the next header not nested in it."""
        dotted = ".".join(prefix)
        for i in range(start + 1, end):
            m = re.match(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?", self.lines[i])
            if m and not m.group(1).startswith(dotted + "."):
                return i
        return end


# --- the checker -------------------------------------------------------------------------


def _did_you_mean(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _type_name(value: Any) -> str:
    return {bool: "true/false", int: "a whole number", str: "text", list: "a list", dict: "a table", float: "a decimal number"}.get(
        type(value), type(value).__name__
    )


class _Checker:
    def __init__(self, path: str, text: str, content_hash: str) -> None:
        self.path = path
        self.locator = _Locator(text)
        self.content_hash = content_hash
        self.problems: list[DeckProblem] = []
        self.where = ""
        self.flags_used: list[tuple[tuple[Any, ...], str, str]] = []
        self.sources_used: list[tuple[tuple[Any, ...], str, str]] = []

    # reporting
    def problem(self, place: tuple[Any, ...], message: str, where: str | None = None) -> None:
        self.problems.append(DeckProblem(self.path, self.locator.line(place), self.where if where is None else where, message))

    # typed getters: record a problem and return a default when the value is wrong
    def table(self, data: Any, place: tuple[Any, ...], keys: tuple[str, ...], what: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.problem(place, f"{what} must be a table, not {_type_name(data)}")
            return {}
        for key in data:
            if key not in keys:
                self.problem((*place, key), f"unknown key '{key}' in {what}{_did_you_mean(key, keys)}; allowed: {', '.join(keys)}")
        return data

    def value(self, data: dict[str, Any], key: str, place: tuple[Any, ...], kind: type, default: Any = None, required: bool = False) -> Any:
        if key not in data:
            if required:
                self.problem(place, f"missing '{key}' ({_type_name(kind())})")
            return default
        value = data[key]
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if not ok:
            self.problem((*place, key), f"'{key}' must be {_type_name(kind())}, not {_type_name(value)} {value!r}"[:200])
            return default
        return value

    def integer(self, data: dict[str, Any], key: str, place: tuple[Any, ...], low: int, high: int, default: int | None = None, required: bool = False) -> Any:
        value = self.value(data, key, place, int, default, required)
        if isinstance(value, int) and not low <= value <= high and value is not default:
            self.problem((*place, key), f"'{key}' is {value}: allowed {low}..{high}")
            return default
        return value

    def text(self, data: dict[str, Any], key: str, place: tuple[Any, ...], required: bool = True, default: str = "") -> str:
        value = self.value(data, key, place, str, default, required)
        if required and isinstance(value, str) and key in data and not value.strip():
            self.problem((*place, key), f"'{key}' must not be empty")
        return value if isinstance(value, str) else default

    def strings(self, data: dict[str, Any], key: str, place: tuple[Any, ...]) -> tuple[str, ...]:
        value = self.value(data, key, place, list, [])
        out = []
        for item in value:
            if not isinstance(item, str):
                self.problem((*place, key), f"'{key}' must list text, not {_type_name(item)} {item!r}")
            else:
                out.append(item)
        return tuple(out)

    def choice(self, data: dict[str, Any], key: str, place: tuple[Any, ...], allowed: tuple[str, ...], default: str, what: str) -> str:
        value = self.value(data, key, place, str, default)
        if value not in allowed:
            if value in FORBIDDEN_MISSIONS and key == "mission":
                self.problem((*place, key), "mission 'combat' is not allowed: front-line combat stays barred on every rung")
            else:
                self.problem((*place, key), f"unknown {what} '{value}'{_did_you_mean(value, allowed)}; allowed: {', '.join(allowed)}")
            return default
        return value

    def ident(self, data: dict[str, Any], place: tuple[Any, ...], what: str) -> str:
        value = self.text(data, "id", place)
        if value and not _ID.match(value):
            self.problem((*place, "id"), f"{what} id '{value}' may hold only lower-case letters, digits and dashes")
        return value

    # the deck
    def deck(self, data: dict[str, Any]) -> Deck | None:
        top = self.table(data, (), TOP_KEYS, "the deck")
        fmt = self.value(top, "format", (), int, None, required=True)
        if isinstance(fmt, int) and fmt != FORMAT:
            self.problem(("format",), f"deck format {fmt} is not supported: this version reads format {FORMAT}")
            return None
        deck_id = self.ident(top, (), "deck")
        title = self.text(top, "title", ())
        era = self.integer(top, "era", (), 1945, 2100, 0, required=True)
        description = self.text(top, "description", (), required=False)
        flags = self.flag_defs(top.get("flags", {}))
        sources = self.source_defs(top.get("sources", []))
        start = self.start(top.get("start"), set(flags))
        rules = self.rules(top.get("rules", {}))
        objectives = self.objectives(top.get("objectives"))
        cards = self.cards(top.get("cards"), set(flags))
        policies = self.policies(top.get("policies", []), set(flags))
        injects = self.injects(top.get("injects", []), {c.id for c in cards}, set(flags), start.turns if start else 40)
        self.check_references(set(flags), {s.id for s in sources})
        if self.problems or start is None:
            return None
        return Deck(
            id=deck_id,
            title=title,
            era=era,
            description=description,
            start=start,
            rules=rules,
            objectives=objectives,
            flags=tuple(FlagDef(n, t, s) for n, (t, s) in flags.items()),
            sources=sources,
            cards=cards,
            policies=policies,
            injects=injects,
            format=FORMAT,
            content_hash=self.content_hash,
            path=self.path,
        )

    def flag_defs(self, data: Any) -> dict[str, tuple[str, str]]:
        self.where = ""
        flags: dict[str, tuple[str, str]] = {}
        if not isinstance(data, dict):
            self.problem(("flags",), f"[flags] must be a table of flag = {{ text = ..., scope = ... }}, not {_type_name(data)}")
            return flags
        for name, spec in data.items():
            place = ("flags", name)
            if not re.match(r"^[a-z][a-z0-9_]*$", name):
                self.problem(place, f"flag name '{name}' may hold only lower-case letters, digits and underscores")
            if isinstance(spec, str):
                flags[name] = (spec, "game")
                continue
            spec = self.table(spec, place, ("text", "scope"), f"flag '{name}'")
            text = self.text(spec, "text", place)
            scope = self.choice(spec, "scope", place, FLAG_SCOPES, "game", "flag scope")
            flags[name] = (text, scope)
        return flags

    def source_defs(self, data: Any) -> tuple[Source, ...]:
        out: list[Source] = []
        if not isinstance(data, list):
            self.problem(("sources",), "sources must be [[sources]] entries with id and cite")
            return ()
        seen: set[str] = set()
        for i, spec in enumerate(data):
            place = ("sources", i)
            self.where = f"source #{i + 1}"
            spec = self.table(spec, place, ("id", "cite", "url"), "a source")
            sid = self.text(spec, "id", place)
            self.where = f"source '{sid}'"
            if sid in seen:
                self.problem(place, f"duplicate source id '{sid}'")
            seen.add(sid)
            out.append(Source(sid, self.text(spec, "cite", place), self.text(spec, "url", place, required=False)))
        self.where = ""
        return tuple(out)

    def start(self, data: Any, flags: set[str]) -> Start | None:
        self.where = "start"
        if data is None:
            self.problem((), "missing [start] table (turns, baseline_support, tracks, institutions)")
            return None
        spec = self.table(data, ("start",), START_KEYS, "[start]")
        turns = self.integer(spec, "turns", ("start",), 1, 40, 12, required=True)
        baseline = self.integer(spec, "baseline_support", ("start",), 0, 100, 50, required=True)
        start_flags = self.strings(spec, "flags", ("start",))
        for flag in start_flags:
            self.flags_used.append((("start", "flags"), flag, "start"))
        tracks_spec = self.table(spec.get("tracks", {}), ("start", "tracks"), TRACKS, "[start.tracks]")
        values = []
        for track in TRACKS:
            low, high = BOUNDS[track]
            if track not in tracks_spec:
                self.problem(("start", "tracks"), f"[start.tracks] must give '{track}' ({low}..{high})")
            values.append(self.integer(tracks_spec, track, ("start", "tracks"), low, high, low))
        inst_spec = self.table(spec.get("institutions", {}), ("start", "institutions"), INSTITUTION_NAMES, "[start.institutions]")
        institutions = []
        for name in INSTITUTION_NAMES:
            allowed = INSTITUTIONS[name]
            value = inst_spec.get(name, allowed[0])
            if name not in inst_spec:
                self.problem(("start", "institutions"), f"[start.institutions] must give '{name}' (one of {', '.join(map(_toml, allowed))})")
            elif value not in allowed or type(value) is not type(allowed[0]):
                self.problem(("start", "institutions", name), f"{name} is {_toml(value)}: allowed {', '.join(map(_toml, allowed))}")
                value = allowed[0]
            institutions.append((name, value))
        self.where = ""
        return Start(turns or 12, baseline if baseline is not None else 50, tuple(values), tuple(institutions), start_flags)

    def rules(self, data: Any) -> Rules:
        self.where = "rules"
        spec = self.table(data, ("rules",), RULE_KEYS, "[rules]")
        rules = Rules(
            poll_drift=self.integer(spec, "poll_drift", ("rules",), 0, 20, 2),
            collapse_support=self.integer(spec, "collapse_support", ("rules",), 0, 100, 20),
            collapse_turns=self.integer(spec, "collapse_turns", ("rules",), 1, 40, 2),
            rupture_cohesion=self.integer(spec, "rupture_cohesion", ("rules",), 0, 100, 10),
        )
        self.where = ""
        return rules

    def objectives(self, data: Any) -> tuple[Objective, ...]:
        self.where = "objectives"
        spec = self.table(data if data is not None else {}, ("objectives",), ROLES, "[objectives]")
        out = []
        for role in ROLES:
            place = ("objectives", role)
            if role not in spec:
                self.problem(("objectives",), f"missing [objectives.{role}] (weights per track, end bonuses)")
                continue
            table = self.table(spec[role], place, ("weights", "end"), f"[objectives.{role}]")
            weights = self.table(table.get("weights", {}), (*place, "weights"), TRACKS, f"weights of {role}")
            end = self.table(table.get("end", {}), (*place, "end"), END_KEYS, f"end bonuses of {role}")
            out.append(
                Objective(
                    role,
                    tuple((t, w) for t in TRACKS if isinstance(w := self.integer(weights, t, (*place, "weights"), -100, 100), int)),
                    tuple((k, b) for k in END_KEYS if isinstance(b := self.integer(end, k, (*place, "end"), -1000, 1000), int)),
                )
            )
        self.where = ""
        return tuple(out)

    def requirement(self, data: Any, place: tuple[Any, ...], what: str, owner: str) -> Requirement:
        spec = self.table(data, place, REQUIRE_KEYS, what)
        minimum, maximum, institutions = [], [], []
        for track in TRACKS:
            low, high = BOUNDS[track]
            for bound, into in (("min", minimum), ("max", maximum)):
                value = self.integer(spec, f"{bound}_{track}", place, low, high)
                if isinstance(value, int):
                    into.append((track, value))
        flags = self.strings(spec, "flags", place)
        not_flags = self.strings(spec, "not_flags", place)
        for flag in (*flags, *not_flags):
            self.flags_used.append((place, flag, owner))
        for name in INSTITUTION_NAMES:
            if name not in spec:
                continue
            allowed_values = INSTITUTIONS[name]
            wanted = spec[name] if isinstance(spec[name], list) else [spec[name]]
            good = []
            for value in wanted:
                if value not in allowed_values or type(value) is not type(allowed_values[0]):
                    self.problem((*place, name), f"{name} is {_toml(value)}: allowed {', '.join(map(_toml, allowed_values))}")
                else:
                    good.append(value)
            institutions.append((name, tuple(good)))
        return Requirement(
            minimum=tuple(minimum),
            maximum=tuple(maximum),
            flags=flags,
            not_flags=not_flags,
            institutions=tuple(institutions),
            min_turn=self.integer(spec, "min_turn", place, 1, 40),
            max_turn=self.integer(spec, "max_turn", place, 1, 40),
        )

    def effect(self, data: Any, place: tuple[Any, ...], what: str, owner: str) -> Effect:
        spec = self.table(data, place, EFFECT_KEYS, what)
        deltas = []
        for track in TRACKS:
            low, high = BOUNDS[track]
            span = high - low
            value = self.integer(spec, track, place, -span, span)
            if isinstance(value, int) and value:
                deltas.append((track, value))
        set_flags = self.strings(spec, "set_flags", place)
        clear_flags = self.strings(spec, "clear_flags", place)
        for flag in (*set_flags, *clear_flags):
            self.flags_used.append((place, flag, owner))
        institutions = []
        inst = self.table(spec.get("institutions", {}), (*place, "institutions"), INSTITUTION_NAMES, f"institutions of {what}")
        for name, value in inst.items():
            allowed = INSTITUTIONS.get(name)
            if allowed is None:
                continue
            if value not in allowed or type(value) is not type(allowed[0]):
                self.problem((*place, "institutions", name), f"{name} is {_toml(value)}: allowed {', '.join(map(_toml, allowed))}")
            else:
                institutions.append((name, value))
        return Effect(tuple(deltas), set_flags, clear_flags, tuple(sorted(institutions, key=lambda p: INSTITUTION_NAMES.index(p[0]))))

    def sources_of(self, spec: dict[str, Any], place: tuple[Any, ...]) -> tuple[str, ...]:
        sources = self.strings(spec, "sources", place)
        if not sources:
            self.problem(place, "no sources: cite at least one id from [[sources]] (sources = [\"...\"])")
        for sid in sources:
            self.sources_used.append((place, sid, self.where))
        return sources

    def option(self, spec: Any, place: tuple[Any, ...], kind: str, flags: set[str], role: str | None = None) -> Option | None:
        what = "a response" if kind == "response" else "a policy"
        spec = self.table(spec, place, OPTION_KEYS, what)
        role = self.choice(spec, "role", place, ROLES, role or "tokyo", "role")
        option_id = self.ident(spec, place, kind)
        label = self.text(spec, "label", place)
        explain = self.text(spec, "explain", place)
        sources = self.sources_of(spec, place)
        odds = self.integer(spec, "odds", place, 1, 100)
        ruling = self.value(spec, "ruling", place, str)
        if ruling is not None and ruling != "facilitator":
            self.problem((*place, "ruling"), f"ruling is '{ruling}': the only ruling is 'facilitator'")
            ruling = None
        modifiers = []
        raw_mods = self.value(spec, "modifiers", place, list, [])
        for j, mod in enumerate(raw_mods):
            mplace = (*place, "modifiers", j)
            mod = self.table(mod, mplace, MODIFIER_KEYS, "a modifier")
            track = mod.get("track")
            flag = mod.get("flag")
            if (track is None) == (flag is None):
                self.problem(mplace, "a modifier names either a track (with per_point) or a flag (with add)")
                continue
            if track is not None:
                track = self.choice(mod, "track", mplace, TRACKS, "interop", "track")
                modifiers.append(Modifier(track=track, per_point=self.integer(mod, "per_point", mplace, -50, 50, 0, True) or 0, above=self.integer(mod, "above", mplace, 0, 100, 0) or 0))
            else:
                if isinstance(flag, str):
                    self.flags_used.append((mplace, flag, self.where))
                modifiers.append(Modifier(flag=str(flag), add=self.integer(mod, "add", mplace, -100, 100, 0, True) or 0))
        requires = self.requirement(spec.get("requires", {}), (*place, "requires"), f"requires of {kind} '{option_id}'", self.where)
        success = self.effect(spec.get("success", {}), (*place, "success"), f"success of {kind} '{option_id}'", self.where)
        failure = self.effect(spec.get("failure", {}), (*place, "failure"), f"failure of {kind} '{option_id}'", self.where)
        if odds is None and not failure.empty:
            self.problem((*place, "failure"), f"{kind} '{option_id}' has failure effects but no odds, so it can never fail; give odds")
        return Option(
            kind=kind,
            role=role,
            id=option_id,
            label=label,
            explain=explain,
            sources=sources,
            requires=requires,
            odds=odds,
            modifiers=tuple(modifiers),
            success=success,
            failure=failure,
            ruling=ruling,
            mission=self.choice(spec, "mission", place, MISSIONS, "other", "mission"),
            distance=self.choice(spec, "distance", place, DISTANCES, "near", "distance"),
            csd=bool(self.value(spec, "csd", place, bool, False)),
            escalation=self.integer(spec, "escalation", place, 0, 3, 0) or 0,
        )

    def cards(self, data: Any, flags: set[str]) -> tuple[Card, ...]:
        if not isinstance(data, list) or not data:
            self.where = ""
            self.problem(("cards",), "a deck needs at least one [[cards]] entry")
            return ()
        out: list[Card] = []
        seen: set[str] = set()
        for i, raw in enumerate(data):
            place = ("cards", i)
            self.where = f"card #{i + 1}"
            spec = self.table(raw, place, CARD_KEYS, "a card")
            card_id = self.ident(spec, place, "card")
            if card_id:
                self.where = f"card '{card_id}'"
            if card_id in seen:
                self.problem(place, f"duplicate card id '{card_id}': card ids must be unique")
            seen.add(card_id)
            card = self.card(spec, place, card_id, flags)
            if card is not None:
                out.append(card)
        self.where = ""
        return tuple(out)

    def card(self, spec: dict[str, Any], place: tuple[Any, ...], card_id: str, flags: set[str]) -> Card | None:
        title = self.text(spec, "title", place)
        text = self.text(spec, "text", place)
        explain = self.text(spec, "explain", place)
        sources = self.sources_of(spec, place)
        weight = self.integer(spec, "weight", place, 1, 10, 1) or 1
        case = self.integer(spec, "case", place, 1, 15)
        date = self.value(spec, "date", place, str)
        if date is not None and not _DATE.match(date):
            self.problem((*place, "date"), f"date '{date}' must be YYYY or YYYY-MM")
        addresses = self.strings(spec, "addresses", place)
        for role in addresses:
            if role not in ROLES:
                self.problem((*place, "addresses"), f"unknown role '{role}'{_did_you_mean(role, ROLES)}; allowed: {', '.join(ROLES)}")
        addresses = tuple(r for r in addresses if r in ROLES)
        if len(set(addresses)) != len(addresses):
            self.problem((*place, "addresses"), "a capital is addressed twice")
        if len(addresses) < 2:
            self.problem((*place, "addresses"), f"a card addresses at least two capitals of {', '.join(ROLES)}")
        when = self.requirement(spec.get("when", {}), (*place, "when"), "when", self.where)
        on_draw = self.effect(spec.get("on_draw", {}), (*place, "on_draw"), "on_draw", self.where)
        responses: list[Option] = []
        raw = self.value(spec, "responses", place, list, [])
        seen: set[tuple[str, str]] = set()
        for j, rspec in enumerate(raw):
            rplace = (*place, "responses", j)
            option = self.option(rspec, rplace, "response", flags)
            if option is None:
                continue
            if option.role not in addresses and isinstance(rspec, dict) and "role" in rspec:
                self.problem((*rplace, "role"), f"response '{option.id}' is for {option.role}, which the card does not address (addresses: {', '.join(addresses)})")
            if (option.role, option.id) in seen:
                self.problem(rplace, f"duplicate response id '{option.id}' for {option.role}")
            seen.add((option.role, option.id))
            responses.append(option)
        for role in addresses:
            mine = [r for r in responses if r.role == role]
            if len(mine) < 3:
                self.problem(place, f"{role} has {len(mine)} responses: an addressed capital needs at least 3")
            if mine and not any(r.escalation == 0 and r.requires.empty for r in mine):
                self.problem(place, f"{role} needs a non-escalatory response (escalation = 0) with no requires, a lawful way out")
        if self.problems and any(p.where == self.where for p in self.problems):
            return None
        return Card(
            id=card_id,
            title=title,
            text=text,
            explain=explain,
            sources=sources,
            addresses=addresses,
            responses=tuple(responses),
            weight=weight,
            case=case,
            date=date,
            when=when,
            on_draw=on_draw,
        )

    def policies(self, data: Any, flags: set[str]) -> tuple[Option, ...]:
        if not isinstance(data, list):
            self.problem(("policies",), "policies must be [[policies]] entries")
            return ()
        out: list[Option] = []
        seen: set[tuple[str, str]] = set()
        for i, spec in enumerate(data):
            place = ("policies", i)
            self.where = f"policy #{i + 1}"
            if isinstance(spec, dict) and isinstance(spec.get("id"), str):
                self.where = f"policy '{spec['id']}'"
            option = self.option(spec, place, "policy", flags)
            if option is None:
                continue
            if (option.role, option.id) in seen:
                self.problem(place, f"duplicate policy id '{option.id}' for {option.role}")
            if option.id == "hold":
                self.problem(place, "policy id 'hold' is reserved: every capital may hold")
            seen.add((option.role, option.id))
            out.append(option)
        self.where = ""
        return tuple(out)

    def injects(self, data: Any, card_ids: set[str], flags: set[str], turns: int) -> tuple[Inject, ...]:
        if not isinstance(data, list):
            self.problem(("injects",), "injects must be [[injects]] entries")
            return ()
        out: list[Inject] = []
        seen: set[str] = set()
        for i, raw in enumerate(data):
            place = ("injects", i)
            self.where = f"inject #{i + 1}"
            spec = self.table(raw, place, INJECT_KEYS, "an inject")
            inject_id = self.ident(spec, place, "inject")
            if inject_id:
                self.where = f"inject '{inject_id}'"
            if inject_id in seen:
                self.problem(place, f"duplicate inject id '{inject_id}'")
            seen.add(inject_id)
            turn = self.integer(spec, "turn", place, 1, turns, 1, required=True)
            card = self.text(spec, "card", place)
            if card and card not in card_ids:
                self.problem((*place, "card"), f"inject names card '{card}', which the deck does not have{_did_you_mean(card, sorted(card_ids))}")
            trigger = self.requirement(spec.get("trigger", {}), (*place, "trigger"), "trigger", self.where)
            out.append(
                Inject(
                    id=inject_id,
                    turn=turn or 1,
                    card=card,
                    trigger=trigger,
                    expected=self.text(spec, "expected", place),
                    learning=self.text(spec, "learning", place),
                    must_fire=bool(self.value(spec, "must_fire", place, bool, False)),
                )
            )
        self.where = ""
        return tuple(out)

    def check_references(self, flags: set[str], sources: set[str]) -> None:
        for place, flag, where in self.flags_used:
            if flag not in flags:
                self.problem(place, f"unknown flag '{flag}'{_did_you_mean(flag, sorted(flags))}: declare it in [flags]", where)
        for place, sid, where in self.sources_used:
            if sid not in sources:
                self.problem(place, f"unknown source '{sid}'{_did_you_mean(sid, sorted(sources))}: add it to [[sources]]", where)


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)
