"""The after-action report: every decision in it, the limits, the MSEL, the hotwash, safe text."""

from __future__ import annotations

import html
import re

import pytest
from attrs import evolve
from markdown_it import MarkdownIt

from tests.conftest import MINI
from tests.report.conftest import BOTS, WHITE_CELL, bot_game, facilitated_game, fixed_times
from tests.report.helpers import decision_lines, section, shown, subsection, tables
from wargame.decks import bundled_paths, load_deck
from wargame.engine import CHANCE, FACILITATOR, Action, Event, legal_actions
from wargame.engine.state import Resolution
from wargame.engine.tracks import ROLE_NAMES
from wargame.report import ReportError, build_report, md, read_game, replay, report_sections, sparkline
from wargame.report.hotwash import _end_questions
from wargame.report.reading import _policies, _segments
from wargame.session import Session


@pytest.fixture(scope="module")
def mini():
    return load_deck(MINI)


@pytest.fixture(scope="module")
def bundled():
    return [load_deck(p) for p in bundled_paths()]


def sample_games(mini, bundled) -> list[Session]:
    """Bot games and white-cell games on the test deck and on every bundled deck."""
    games = [bot_game(mini, seed) for seed in (1, 4, 9, 13)]
    games += [facilitated_game(mini, seed, inject_card="case-14-hormuz") for seed in (1, 3, 8)]
    for i, deck in enumerate(bundled):
        games.append(bot_game(deck, 20 + i, turns=6))
        games.append(facilitated_game(deck, 30 + i, turns=4))
    return games


@pytest.fixture(scope="module")
def games(mini, bundled) -> list[Session]:
    return sample_games(mini, bundled)


@pytest.fixture(scope="module")
def reports(games) -> list[str]:
    return [build_report(g) for g in games]


# --- every decision ------------------------------------------------------------------------


def test_every_decision_in_the_log_appears_once_with_its_number_and_rationale(games, reports) -> None:
    kinds = set()
    for session, report in zip(games, reports):
        lines = decision_lines(report)
        assert sorted(lines) == [d.seq for d in session.log], session.name
        for d in session.log:
            kinds.add(d.action.kind)
            (line,) = lines[d.seq]
            if d.action.rationale.strip():
                assert shown(d.action.rationale) in line, (session.name, d.seq, line)
    # the sample games use every kind of decision there is but skip (tested on its own below)
    assert kinds >= {"respond", "policy", "draw", "roll", "accept", "override", "set_track", "rule"}
    assert kinds >= {"inject", "fire", "delay", "pause", "resume", "undo"}


def test_the_report_explains_each_step_with_the_engines_events(mini) -> None:
    session = bot_game(mini, 4)
    report = build_report(session)
    for step in replay(session)[1:]:
        for event in step.events:
            if event.kind not in ("sealed", "policy", "turn"):
                assert shown(event.text) in report, event


def test_a_report_is_the_same_every_time(mini) -> None:
    session = facilitated_game(mini, 3, inject_card="case-14-hormuz")
    assert build_report(session) == build_report(session)


# --- the timeline --------------------------------------------------------------------------


def test_each_turn_shows_the_card_with_its_sources_and_every_response_with_its_outcome(mini) -> None:
    session = bot_game(mini, 4)
    report = build_report(session)
    timeline = section(report, "Timeline")
    game = read_game(session)
    for seg in game.segments:
        part = subsection(timeline, f"Turn {seg.turn} of 12" + (f": {md(mini.card(seg.card).title)}" if seg.card else ""))
        if seg.card is None:
            continue
        card = mini.card(seg.card)
        assert f"> {md(card.text)}" in part
        for source in card.sources:
            assert md(mini.source(source).cite) in part
        for role, choice, why in seg.sealed:
            label = card.response(role, choice).label
            row = next(line for line in part.splitlines() if line.startswith(f"| {ROLE_NAMES[role]} | {md(label)}"))
            assert md(why) in row
            assert row.rstrip(" |").endswith(("success", "failure")) or "overridden" in row


def test_rolls_and_odds_in_the_responses_table_match_the_events(mini) -> None:
    session = bot_game(mini, 9)
    game = read_game(session)
    rows = 0
    for seg in game.segments:
        for res in seg.responses:
            if res.roll is not None:
                rows += 1
                assert f"roll {res.roll}: {'success' if res.success else 'failure'} (needs {res.odds} or less)" in "\n".join(
                    e.text for step in game.steps for e in step.events
                )
    assert rows


