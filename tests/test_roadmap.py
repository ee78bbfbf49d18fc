"""The roadmap file: every seed entry is there, and broken files get one clear error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pathway import RoadmapError, UnknownItemError, load_roadmap
from pathway.roadmap import KINDS

ROOT = Path(__file__).resolve().parent.parent
SEED_CANDIDATES = [ROOT.parent / "shared" / "seed" / "career-pathway.md", ROOT / "data" / "career-pathway.md"]
SEED = next(p for p in SEED_CANDIDATES if p.exists())


def norm(text: str) -> str:
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)  # [title](link) -> title
    text = re.sub(r"[*_`]", "", text).split(" — ")[0]
    return " ".join(text.replace("’", "'").split()).strip().lower()


def seed_list_entries() -> list[str]:
    return [norm(line[2:]) for line in SEED.read_text(encoding="utf-8").splitlines()
            if line.startswith("- ")]


def test_the_shipped_seed_copy_matches_the_seed():
    assert (ROOT / "data" / "career-pathway.md").read_text(encoding="utf-8") == SEED.read_text(
        encoding="utf-8"
    )


def test_every_seed_list_entry_is_in_the_roadmap():
    roadmap = load_roadmap(with_exercises=False)
    known = {norm(i.title) for i in roadmap.items} | {norm(i.seed) for i in roadmap.items if i.seed}
    known |= {norm(o) for p in roadmap.phases for o in p.outcomes}
    entries = seed_list_entries()
    assert len(entries) >= 40
    missing = [e for e in entries if e not in known]
    assert not missing, f"seed entries with no roadmap item: {missing}"


def test_every_seed_link_and_resource_is_kept():
    roadmap = load_roadmap(with_exercises=False)
    seed = SEED.read_text(encoding="utf-8")
    links = set(re.findall(r"\]\((https?://[^)]+)\)", seed))
    kept = {i.link for i in roadmap.items if i.link} | {r.link for r in roadmap.resources}
    assert links <= kept, links - kept
    table_rows = [line for line in seed.splitlines() if line.startswith(("| Career", "| Cert"))]
    assert len(roadmap.resources) == len(table_rows) == 10


def test_phases_and_shared_certificates_count_once():
    roadmap = load_roadmap()
    assert [p.number for p in roadmap.phases] == list(range(8))
    assert "Learning Modalities" in roadmap.phases[-1].title
    ids = [i.id for i in roadmap.items]
    assert len(ids) == len(set(ids))
    google = roadmap.item("cert.google_data_analytics")
    assert google.phase == "p2" and google.also_in == ("p5",)
    assert google in roadmap.items_in("p5", include_shared=True)
    assert google not in roadmap.items_in("p5")
    assert all(i.kind in KINDS for i in roadmap.items)


def test_unknown_id_suggests_close_ones():
    with pytest.raises(UnknownItemError, match="p1.lang.python"):
        load_roadmap().resolve("p1.lang.pyton")


BASE = """
format = "mle-pathway/roadmap"
title = "Mine"
[[phases]]
id = "p1"
title = "One"
goal = "Learn"
"""


@pytest.mark.parametrize(
    "body,expected",
    [
        ('[[items]]\nid = "a.b"\nphase = "p1"\nkind = "topic"\n', "field 'title'"),
        ('[[items]]\nid = "a.b"\nphase = "p1"\nkind = "topic"\ntitle = "x"\n'
         '[[items]]\nid = "a.b"\nphase = "p1"\nkind = "topic"\ntitle = "y"\n', "duplicate id"),
        ('[[items]]\nid = "a.b"\nphase = "p1"\nkind = "hobby"\ntitle = "x"\n', "unknown kind 'hobby'"),
        ('[[items]]\nid = "a.b"\nphase = "p1"\nkind = "topic"\ntitle = "x"\nlink = "htp:/x"\n',
         "not a well-formed"),
        ('[[items]]\nid = "a.b"\nphase = "p9"\nkind = "topic"\ntitle = "x"\n', "unknown phase 'p9'"),
        ('[[items]]\nid = "A B"\nphase = "p1"\nkind = "topic"\ntitle = "x"\n', "must be lower case"),
        ('[[items]]\nid = "a.b"\nphase = "p1"\nkind = "topic"\ntitle = "x"\ntarget = "soon"\n',
         "YYYY-MM-DD"),
        ('[[items]]\nid = "a.b"\nphase = "p1"\nkind = "topic"\ntitle = "x"\n[aliases]\n"old" = "nope"\n',
         "not an item id"),
        ('[[items]\nid = "a.b"\n', "not valid TOML"),
    ],
    ids=["missing-field", "duplicate", "unknown-kind", "bad-link", "unknown-phase", "bad-id",
         "bad-date", "bad-alias", "syntax"],
)
def test_broken_roadmaps_get_one_clear_error(tmp_path, body, expected):
    path = tmp_path / "mine.toml"
    path.write_text(BASE + body, encoding="utf-8")
    with pytest.raises(RoadmapError) as err:
        load_roadmap(path)
    assert str(path) in str(err.value) and expected in str(err.value)


def test_custom_roadmap_through_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "mine.toml"
    path.write_text(BASE + '[[items]]\nid = "p1.extra"\nphase = "p1"\nkind = "milestone"\n'
                    'title = "My own goal"\ntarget = "2027-06-30"\n[aliases]\n"p1.old" = "p1.extra"\n',
                    encoding="utf-8")
    monkeypatch.setenv("PATHWAY_ROADMAP", str(path))
    roadmap = load_roadmap()
    assert roadmap.title == "Mine"
    assert roadmap.item("p1.old").id == "p1.extra"
    assert str(roadmap.item("p1.extra").target) == "2027-06-30"
    assert {i.phase for i in roadmap.items} == {"p1"}  # exercises of absent phases stay out


def test_missing_custom_roadmap_names_the_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("PATHWAY_ROADMAP", str(tmp_path / "nope.toml"))
    with pytest.raises(RoadmapError, match="PATHWAY_ROADMAP"):
        load_roadmap()


ITEM = '[[items]]\nid = "p1.a"\nphase = "p1"\nkind = "topic"\ntitle = "A"\n'


@pytest.mark.parametrize("line,expected", [
    ('notebook = "01_mine.ipynb"', ("01_mine.ipynb",)),
    ('notebooks = ["01_a.ipynb", "01b_b.ipynb"]', ("01_a.ipynb", "01b_b.ipynb")),
])
def test_a_phase_names_one_notebook_or_several(tmp_path, line, expected):
    path = tmp_path / "mine.toml"
    path.write_text(BASE + line + "\n" + ITEM, encoding="utf-8")
    phase = load_roadmap(path).phase("p1")
    assert phase.notebooks == expected and phase.notebook == expected[0]


@pytest.mark.parametrize("line,expected", [
    ('notebooks = "01_a.ipynb"', "must be a list of .ipynb"),
    ('notebooks = ["01_a.txt"]', "must be a list of .ipynb"),
    ('notebook = "01_a.ipynb"\nnotebooks = ["01_a.ipynb"]', "both notebook and notebooks"),
])
def test_bad_notebook_lists_get_one_clear_error(tmp_path, line, expected):
    path = tmp_path / "mine.toml"
    path.write_text(BASE + line + "\n" + ITEM, encoding="utf-8")
    with pytest.raises(RoadmapError, match=expected):
        load_roadmap(path)


def test_core_roadmap_knows_no_exercises_and_the_api_adds_them():
    from pathway import roadmap as core

    bare, full = core.load_roadmap(), load_roadmap()
    assert not [i for i in bare.items if i.kind == "exercise"]
    assert len([i for i in full.items if i.kind == "exercise"]) == len(pathway_exercises())


def pathway_exercises():
    from pathway import exercises

    return exercises.all()


@pytest.mark.parametrize("guide,expected", [
    ('"nope.ipynb" = { minutes = 10 }', "not a notebook any phase lists"),
    ('"01_a.ipynb" = { minutes = 0 }', "minutes must be a whole number"),
    ('"01_a.ipynb" = { minutes = 10, assumes = ["00.ipynb"] }', "assumes must list notebooks"),
    ('"01_a.ipynb" = 10', "must be a table"),
])
def test_bad_notebook_guides_get_one_clear_error(tmp_path, guide, expected):
    path = tmp_path / "mine.toml"
    path.write_text(BASE + 'notebook = "01_a.ipynb"\n' + ITEM + "[notebook_guide]\n" + guide + "\n",
                    encoding="utf-8")
    with pytest.raises(RoadmapError, match=expected):
        load_roadmap(path)
