"""The deck's event cards with their responses, its standing policies, and the facilitator's injects."""

from __future__ import annotations

from typing import Any

from ..diagnostics import did_you_mean, show, show_text, type_name
from ..engine.model import Card, Inject, Option
from ..engine.tracks import ROLES
from .options import OptionReader
from .rules import check_every_capital_can_answer
from .schema import CARD_KEYS, DATE_PATTERN, INJECT_KEYS


class CardReader(OptionReader):
    """Reads cards, policies and injects, checking each against the others of its kind."""

    def cards(self, data: Any) -> tuple[Card, ...]:
        self.where = ""
        if data is None:
            self.problem((), "the deck has no [[cards]]: a deck needs at least one event card")
            return ()
        if not isinstance(data, list) or not data:
            self.problem(("cards",), f"cards must be [[cards]] entries (at least one), not {type_name(data)} {show(data)}")
            return ()
        out: list[Card] = []
        for place, spec, card_id in self.entries(data, "cards", CARD_KEYS, "card"):
            if card_id:
                if card_id in self.card_ids:
                    self.problem((*place, "id"), f"duplicate card id '{card_id}': card ids must be unique")
                self.card_ids.add(card_id)
            card = self.card(spec, place, card_id)
            if card is not None:
                out.append(card)
                self.cards_read.append((place, self.where, card))
        self.where = ""
        return tuple(out)

    def card(self, spec: dict[str, Any], place: tuple[Any, ...], card_id: str) -> Card | None:
        before = len(self.problems)
        card_where = self.where
        title = self.text(spec, "title", place)
        text = self.text(spec, "text", place)
        explain = self.text(spec, "explain", place)
        sources = self.sources_of(spec, place, "every card")
        weight = self.integer(spec, "weight", place, 1, 10, 1)
        once = bool(self.value(spec, "once", place, bool, False))
        case = self.integer(spec, "case", place, 1, 15)
        date = self.value(spec, "date", place, str)
        if date is not None and not DATE_PATTERN.fullmatch(date):
            self.problem((*place, "date"), f"date {show(date)} must be YYYY or YYYY-MM")
        named = self.strings(spec, "addresses", place)
        if "addresses" not in spec:
            self.problem(place, f"missing 'addresses' (the capitals that respond, at least two of {', '.join(ROLES)})")
        addresses: list[str] = []
        problems_before = len(self.problems)
        for item_place, role in named:
            if role not in ROLES:
                self.problem(item_place, f"unknown role '{show_text(role)}'{did_you_mean(role, ROLES)}; allowed: {', '.join(ROLES)}")
            elif role in addresses:
                self.problem(item_place, f"{role} is addressed twice")
            else:
                addresses.append(role)
        addresses_sound = len(self.problems) == problems_before
        if isinstance(spec.get("addresses"), list) and len(addresses) < 2 and addresses_sound:
            self.problem((*place, "addresses"), f"a card addresses at least two capitals of {', '.join(ROLES)}, not {len(addresses)}")
        when = self.requirement(spec.get("when", {}), (*place, "when"), "'when'")
        on_draw = self.effect(spec.get("on_draw", {}), (*place, "on_draw"), "'on_draw'")
        self.flags_set.update(on_draw.set_flags)
        responses: list[Option] = []
        raw = self.value(spec, "responses", place, list, [])
        if "responses" not in spec:
            self.problem(place, "the card has no [[cards.responses]]: each addressed capital needs at least 3")
        seen: set[tuple[str, str]] = set()
        for j, rspec in enumerate(raw):
            rplace = (*place, "responses", j)
            rid = rspec.get("id") if isinstance(rspec, dict) else None
            rrole = rspec.get("role") if isinstance(rspec, dict) else None
            if isinstance(rid, str) and isinstance(rrole, str):
                self.where = f"{card_where}, {show_text(rrole, 12)} response '{show_text(rid)}'"
            else:
                self.where = f"{card_where}, response #{j + 1}"
            option = self.option(rspec, rplace, "response")
            if isinstance(rrole, str) and option.role == rrole and option.role not in addresses and addresses and addresses_sound:
                self.problem((*rplace, "role"), f"response '{option.id}' is for {option.role}, which the card does not address; addressed: {', '.join(addresses)}")
            if option.id and (option.role, option.id) in seen:
                self.problem((*rplace, "id"), f"duplicate response id '{option.id}' for {option.role}: a capital's response ids must be unique on a card")
            seen.add((option.role, option.id))
            responses.append(option)
            self.where = card_where
        check_every_capital_can_answer(self, place, addresses, responses)
        if len(self.problems) > before:
            return None
        return Card(
            id=card_id,
            title=title,
            text=text,
            explain=explain,
            sources=sources,
            addresses=tuple(addresses),
            responses=tuple(responses),
            weight=weight,
            case=case,
            date=date,
            when=when,
            on_draw=on_draw,
            once=once,
        )

    def policies(self, data: Any) -> tuple[Option, ...]:
        self.where = ""
        if not isinstance(data, list):
            self.problem(("policies",), f"policies must be [[policies]] entries, not {type_name(data)} {show(data)}")
            return ()
        out: list[Option] = []
        seen: set[tuple[str, str]] = set()
        for i, spec in enumerate(data):
            place = ("policies", i)
            self.where = f"policy #{i + 1}"
            if isinstance(spec, dict) and isinstance(spec.get("id"), str):
                self.where = f"policy '{show_text(spec['id'])}'"
            option = self.option(spec, place, "policy")
            if option.id and (option.role, option.id) in seen:
                self.problem((*place, "id"), f"duplicate policy id '{option.id}' for {option.role}: a capital's policy ids must be unique")
            if option.id == "hold":
                self.problem((*place, "id"), "policy id 'hold' is reserved: every capital may hold")
            seen.add((option.role, option.id))
            out.append(option)
        self.where = ""
        return tuple(out)

    def injects(self, data: Any, card_ids: set[str], turns: int) -> tuple[Inject, ...]:
        self.where = ""
        if not isinstance(data, list):
            self.problem(("injects",), f"injects must be [[injects]] entries, not {type_name(data)} {show(data)}")
            return ()
        out: list[Inject] = []
        seen: set[str] = set()
        due_turns: dict[int, str] = {}
        for place, spec, inject_id in self.entries(data, "injects", INJECT_KEYS, "inject", "an"):
            if inject_id:
                if inject_id in seen:
                    self.problem((*place, "id"), f"duplicate inject id '{inject_id}': inject ids must be unique")
                seen.add(inject_id)
            turn = self.integer(spec, "turn", place, 1, turns, 1, required=True)
            if turn in due_turns:
                self.problem(
                    (*place, "turn"),
                    f"inject '{due_turns[turn]}' is due on turn {turn} too: one card is played a turn, so this one waits a turn (and is lost after the last)",
                    warning=True,
                )
            due_turns.setdefault(turn, inject_id)
            card = self.text(spec, "card", place)
            if card and card not in card_ids:
                self.problem((*place, "card"), f"inject names card '{show_text(card)}', which the deck does not have{did_you_mean(card, card_ids)}")
            trigger = self.requirement(spec.get("trigger", {}), (*place, "trigger"), "'trigger'")
            out.append(
                Inject(
                    id=inject_id,
                    turn=turn,
                    card=card,
                    trigger=trigger,
                    expected=self.text(spec, "expected", place),
                    learning=self.text(spec, "learning", place),
                    must_fire=bool(self.value(spec, "must_fire", place, bool, False)),
                )
            )
        self.where = ""
        return tuple(out)
