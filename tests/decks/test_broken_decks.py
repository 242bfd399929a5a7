"""One broken deck per kind of mistake: exit status 2, file and line named, no traceback.

Each case edits the sound deck tests/data/checker-base.toml in one place.
The expected line is where a given snippet of the broken text starts, so the
table says both what the mistake is and where a facilitator should look.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from attrs import frozen

from tests.decks.helpers import BASE, line_of, run_cli, run_main
from wargame.decks import DeckError, check_deck, load_deck


@frozen
class Broken:
    id: str
    edits: tuple[tuple[str, str], ...]
    says: str  # a fragment the problem line must hold
    at: str = ""  # snippet of the broken text on the expected line; default: the first edit's new text
    cli: bool = False  # run the real command in a subprocess (slower; a few are enough)

    def text(self) -> str:
        text = BASE.read_text(encoding="utf-8")
        for old, new in self.edits:
            assert text.count(old) == 1, f"{self.id}: {old!r} occurs {text.count(old)} times in the base deck"
            text = text.replace(old, new)
        return text

    def line(self, text: str) -> int:
        return line_of(text, self.at or self.edits[0][1])


def edit(old: str, new: str) -> tuple[tuple[str, str], ...]:
    return ((old, new),)


CARD_2 = '[[cards]]\nid = "hormuz-mines"'
CARD_1 = '[[cards]]\nid = "us-ships-attacked"'

CASES = (
    # TOML itself
    Broken("toml-syntax", edit("weight = 2", "weight = = 2"), "TOML syntax error at column 10", cli=True),
    Broken("toml-unclosed-string", edit('title = "Checker base deck"', 'title = "Checker base deck'), "TOML syntax error at column"),
    Broken("toml-duplicate-key", edit("case = 9\n", "case = 9\ncase = 10\n"), "TOML syntax error", at="case = 10"),
    Broken("toml-unclosed-at-the-end", edit("must_fire = true\n", "must_fire = true\nlate = [\n"), "TOML syntax error at the end of the file", at="late = ["),
    Broken("toml-bad-header", edit("[[policies]]\nid = \"washington-reaffirm\"", "[[policies]\nid = \"washington-reaffirm\""), "TOML syntax error"),
    # unknown keys, tracks, names: with a did-you-mean
    Broken("unknown-top-key", edit("description = ", "descripton = "), "unknown key 'descripton' in the deck (did you mean 'description'?)", cli=True),
    Broken("unknown-card-key", edit("weight = 2", "wieght = 2"), "unknown key 'wieght' in a card (did you mean 'weight'?)"),
    Broken("unknown-track-in-effect", edit("cohesion = 8", "cohesoin = 8"), "(did you mean 'cohesion'?)"),
    Broken("unknown-track-in-requires", edit("min_support = 30", "min_suport = 30"), "(did you mean 'min_support'?)", cli=True),
    Broken("unknown-track-in-modifier", edit('track = "interop"', 'track = "interopp"'), "unknown track 'interopp' (did you mean 'interop'?)"),
    Broken("unknown-track-in-start", edit("narrative = 20\n", "narative = 20\n"), "unknown key 'narative' in [start.tracks] (did you mean 'narrative'?)"),
    Broken("unknown-track-in-objective", edit("weights = { cohesion = 2,", "weights = { cohesian = 2,"), "(did you mean 'cohesion'?)"),
    Broken("unknown-mission", edit('mission = "posture"\nescalation = 2', 'mission = "postur"\nescalation = 2'), "unknown mission 'postur' (did you mean 'posture'?)"),
    Broken("unknown-role", edit('addresses = ["tokyo", "beijing"]', 'addresses = ["tokyo", "bejing"]'), "unknown role 'bejing' (did you mean 'beijing'?)"),
    Broken("unknown-institution-value", edit('bureau = "aligned"', 'bureau = "alined"'), "(did you mean 'aligned'?)"),
    Broken("unknown-diet-standing", edit('diet = "supermajority"', 'diet = "supermajorty"'), "(did you mean 'supermajority'?)"),
    Broken("diet-as-institution", edit('bureau = "aligned"', 'bureau = "aligned"\ndiet = "majority"'), "the Diet is no longer an institution", at='diet = "majority"'),
    Broken("unknown-house", edit('house = "upper"', 'house = "uper"'), "unknown House 'uper' (did you mean 'upper'?)"),
    Broken("unknown-basis", edit('basis = "asset_protection"', 'basis = "asset_protect"'), "unknown legal basis 'asset_protect' (did you mean 'asset_protection'?)"),
    Broken("unknown-alliance-step", edit('alliance = "exercise"', 'alliance = "exercises"'), "unknown alliance step 'exercises' (did you mean 'exercise'?)"),
    Broken("unknown-clash", edit('clash = "close-intercept"', 'clash = "close-intercep"'), "unknown clash 'close-intercep' (did you mean 'close-intercept'?)"),
    Broken("unknown-flag-scope", edit('scope = "event" }', 'scope = "evnt" }'), "unknown flag scope 'evnt' (did you mean 'event'?)"),
    # wrong types
    Broken("wrong-type-text-for-number", edit("odds = 65", 'odds = "65"'), "'odds' must be a whole number, not text", cli=True),
    Broken("wrong-type-decimal", edit("baseline_support = 40", "baseline_support = 40.5"), "must be a whole number, not a decimal number 40.5"),
    Broken("wrong-type-bool", edit("must_fire = true", 'must_fire = "yes"'), "'must_fire' must be true/false"),
    Broken("wrong-type-in-list", edit('sources = ["mofa-legislation"]\nmission = "asset_protection"', 'sources = [7]\nmission = "asset_protection"'), "'sources' must list text, not a whole number 7"),
    Broken("wrong-type-table", edit('sources = ["rinehart-2013"]\n[cards.when]\nmax_tension = 5', 'sources = ["rinehart-2013"]\nwhen = "always"'), "must be a table, not text", at='when = "always"'),
    Broken("wrong-type-date", edit('date = "2014-07"', "date = 2014-07-01"), "'date' must be text, not a date or time"),
    # out-of-range numbers
    Broken("out-of-range-odds", edit("odds = 65", "odds = 150"), "'odds' is 150: allowed 1..100"),
    Broken("out-of-range-start-track", edit("tension = 4\nnarrative = 20", "tension = 9\nnarrative = 20"), "'tension' is 9: allowed 1..5"),
    Broken("out-of-range-huge", edit("weight = 2", "weight = 99999999999999999999999999"), "'weight' is a 26-digit number: allowed 1..10"),
    Broken("out-of-range-inject-turn", edit("turn = 3", "turn = 30"), "'turn' is 30: allowed 1..8"),
    Broken("out-of-range-case", edit("case = 14", "case = 16"), "'case' is 16: allowed 1..15"),
    Broken("out-of-range-format", edit("format = 2", "format = 3"), "deck format 3 is not supported"),
    Broken("format-1", edit("format = 2", "format = 1"), "deck format 1 is not supported: this version reads format 2"),
    # duplicate ids
    Broken("duplicate-card-id", edit('id = "hormuz-mines"', 'id = "us-ships-attacked"'), "duplicate card id 'us-ships-attacked'", at='id = "us-ships-attacked"\ntitle = "Mines', cli=True),
    Broken("duplicate-response-id", edit('id = "stand-aside"', 'id = "protect-assets"'), "duplicate response id 'protect-assets' for tokyo", at='id = "protect-assets"\nlabel = "Stay out'),
    Broken("duplicate-source-id", edit('id = "mofa-legislation"\ncite', 'id = "rinehart-2013"\ncite'), "duplicate source id 'rinehart-2013'", at='id = "rinehart-2013"\ncite = "MOFA'),
    Broken("duplicate-policy-id", edit('id = "washington-reaffirm"\nrole = "washington"', 'id = "tokyo-determine-survival-threat"\nrole = "tokyo"'), "duplicate policy id 'tokyo-determine-survival-threat' for tokyo", at='id = "tokyo-determine-survival-threat"\nrole = "tokyo"\ncooldown = 2\nlabel = "Reaffirm'),
    # roles and references
    Broken("response-for-unaddressed-role", edit('role = "beijing"\nid = "warn"', 'role = "washington"\nid = "warn"'), "is for washington, which the card does not address; addressed: tokyo, beijing"),
    Broken("too-few-capitals", edit('addresses = ["tokyo", "beijing"]', 'addresses = ["tokyo"]'), "a card addresses at least two capitals"),
    Broken("unknown-card-in-inject", edit('card = "hormuz-mines"', 'card = "hormuz-mine"'), "inject names card 'hormuz-mine', which the deck does not have (did you mean 'hormuz-mines'?)", cli=True),
    Broken("unknown-flag", edit('min_rung = 2\nflags = ["us_request"]', 'min_rung = 2\nflags = ["us_requst"]'), "unknown flag 'us_requst' (did you mean 'us_request'?)", at='flags = ["us_requst"]'),
    Broken(
        "flag-never-set",
        (("[flags]\n", '[flags]\nbill_passed = { text = "the bills passed", scope = "game" }\n'), ("odds = 80\n[policies.requires]\nmin_rung = 2", 'odds = 80\n[policies.requires]\nflags = ["bill_passed"]\nmin_rung = 2')),
        "flag 'bill_passed' is required but nothing sets it",
        at='flags = ["bill_passed"]',
    ),
    Broken("unknown-source", edit('sources = ["rinehart-2013"]\n[cards.when]', 'sources = ["rinehart-2031"]\n[cards.when]'), "unknown source 'rinehart-2031' (did you mean 'rinehart-2013'?)"),
    # sources missing
    Broken("card-without-sources", edit('sources = ["rinehart-2013"]\n[cards.when]', "[cards.when]"), "no sources: every card must cite", at=CARD_1, cli=True),
    Broken("response-with-empty-sources", edit('sources = ["mofa-legislation"]\nmission = "minesweeping"', 'sources = []\nmission = "minesweeping"'), "no sources: every response must cite", at='sources = []'),
    Broken("policy-without-sources", edit('explain = "Reassurance."\nsources = ["rinehart-2013"]\n', 'explain = "Reassurance."\n'), "no sources: every policy must cite", at='[[policies]]\nid = "washington-reaffirm"'),
    # missing or empty parts
    Broken("missing-title", edit('title = "Mines in the Strait of Hormuz"\n', ""), "missing 'title'", at=CARD_2),
    Broken("empty-label", edit('label = "Stay quiet"', 'label = "  "'), "'label' must not be empty"),
    Broken("missing-response-role", edit('role = "beijing"\nid = "stay-quiet"', 'id = "stay-quiet"'), "missing 'role' (one of tokyo, washington, beijing)", at='[[cards.responses]]\nid = "stay-quiet"'),
    Broken("bad-id", edit('id = "checker-base"', 'id = "Checker Base"'), "may hold only lower-case letters, digits and dashes"),
    Broken("bad-date", edit('date = "2014-07"', 'date = "July 2014"'), "must be YYYY or YYYY-MM"),
    # responses of a capital
    Broken("too-few-responses", edit('role = "beijing"\nid = "escort-own"', 'role = "tokyo"\nid = "escort-own"'), "beijing has 2 responses: an addressed capital needs at least 3", at=CARD_2),
    Broken("no-lawful-way-out", edit('id = "stand-aside"\nlabel = "Stay out and call for restraint"\nexplain = "Japan keeps to diplomacy."\nsources = ["rinehart-2013"]\nmission = "diplomacy"\nescalation = 0', 'id = "stand-aside"\nlabel = "Stay out and call for restraint"\nexplain = "Japan keeps to diplomacy."\nsources = ["rinehart-2013"]\nmission = "diplomacy"\nescalation = 1'), "tokyo needs a non-escalatory response", at=CARD_1),
    Broken("failure-without-odds", edit("sources = [\"mofa-legislation\"]\nodds = 80\n", "sources = [\"mofa-legislation\"]\n"), "has failure effects but no odds", at="[policies.failure]"),
    Broken("modifier-track-and-flag", edit('track = "interop"\nper_point = 5', 'track = "interop"\nflag = "us_request"\nper_point = 5'), "a modifier names either a track", at='[[cards.responses.modifiers]]\ntrack = "interop"'),
    Broken("requirement-never-holds", edit("[cards.when]\nmax_tension = 5", "[cards.when]\nmin_tension = 5\nmax_tension = 3"), "min_tension = 5 is above max_tension = 3", at="min_tension = 5"),
    Broken("reserved-policy-id", edit('id = "washington-reaffirm"', 'id = "hold"'), "policy id 'hold' is reserved"),
    # the law: combat never, CSD missions gated at their rung, far missions need more support
    Broken("combat-mission", edit('mission = "use_of_force"', 'mission = "combat"'), "front-line combat stays barred on every rung", cli=True),
    Broken("basis-missing", edit('basis = "asset_protection"\n', ""), "missing 'basis'", at='[[cards.responses]]\nrole = "tokyo"\nid = "protect-assets"'),
    Broken("basis-for-another-capital", edit('role = "washington"\nid = "ask-japan"', 'role = "washington"\nbasis = "political"\nid = "ask-japan"'), "only Tokyo's options have a legal basis", at='basis = "political"\nid = "ask-japan"'),
    Broken("csd-flag-is-gone", edit('basis = "csd"\nid = "defend-us-ships"', 'basis = "csd"\ncsd = true\nid = "defend-us-ships"'), "'csd' is replaced by the legal basis", at="csd = true"),
    Broken("asset-protection-is-not-csd", edit('basis = "asset_protection"', 'basis = "csd"'), "basis 'csd' does not fit mission 'asset_protection'", at='basis = "csd"\nid = "protect-assets"'),
    Broken("wartime-minesweeping-is-csd", edit('basis = "csd"\nid = "sweep"', 'basis = "mine_clearance"\nid = "sweep"'), 'minesweeping during hostilities is the use of force', at='basis = "mine_clearance"\nid = "sweep"'),
    Broken("ceasefire-minesweeping-is-not-force", edit('basis = "mine_clearance"', 'basis = "csd"'), "removal of abandoned mines", at='basis = "csd"\nid = "after-ceasefire"'),
    Broken("force-abroad", edit('mission = "minesweeping"\ndistance = "far"\nescalation = 2', 'mission = "minesweeping"\ndistance = "far"\nforce = true\nescalation = 3'), "dispatch abroad for the purpose of using force stays barred", at='distance = "far"\nforce = true'),
    Broken("force-needs-self-defense", edit('mission = "asset_protection"\ndistance = "near"\nescalation = 1', 'mission = "asset_protection"\ndistance = "near"\nforce = true\nescalation = 3'), "Japan may use force only in self-defense", at="force = true"),
    Broken("routine-move-to-war", edit("[cards.responses.requires]\nmin_tension = 3\n", ""), "only an option with force = true, or a stated clash, reaches armed conflict", at="tension = -1\n[cards.responses.failure]\ncohesion = -3"),
    Broken("draw-to-war", edit("[cards.on_draw]\nset_flags", "[cards.on_draw]\ntension = -1\nset_flags"), "a draw sets the problem and never starts a war", at="tension = -1\nset_flags"),
    Broken("no-crisis-management", edit('success = { tension = 1 }\nfailure = { narrative = -1 }', 'success = { narrative = -1 }\nfailure = { narrative = -1 }'), "Beijing has no crisis management", at='[[policies]]\nid = "tokyo-determine-survival-threat"'),
    Broken("free-lunch", edit('role = "washington"\ncooldown = 2\n', 'role = "washington"\n'), "free lunch", at='[[policies]]\nid = "washington-reaffirm"'),
    Broken("ladder-step-without-consent", edit("requires = { coalition_consent = true, diet", "requires = { diet"), "needs its consent: add coalition_consent = true", at="requires = { diet"),
    Broken("diet-without-seats", edit('[diet]\nlead = "LDP"\npartner = "Komeito"\npartner_brakes = true\nlower = { seats = 475, lead = 291, partner = 35 }\nupper = { seats = 242, lead = 115, partner = 20 }\n', ""), "gives no [diet] seats", at='diet = "supermajority"'),
    Broken("far-mission-without-more-support", edit("min_support = 55", "min_support = 35"), "far missions need markedly more public support than near ones", cli=True),
    Broken("far-mission-no-support-gate", edit("min_rung = 2\nmin_support = 55\n", "min_rung = 2\n"), "requires.min_support = 45 or more", at='[cards.responses.requires]\nmin_rung = 2\nflags = ["survival_threat"]\n[cards.responses.success]\ncohesion = 6'),
)


def test_the_table_covers_every_kind_of_mistake_once() -> None:
    assert len(CASES) >= 25
    assert len({c.id for c in CASES}) == len(CASES)
    assert sum(c.cli for c in CASES) >= 5


def test_the_base_deck_is_sound() -> None:
    assert check_deck(BASE) == []
    load_deck(BASE)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_broken_deck_names_file_and_line_and_exits_2(case: Broken, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = case.text()
    path = tmp_path / f"{case.id}.toml"
    path.write_text(text, encoding="utf-8")
    if case.cli:
        status, out, err = run_cli(["deck", "check", str(path)])
    else:
        status, out, err = run_main(["deck", "check", str(path)], capsys)
    assert status == 2, out + err
    assert "Traceback" not in out + err
    lines = out.splitlines()
    assert lines and all(line.startswith(f"{path}:") for line in lines), out
    assert all(re.match(re.escape(str(path)) + r":\d+: \S", line) for line in lines), out
    expected = f"{path}:{case.line(text)}:"
    hits = [line for line in lines if line.startswith(expected) and case.says in line]
    assert hits, f"wanted a line starting {expected!r} holding {case.says!r}; got:\n{out}"
    # the same deck refused when loaded to play: one line, no traceback
    with pytest.raises(DeckError) as error:
        load_deck(path)
    assert "\n" not in str(error.value) and str(error.value).startswith(f"{path}:")


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\x00\x01 binary garbage \x80\x81", bytes(range(256)) * 4, b"x = " + b"9" * 5000 + b"\n", b"x = " + b"[" * 3000 + b"]" * 3000, b"", b"\x00", "id = 'caf\u00e9'\n".encode()],
    ids=["binary", "all-bytes", "huge-number", "deep-nesting", "empty", "nul", "no-format"],
)
def test_garbage_gives_one_line_per_problem_and_exit_2(content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "garbage.toml"
    path.write_bytes(content)
    status, out, err = run_main(["deck", "check", str(path)], capsys)
    assert status == 2
    assert out.strip() and all(re.match(re.escape(str(path)) + r":\d+: \S", line) for line in out.splitlines()), out
    with pytest.raises(DeckError):
        load_deck(path)


def test_missing_file_and_directory_are_one_line_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_main(["deck", "check", str(tmp_path / "nothere.toml"), str(tmp_path)], capsys)
    assert status == 2
    assert out.splitlines() == [f"{tmp_path / 'nothere.toml'}: cannot read the deck: No such file or directory", f"{tmp_path}: cannot read the deck: Is a directory"]


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = BASE.read_text(encoding="utf-8").replace("weight = 2", "wieght = 2").replace("odds = 65", "odds = 650").replace('card = "hormuz-mines"', 'card = "nowhere"')
    path = tmp_path / "three.toml"
    path.write_text(text, encoding="utf-8")
    status, out, _ = run_main(["deck", "check", str(path)], capsys)
    assert status == 2
    lines = out.splitlines()
    assert len(lines) == 3, out
    assert [int(line.split(":")[1]) for line in lines] == sorted(int(line.split(":")[1]) for line in lines)


@pytest.mark.parametrize("content", [b"\xff\xfe garbage", "weight = = 2\n".encode()], ids=["binary", "syntax"])
def test_play_with_a_broken_deck_prints_one_line_and_exits_2(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_bytes(content)
    status, out, err = run_cli(["play", "--deck", str(path)])
    assert status == 2
    assert "Traceback" not in out + err
    assert len(err.strip().splitlines()) == 1 and err.startswith("wargame: error: ") and f"{path}:1:" in err, err


def test_play_with_a_deck_of_many_problems_still_prints_one_line(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(BASE.read_text(encoding="utf-8").replace('mission = "use_of_force"', 'mission = "combat"').replace("odds = 65", "odds = 0"), encoding="utf-8")
    status, out, err = run_cli(["play", "--deck", str(path)])
    assert status == 2
    assert len(err.strip().splitlines()) == 1 and "more problem" in err and "wargame deck check" in err, err
