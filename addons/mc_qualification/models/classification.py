# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Classification of a programme in the qualification typology.

Pure Python, no ORM: the rule reads a *table* of tiers (the ``mc.qualification.type``
records, or :data:`DEFAULT_TIERS` in tests) and returns the tier a programme falls
in, with the reason. The model turns the reason key and its parameters into a
translated sentence.

The rule, in order:

1. a programme without a volume (ECTS <= 0) or without an EQF level has no tier;
2. the tiers whose ECTS band holds the volume are kept. The lower edge is always
   included; the upper edge is included unless the tier says otherwise (the
   learning unit is *under* 1 ECTS, the single course *under* 4 ECTS). A volume
   that falls between two bands (for instance 6.5 ECTS, between the CMF band 4–6
   and the 14–16 band, or 17 ECTS, between 16 and 20) has **no tier**: the
   typology of the partnership deliberately leaves these sizes out, and the
   registry either adjusts the volume or chooses a type by hand (which then shows
   as a contradiction);
3. of those, the tiers whose EQF range holds the level are kept;
4. of those, a tier that requires an assessment is kept only if the programme is
   assessed;
5. the first remaining tier in sequence order wins.
"""

from collections import namedtuple

Tier = namedtuple(
    "Tier",
    [
        "code",
        "name",
        "sequence",
        "ects_min",
        "ects_max",
        "ects_max_included",
        "eqf_min",
        "eqf_max",
        "assessment_required",
    ],
)

Classification = namedtuple("Classification", ["code", "reason", "params"])

# Reason keys returned by classify(), with an English template (the model has the
# translated ones).
REASONS = {
    "no_volume": "The programme has no volume yet (0 ECTS): add units with ECTS.",
    "no_level": "The programme has no EQF level yet.",
    "gap": "%(ects)s ECTS lies between the bands of the typology "
    "(%(below)s and %(above)s): no tier.",
    "eqf_out": "%(ects)s ECTS fits %(tiers)s, but EQF level %(eqf)s is outside "
    "the level range of that tier: no tier.",
    "needs_assessment": "%(ects)s ECTS at EQF %(eqf)s fits %(tiers)s, which "
    "requires an assessment, and the programme has none: no tier.",
    "match": "%(ects)s ECTS (%(band)s), EQF %(eqf)s (EQF %(eqf_band)s)%(assessed)s: "
    "%(tier)s.",
}

# The typology shipped as data (data/mc_qualification_type_data.xml mirrors it).
DEFAULT_TIERS = [
    Tier("learning_unit", "Learning unit", 10, 0.0, 1.0, False, 5, 8, False),
    Tier("mc_course", "Micro-credential course", 20, 1.0, 4.0, False, 5, 8, True),
    Tier("cmf", "CMF micro-credential programme", 30, 4.0, 6.0, True, 5, 8, True),
    Tier(
        "mc_programme", "Micro-credential programme", 40, 14.0, 16.0, True, 5, 8, True
    ),
    Tier(
        "micro_degree_ug",
        "Micro-degree (undergraduate)",
        50,
        20.0,
        40.0,
        True,
        5,
        6,
        True,
    ),
    Tier(
        "micro_degree_pg", "Micro-degree (graduate)", 51, 20.0, 40.0, True, 7, 8, True
    ),
    Tier("short_cycle", "Short-cycle degree", 60, 90.0, 120.0, True, 5, 5, True),
    Tier("bachelor", "Bachelor degree", 70, 180.0, 240.0, True, 6, 6, True),
    Tier("master", "Master degree", 80, 60.0, 120.0, True, 7, 7, True),
    Tier("doctorate", "Doctorate", 90, 180.0, 240.0, True, 8, 8, True),
]


def fmt_number(value):
    """4.0 -> '4', 6.5 -> '6.5'."""
    return f"{value:g}"


def band_label(tier):
    """The ECTS band of a tier, e.g. '4–6 ECTS' or 'under 1 ECTS'."""
    high = fmt_number(tier.ects_max)
    if not tier.ects_min:
        return f"≤ {high} ECTS" if tier.ects_max_included else f"< {high} ECTS"
    low = fmt_number(tier.ects_min)
    if tier.ects_max_included:
        return f"{low}–{high} ECTS"
    return f"{low} to < {high} ECTS"


def in_band(tier, ects):
    if ects < tier.ects_min:
        return False
    if tier.ects_max_included:
        return ects <= tier.ects_max
    return ects < tier.ects_max


def in_level(tier, eqf):
    return tier.eqf_min <= eqf <= tier.eqf_max


def classify(ects, eqf_level, assessed, tiers):
    """Return the Classification of a programme.

    :param ects: volume in ECTS (float)
    :param eqf_level: EQF level 1–8, or 0/None when not set
    :param assessed: whether the programme has a (summative) assessment
    :param tiers: iterable of :class:`Tier`
    """
    tiers = sorted(tiers, key=lambda t: (t.sequence, t.code))
    ects = float(ects or 0.0)
    params = {"ects": fmt_number(ects), "eqf": eqf_level or ""}
    if ects <= 0:
        return Classification(False, "no_volume", params)
    if not eqf_level:
        return Classification(False, "no_level", params)
    by_volume = [t for t in tiers if in_band(t, ects)]
    if not by_volume:
        below = [t for t in tiers if t.ects_max <= ects]
        above = [t for t in tiers if t.ects_min > ects]
        below_tier = max(below, key=lambda t: t.ects_max, default=None)
        above_tier = min(above, key=lambda t: t.ects_min, default=None)
        params["below"] = (
            f"{below_tier.name}: {band_label(below_tier)}" if below_tier else "–"
        )
        params["above"] = (
            f"{above_tier.name}: {band_label(above_tier)}" if above_tier else "–"
        )
        return Classification(False, "gap", params)
    names = ", ".join(f"{t.name} (EQF {t.eqf_min}–{t.eqf_max})" for t in by_volume)
    by_level = [t for t in by_volume if in_level(t, eqf_level)]
    if not by_level:
        params["tiers"] = names
        return Classification(False, "eqf_out", params)
    by_assessment = [t for t in by_level if assessed or not t.assessment_required]
    if not by_assessment:
        params["tiers"] = ", ".join(t.name for t in by_level)
        return Classification(False, "needs_assessment", params)
    tier = by_assessment[0]
    params.update(
        tier=tier.name,
        band=band_label(tier),
        eqf_band=f"{tier.eqf_min}–{tier.eqf_max}",
        assessed=", assessed" if assessed else "",
    )
    return Classification(tier.code, "match", params)


def explain(classification, templates=None):
    """The reason as a sentence, from ``templates`` (default: English)."""
    templates = templates or REASONS
    return templates[classification.reason] % classification.params


def find_stacking_cycle(edges, start_ids):
    """Return a path (list of ids) closing a cycle reachable from start_ids, or [].

    :param edges: dict id -> iterable of ids it stacks into
    """
    for start in start_ids:
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in edges.get(node, ()):
                if nxt == start:
                    return path + [nxt]
                if nxt not in path:
                    stack.append((nxt, path + [nxt]))
    return []
