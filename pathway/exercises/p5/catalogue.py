"""Phase 5, certifications: the certification catalogue."""

from __future__ import annotations

from functools import cache

from .. import checks
from ..checks import Incorrect
from ..engine import exercise
from ._shared import PHASE


@cache
def _titles_and_ids() -> tuple[frozenset[str], frozenset[str]]:
    from ...api import load_roadmap

    roadmap = load_roadmap()
    return frozenset(i.id for i in roadmap.items), frozenset(i.title for i in roadmap.items)


@exercise(
    "p5.catalogue.certification_ids",
    title="Read Phase 5's certifications from the roadmap",
    prompt="Set `p5_certs` to the list of ids of every certification Phase 5 lists, including "
    "the ones it shares with another phase, as `roadmap` lists them.",
    answer="p5_certs",
    setup="import pathway\nroadmap = pathway.load_roadmap()",
    solution='''p5_certs = [
    item.id
    for item in roadmap.items_in("p5", include_shared=True)
    if item.kind == "certification"
]''',
    wrong=[
        'p5_certs = [item.id for item in roadmap.items_in("p5") if item.kind == "certification"]',
        'p5_certs = [item.id for item in roadmap.items_in("p5", include_shared=True)]',
        'p5_certs = [item.title for item in roadmap.items_in("p5", include_shared=True)\n'
        '            if item.kind == "certification"]',
    ],
    right=[
        # every item of the roadmap, filtered on its home phase and the phases it is shared with
        'p5_certs = [i.id for i in roadmap.items\n'
        '            if i.kind == "certification" and (i.phase == "p5" or "p5" in i.also_in)]',
        # the planner's catalogue, read from the same roadmap (a Series of ids)
        'from pathway.labs import planning\n'
        'p5_certs = planning.certifications("p5", roadmap)["id"]',
    ],
    hints=[
        "`roadmap.items_in(phase_id)` gives a phase's items; each item has `.id`, `.kind` and "
        "`.title`.",
        "Two certificates belong to Phase 2 but are listed in Phase 5 too (`also_in`): "
        "`items_in` has a keyword argument that includes them. Then keep only the items whose "
        "`kind` is `\"certification\"`.",
        'A list comprehension over `roadmap.items_in("p5", include_shared=True)` that keeps '
        '`item.id` when `item.kind == "certification"`.',
    ],
)
def certification_ids(answer):
    from ...api import load_roadmap
    from ...labs.planning import certifications

    if isinstance(answer, (str, bytes, dict)) or not hasattr(answer, "__iter__") or hasattr(
            answer, "columns"):
        checks.expect_type(answer, (list, tuple), "a list of item ids")
    answer = list(answer)  # a set, a tuple or a pandas Series of ids says the same
    if not all(isinstance(a, str) for a in answer):
        raise Incorrect("every element should be an item id, a string such as 'cert.itil_foundation'")
    roadmap = load_roadmap()
    catalogue = certifications(PHASE, roadmap)
    expected = set(catalogue["id"])
    ids, titles = _titles_and_ids()
    got = set(answer)
    if got and got <= titles - ids:
        raise Incorrect("these are titles: collect each item's `.id`, which `pathway.mark` and "
                        "the planner use")
    extra = got - expected
    if extra:
        kinds = sorted({roadmap.item(i).kind for i in extra if i in ids})
        if kinds:
            raise Incorrect(f"{len(extra)} item(s) in your list are not certifications (kinds: "
                            f"{', '.join(kinds)}): keep only those whose `kind` is 'certification'")
        raise Incorrect(f"{len(extra)} id(s) are not Phase 5 certifications of the roadmap")
    missing = expected - got
    if missing:
        shared = {m for m in missing if roadmap.item(m).phase != PHASE}
        if shared == missing:
            raise Incorrect(f"{len(missing)} certifications are missing: Phase 5 also lists "
                            "certificates that belong to another phase. Look at the options of "
                            "`items_in`.")
        raise Incorrect(f"{len(missing)} certification(s) of Phase 5 are missing from your list")
    if len(answer) != len(got):
        raise Incorrect("some ids appear twice in your list")
    groups = catalogue["group"].value_counts()
    return (f"Phase 5 lists {len(expected)} certifications: {groups.get('leadership', 0)} for "
            f"leadership and {groups.get('technical', 0)} technical, two of them shared with "
            "Phase 2. Because the list comes from the roadmap, your own roadmap file changes it too.")
