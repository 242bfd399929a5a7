"""Japan's legal bases for SDF action: what each needs, as the law reads.

Every Tokyo option names its basis. The engine reads this table to gate
the option (the rung, the situation or request the basis needs, and the
Diet's approval), so every deck is held to the same law; "CSD" is one basis
among many (the use of force under the three new conditions), not a flag.
See DOMAIN.md: the legal ladder, and the bases that are not CSD.
"""

from __future__ import annotations

from attrs import frozen

#: how the Diet must approve an order on this basis
PRIOR = "prior"  # before the SDF act, always (International Peace Support Act)
PRIOR_OR_EMERGENCY = "prior-or-emergency"  # before, or after the fact in an emergency (2015 law)
NO_VOTE = ""  # no Diet vote (the Defense Minister or the Cabinet decides)


@frozen
class Basis:
    """One legal basis: its name in words, the rung it needs, what must be so first."""

    id: str
    label: str
    min_rung: int = 0
    #: the highest rung at which this basis is the law (a statute the 2015 laws replaced)
    max_rung: int | None = None
    #: flags that must be set (the situation determined, the request made, the consent given)
    needs: tuple[str, ...] = ()
    diet: str = NO_VOTE
    #: the flag that stands for the Diet's approval of orders on this basis
    approval_flag: str = ""
    #: the use of force (against an armed attack, or for collective self-defense)
    force: bool = False


BASES: dict[str, Basis] = {
    b.id: b
    for b in (
        Basis("political", "no SDF action (diplomacy, statements, decisions of the Cabinet and the Diet)"),
        Basis(
            "individual_self_defense",
            "individual self-defense (defense operation, SDF Law Art. 76)",
            needs=("armed_attack",),
            diet=PRIOR_OR_EMERGENCY,
            approval_flag="diet_approved_defense",
            force=True,
        ),
        Basis(
            "csd",
            "collective self-defense under the three new conditions (survival-threatening situation)",
            min_rung=2,
            needs=("survival_threat",),
            diet=PRIOR_OR_EMERGENCY,
            approval_flag="diet_approved_survival",
            force=True,
        ),
        Basis(
            "important_influence",
            "support in an important-influence situation (logistics, search and rescue, ship inspection)",
            min_rung=2,
            needs=("important_influence",),
            diet=PRIOR_OR_EMERGENCY,
            approval_flag="diet_approved_influence",
        ),
        Basis(
            "peace_support",
            "international peace support (support to foreign forces under a UN resolution)",
            min_rung=2,
            needs=("un_resolution",),
            diet=PRIOR,
            approval_flag="diet_approved_peace",
        ),
        Basis(
            "surrounding_situation",
            "rear-area support, search and rescue and ship inspection in a situation in areas surrounding Japan (1999 and 2000 Acts)",
            max_rung=1,
            needs=("surrounding_situation",),
            diet=PRIOR_OR_EMERGENCY,
            approval_flag="diet_approved_surrounding",
        ),
        Basis(
            "special_measures",
            "support to foreign forces under a special measures law passed for the case (2001, 2003)",
            needs=("special_measures_law",),
        ),
        Basis("pko", "UN peacekeeping (PKO Act)"),
        Basis(
            "asset_protection",
            "asset protection of partner forces (SDF Law Art. 95-2), on their request",
            min_rung=2,
            needs=("us_request",),
        ),
        Basis(
            "protect_nationals",
            "protective measures for Japanese nationals abroad (SDF Law Art. 84-3)",
            min_rung=2,
            needs=("host_consent", "public_order", "no_combat_expected"),
        ),
        Basis("transport_nationals", "transport of Japanese nationals abroad (SDF Law Art. 84-4)"),
        Basis("maritime_security", "maritime or public security operation (SDF Law Arts. 82, 78, 81)"),
        Basis("police_power", "police power (the Japan Coast Guard and the police)"),
        Basis("missile_destruction", "destruction measures against ballistic missiles (SDF Law Art. 82-3)"),
        Basis("airspace", "measures against airspace violations (SDF Law Art. 84)"),
        Basis("mine_clearance", "removal of abandoned mines after hostilities (SDF Law Art. 84-2)"),
        Basis("disaster_relief", "disaster relief (SDF Law Art. 83)"),
        Basis("training", "exercises and training with other forces"),
        Basis("surveillance", "surveillance and information gathering"),
    )
}
BASIS_NAMES: tuple[str, ...] = tuple(BASES)
#: a few words per basis for the chooser's tags (none for a decision that sends no one)
BASIS_TAGS: dict[str, str] = {
    "political": "",
    "individual_self_defense": "self-defense (Art. 76)",
    "csd": "CSD",
    "important_influence": "important influence",
    "surrounding_situation": "surrounding situation (1999 Act)",
    "special_measures": "special measures law",
    "peace_support": "peace support",
    "pko": "PKO",
    "asset_protection": "asset protection (Art. 95-2)",
    "protect_nationals": "nationals (Art. 84-3)",
    "transport_nationals": "transport (Art. 84-4)",
    "maritime_security": "maritime security op.",
    "police_power": "police power",
    "missile_destruction": "missile destruction (Art. 82-3)",
    "airspace": "airspace (Art. 84)",
    "mine_clearance": "mine clearance (Art. 84-2)",
    "disaster_relief": "disaster relief",
    "training": "training",
    "surveillance": "surveillance",
}

#: the kinds of alliance step the law may or may not allow at a rung (decks say which, per rung)
ALLIANCE_KINDS: tuple[str, ...] = ("exercise", "guidelines", "joint_operations", "command_control", "force_structure")
ALLIANCE_LABELS: dict[str, str] = {
    "exercise": "exercises",
    "guidelines": "new defense guidelines",
    "joint_operations": "joint operations planning",
    "command_control": "command and control arrangements",
    "force_structure": "force-structure changes",
}

#: the flag that stands for the coalition partner's consent to a ladder step
COALITION_CONSENT = "coalition_consent"