def test_policies_are_resolved_as_the_engine_resolved_them(games) -> None:
    """Where the engine's state still shows a policy's resolution, the report's agrees with it."""
    compared = 0
    for session in games:
        steps = replay(session)
        outcomes = _policies(steps, session.deck, {})
        for step in steps:
            for res in step.after.resolutions:
                if res.kind != "policy":
                    continue
                mine = [o for o in outcomes if o.turn == step.after.turn and o.role == res.role and o.choice == res.option]
                assert mine, (session.name, step.seq, res)
                o = mine[-1]
                assert (o.gate, o.odds, o.roll, o.ruled, o.success) == (res.gate, res.odds, res.roll, res.ruled, res.success)
                compared += 1
    assert compared > 50


def test_the_facilitators_rulings_and_reasons_are_in_the_timeline_and_the_hotwash(mini) -> None:
    session = facilitated_game(mini, 3, inject_card="case-14-hormuz")
    report = build_report(session)
    timeline, hotwash = section(report, "Timeline"), section(report, "Hotwash questions")
    rulings = [d for d in session.log if d.actor == FACILITATOR and d.action.kind in ("override", "set_track", "rule", "undo")]
    assert {d.action.kind for d in rulings} == {"override", "set_track", "rule", "undo"}
    for d in rulings:
        assert f"(#{d.seq})" in hotwash
        assert shown(d.action.rationale) in hotwash
    override = next(d for d in rulings if d.action.kind == "override")
    assert f"overridden by the facilitator: {shown(override.action.rationale)}" in timeline
    rule = next(d for d in rulings if d.action.kind == "rule")
    assert f"ruled by the facilitator: {shown(rule.action.rationale)}" in timeline


def finish_with_the_msel(session: Session, kind: str, why: str) -> None:
    """Play the game out with its bots; whenever the white cell is waited on, `kind` ("fire" or "skip") the next pending inject."""
    while not session.state.over:
        move = session.automatic_move()
        if move is None:
            due = next(e for e in session.state.msel if e.status == "pending")
            session.act(Action(FACILITATOR, kind, due.inject).with_rationale(why))
        else:
            session.act(move[0])


def test_decisions_an_undo_takes_back_are_marked_and_the_turn_is_told_again(mini) -> None:
    session = Session.new(mini, seed=2, seats=dict(WHITE_CELL), mode="rigid", turns=4)
    while session.state.turn == 1:
        move = session.automatic_move()
        assert move is not None
        session.act(move[0])
    # turn 2 waits on the white cell for its inject: take the game back to turn 1's reveal
    undo = Action(FACILITATOR, "undo").with_rationale("Beijing's policy was entered by mistake")
    session.act(undo)
    undo_seq = len(session.log)
    reveal_seq = max(s.seq for s in replay(session) if any(e.kind == "reveal" for e in s.events))
    finish_with_the_msel(session, "fire", "on schedule")
    report = build_report(fixed_times(session))
    lines = decision_lines(report)
    taken_back = list(range(reveal_seq + 1, undo_seq))
    assert taken_back
    for seq in taken_back:
        assert f"*(taken back by the undo at #{undo_seq})*" in lines[seq][0]
    for seq in (reveal_seq, undo_seq, undo_seq + 1):
        assert "taken back" not in lines[seq][0]
    assert "### Turn 1 of 4 (again, after the facilitator's undo)" in report
    # the policies table of turn 1 lists only the policies that stood
    game = read_game(session)
    assert all(o.seq not in taken_back for o in game.policies)
    assert sum(1 for o in game.policies if o.turn == 1) == 3


# --- what the limits forbade ---------------------------------------------------------------


def test_every_closed_option_offered_is_listed_under_its_capital_with_the_engines_reason(games, reports) -> None:
    checked = 0
    for session, report in zip(games, reports):
        limits = section(report, "What the limits forbade")
        parts = {role: subsection(limits, ROLE_NAMES[role]) for role in ("tokyo", "washington", "beijing")}
        for step in replay(session)[1:]:
            if step.action is None or step.action.actor not in parts:
                continue
            for offer in legal_actions(step.before, step.action.actor):
                if not offer.allowed:
                    assert md(offer.reason) in parts[offer.actor], (session.name, step.seq, offer)
                    checked += 1
    assert checked > 500


