"""The deck's top-level tables besides its cards, each read into the model's value for it.

Calendar, escalation names, the Diet and its elections, the alliance,
clashes, flags, sources, the start, the rules and the capitals' objectives.
"""

from __future__ import annotations

import re
from typing import Any

from ..diagnostics import did_you_mean, show, show_text, type_name
from ..engine.law import ALLIANCE_KINDS, BASES, BASIS_NAMES
from ..engine.model import Alliance, Calendar, Clash, Diet, Election, House, Objective, Rules, Source, Start
from ..engine.tracks import BOUNDS, FLAG_SCOPES, HOUSES, INSTITUTION_NAMES, INSTITUTIONS, ROLES, TRACKS
from .options import OptionReader
from .reading import bad_institution, is_one_of
from .schema import (
    ALLIANCE_KEYS,
    CALENDAR_KEYS,
    CLASH_KEYS,
    DATE_PATTERN,
    DIET_KEYS,
    ELECTION_KEYS,
    END_KEYS,
    ESCALATION_KEYS,
    FLAG_KEYS,
    FLAG_PATTERN,
    HOUSE_KEYS,
    MAX_TURNS,
    RULE_KEYS,
    SOURCE_KEYS,
    START_KEYS,
)


class SectionReader(OptionReader):
    """Reads each top-level table into the model's value for it."""

    def calendar(self, data: Any) -> Calendar:
        self.where = "calendar"
        spec = self.table(data, ("calendar",), CALENDAR_KEYS, "[calendar]")
        start = self.value(spec, "start", ("calendar",), str, "")
        if start and not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", start):
            self.problem(("calendar", "start"), f"start {show(start)} must be YYYY-MM: the month of turn 1")
            start = ""
        months = self.integer(spec, "months", ("calendar",), 1, 12, 0, required=bool(spec))
        self.where = ""
        return Calendar(start, months)

    def escalation(self, data: Any) -> tuple[str, ...]:
        self.where = "escalation"
        spec = self.table(data, ("escalation",), ESCALATION_KEYS, "[escalation]")
        names = [n for _, n in self.strings(spec, "names", ("escalation",))]
        low, high = BOUNDS["tension"]
        if "names" in spec and len(names) != high - low + 1:
            self.problem(("escalation", "names"), f"names lists {len(names)} levels: give one per tension level, {low} (armed conflict) to {high} (calm)")
            names = []
        if any(not n.strip() for n in names):
            self.problem(("escalation", "names"), "a tension level's name must not be empty")
        self.where = ""
        return tuple(names)

    def diet(self, data: Any) -> Diet | None:
        if data is None:
            return None
        self.where = "diet"
        spec = self.table(data, ("diet",), DIET_KEYS, "[diet]")
        houses = []
        for name in HOUSES:
            place = ("diet", name)
            if name not in spec:
                self.problem(("diet",), f"[diet] must give the {name} House: {name} = {{ seats = ..., lead = ..., partner = ... }}")
                continue
            house = self.table(spec[name], place, HOUSE_KEYS, f"[diet.{name}]")
            seats = self.integer(house, "seats", place, 1, 1000, 1, required=True)
            lead = self.integer(house, "lead", place, 0, 1000, 0, required=True)
            partner = self.integer(house, "partner", place, 0, 1000, 0)
            supporters = self.integer(house, "supporters", place, 0, 1000, 0)
            if lead + partner + supporters > seats:
                self.problem(place, f"the ruling bloc and its supporters hold {lead + partner + supporters} seats, more than the House's {seats}")
            houses.append(House(name, seats, lead, partner, supporters))
        diet = Diet(
            houses=tuple(houses),
            lead=self.text(spec, "lead", ("diet",), required=False, default="LDP") or "LDP",
            partner=self.text(spec, "partner", ("diet",), required=False, default="Komeito") or "Komeito",
            partner_brakes=bool(self.value(spec, "partner_brakes", ("diet",), bool, True)),
        )
        self.where = ""
        return diet if len(houses) == len(HOUSES) else None

    def elections(self, data: Any, turns: int, diet: Diet | None) -> tuple[Election, ...]:
        self.where = ""
        if not isinstance(data, list):
            self.problem(("elections",), f"elections must be [[elections]] entries, not {type_name(data)} {show(data)}")
            return ()
        if data and diet is None:
            self.problem(("elections",), "elections need the Diet's seats: add [diet] with lower and upper")
        out: list[Election] = []
        for place, spec, election_id in self.entries(data, "elections", ELECTION_KEYS, "election", "an"):
            house = self.choice(spec, "house", place, HOUSES, "upper", "House", required=True)
            date = self.text(spec, "date", place)
            if date and not DATE_PATTERN.fullmatch(date):
                self.problem((*place, "date"), f"date {show(date)} must be YYYY or YYYY-MM")
            up = self.integer(spec, "up", place, 1, 1000, 1, required=True)
            held = self.integer(spec, "held", place, 0, 1000, 0, required=True)
            won = self.integer(spec, "won", place, 0, 1000, 0, required=True)
            for key, value in (("held", held), ("won", won)):
                if value > up:
                    self.problem((*place, key), f"{key} = {value} is more than the {up} seats contested")
            election = Election(
                id=election_id,
                turn=self.integer(spec, "turn", place, 1, turns, 1, required=True),
                house=house,
                date=date,
                up=up,
                held=held,
                won=won,
                approval=self.integer(spec, "approval", place, 0, 100, 40, required=True),
                per_point=self.integer(spec, "per_point", place, 0, 20, 1),
                spread=self.integer(spec, "spread", place, 0, 50, 5),
                partner_won=self.integer(spec, "partner_won", place, 0, 1000, 0),
                partner_held=self.integer(spec, "partner_held", place, 0, 1000, 0),
                size=self.integer(spec, "size", place, 1, 1000, 0),
                sources=self.sources_of(spec, place, "every election"),
            )
            out.append(election)
        self.where = ""
        return tuple(out)

    def alliance(self, data: Any) -> Alliance | None:
        if data is None:
            return None
        self.where = "alliance"
        place = ("alliance",)
        spec = self.table(data, place, ALLIANCE_KEYS, "[alliance]")
        rungs = BOUNDS["rung"][1] + 1
        allows: list[tuple[str, ...]] = []
        raw = self.value(spec, "allows", place, list, [])
        if "allows" in spec and len(raw) != rungs:
            self.problem((*place, "allows"), f"allows lists {len(raw)} rungs: give the alliance steps the law allows at each of rungs 0..{rungs - 1}")
        for i, kinds in enumerate(raw[:rungs]):
            if not isinstance(kinds, list):
                self.problem((*place, "allows", i), f"allows[{i}] must list alliance steps, not {type_name(kinds)} {show(kinds)}")
                allows.append(())
                continue
            good = []
            for j, kind in enumerate(kinds):
                if kind not in ALLIANCE_KINDS:
                    self.problem((*place, "allows", i, j), f"unknown alliance step {show(kind)}; allowed: {', '.join(ALLIANCE_KINDS)}")
                else:
                    good.append(kind)
            allows.append(tuple(good))
        caps: dict[str, tuple[int, ...]] = {}
        for key, track in (("interop_cap", "interop"), ("cohesion_cap", "cohesion")):
            values = self.value(spec, key, place, list, [])
            low, high = BOUNDS[track]
            if key in spec and (len(values) != rungs or not all(isinstance(v, int) and not isinstance(v, bool) and low <= v <= high for v in values)):
                self.problem((*place, key), f"{key} must list {rungs} whole numbers {low}..{high}, one per rung")
                values = []
            caps[key] = tuple(values)
        steps = self.use_flags(self.strings(spec, "steps", place), needed=False)
        alliance = Alliance(
            allows=tuple(allows) if len(allows) == rungs else (),
            interop_cap=caps["interop_cap"],
            cohesion_cap=caps["cohesion_cap"],
            steps=steps,
            step_interop=self.integer(spec, "step_interop", place, 0, 5, 1),
            step_cohesion=self.integer(spec, "step_cohesion", place, 0, 100, 4),
        )
        self.where = ""
        return alliance

    def clashes(self, data: Any) -> tuple[Clash, ...]:
        self.where = ""
        if not isinstance(data, list):
            self.problem(("clashes",), f"clashes must be [[clashes]] entries, not {type_name(data)} {show(data)}")
            return ()
        out = []
        for place, spec, clash_id in self.entries(data, "clashes", CLASH_KEYS, "clash"):
            out.append(
                Clash(
                    clash_id,
                    self.text(spec, "text", place),
                    self.integer(spec, "odds", place, 1, 50, 1, required=True),
                    self.sources_of(spec, place, "every clash"),
                )
            )
        self.where = ""
        return tuple(out)

    def flag_defs(self, data: Any) -> dict[str, tuple[str, str]]:
        self.where = "flags"
        flags: dict[str, tuple[str, str]] = {}
        if not isinstance(data, dict):
            self.problem(("flags",), f"[flags] must be a table of name = {{ text = \"...\", scope = \"game\" }}, not {type_name(data)} {show(data)}")
            return flags
        for name, spec in data.items():
            place = ("flags", name)
            if not FLAG_PATTERN.fullmatch(name):
                self.problem(place, f"flag name '{show_text(name)}' may hold only lower-case letters, digits and underscores")
            if isinstance(spec, str):
                if not spec.strip():
                    self.problem(place, f"flag '{show_text(name)}' needs a text saying what it means")
                flags[name] = (spec, "game")
                continue
            spec = self.table(spec, place, FLAG_KEYS, f"flag '{show_text(name)}'")
            text = self.text(spec, "text", place)
            scope = self.choice(spec, "scope", place, FLAG_SCOPES, "game", "flag scope")
            flags[name] = (text, scope)
        self.where = ""
        return flags

    def source_defs(self, data: Any) -> tuple[Source, ...]:
        self.where = ""
        if not isinstance(data, list):
            self.problem(("sources",), f"sources must be [[sources]] entries with id and cite, not {type_name(data)} {show(data)}")
            return ()
        if not data:
            self.problem(("sources",), "the deck has no [[sources]]: every card, response and policy must cite one")
        out: list[Source] = []
        seen: set[str] = set()
        for i, spec in enumerate(data):
            place = ("sources", i)
            self.where = f"source #{i + 1}"
            spec = self.table(spec, place, SOURCE_KEYS, "a source")
            sid = self.text(spec, "id", place)
            if sid:
                self.where = f"source '{show_text(sid)}'"
            if sid and sid in seen:
                self.problem((*place, "id"), f"duplicate source id '{show_text(sid)}': source ids must be unique")
            seen.add(sid)
            out.append(Source(sid, self.text(spec, "cite", place), self.text(spec, "url", place, required=False)))
        self.where = ""
        return tuple(out)

    def start(self, data: Any) -> Start | None:
        self.where = "start"
        if data is None:
            self.problem((), "missing [start] table (turns, baseline_support, baseline_approval, tracks, institutions)")
            self.where = ""
            return None
        spec = self.table(data, ("start",), START_KEYS, "[start]")
        place = ("start",)
        turns = self.integer(spec, "turns", place, 1, MAX_TURNS, 12, required=True)
        baseline = self.integer(spec, "baseline_support", place, 0, 100, 50, required=True)
        baseline_approval = self.integer(spec, "baseline_approval", place, 0, 100, 50, required=True)
        start_flags = self.use_flags(self.strings(spec, "flags", place), needed=False)
        self.flags_set.update(start_flags)
        tracks_spec = self.table(spec.get("tracks", {}), ("start", "tracks"), TRACKS, "[start.tracks]")
        values = []
        for track in TRACKS:
            low, high = BOUNDS[track]
            if track not in tracks_spec:
                self.problem(("start", "tracks"), f"[start.tracks] must give '{track}' ({low}..{high})")
            values.append(self.integer(tracks_spec, track, ("start", "tracks"), low, high, low))
        inst_raw = spec.get("institutions", {})
        if isinstance(inst_raw, dict) and "diet" in inst_raw:
            self.problem(("start", "institutions", "diet"), "the Diet is no longer an institution: give its seats in [diet] (lower and upper), and what it can pass is worked out from them")
            inst_raw = {k: v for k, v in inst_raw.items() if k != "diet"}
        inst_spec = self.table(inst_raw, ("start", "institutions"), INSTITUTION_NAMES, "[start.institutions]")
        institutions = []
        for name in INSTITUTION_NAMES:
            allowed = INSTITUTIONS[name]
            value = inst_spec.get(name, allowed[0])
            if name not in inst_spec:
                self.problem(("start", "institutions"), f"[start.institutions] must give '{name}' (one of {', '.join(map(show, allowed))})")
            elif not is_one_of(value, allowed):
                self.problem(("start", "institutions", name), bad_institution(name, value))
                value = allowed[0]
            institutions.append((name, value))
        self.where = ""
        return Start(turns, baseline, baseline_approval, tuple(values), tuple(institutions), start_flags)

    def rules(self, data: Any) -> Rules:
        self.where = "rules"
        if isinstance(data, dict) and "collapse_support" in data:
            self.problem(("rules", "collapse_support"), "the cabinet falls on cabinet approval, not on support for its security policy: write collapse_approval")
            data = {k: v for k, v in data.items() if k != "collapse_support"}
        spec = self.table(data, ("rules",), RULE_KEYS, "[rules]")
        rules = Rules(
            poll_drift=self.integer(spec, "poll_drift", ("rules",), 0, 20, 2),
            collapse_approval=self.integer(spec, "collapse_approval", ("rules",), 0, 100, 20),
            collapse_turns=self.integer(spec, "collapse_turns", ("rules",), 1, MAX_TURNS, 3),
            rupture_cohesion=self.integer(spec, "rupture_cohesion", ("rules",), 0, 100, 10),
            emergency_tension=self.integer(spec, "emergency_tension", ("rules",), 2, 5, 2),
            after_the_fact=self.effect(spec.get("after_the_fact", {}), ("rules", "after_the_fact"), "'after_the_fact'"),
            prior_only=self.prior_only(spec),
        )
        self.rules_read = rules
        self.where = ""
        return rules

    def prior_only(self, spec: dict[str, Any]) -> tuple[str, ...]:
        out = []
        for place, name in self.strings(spec, "prior_only", ("rules",)):
            basis = BASES.get(name)
            if basis is None:
                self.problem(place, f"unknown legal basis '{show_text(name)}'{did_you_mean(name, BASIS_NAMES)}; allowed: {', '.join(BASIS_NAMES)}")
            elif not basis.diet:
                self.problem(place, f"basis '{name}' needs no Diet vote, so it has no emergency route to close")
            else:
                out.append(name)
        return tuple(out)

    def objectives(self, data: Any) -> tuple[Objective, ...]:
        self.where = "objectives"
        if data is None:
            self.problem((), "missing [objectives.tokyo], [objectives.washington] and [objectives.beijing] (weights per track, end bonuses)")
            self.where = ""
            return ()
        spec = self.table(data, ("objectives",), ROLES, "[objectives]")
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
