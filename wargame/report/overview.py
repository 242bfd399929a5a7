"""The report's opening sections: the header, the scenario and seats, the end and scores, the track history.

They tell the game as a whole, from its start and its final position; the
turn-by-turn story is the timeline's.
"""

from __future__ import annotations

from ..engine import FACILITATOR, ROLES, TRACKS, outlook
from ..engine.phases import war_cause
from ..engine.tracks import BOUNDS, END_REASONS, INSTITUTION_LABELS, ROLE_NAMES, TRACK_LABELS
from ..sparklines import track_sparkline
from .markdown import code, joined, md, table
from .records import Game
from .wording import rung_text


def header_section(game: Game) -> str:
    """The title, the game's settings and how the report was made."""
    s, deck, final = game.session, game.deck, game.final
    lines = [f"# After-action report: {md(deck.title)}", ""]
    facts = [
        f"Scenario {code(deck.id)} (era {deck.era})",
        f"seed {s.seed}",
        "semi-rigid adjudication (the facilitator may override)" if s.mode == "semi-rigid" else "rigid adjudication (the rules decide)",
        "facilitated" if final.facilitated else "no facilitator",
        f"{final.last_turn} turns",
        f"{len(s.log)} decisions in the log",
    ]
    lines.append(" · ".join(facts) + ".")
    extra = []
    if s.name:
        extra.append(f"Game: {md(s.name)}")
    if s.parent:
        extra.append(f"branched from {md(s.parent)}" + (f" after decision {s.branched_at}" if s.branched_at else ""))
    if s.created:
        extra.append(f"Started {md(s.created)}" if not extra else f"started {md(s.created)}")
    if extra:
        lines += ["", " · ".join(extra) + "."]
    lines += [
        "",
        "This report is rebuilt from the decision log by replaying it through the rules, so every "
        "gate, odds, roll, effect and ruling below is the engine's own explanation. Decisions are "
        "numbered as in the log (#1, #2, ...).",
    ]
    return joined(lines)


def _seat_text(kind: str) -> str:
    """Who plays a seat: a human, a bot by name, or nobody."""
    if kind == "human":
        return "human"
    if kind in ("off", "none", ""):
        return "none"
    return f"bot ({md(kind)})"


def scenario_section(game: Game) -> str:
    """Where the game started, the lines that end it, and who sat where."""
    deck, s = game.deck, game.session
    start = dict(zip(TRACKS, deck.start.tracks))
    lines = ["## Scenario and seats", ""]
    if deck.description:
        lines += [md(deck.description), ""]
    first = game.steps[0].after
    when = outlook.turn_date(deck, 1)
    if when:
        months = deck.calendar.months
        lines += [f"Turn 1 is {when}; each turn is {'a month' if months == 1 else f'{months} months'}.", ""]
    lines.append(
        f"At the start: {rung_text(start['rung'])}; cabinet approval {start['approval']} "
        f"(drifting towards {deck.start.baseline_approval}); public support for the security policy {start['support']} "
        f"(drifting towards {deck.start.baseline_support}); alliance cohesion {start['cohesion']}; "
        f"tension {start['tension']} ({md(deck.tension_name(start['tension']))})."
    )
    lines.append("")
    lines.append("Institutions: " + "; ".join(_institution(n, v) for n, v in deck.start.institutions) + ".")
    lines.append("")
    diet_lines = outlook.diet_status(first)
    if diet_lines:
        lines += [md(diet_lines[0]) + ": " + "; ".join(md(d) for d in diet_lines[1:]) + ".", ""]
    rules = deck.rules
    lines += [
        f"The lines that end the game: the cabinet falls after {rules.collapse_turns} turns in a row with cabinet approval at or "
        f"below {rules.collapse_approval}; the alliance ruptures at cohesion {rules.rupture_cohesion} or below; war comes at "
        f"tension 1 ({md(deck.tension_name(1))}), which only a deliberate use of force or an unplanned clash reaches.",
        "",
    ]
    rows = []
    for role in ROLES:
        rows.append([ROLE_NAMES[role], _seat_text(s.seats.get(role, ""))])
    rows.append(["Facilitator (white cell)", _seat_text(s.seats.get(FACILITATOR, "off"))])
    lines += table(["Seat", "Played by"], rows)
    return joined(lines)