def test_a_csd_response_closed_by_the_ladder_is_grouped_under_the_legal_ladder(mini) -> None:
    session = Session.new(mini, seed=5, seats=dict(BOTS), turns=1)
    session.act(Action(CHANCE, "draw", "case-09-us-ships-attacked"))
    for _ in session.run_automatic():
        pass
    report = build_report(fixed_times(session))
    tokyo = subsection(section(report, "What the limits forbade"), "Tokyo")
    ladder = tokyo.split("#### Responses closed by the legal ladder")[1].split("####")[0]
    row = next(line for line in ladder.splitlines() if "Defend the US ships with force" in line)
    assert "| CSD |" in row  # the legal basis
    assert "needs rung 2: security legislation in force (now rung 0: individual self-defense only)" in row
    assert "`mofa-legislation`" in row
    overview = tables(section(report, "What the limits forbade"))[0]
    assert overview[0][:3] == ["Capital", "Closed responses", "of them CSD"]
    assert overview[1][:4] == ["Tokyo", "2", "1", "2"]  # asset protection is closed too, and is not CSD
    hotwash = section(report, "Hotwash questions")
    assert "could not choose “Defend the US ships with force”" in hotwash


def test_a_response_closed_by_public_support_is_grouped_under_public_support(mini) -> None:
    session = Session.new(mini, seed=5, seats=dict(BOTS), turns=1)
    session.act(Action(CHANCE, "draw", "case-14-hormuz"))
    state = session.state
    assert "support" in next(a for a in legal_actions(state, "tokyo") if a.choice == "sweep").blocked_by
    for _ in session.run_automatic():
        pass
    report = build_report(fixed_times(session))
    tokyo = subsection(section(report, "What the limits forbade"), "Tokyo")
    # rung comes first: an option closed by both is told under the ladder, with both reasons
    row = next(line for line in tokyo.splitlines() if "Send minesweepers during hostilities" in line)
    assert "public support 35 < 55 needed" in row and "needs rung 2" in row


# --- MSEL ----------------------------------------------------------------------------------


def test_a_fired_inject_is_set_against_what_the_players_did_that_turn(mini) -> None:
    session = bot_game(mini, 4)
    report = build_report(session)
    msel = section(report, "MSEL: expected against played")
    inject = mini.injects[0]
    assert md(inject.expected) in msel and md(inject.learning) in msel
    game = read_game(session)
    assert game.msel[inject.id].played == [2]
    seg = game.segment_of_turn(2)
    assert seg is not None and seg.card == inject.card and seg.card_by == inject.id
    for role, choice, why in seg.sealed:
        label = mini.card(inject.card).response(role, choice).label
        assert f"{ROLE_NAMES[role]} responded {md(label)}" in msel
        assert md(why) in msel
    assert f"Inject `{inject.id}` expected: “{md(inject.expected)}”" in section(report, "Hotwash questions")


def test_a_skipped_inject_says_so_with_the_reason_and_its_learning_point_goes_to_the_hotwash(mini) -> None:
    session = Session.new(mini, seed=4, seats=dict(WHITE_CELL), mode="rigid", turns=3)
    finish_with_the_msel(session, "skip", "the table ran out of time")
    report = build_report(fixed_times(session))
    msel = section(report, "MSEL: expected against played")
    assert "Turn 2: skipped by the facilitator: the table ran out of time." in msel
    assert "Its card was never in play, so the learning point was not exercised." in msel
    hotwash = section(report, "Hotwash questions")
    assert f"(“{md(mini.injects[0].learning)}”) was not exercised" in hotwash
    assert "the facilitator skips inject `msel-radar`: “the table ran out of time”" in hotwash


def test_an_inject_not_reached_before_the_game_ended_says_so(mini) -> None:
    session = bot_game(mini, 10, turns=1)  # over after turn 1; the inject is due on turn 2
    assert session.state.over and session.state.turn == 1
    msel = section(build_report(session), "MSEL: expected against played")
    assert "not reached: the game ended first" in msel
    assert "(the game ended on turn 1, before it was due)" in msel


# --- tracks, scores, hotwash ---------------------------------------------------------------


