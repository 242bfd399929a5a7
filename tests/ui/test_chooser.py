"""Pilot tests of the chooser at 80x24: what each option does, scrolling by whole options, every entry by its number.

Long lists come from the test deck of `long_list.py` (Tokyo's policy list runs
to 16 entries) and from the bundled 2013 scenario (32); the white cell's
console is reached as in test_white_cell.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget

from wargame.ui.app import WargameApp
from wargame.ui.dialogs.decision import DecisionDialog
from wargame.ui.option_text import option_body
from wargame.ui.screens.game import GameScreen
from wargame.ui.widgets.choice_list import ChoiceList

from .conftest import make_app, screen_text, until
from .long_list import CLOSED_REASON, long_app
from .test_white_cell import until_console, white_cell_app, white_cell_decisions


async def to_policy(pilot: Pilot, app: WargameApp) -> GameScreen:
    """Start the game and press Enter (Tokyo's first response, the adjudication) until Tokyo's policy list is up."""
    app.start_game(app.settings)
    await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.acting == "tokyo", "Tokyo to choose")
    game = app.screen
    assert isinstance(game, GameScreen)
    for _ in range(20):
        if game.session.state.phase == "policy" and game.acting == "tokyo" and app.screen is game:
            break
        await pilot.press("enter")
        await pilot.pause()
    await until(pilot, lambda: app.screen is game and game.acting == "tokyo" and game.session.state.phase == "policy", "Tokyo's policy list")
    choices = game.query_one("#choices", ChoiceList)
    await until(pilot, lambda: choices.span(0) is not None and "Pick" in screen_text(app), "the list drawn")
    return game


def tokyo_choices(game: GameScreen) -> list[str]:
    return [d.action.choice for d in game.session.log if d.actor == "tokyo"]


def drawn(app: WargameApp, widget: Widget) -> list[str]:
    """The rows of `widget` (the list, the card) as drawn, right-trimmed."""
    box = widget.scrollable_content_region
    return [line[box.x : box.right].rstrip() for line in screen_text(app).split("\n")[box.y : box.bottom]]


def flat(text: str) -> str:
    return " ".join(text.split())


def notified(app: WargameApp, text: str) -> bool:
    return any(text in str(n.message) for n in app._notifications)


async def test_option_12_of_16_by_its_number(tmp_path: Path) -> None:
    """1 waits for the next digit (10-16 begin with it) and says so; 2 then chooses option 12."""
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        game = await to_policy(pilot, app)
        choices = game.query_one("#choices", ChoiceList)
        assert len(choices.actions) == 16 and choices.actions[11].allowed
        await until(pilot, lambda: "1-16 Pick" in screen_text(app).split("\n")[-1], "the footer naming the numbers")
        before = tokyo_choices(game)
        await pilot.press("1")
        await until(pilot, lambda: "choose: 1_" in screen_text(app), "the digit typed")
        assert tokyo_choices(game) == before  # nothing chosen yet
        assert choices.highlighted == 0  # option 1 is in view, with its effects
        await pilot.press("2")
        await until(pilot, lambda: len(tokyo_choices(game)) > len(before), "option 12 chosen")
        assert tokyo_choices(game)[-1] == "tokyo-test-12"
        assert "choose:" not in screen_text(app)


async def test_a_number_typed_ends_with_enter_or_is_cleared(tmp_path: Path) -> None:
    """1 and Backspace: nothing typed; 1 7 of 16: no such option; 1 and Enter: option 1."""
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        game = await to_policy(pilot, app)
        before = tokyo_choices(game)
        await pilot.press("1", "backspace")
        await until(pilot, lambda: game.typed == "" and "choose:" not in screen_text(app), "the digits cleared")
        await pilot.press("1", "escape")  # Escape clears the digits first; it does not leave the game
        await until(pilot, lambda: game.typed == "", "the digits cleared by Escape")
        assert app.screen is game
        await pilot.press("1", "7")
        await until(pilot, lambda: notified(app, "No option 17: 1-16 choose"), "the warning")
        assert tokyo_choices(game) == before and game.typed == ""
        await pilot.press("1", "enter")
        await until(pilot, lambda: len(tokyo_choices(game)) > len(before), "option 1 chosen")
        assert tokyo_choices(game)[-1] == "tokyo-appoint-bureau-chief"


async def test_a_short_list_chooses_on_the_first_digit(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed=2)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.acting == "tokyo", "Tokyo to choose")
        game = app.screen
        assert isinstance(game, GameScreen)
        actions = game.query_one("#choices", ChoiceList).actions
        assert len(actions) <= 9
        second = next(i for i, a in enumerate(actions) if a.allowed and i > 0)
        await pilot.press(str(second + 1))
        await until(pilot, lambda: game.session.state.sealed_by("tokyo") is not None, "the response sealed")
        assert game.session.state.sealed_by("tokyo")[0] == actions[second].choice


async def test_each_option_says_what_it_does_and_the_highlighted_one_its_whole_description(tmp_path: Path) -> None:
    """Option 12's odds, effects on success and failure, and every word of its description, beside it."""
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        game = await to_policy(pilot, app)
        choices = game.query_one("#choices", ChoiceList)
        choices.highlighted = 11
        option = game.session.deck.policy("tokyo", "tokyo-test-12")
        assert option is not None
        await until(pilot, lambda: choices.expanded == 11 and any(row.startswith("12.") for row in drawn(app, choices)), "option 12 open")
        rows = drawn(app, choices)
        first = next(i for i, row in enumerate(rows) if row.startswith("12."))
        block = flat(" ".join(rows[first:]))
        assert "odds 60% · no SDF action · support +3 cohesion -2 · fail: approval -2" in block
        assert flat(option.explain) in block  # whole, not cut with an ellipsis
        # the description follows its own option: the next option's number comes after it
        after = next((i for i, row in enumerate(rows) if i > first and re.match(r"\d+\. ", row)), len(rows))
        assert flat(option.explain) in flat(" ".join(rows[first:after]))
        # the others say what they do, without their descriptions
        assert "certain · narrative -1" in flat(" ".join(rows))


async def test_the_list_scrolls_by_whole_options_and_closed_reasons_are_indented(tmp_path: Path) -> None:
    """The 2013 scenario's 32 policies at 80x24: wherever the highlight goes, the list's top row is an
    option's first, with its number; each option shown from its start is drawn whole, wrapped lines indented."""
    app = make_app(tmp_path, deck="era-2013", seed=11)
    async with app.run_test(size=(80, 24)) as pilot:
        game = await to_policy(pilot, app)
        choices = game.query_one("#choices", ChoiceList)
        height = choices.scrollable_content_region.height
        assert len(choices.actions) >= 30 and choices.virtual_size.height > 2 * height
        width = len(str(len(choices.actions))) + 2
        state = game.session.state
        for index, action in enumerate(choices.actions):
            span = choices.span(index)
            assert span is not None
            top = min(span[0], choices.max_scroll_y)  # the last few share the last page
            choices.scroll_to(y=top, animate=False, immediate=True)
            await until(pilot, lambda: round(choices.scroll_offset.y) == top and choices.span(index) == span, f"option {index + 1} in view")
            await pilot.pause()
            rows = drawn(app, choices)
            assert re.match(r"\d+\. ", rows[0]), rows
            rows = rows[span[0] - top :][: span[1]]
            assert rows[0].startswith(f"{index + 1}. "), rows
            if span[1] <= height:
                body = option_body(state, action, expanded=index == choices.expanded).plain
                assert flat(" ".join(row[width:] for row in rows)) == flat(body), index
            assert all(row.startswith(" " * width) for row in rows[1:]), rows  # wrapped lines stand under the title
        # moving the highlight through the open options: always an option's number at the top
        choices.highlighted = next(i for i, a in enumerate(choices.actions) if a.allowed)
        for _ in range(sum(a.allowed for a in choices.actions) + 3):
            await pilot.press("down")
            await pilot.pause()
            rows = drawn(app, choices)
            assert re.match(r"\d+\. ", rows[0]), rows
            number = f"{choices.highlighted + 1}. "
            assert any(row.startswith(number) for row in rows), (number, rows)


async def test_a_closed_option_s_long_reason_is_indented_under_it(tmp_path: Path) -> None:
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        game = await to_policy(pilot, app)
        choices = game.query_one("#choices", ChoiceList)
        span = choices.span(9)
        assert span is not None and not choices.actions[9].allowed
        choices.scroll_to(y=span[0], animate=False, immediate=True)
        await until(pilot, lambda: drawn(app, choices)[0].startswith("10. "), "option 10 at the top")
        rows = drawn(app, choices)[: span[1]]
        assert len(rows) >= 4 and all(row.startswith("    ") for row in rows[1:])
        assert flat(" ".join(rows)) == flat(f"10. Test policy 10 closed: {CLOSED_REASON}")
        await pilot.press("1", "0")  # by its number: refused, the reason in the list
        await until(pilot, lambda: notified(app, "Option 10 is closed: the list shows why."), "the refusal")
        assert not notified(app, CLOSED_REASON[:30])  # not repeated over the list
        assert flat(" ".join(drawn(app, choices)[: span[1]])) == flat(f"10. Test policy 10 closed: {CLOSED_REASON}")


async def test_a_closed_option_picked_by_its_number_comes_into_view(tmp_path: Path) -> None:
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        game = await to_policy(pilot, app)
        choices = game.query_one("#choices", ChoiceList)
        await until(pilot, lambda: drawn(app, choices)[0].startswith("1. "), "the list from the top")
        assert not any(row.startswith("10. ") for row in drawn(app, choices))
        await pilot.press("1", "0")
        await until(pilot, lambda: notified(app, "Option 10 is closed: the list shows why."), "the refusal")
        await until(pilot, lambda: drawn(app, choices)[0].startswith("10. "), "option 10 at the top, with its reason")
        assert CLOSED_REASON[:30] in flat(" ".join(drawn(app, choices)))


async def test_a_closed_first_option_too_long_to_show_keeps_its_title_on_the_top_row(tmp_path: Path) -> None:
    """2013, turn 1 at 80x24: asset protection (closed, with a ten-line reason) does not fit above the first open
    response; the list opens on that response with the closed one's number and title above it, and Up shows it whole."""
    app = make_app(tmp_path, deck="era-2013", seed=0)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.acting == "tokyo", "Tokyo to choose")
        game = app.screen
        assert isinstance(game, GameScreen)
        choices = game.query_one("#choices", ChoiceList)
        closed, opened = choices.span(0), choices.span(1)
        assert closed is not None and opened is not None and not choices.actions[0].allowed and choices.highlighted == 1
        assert closed[1] + opened[1] > choices.scrollable_content_region.height  # the two do not fit together
        title = (choices.actions[0].label or "")[:20]
        await until(pilot, lambda: drawn(app, choices)[:2] and drawn(app, choices)[1].startswith("2. "), "the first open response in view")
        rows = drawn(app, choices)
        assert rows[0].startswith("1. " + title), rows
        assert flat(" ".join(rows[1 : 1 + opened[1]])).startswith("2. ")  # the highlighted response whole below it
        await pilot.press("up")
        await until(pilot, lambda: round(choices.scroll_offset.y) == 0, "the list from its first option")
        assert flat(" ".join(drawn(app, choices))).startswith(flat(f"1. {choices.actions[0].label} closed: "))
        assert choices.highlighted == 1


