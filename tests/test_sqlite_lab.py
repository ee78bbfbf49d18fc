"""The Phase 1 SQL lab: a faithful, fresh, in-memory copy of the shipped penguin files."""

from __future__ import annotations

import csv

import pytest

from pathway.labs import datasets, sqlite_lab


def _csv(name: str) -> list[dict[str, str]]:
    with open(datasets.path(name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_tables_hold_every_penguin_once():
    conn = sqlite_lab.connect()
    assert conn.execute("SELECT COUNT(*), MIN(id), MAX(id) FROM penguins").fetchone() == (344, 1, 344)
    assert conn.execute("SELECT COUNT(*) FROM samples").fetchone() == (344,)
    orphans = conn.execute(
        "SELECT COUNT(*) FROM samples LEFT JOIN penguins ON penguins.id = samples.penguin_id "
        "WHERE penguins.id IS NULL"
    ).fetchone()
    assert orphans == (0,)


def test_values_match_the_csv_files_and_na_becomes_null():
    plain, raw = _csv("penguins.csv"), _csv("penguins-raw.csv")
    conn = sqlite_lab.connect()
    rows = conn.execute(
        "SELECT p.species, p.island, p.body_mass_g, p.sex, p.year, s.study, s.clutch_completion, "
        "s.egg_date FROM penguins AS p JOIN samples AS s ON s.penguin_id = p.id ORDER BY p.id"
    ).fetchall()
    for row, p, r in zip(rows, plain, raw):
        species, island, mass, sex, year, study, clutch, egg = row
        assert (species, island, year) == (p["species"], p["island"], int(p["year"]))
        assert mass == (None if p["body_mass_g"] == "NA" else int(p["body_mass_g"]))
        assert sex == (None if p["sex"] == "NA" else p["sex"])
        assert (study, clutch, egg) == (r["studyName"], r["Clutch Completion"], r["Date Egg"])
        assert r["Species"].startswith(species) and r["Island"] == island
    assert conn.execute("SELECT COUNT(*) FROM penguins WHERE sex IS NULL").fetchone() == (11,)
    assert conn.execute("SELECT COUNT(*) FROM penguins WHERE sex = 'NA'").fetchone() == (0,)


def test_each_connection_is_independent():
    first = sqlite_lab.connect()
    first.execute("DELETE FROM penguins")
    first.execute("DROP TABLE samples")
    second = sqlite_lab.connect()
    assert second.execute("SELECT COUNT(*) FROM penguins").fetchone() == (344,)
    assert second.execute("SELECT COUNT(*) FROM samples").fetchone() == (344,)


def test_columns_follow_the_schema():
    conn = sqlite_lab.connect()
    assert sqlite_lab.columns(conn, "penguins")[:3] == ["id", "species", "island"]
    assert "clutch_completion" in sqlite_lab.columns(conn, "samples")
    with pytest.raises(ValueError, match="penguins, samples"):
        sqlite_lab.columns(conn, "students; DROP TABLE penguins")
