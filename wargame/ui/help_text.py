"""The help pages (Markdown): rules in short, the legal ladder, a glossary and the keys.

The ladder's rung names come from the engine, so help and board never
disagree; the lines that end the game are said with the figures of the deck
in play, by the functions the board uses; the glossary keeps to the facts
the decks rest on.
"""

from __future__ import annotations

from ..engine import outlook
from ..engine.model import Deck
from ..engine.tracks import RUNG_NAMES
from ..report import md
from ..text import printable

RULES = """\
# The rules in short

Three capitals, **Tokyo**, **Washington** and **Beijing**, answer event cards.
Each turn:

1. **Turn start**: scheduled injects (the scenario's events list) fire; cabinet approval and policy support drift back toward the era's baselines. An inject whose card was already played does not repeat it.
2. **Event**: a card is drawn (or an inject puts one in play).
3. **Responses**: each capital the card addresses picks one response, **sealed**: nobody sees another's choice before the reveal. Closed responses are listed greyed with the reason: the legal basis or the support they need.
4. **Adjudication**: the reveal; each response in the card's order is checked against its gates again, its odds are rolled, and its effects applied. Every step is explained.
5. **Review** (semi-rigid mode with a facilitator): the white cell accepts or overrides an outcome, with a stated reason.
6. **Policy**: Tokyo, then Washington, then Beijing take one standing action, or hold. Some policies can be taken only every few turns or a few times a game.
7. **Election** (on the era's calendar): the Diet's seats change with a roll around the record's result, moved by cabinet approval.
8. **Turn end**: armed conflict, alliance rupture, cabinet collapse or the last turn ends the game.

## The lines that end the game

- **Armed conflict** (tension 1). Tension is a ladder: 5 calm, 4 friction, 3 confrontation, 2 crisis, 1 armed
  conflict (a deck may name the levels). Only a deliberate use of force against another state, or a stated chance
  of an unplanned clash when an option runs close to the other side at crisis, reaches armed conflict; a card draw
  or routine moves stop at crisis. At crisis every capital has crisis management (hotlines, leaders' calls,
  stand-downs). In a semi-rigid game with a white cell, a step to armed conflict is put to it as a ruling first.
  Only the capital whose option took the step carries the blame and the war penalty.
- **Cabinet collapse**: the cabinet falls when *cabinet approval* ends several turns in a row at or below the era's
  line (the board shows the line and the count). Approval is not the same as support for the security policy: real
  cabinets survived unpopular security bills (2015) and fell for other reasons.
- **Alliance rupture**: cohesion at or below the era's line at a turn's end.

Cabinet collapse and alliance rupture are judged at each turn's end, on the tracks as they stand then.

## Domestic politics

- **The Diet** is seats in two Houses. A bill needs a majority in both, or two-thirds of the House of Representatives
  to override the House of Councillors (Art. 59); initiating an amendment needs two-thirds of both (Art. 96).
  Elections on the era's calendar can change the arithmetic.
- **Prior Diet approval** (the 2015 law): a defense operation, a survival-threatening or an important-influence
  situation needs the Diet's approval before the SDF act, or after the fact in an emergency (tension at crisis),
  which costs more; international peace support needs prior approval always; asset protection needs none.
- **The coalition brake**: while Komeito governs, each step up the ladder needs its consent, negotiated over a turn
  (as in the 15 cases consultations of 2014) and narrowing what Japan may do; it left the coalition on 10 Oct 2025.
- **Alliance gains the law allows**: cohesion and interoperability stop at ceilings set by the rung and by
  complementary steps (new guidelines, command and control, force structure), which take turns and build on each other.

## Tracks

| track | bounds | meaning |
|---|---|---|
| legal rung | 0..3 | how far Japan's legal basis reaches |
| cabinet approval | 0..100 | the cabinet's standing: it decides cabinet collapse |
| public support | 0..100 | Japanese support for the government's security policy: it gates missions |
| alliance cohesion | 0..100 | US-Japan trust |
| regional tension | 5..1 | 5 calm, 4 friction, 3 confrontation, 2 crisis, 1 armed conflict |
| coalition narrative | 0..100 | how far the "anti-China coalition" story sticks |
| Japan's reputation | 0..100 | contributor or resurgent militarism |
| interoperability | 0..5 | command, control and force-structure integration |
| partnerships | 0..5 each | Manila, Canberra, Seoul, New Delhi |

Each capital scores by the deck's objectives: weights on how the tracks moved, and bonuses or penalties for how the game ended.
Write a **rationale** with each choice: the log of decisions and reasons is what the seminar takes home.
"""