def test_track_history_has_a_sparkline_and_a_value_per_turn(mini) -> None:
    session = bot_game(mini, 4)
    report = build_report(session)
    history = session.state.history
    charts, values = tables(section(report, "Track history"))
    support = next(row for row in charts if row[0] == "public support")
    assert support[1] == "`" + sparkline([h[1] for h in history], 0, 100) + "`"
    assert len(support[1]) == len(history) + 2
    assert [row[0] for row in values[1:]] == ["start", *(str(t) for t in range(1, len(history)))]
    assert [int(row[2]) for row in values[1:]] == [h[1] for h in history]


def test_scores_and_end_reason(mini) -> None:
    session = bot_game(mini, 44)
    report = build_report(session)
    end = section(report, "End and scores")
    assert "The game ended on turn 2: war: armed conflict (Beijing's 'Strike the US ships' took the step to armed conflict)." in end
    rows = tables(end)[0][1:]
    assert {row[0]: int(row[1]) for row in rows} == {ROLE_NAMES[r]: s for r, s in session.state.scores.items()}
    hotwash = section(report, "Hotwash questions")
    assert "The game ended in war. Beijing's 'Strike the US ships' took the step to armed conflict." in hotwash
    # a clash's blame starts with "an unplanned clash": the question still starts its sentence with a capital
    clash = evolve(session.state, war_by=(("clash", *session.state.war_by[0][1:]),))
    assert _end_questions(clash)[0].startswith("The game ended in war. An unplanned clash after Beijing's")


def test_hotwash_asks_about_the_biggest_track_swing(mini) -> None:
    session = bot_game(mini, 4)
    hotwash = section(build_report(session), "Hotwash questions")
    assert re.search(r"^\d+\. On turn \d+ .* went from \d+ to \d+", hotwash, re.M)
    assert all(re.match(r"\d+\. .*\?$", line) for line in hotwash.splitlines() if re.match(r"\d+\. ", line))


def test_an_unfinished_game_is_reported_as_it_stands(mini) -> None:
    session = Session.new(mini, seed=4, seats={"tokyo": "human", "washington": "random", "beijing": "random", "facilitator": "off"})
    for _ in session.run_automatic():
        pass
    session.act(next(a for a in legal_actions(session.state, "tokyo") if a.allowed).with_rationale("first move"))
    for _ in session.run_automatic():
        pass
    assert not session.state.over
    report = build_report(fixed_times(session))
    assert "The game is not over: it stands at turn 1 of 12" in report
    assert sorted(decision_lines(report)) == [d.seq for d in session.log]


def test_sources_cited_are_listed_with_their_urls(mini) -> None:
    report = build_report(bot_game(mini, 4))
    sources = section(report, "Sources")
    assert "- `mofa-legislation`: MOFA, Japan's Legislation for Peace and Security <https://www.mofa.go.jp/fp/nsp/page1we_000084.html>" in sources


# --- text from players and decks is shown literally ----------------------------------------

NASTY = [
    "a | b || c",
    "two\nlines\r\nand a tab\there",
    "*not bold* _not italic_ `not code` ~~not struck~~",
    "[not a link](https://example.com) ![no image](x.png)",
    "<script>alert(1)</script> &amp; &#65;",
    "# not a heading",
    "- not a list",
    "1. not a list either",
    "> not a quote",
    "back\\slash at the end\\",
    "\x1b[31mno colour\x1b[0m",
]


def nasty_game(deck) -> Session:
    session = Session.new(deck, seed=4, seats={"tokyo": "human", "washington": "human", "beijing": "human", "facilitator": "off"}, turns=3)
    n = 0
    while not session.state.over:
        move = session.automatic_move()
        if move is not None:
            session.act(move[0])
            continue
        actor = session.human_movers()[0]
        action = next(a for a in legal_actions(session.state, actor) if a.allowed)
        session.act(action.with_rationale(NASTY[n % len(NASTY)]))
        n += 1
    assert n >= len(NASTY)
    return fixed_times(session)


def test_player_text_cannot_break_a_table_or_become_markup(mini) -> None:
    session = nasty_game(mini)
    report = build_report(session)
    for rows in tables(report):
        assert all(len(row) == len(rows[0]) for row in rows), rows
    rendered = MarkdownIt("commonmark").enable("table").render(report)
    assert "<script>" not in rendered and "<em>not" not in rendered and "<code>not" not in rendered
    assert "<a href" not in rendered.split("<h2>Sources</h2>")[0]
    assert "<img" not in rendered and "<del>" not in rendered
    assert "\x1b" not in report
    headings = re.findall(r"<h\d>(.*?)</h\d>", rendered)
    assert not any("not a heading" in h for h in headings)
    text = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    for rationale in NASTY[:-1]:
        assert " ".join(rationale.split()) in text, rationale