async def test_c_shows_the_whole_card_and_c_or_escape_goes_back(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed=2)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.acting == "tokyo", "Tokyo to choose")
        game = app.screen
        assert isinstance(game, GameScreen)
        card = game.session.deck.card(game.session.state.card)
        await until(pilot, lambda: "c Card" in screen_text(app).split("\n")[-1], "the footer naming c")
        for back in ("c", "escape"):
            await pilot.press("c")
            scroll = game.query_one("#card-scroll")
            await until(pilot, lambda: game.has_class("-card") and flat(card.explain) in flat(" ".join(drawn(app, scroll))), "the whole card")
            text = flat(" ".join(drawn(app, scroll)))
            assert flat(card.text) in text and "Addresses:" in text
            assert not game.query_one("#choices").display and game.focused is game.query_one("#card-scroll")
            await pilot.press(back)
            await until(pilot, lambda: not game.has_class("-card") and game.focused is game.query_one("#choices"), f"{back}: the options")
            assert app.screen is game and game.session.state.sealed_by("tokyo") is None
        number = next(i for i, a in enumerate(game.query_one("#choices", ChoiceList).actions) if a.allowed) + 1
        await pilot.press("c", str(number))  # a number still chooses while the card is open
        await until(pilot, lambda: game.session.state.sealed_by("tokyo") is not None, "the response sealed")