ENDINGS_HEADING = "## The lines that end the game\n"


def rules_text(deck: Deck | None) -> str:
    """The rules, with each ending in a sentence in the figures of `deck` (the deck in play), when there is one."""
    if deck is None:
        return RULES
    sentences = (
        ("Armed conflict", outlook.war_rule(deck)),
        ("Cabinet collapse", outlook.collapse_rule(deck)),
        ("Alliance rupture", outlook.rupture_rule(deck)),
    )
    era = "".join(
        f"- **{name}**: {md(printable(sentence))}\n" for name, sentence in sentences
    )
    here = f"**In this game** ({md(printable(deck.id))}):\n\n{era}\nIn general:\n\n"
    return RULES.replace(ENDINGS_HEADING, ENDINGS_HEADING + "\n" + here, 1)


_LADDER_ROWS = (
    (
        "Use force only against an armed attack on Japan; no collective self-defense. Support to others must not be "
        "integrated with the use of force (ittaika) and must stay in non-combat areas.",
        "Cabinet; Diet for defense operations",
    ),
    (
        "Policy permits limited collective self-defense under the three new conditions, but no statute yet "
        "authorizes new missions.",
        "Cabinet decision (1 July 2014); bills still needed",
    ),
    (
        "Survival-threatening situation: limited use of force. Important-influence situation: logistics, search and "
        "rescue, ship inspection, no geographic limit. International peace support under UN resolutions. PKO rescue "
        "escort (kaketsuke-keigo). Asset protection of US forces (SDF Law Art. 95-2).",
        "Prior Diet approval in principle (after the fact in emergencies); asset protection: Defense Minister on US request",
    ),
    (
        "Wider collective self-defense (hypothetical); still a political, not only legal, choice.",
        "Two-thirds of both Houses, then a majority in a national referendum",
    ),
)

LADDER = (
    "# The legal ladder\n\n"
    "The legal rung decides which responses are lawful. A closed response names the rung it needs.\n\n"
    "| rung | what the SDF may do | who approves |\n|---|---|---|\n"
    + "".join(f"| **{i}. {RUNG_NAMES[i]}** | {what} | {who} |\n" for i, (what, who) in enumerate(_LADDER_ROWS))
    + """
**The three new conditions (2014)** for using force: (1) an armed attack on Japan, or on a foreign country in a close
relationship with Japan that threatens Japan's survival and poses a clear danger of fundamentally overturning the
people's rights to life, liberty and the pursuit of happiness; (2) no other appropriate means; (3) force limited to the
minimum necessary.

**Barred on every rung**: front-line combat, and dispatch abroad "for the purpose of using force". Minesweeping during
hostilities counts as use of force, so it needs the survival-threatening gate.

**Institutions that gate the ladder**: the Cabinet Legislation Bureau, the coalition brake (Komeito), the Diet, and
public opinion.
"""
)

