"""The report's hotwash questions: what to discuss after the game, drawn from what happened in it.

Each kind of question comes from one thing the game shows: the CSD options
closed most often, the gates that failed at adjudication, the facilitator's
rulings, the biggest track swings, the MSEL's learning points and the end.
"""

from __future__ import annotations

from ..engine import FACILITATOR, ROLES, TRACKS, GameState
from ..engine.phases import war_cause
from ..engine.tracks import BOUNDS, ROLE_NAMES, TRACK_LABELS
from .markdown import code, joined, md, quoted
from .records import Closure, Game
from .wording import decision_text

#: asked when the game gives nothing to ask about
_FALLBACK = "Nothing stands out in the log yet. Which decision would each capital take back now, and why?"

#: the facilitator's decisions the hotwash asks about, and what it asks
_RULING_QUESTIONS = {
    "override": "What did the rules miss, and should the deck change?",
    "set_track": "What did the rules miss, and should the deck change?",
    "rule": "What did the facilitator weigh that the deck leaves open, and would the players have ruled the same way?",
    "undo": "What changed the second time, and what does that say about the first adjudication?",
    "skip": "What would the table have learnt from it?",
}


def hotwash_section(game: Game) -> str:
    """The questions, numbered, in the order of the kinds above."""
    questions = _questions(game) or [_FALLBACK]
    lines = ["## Hotwash questions", "", "Questions drawn from this game, for the discussion after it:", ""]
    lines += [f"{i}. {q}" for i, q in enumerate(questions, 1)]
    return joined(lines)


def _questions(game: Game) -> list[str]:
    """Every question the game gives, a kind at a time."""
    return [
        *_closed_csd_questions(game),
        *_failed_gate_questions(game),
        *_ruling_questions(game),
        *_swing_questions(game),
        *_msel_questions(game),
        *_end_questions(game.final),
    ]


def _closed_csd_questions(game: Game) -> list[str]:
    """The closed collective self-defense options, most often closed first (four at most)."""
    deck = game.deck
    csd: dict[tuple[str, str, str], list[Closure]] = {}
    for c in game.closures:
        if c.option is not None and c.option.csd:
            csd.setdefault((c.role, c.card, c.choice), []).append(c)
    ranked = sorted(csd.values(), key=lambda cs: (-len(cs), cs[0].seq))
    questions = []
    for cs in ranked[:4]:
        c = cs[0]
        later = [str(t) for t in dict.fromkeys(x.turn for x in cs) if t != c.turn]
        again = f" (and again on turn{'s' if len(later) > 1 else ''} {', '.join(later)})" if later else ""
        where = f"facing “{md(deck.card(c.card).title)}”" if c.card else "as a standing policy"
        questions.append(
            f"On turn {c.turn}{again} {ROLE_NAMES[c.role]}, {where}, could not choose “{md(c.label)}” "
            f"({md(c.reason)}). What would it have taken to open it, and would the table have chosen it "
            "if it had been open?"
        )
    return questions


def _failed_gate_questions(game: Game) -> list[str]:
    """Options open when chosen that failed their gates at adjudication (the first two)."""
    return [
        f"On turn {o.turn} {ROLE_NAMES[o.role]} chose “{md(o.option.label if o.option else o.choice)}”, "
        f"which was stopped at adjudication ({md(o.gate)}). Could the player have seen that coming "
        "from the order the card resolves in?"
        for o in [o for o in game.all_outcomes() if o.gate][:2]
    ]


def _ruling_questions(game: Game) -> list[str]:
    """The facilitator's overrides, rulings, undos and skips, each with its reason."""
    questions = []
    for step in game.steps:
        a = step.action
        if a is None or a.actor != FACILITATOR or a.kind not in _RULING_QUESTIONS:
            continue
        what = decision_text(step, game.deck)
        turn = step.before.turn if step.before else 1
        questions.append(
            f"On turn {turn} (#{step.seq}) {what[0].lower() + what[1:]}: {quoted(a.rationale)}. {_RULING_QUESTIONS[a.kind]}"
        )
    return questions


def _swing_questions(game: Game) -> list[str]:
    """The three biggest changes of a track in one turn."""
    deck = game.deck
    questions = []
    for turn, track, old, new in _swings(game.final)[:3]:
        seg = game.segment_of_turn(turn)
        card = f" (event: “{md(deck.card(seg.card).title)}”)" if seg and seg.card else ""
        if track == "tension":
            old_text, new_text = f"{old} ({md(deck.tension_name(old))})", f"{new} ({md(deck.tension_name(new))})"
        else:
            old_text, new_text = str(old), str(new)
        questions.append(
            f"On turn {turn}{card} {md(TRACK_LABELS[track])} went from {old_text} to {new_text}. Which "
            "decisions drove that, and did the players expect it?"
        )
    return questions


def _swings(final: GameState) -> list[tuple[int, str, int, int]]:
    """Per-turn track changes, largest first relative to each track's bounds."""
    found = []
    history = final.history
    for turn in range(1, len(history)):
        for i, track in enumerate(TRACKS):
            old, new = history[turn - 1][i], history[turn][i]
            if old != new:
                low, high = BOUNDS[track]
                found.append((abs(new - old) / (high - low), turn, i, track, old, new))
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    return [(turn, track, old, new) for _, turn, _, track, old, new in found]


def _msel_questions(game: Game) -> list[str]:
    """Per inject: did the play on its card's turn meet the expectation, or was its point never exercised?"""
    questions = []
    for inject in game.deck.injects:
        record = game.msel[inject.id]
        if record.played:
            seg = game.segment_of_turn(record.played[0])
            chosen = []
            if seg is not None:
                for o in game.response_outcomes(seg):
                    label = o.option.label if o.option else o.choice
                    chosen.append(f"{ROLE_NAMES[o.role]} chose “{md(label)}”")
            did = "; ".join(chosen) or "no response was resolved"
            questions.append(
                f"Inject {code(inject.id)} expected: “{md(inject.expected)}” On turn {record.played[0]} "
                f"{did}. Did that meet the expectation, and was the learning point "
                f"(“{md(inject.learning)}”) drawn?"
            )
        elif inject.learning and game.missed(inject.id):
            questions.append(
                f"Inject {code(inject.id)} never put its card in play, so its learning point "
                f"(“{md(inject.learning)}”) was not exercised. Should it run in the next game?"
            )
    return questions


def _end_questions(final: GameState) -> list[str]:
    """A question about how the game ended, once it has."""
    if not final.over:
        return []
    reason = final.end_reason
    if reason == "war":
        cause = war_cause(final) if final.war_by else ""
        who = f" {md(cause[:1].upper() + cause[1:])}." if cause else ""  # a sentence of its own
        return [f"The game ended in war.{who} Where was the last point at which it could have been stopped?"]
    if reason == "rupture":
        return ["The alliance ruptured. Which decisions fed fears of abandonment or entrapment?"]
    if reason == "collapse":
        return ["The cabinet collapsed on low cabinet approval. Which votes, missions or events cost it the most, and were they worth it?"]
    best = max(ROLES, key=lambda r: (final.scores[r], -ROLES.index(r)))
    return [
        f"The game ran to its last turn and {ROLE_NAMES[best]} scored highest. Did that capital "
        "win through its own choices or through the limits on the others?"
    ]