def test_md_escapes_what_markdown_would_read() -> None:
    assert md("a|b\nc") == "a\\|b c"
    assert md("- x") == "\\- x"
    assert md("12. x") == "12\\. x"
    assert md("# x") == "\\# x"
    assert md("x # y") == "x # y"
    assert md("5 < 6 and 7 > 6") == "5 < 6 and 7 > 6"
    assert md("<b> &amp;") == "\\<b> \\&amp;"
    assert md("a\x00b") == "a\ufffdb"


def test_sparkline_is_scaled_to_the_bounds() -> None:
    assert sparkline([0, 1, 2, 3], 0, 3) == "▁▃▆█"
    assert sparkline([5, 4, 3, 2, 1], 1, 5) == "█▆▅▃▁"
    assert sparkline([35, 37], 0, 100) == "▃▄"


# --- a log that does not replay -----------------------------------------------------------


def test_a_log_that_does_not_replay_is_refused(mini) -> None:
    session = bot_game(mini, 4)
    first = session.log[0]
    session.log[0] = evolve(first, action=Action(CHANCE, "draw", "no-such-card"))
    with pytest.raises(ReportError, match=r"decision 1 \(chance draw\) does not replay"):
        build_report(session)


def test_a_log_that_does_not_reach_the_sessions_position_is_refused(mini) -> None:
    session = bot_game(mini, 4)
    session.log.pop()
    with pytest.raises(ReportError, match="does not lead to the game's current position"):
        build_report(session)


def test_a_response_stopped_at_adjudication_is_listed_with_the_gate_that_failed(mini) -> None:
    session = bot_game(mini, 33)
    game = read_game(session)
    stopped = [(seg.turn, r) for seg in game.segments for r in seg.responses if r.gate]
    assert stopped
    report = build_report(session)
    part = subsection(section(report, "What the limits forbade"), "Chosen, then stopped at adjudication")
    for turn, res in stopped:
        assert f"| {turn} |" in part and md(res.gate) in part
    assert f"failed: {md(stopped[0][1].gate)}" in section(report, "Timeline")
    assert "which was stopped at adjudication" in section(report, "Hotwash questions")


async def test_the_report_renders_in_textuals_markdown_viewer(mini) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Markdown, MarkdownViewer

    report = build_report(nasty_game(mini))

    class ReportApp(App[None]):
        def compose(self) -> ComposeResult:
            yield MarkdownViewer(report, show_table_of_contents=True)

    app = ReportApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        document = app.query_one(Markdown)
        assert document.source == report
        headings = [entry[1] for entry in document.table_of_contents or []]
        assert "What the limits forbade" in headings and "Hotwash questions" in headings
        await pilot.press("pagedown", "pagedown", "end")


def test_the_report_comes_section_by_section_for_a_viewer(mini) -> None:
    session = facilitated_game(mini, 3, inject_card="case-14-hormuz")
    sections = report_sections(session)
    assert [s.title for s in sections[1:]] == [
        "Scenario and seats",
        "End and scores",
        "Track history",
        "What the limits forbade",
        "MSEL: expected against played",
        "Hotwash questions",
        "Timeline",
        "Sources",
    ]
    assert sections[0].title == "After-action report: Mini deck for tests"
    assert "\n\n".join(s.markdown for s in sections) + "\n" == build_report(session)


def test_a_game_with_no_decisions_yet_has_a_report(mini) -> None:
    session = fixed_times(Session.new(mini, seed=1, seats=dict(BOTS)))
    report = build_report(session)
    assert "The game is not over: it stands at turn 1 of 12, event phase." in report
    assert decision_lines(report) == {}
    assert "Nothing stands out in the log yet." in section(report, "Hotwash questions")