def _institution(name: str, value: object) -> str:
    """An institution's state in words."""
    if name == "coalition_brake":
        return "the coalition brake is in place (Komeito in the coalition)" if value else "no coalition brake"
    return f"{INSTITUTION_LABELS[name]}: {md(str(value))}"


def end_section(game: Game) -> str:
    """How the game ended (or where it stands) and each capital's score, with where it came from."""
    final, deck = game.final, game.deck
    lines = ["## End and scores", ""]
    if final.over:
        reason = END_REASONS[final.end_reason] if final.end_reason else ""
        text = f"The game ended on turn {final.turn}: {md(reason)}"
        if final.end_reason == "war" and final.war_by:
            text += f" ({md(war_cause(final))})"
        if final.end_reason == "collapse":
            text += f" (approval at or below {deck.rules.collapse_approval} for {final.low_approval_turns} turns in a row)"
        lines.append(text + ".")
        winner = final.winner
        lines += ["", f"Highest score: {ROLE_NAMES[winner]}." if winner else "Highest score: a tie."]
    else:
        lines.append(f"The game is not over: it stands at turn {final.turn} of {final.last_turn}, {final.phase} phase. Scores so far:")
    lines.append("")
    scores = final.scores
    start = deck.start.tracks
    rows = []
    for role in ROLES:
        objective = deck.objective(role)
        from_tracks = 0
        parts = []
        for track, weight in objective.weights:
            i = TRACKS.index(track)
            delta = final.values[i] - start[i]
            from_tracks += weight * delta
            parts.append(f"{track} ×{weight}")
        rows.append([
            ROLE_NAMES[role],
            str(scores[role]),
            str(from_tracks),
            f"{scores[role] - from_tracks:+d}" if final.over else "—",
            md(", ".join(parts)) or "—",
        ])
    lines += table(["Capital", "Score", "From track changes", "End bonus", "Plays for (weight × change from the start)"], rows)
    lines.append("")
    insts = "; ".join(_institution(n, v) for n, v in final.institution_values)
    flags = ", ".join(md(deck.flag(f).text) for f in final.flags) or "none"
    lines += [f"At the end: {rung_text(final.track('rung'))}; {insts}.", "", f"Standing flags at the end: {flags}."]
    return joined(lines)


def tracks_section(game: Game) -> str:
    """Each track over the turns, as a sparkline and as values."""
    final = game.final
    history = list(final.history)
    labels = ["start"] + [f"{t} ({outlook.turn_date(game.deck, t)})" if outlook.turn_date(game.deck, t) else str(t) for t in range(1, len(history))]
    if not final.over and final.values != history[-1]:
        history.append(final.values)
        labels.append("now")
    lines = [
        "## Track history",
        "",
        "Each bar is the track at the start of the game and at the end of each turn, scaled to the "
        "track's bounds (▁ lowest, █ highest). Tension runs from 5 ("
        + md(game.deck.tension_name(5))
        + ") to 1 ("
        + md(game.deck.tension_name(1))
        + ").",
        "",
    ]
    rows = []
    for i, track in enumerate(TRACKS):
        series = [h[i] for h in history]
        low, high = BOUNDS[track]
        change = series[-1] - series[0]
        rows.append([
            md(TRACK_LABELS[track]),
            f"`{track_sparkline(history, track)}`",
            str(series[0]),
            str(series[-1]),
            f"{change:+d}" if change else "0",
            f"{min(series)}..{max(series)}",
            f"{low}..{high}",
        ])
    lines += table(["Track", "By turn", "Start", "End", "Change", "Range played", "Bounds"], rows)
    lines += ["", "Values at the end of each turn:", ""]
    rows = [[label, *(str(h[i]) for i in range(len(TRACKS)))] for label, h in zip(labels, history)]
    lines += table(["Turn", *TRACKS], rows)
    return joined(lines)

