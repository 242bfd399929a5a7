"""decks/README.md stays in step with the checker: every name documented, the example true."""

from __future__ import annotations

import re
import tomllib

import pytest

from tests.conftest import random_game
from tests.decks.helpers import ROOT, run_main
from wargame import decks
from wargame.decks import schema
from wargame.decks.rules import FAR_SUPPORT_FLOOR, FAR_SUPPORT_MARGIN, MISSION_BASES, NON_DEPLOYMENTS
from wargame.engine.law import ALLIANCE_KINDS, BASES, BASIS_NAMES
from wargame.engine.tracks import DIET_STANDINGS, DISTANCES, FLAG_SCOPES, HOUSES, INSTITUTION_NAMES, INSTITUTIONS, MISSIONS, ROLES, TRACKS

README = (ROOT / "decks" / "README.md").read_text(encoding="utf-8")
TOML_BLOCKS = re.findall(r"```toml\n(.*?)```", README, re.S)
EXAMPLE = TOML_BLOCKS[-1]
OUTPUTS = re.findall(r"```\n(my-deck\.toml:.*?)```", README, re.S)
BREAK = (
    ('basis = "asset_protection"', 'basis = "csd"'),
    ("success = { cohesion = 5, interop = 1, support = -1 }", "success = { cohesoin = 5, interop = 1, support = -1 }"),
)


@pytest.mark.parametrize(
    "names",
    [
        schema.TOP_KEYS,
        schema.START_KEYS,
        schema.RULE_KEYS,
        schema.END_KEYS,
        schema.CARD_KEYS,
        schema.OPTION_KEYS,
        schema.INJECT_KEYS,
        schema.SOURCE_KEYS,
        schema.FLAG_KEYS,
        schema.MODIFIER_KEYS,
        schema.EFFECT_KEYS,
        tuple(k for k in schema.REQUIRE_KEYS if not k.startswith(("min_", "max_"))) + ("min_turn", "max_turn"),
        TRACKS,
        ROLES,
        MISSIONS,
        DISTANCES,
        FLAG_SCOPES,
        INSTITUTION_NAMES,
        tuple(v for values in INSTITUTIONS.values() for v in values if isinstance(v, str)),
        tuple(NON_DEPLOYMENTS),
        schema.DIET_KEYS,
        schema.HOUSE_KEYS,
        schema.ELECTION_KEYS,
        schema.CLASH_KEYS,
        schema.ALLIANCE_KEYS,
        schema.CALENDAR_KEYS,
        schema.ESCALATION_KEYS,
        BASIS_NAMES,
        ALLIANCE_KINDS,
        DIET_STANDINGS,
        HOUSES,
        tuple(flag for b in BASES.values() for flag in (*b.needs, b.approval_flag) if flag),
        tuple(MISSION_BASES),
    ],
    ids=lambda names: names[0],
)
def test_every_name_the_checker_knows_is_documented(names: tuple[str, ...]) -> None:
    missing = [n for n in names if not re.search(r"[`\"\[.]" + re.escape(n) + r"[`\"\] ]", README)]
    assert missing == []


def test_the_numbers_of_the_rules_are_the_checkers() -> None:
    rules = README[README.index("## The rules of the subject") : README.index("## What `wargame deck check` reports")]
    assert f"at least {FAR_SUPPORT_FLOOR} and" in rules
    assert f"least {FAR_SUPPORT_MARGIN} above" in rules
    assert f"rung {BASES['csd'].min_rung}" in rules
    assert f"1..{schema.MAX_TURNS}" in README
    assert "`combat`" in README and '"combat"' in rules


def test_every_toml_block_is_toml() -> None:
    assert len(TOML_BLOCKS) >= 2
    for block in TOML_BLOCKS:
        tomllib.loads(block)


def test_the_worked_example_passes_and_plays(tmp_path, capsys, monkeypatch) -> None:  # noqa: ANN001
    path = tmp_path / "my-deck.toml"
    path.write_text(EXAMPLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_main(["deck", "check", "my-deck.toml"], capsys)
    assert status == 0, out
    assert out == OUTPUTS[0]
    state, _ = random_game(decks.load_deck(path), seed=3)
    assert state.over


def test_the_worked_example_broken_gives_the_output_shown(tmp_path, capsys, monkeypatch) -> None:  # noqa: ANN001
    text = EXAMPLE
    for old, new in BREAK:
        assert text.count(old) == 1 and new in README.replace("\n", " ").replace("flags =  ", "flags = ")
        text = text.replace(old, new)
    (tmp_path / "my-deck.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_main(["deck", "check", "my-deck.toml"], capsys)
    assert status == 2
    assert out == OUTPUTS[1]