def test_an_inject_due_on_turn_1_is_told_at_the_start_of_the_game(mini, tmp_path) -> None:
    text = MINI.read_text(encoding="utf-8")
    head, inject = text.split("[[injects]]")
    deck_path = tmp_path / "opening.toml"
    deck_path.write_text(head + "[[injects]]" + inject.replace("turn = 2", "turn = 1"), encoding="utf-8")
    deck = load_deck(deck_path)
    session = bot_game(deck, 4, turns=2)
    assert session.log[0].action.kind == "respond"  # no draw: the inject put the card in play
    report = build_report(session)
    timeline = section(report, "Timeline")
    assert "### Turn 1 of 2: Fire-control radar lock" in timeline
    assert "put in play by inject `msel-radar`" in timeline
    assert "Start of the game:\\\n→ Inject msel-radar fires\\\n→ Event card (from inject msel-radar): Fire-control radar lock" in timeline
    assert read_game(session).msel["msel-radar"].played == [1]
    assert "| `msel-radar` | 1 |" in section(report, "MSEL: expected against played")


# --- turns and resolutions, as the engine reports them ------------------------------------------


def _shape(segments) -> list:
    """What the timeline is made of: each turn, its card, and each decision's events in it."""
    return [
        (seg.turn, seg.again, seg.card, [(item.step.seq, item.carried, [e.text for e in item.events]) for item in seg.items])
        for seg in segments
    ]


def test_each_turns_start_is_told_under_that_turn(games) -> None:
    """Injects, poll drift and the card an inject brings go to the turn they start, never the turn before."""
    carried = 0
    for session in games:
        game = read_game(session)
        told = [e for seg in game.segments for item in seg.items for e in item.events]
        made = [e for step in game.steps for e in step.events if e.kind != "turn"]
        assert told == made, session.name  # nothing lost, nothing twice, in order
        for seg in game.segments:
            for item in seg.items:
                step = item.step
                if item.carried:
                    carried += 1
                    assert step.after.turn == seg.turn > step.before.turn, (session.name, step.seq)
                    assert not item.events or item.events[0].kind in ("msel", "polls", "inject", "draw"), (session.name, step.seq)
                elif step.before is not None:
                    assert step.before.turn == seg.turn, (session.name, step.seq)
                for event in item.events:
                    if event.kind == "polls" or (event.kind == "msel" and "fire" in event.text):
                        assert step.after.turn == seg.turn, (session.name, step.seq, event.text)
    assert carried > 20


def test_the_turns_read_the_same_with_or_without_the_engines_turn_event(games) -> None:
    """A decision that ends a turn is cut where the "turn" event stands, or failing it at the next turn's first event."""
    compared = 0
    for session in games:
        steps = replay(session)
        bare, marked = [steps[0]], [steps[0]]
        for step in steps[1:]:
            events = [e for e in step.events if e.kind != "turn"]
            bare.append(evolve(step, events=tuple(events)))
            if step.after.turn > step.before.turn:
                compared += 1
                at = next((i for i, e in enumerate(events) if e.kind in ("msel", "polls", "inject", "draw")), len(events))
                events.insert(at, Event("turn", f"Turn {step.after.turn} of {step.after.last_turn}"))
            marked.append(evolve(step, events=tuple(events)))
        expected = _shape(_segments(steps)[0])
        assert _shape(_segments(bare)[0]) == expected, session.name
        assert _shape(_segments(marked)[0]) == expected, session.name
    assert compared > 20


def test_every_policy_of_a_finished_game_is_resolved_even_the_last_of_a_turn(games) -> None:
    """Each turn's three policies are in the report, settled as the engine's outcome events say."""
    rolled = 0
    for session in games:
        if not session.state.over:
            continue
        game = read_game(session)
        for turn in range(1, game.final.turn + 1):
            mine = [o for o in game.policies if o.turn == turn]
            assert sorted(o.role for o in mine) == sorted(ROLE_NAMES), (session.name, turn)
            assert all(o.settled for o in mine), (session.name, turn)
        texts = "\n".join(e.text for step in game.steps for e in step.events)
        resolutions = [e.resolution for step in game.steps for e in step.events if isinstance(e.resolution, Resolution)]
        for o in game.policies:
            if o.roll is not None:
                rolled += 1
                assert f"roll {o.roll}: {'success' if o.success else 'failure'} (needs {o.odds} or less)" in texts
            if o.choice != "hold":
                assert any(r.kind == "policy" and r.role == o.role and r.option == o.choice for r in resolutions)
    assert rolled > 10