async def test_the_white_cell_s_first_decision_by_its_number(tmp_path: Path) -> None:
    """The review: 1 is "Accept the adjudication…", and pressing 1 asks for its reason, as Enter does."""
    app = white_cell_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await pilot.pause()
        console = await until_console(pilot, app)
        assert console.commands[0].kind == "accept"
        await until(pilot, lambda: "1. Accept the adjudication…" in screen_text(app), "the console's list")
        await pilot.press("1")
        await until(pilot, lambda: isinstance(app.screen, DecisionDialog), "the accept dialog")
        await pilot.press("enter")  # the reason is optional
        await until(pilot, lambda: bool(white_cell_decisions(app.session, "accept")), "the adjudication accepted")


async def test_digits_in_the_rationale_are_text_not_choices(tmp_path: Path) -> None:
    app = long_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        game = await to_policy(pilot, app)
        before = tokyo_choices(game)
        await pilot.press("tab", *"12 reasons", "enter")  # Enter chooses the highlighted option, 1
        await until(pilot, lambda: len(tokyo_choices(game)) > len(before), "option 1 chosen")
        decision = [d for d in game.session.log if d.actor == "tokyo"][-1]
        assert (decision.action.choice, decision.action.rationale) == ("tokyo-appoint-bureau-chief", "12 reasons")
