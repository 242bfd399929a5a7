"""Turning a parsed deck into a `Deck`: every table read in order, then the checks across them.

The cross-references (flags, sources) and the rules of the subject need the
whole deck read first; a deck with any error builds no `Deck` at all.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import did_you_mean, show, show_text
from ..engine.model import Deck, FlagDef
from .cards import CardReader
from .rules import check_far_support, subject_rules
from .schema import FORMAT, MAX_TURNS, TOP_KEYS
from .sections import SectionReader


class DeckBuilder(SectionReader, CardReader):
    """Walks the parsed TOML, builds the Deck, and records every problem with its place."""

    def deck(self, data: dict[str, Any]) -> Deck | None:
        self.data = data
        self.refuse_control_characters(data)
        top = self.table(data, (), TOP_KEYS, "the deck")
        fmt = self.value(top, "format", (), int, None, required=True)
        if isinstance(fmt, int) and fmt != FORMAT:
            self.problem(("format",), f"deck format {show(fmt)} is not supported: this version reads format {FORMAT}")
            return None
        deck_id = self.ident(top, (), "deck")
        title = self.text(top, "title", ())
        era = self.integer(top, "era", (), 1945, 2100, 0, required=True)
        description = self.text(top, "description", (), required=False)
        flags = self.flag_defs(top.get("flags", {}))
        self.declared_flags = set(flags)
        sources = self.source_defs(top.get("sources", []))
        calendar = self.calendar(top.get("calendar", {}))
        tension_names = self.escalation(top.get("escalation", {}))
        start = self.start(top.get("start"))
        turns = start.turns if start else MAX_TURNS
        rules = self.rules(top.get("rules", {}))
        diet = self.diet(top.get("diet"))
        elections = self.elections(top.get("elections", []), turns, diet)
        alliance = self.alliance(top.get("alliance"))
        clashes = self.clashes(top.get("clashes", []))
        self.clash_ids = {c.id for c in clashes}
        objectives = self.objectives(top.get("objectives"))
        cards = self.cards(top.get("cards"))
        policies = self.policies(top.get("policies", []))
        injects = self.injects(top.get("injects", []), self.card_ids, turns)
        self.check_references(set(flags), {s.id for s in sources})
        check_far_support(self)
        subject_rules(self, start, rules, diet, cards, policies, objectives)
        if self.has_errors or start is None:
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
            diet=diet,
            elections=elections,
            tension_names=tension_names,
            clashes=clashes,
            alliance=alliance,
            calendar=calendar,
            format=FORMAT,
            content_hash=self.content_hash,
            path=self.path,
        )

    def check_references(self, flags: set[str], sources: set[str]) -> None:
        for place, flag, where, needed in self.flags_used:
            if flag not in flags:
                self.problem(place, f"unknown flag '{show_text(flag)}'{did_you_mean(flag, flags)}: declare it in [flags]", where)
            elif needed and flag not in self.flags_set:
                self.problem(place, f"flag '{show_text(flag)}' is required but nothing sets it (start.flags, on_draw or set_flags), so this can never hold", where)
        for place, sid, where in self.sources_used:
            if sid not in sources:
                self.problem(place, f"unknown source '{show_text(sid)}'{did_you_mean(sid, sources)}: add it to [[sources]]", where)
