"""The pieces cards and policies are made of: requirements, effects, options and their modifiers.

Each Tokyo option comes out with the gates its legal basis brings and is
held to the legal gates (both in `rules`); every option read is recorded
for the rules that look across the whole deck.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import did_you_mean, show, show_text
from ..engine.law import ALLIANCE_KINDS, BASIS_NAMES
from ..engine.model import Effect, Modifier, Option, Requirement
from ..engine.tracks import BOUNDS, DIET_STANDINGS, DISTANCES, INSTITUTION_NAMES, INSTITUTIONS, MISSIONS, ROLES, TRACKS
from .reading import Reader, bad_institution, is_one_of
from .rules import check_legal_gates, with_basis_gates
from .schema import EFFECT_KEYS, MAX_TURNS, MODIFIER_KEYS, OPTION_KEYS, REQUIRE_KEYS


class OptionReader(Reader):
    """Reads requirements, effects and options, wherever in the deck they stand."""

    def requirement(self, data: Any, place: tuple[Any, ...], what: str) -> Requirement:
        spec = self.table(data, place, REQUIRE_KEYS, what)
        minimum, maximum, institutions = [], [], []
        for track in TRACKS:
            if f"min_{track}" not in spec and f"max_{track}" not in spec:
                continue  # most requirements name a track or two: skip the rest quickly
            low, high = BOUNDS[track]
            lowest = self.integer(spec, f"min_{track}", place, low, high)
            highest = self.integer(spec, f"max_{track}", place, low, high)
            if lowest is not None:
                minimum.append((track, lowest))
            if highest is not None:
                maximum.append((track, highest))
            if lowest is not None and highest is not None and lowest > highest:
                self.problem((*place, f"min_{track}"), f"min_{track} = {lowest} is above max_{track} = {highest}: {what} could never hold")
        flags = self.use_flags(self.strings(spec, "flags", place), needed=True)
        not_flags = self.use_flags(self.strings(spec, "not_flags", place), needed=False)
        both = sorted(set(flags) & set(not_flags))
        if both:
            self.problem((*place, "not_flags"), f"flag '{show_text(both[0])}' is both required and excluded: {what} could never hold")
        for name in INSTITUTION_NAMES:
            if name not in spec:
                continue
            allowed = INSTITUTIONS[name]
            wanted = spec[name] if isinstance(spec[name], list) else [spec[name]]
            good = []
            for value in wanted:
                if not is_one_of(value, allowed):
                    self.problem((*place, name), bad_institution(name, value))
                else:
                    good.append(value)
            if not wanted:
                self.problem((*place, name), f"{name} lists no value: {what} could never hold; allowed {', '.join(map(show, allowed))}")
            institutions.append((name, tuple(good)))
        standings: list[str] = []
        if "diet" in spec:
            wanted = spec["diet"] if isinstance(spec["diet"], list) else [spec["diet"]]
            for value in wanted:
                if value not in DIET_STANDINGS or not isinstance(value, str):
                    hint = did_you_mean(value, DIET_STANDINGS) if isinstance(value, str) else ""
                    self.problem((*place, "diet"), f"diet is {show(value)}{hint}: allowed {', '.join(map(show, DIET_STANDINGS))} (what the ruling bloc's seats let it pass)")
                else:
                    standings.append(value)
            if not wanted:
                self.problem((*place, "diet"), f"diet lists no value: {what} could never hold")
            self.diet_named.append(((*place, "diet"), self.where))
        consent = bool(self.value(spec, "coalition_consent", place, bool, False))
        min_turn = self.integer(spec, "min_turn", place, 1, MAX_TURNS)
        max_turn = self.integer(spec, "max_turn", place, 1, MAX_TURNS)
        if min_turn is not None and max_turn is not None and min_turn > max_turn:
            self.problem((*place, "min_turn"), f"min_turn = {min_turn} is after max_turn = {max_turn}: {what} could never hold")
        return Requirement(
            minimum=tuple(minimum),
            maximum=tuple(maximum),
            flags=flags,
            not_flags=not_flags,
            institutions=tuple(institutions),
            diet=tuple(standings),
            min_turn=min_turn,
            max_turn=max_turn,
            coalition_consent=consent,
        )

    def effect(self, data: Any, place: tuple[Any, ...], what: str) -> Effect:
        spec = self.table(data, place, EFFECT_KEYS, what)
        deltas = []
        for track in TRACKS:
            if track not in spec:
                continue
            low, high = BOUNDS[track]
            span = high - low
            value = self.integer(spec, track, place, -span, span)
            if isinstance(value, int) and value:
                deltas.append((track, value))
        set_flags = self.use_flags(self.strings(spec, "set_flags", place), needed=False)
        clear_flags = self.use_flags(self.strings(spec, "clear_flags", place), needed=False)
        self.flags_set.update(set_flags)
        institutions = []
        inst = self.table(spec.get("institutions", {}), (*place, "institutions"), INSTITUTION_NAMES, f"institutions of {what}")
        for name, value in inst.items():
            allowed = INSTITUTIONS.get(name)
            if allowed is None:
                continue
            if not is_one_of(value, allowed):
                self.problem((*place, "institutions", name), bad_institution(name, value))
            else:
                institutions.append((name, value))
        return Effect(tuple(deltas), set_flags, clear_flags, tuple(sorted(institutions, key=lambda p: INSTITUTION_NAMES.index(p[0]))))

    def sources_of(self, spec: dict[str, Any], place: tuple[Any, ...], what: str) -> tuple[str, ...]:
        named = self.strings(spec, "sources", place)
        if spec.get("sources") in (None, []):
            self.problem((*place, "sources"), f"no sources: {what} must cite at least one id from [[sources]] (sources = [\"...\"])")
        for item_place, sid in named:
            self.sources_used.append((item_place, sid, self.where))
        return tuple(sid for _, sid in named)

    def option(self, spec: Any, place: tuple[Any, ...], kind: str) -> Option:
        what = "a response" if kind == "response" else "a policy"
        spec = self.table(spec, place, OPTION_KEYS, what)
        role = self.choice(spec, "role", place, ROLES, "tokyo", "role", required=True)
        option_id = self.ident(spec, place, kind)
        label = self.text(spec, "label", place)
        explain = self.text(spec, "explain", place)
        sources = self.sources_of(spec, place, f"every {kind}")
        odds = self.integer(spec, "odds", place, 1, 100)
        ruling = self.value(spec, "ruling", place, str)
        if ruling is not None and ruling != "facilitator":
            self.problem((*place, "ruling"), f"ruling is {show(ruling)}: the only ruling is \"facilitator\"")
            ruling = None
        modifiers = []
        for j, raw_mod in enumerate(self.value(spec, "modifiers", place, list, [])):
            mplace = (*place, "modifiers", j)
            mod = self.table(raw_mod, mplace, MODIFIER_KEYS, "a modifier")
            if not isinstance(raw_mod, dict):
                continue
            if ("track" in mod) == ("flag" in mod):
                self.problem(mplace, "a modifier names either a track (with per_point, above) or a flag (with add), not both or neither")
                continue
            if "track" in mod:
                track = self.choice(mod, "track", mplace, TRACKS, "interop", "track")
                for key in ("flag", "add"):
                    if key in mod:
                        self.problem((*mplace, key), f"'{key}' belongs to a flag modifier; a track modifier has per_point and above")
                per_point = self.integer(mod, "per_point", mplace, -50, 50, 0, required=True)
                above = self.integer(mod, "above", mplace, 0, 100, 0)
                modifiers.append(Modifier(track=track, per_point=per_point, above=above))
            else:
                flag = self.value(mod, "flag", mplace, str)
                for key in ("per_point", "above"):
                    if key in mod:
                        self.problem((*mplace, key), f"'{key}' belongs to a track modifier; a flag modifier has add")
                add = self.integer(mod, "add", mplace, -100, 100, 0, required=True)
                if flag is not None:
                    self.use_flags([((*mplace, "flag"), flag)], needed=True)
                    modifiers.append(Modifier(flag=flag, add=add))
        requires = self.requirement(spec.get("requires", {}), (*place, "requires"), "'requires'")
        success = self.effect(spec.get("success", {}), (*place, "success"), "'success'")
        failure = self.effect(spec.get("failure", {}), (*place, "failure"), "'failure'")
        if "odds" not in spec and not failure.empty:
            self.problem((*place, "failure"), f"the {kind} has failure effects but no odds, so it can never fail; give odds (1..100)")
        option = Option(
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
            basis=self.basis(spec, place, role),
            escalation=self.integer(spec, "escalation", place, 0, 3, 0),
            force=bool(self.value(spec, "force", place, bool, False)),
            clash=self.clash_ref(spec, place),
            alliance=self.choice(spec, "alliance", place, ALLIANCE_KINDS, "", "alliance step"),
            cooldown=self.integer(spec, "cooldown", place, 1, MAX_TURNS, 0),
            limit=self.integer(spec, "limit", place, 1, MAX_TURNS, 0),
            closed=self.text(spec, "closed", place, required=False),
        )
        if kind == "response":
            for key in ("cooldown", "limit"):
                if key in spec:
                    self.problem((*place, key), f"'{key}' is for standing policies; a card that happens once has once = true")
        option = with_basis_gates(option, self.rules_read.prior_only)
        if role == "tokyo":
            check_legal_gates(self, spec, place, option)
        self.options_read.append((place, self.where, option))
        return option

    def basis(self, spec: dict[str, Any], place: tuple[Any, ...], role: str) -> str:
        """Tokyo's options name their legal basis; other capitals' do not have one."""
        if role != "tokyo":
            if "basis" in spec:
                self.problem((*place, "basis"), "only Tokyo's options have a legal basis under Japanese law")
            return ""
        return self.choice(spec, "basis", place, BASIS_NAMES, "political", "legal basis", required=True)

    def clash_ref(self, spec: dict[str, Any], place: tuple[Any, ...]) -> str:
        value = self.value(spec, "clash", place, str, "")
        if value and value not in self.clash_ids:
            self.problem((*place, "clash"), f"unknown clash '{show_text(value)}'{did_you_mean(value, self.clash_ids)}: state it in [[clashes]] with its odds and sources")
            return ""
        return value