GLOSSARY = """\
# Glossary

**Collective self-defense (CSD)**: using force to defend a foreign country in a close relationship with Japan
when an attack on it threatens Japan's survival; limited by the three new conditions. Asset protection, rescue of
nationals, logistics, search and rescue and missile destruction measures are *not* CSD: each option names its own
legal basis.

**Ittaika** ("integration with the use of force"): the test that support to other forces must not be integrated
with their use of force and must stay in non-combat areas (rung 0).

**Kaketsuke-keigo** (rescue escort): a peacekeeping task allowed once the security legislation is in force, with
weapons use to complete the mission; GSDF units in South Sudan were given rescue-escort tasks in 2016.

**Survival-threatening situation**: an armed attack on a country in a close relationship with Japan that threatens
Japan's survival and clearly endangers the people's rights to life, liberty and the pursuit of happiness. It allows
limited use of force; prior Diet approval in principle, after the fact in emergencies.

**Important-influence situation**: under the security legislation, the SDF may give logistics, search and rescue
and ship inspection, with no geographic limit; prior Diet approval in principle, after the fact in emergencies.

**International peace support**: support to foreign forces acting under UN resolutions; prior Diet approval always.

**Asset protection** (SDF Law Art. 95-2): the SDF protect US (later Australian) forces' assets on request; the Defense
Minister decides, no Diet vote. First done in May 2017, when the Izumo escorted a US supply ship.

**Gray zone**: incidents below an armed attack, such as an armed landing on a remote island or a submarine that
will not leave territorial waters. A "territorial security" law was never enacted: they are met with police-power
measures (maritime security operations).

**Cabinet Legislation Bureau**: guards the government's reading of the constitution; on 8 Aug 2013 Abe appointed an
outsider, Komatsu Ichiro, as its head.

**Coalition brake**: Komeito, the ruling coalition partner, restrains security policy; it left the coalition on
10 Oct 2025.

**The 15 cases**: situations put to the ruling coalition on 27 May 2014 (gray zone, international cooperation,
collective self-defense); many event cards come from them.

**Legal basis**: the law each Tokyo option rests on (individual self-defense, CSD, important-influence support,
international peace support, PKO, asset protection Art. 95-2, protective measures and transport of nationals Arts.
84-3/84-4, maritime or public security operation, police power, missile destruction Art. 82-3, ...). The basis brings
its gates: the rung, the situation or request, and the Diet's approval.

**Protective measures for nationals** (SDF Law Art. 84-3, from 2016): need the host state's consent, its authorities
keeping public order at the site, and no acts of combat expected there. **Transport of nationals** (Art. 84-4, older):
used in Sudan in April 2023.

**Escalation ladder**: the tension track's named levels; armed conflict is reached only by a deliberate use of force
or a stated chance of a clash.

**Cabinet approval**: the cabinet's standing in the polls; the cabinet falls when it stays too low.

**Anti-China coalition**: Beijing's story that regional cooperation around Japan is aimed at China; the coalition
narrative track measures how far it sticks.

**White cell**: the facilitator, who sees everything, injects events, rules where the rules leave off and records
rulings.

**MSEL** (Master Scenario Events List): scheduled injects, each with a turn, a trigger, the expected player action
and a learning point.

**Rigid / semi-rigid adjudication**: in rigid mode the rules and dice decide; in semi-rigid mode the rules propose
and the white cell may override with a stated reason.

**Hotwash and after-action report**: the discussion at the end of a session and the written record of decisions,
limits met and lessons.
"""

#: (key, where, what) rows, shared with the README's "Playing" section
KEY_ROWS: tuple[tuple[str, str, str], ...] = (
    ("Enter", "menus, setup", "choose the highlighted entry; on setup, start the game"),
    ("Up / Down", "lists", "move the highlight"),
    ("1..9, 10..", "game, white cell", "choose the entry with that number; in a list of 10 or more, a digit that begins a longer number (1 of 16) waits for the next digit or Enter (Backspace clears)"),
    ("c", "game", "the event card in full (arrows scroll; c or Escape back to the options)"),
    ("Tab", "game", "move between the choices and the rationale field"),
    ("Enter", "rationale field", "choose the highlighted response with this rationale"),
    ("Space", "game", "skip ahead through bot moves"),
    ("l", "game, adjudication", "the running log of events and decisions"),
    ("a", "game", "what if? roll out every open response of the seat choosing (s keeps the figures so far, c cancels, Escape closes)"),
    ("F1", "anywhere", "this help (Left/Right change tab)"),
    ("Ctrl+P", "anywhere", "command palette: new game, resume, replay, log, help, quit"),
    ("Escape", "anywhere", "back out (leaving a game asks first)"),
    ("q", "anywhere", "quit (asks first during a game)"),
    ("n / r / p / d", "title", "new game, resume, replay, scenario decks"),
    ("w", "game, with a facilitator", "the white cell's console (Escape back to the board)"),
    (
        "i / o / t / p / u",
        "white cell",
        "inject a card, override an outcome, set a track, pause or resume, undo to the last reveal",
    ),
    ("f / d / s", "white cell, MSEL tab", "fire, delay or skip the highlighted inject when it is due"),
    ("Left / Right", "white cell", "change tab"),
    ("s / p / w / r", "end of game", "save, replay, write a report, read it"),
    (
        "Left / Right, [ / ], t, b",
        "replay",
        "one decision back or on, one turn back or on, jump to a turn, branch a new game from here",
    ),
    ("n / p", "report", "next, previous page; c hides or shows the contents (Tab: contents or page)"),
)

KEYS = "# Keys\n\n| key | where | what |\n|---|---|---|\n" + "".join(
    f"| {key} | {where} | {what} |\n" for key, where, what in KEY_ROWS
)
