"""Red-team answers to the SQL exercises past the first JOIN: wrong answers and valid ones."""
# ruff: noqa: E501
# (answer cells are kept as a learner would write them, long lines included)

# Written from the prompts dump alone (/work/shared/redteam/prompts.py) before re-reading the checks,
# by the exercises' author (no blind reader was available); run with /work/shared/redteam/run.py.

LEFT_JOIN_WRONG = [
    r'''query_left = """
SELECT study, COUNT(*) FROM samples JOIN penguins ON penguins.id = samples.penguin_id WHERE body_mass_g > 6000 GROUP BY study
"""''',
    r'''query_left = """
SELECT s.study, COUNT(p.id) FROM samples s LEFT JOIN penguins p ON p.id = s.penguin_id WHERE p.body_mass_g > 6000 OR p.id IS NULL GROUP BY s.study
"""''',
    r'''query_left = """
SELECT s.study, SUM(CASE WHEN p.body_mass_g > 6000 THEN 1 END) FROM samples s JOIN penguins p ON p.id = s.penguin_id GROUP BY s.study
"""''',
    r'''query_left = """
SELECT s.study, COUNT(*) FROM samples s LEFT JOIN penguins p ON p.id = s.penguin_id AND p.body_mass_g > 6000 GROUP BY s.study
"""''',
    r'''query_left = """
SELECT s.study, COUNT(p.id) FROM penguins p LEFT JOIN samples s ON s.penguin_id = p.id AND p.body_mass_g > 6000 GROUP BY s.study
"""''',
    r'''query_left = """
SELECT s.study, SUM(p.body_mass_g >= 6000) FROM samples s JOIN penguins p ON p.id = s.penguin_id GROUP BY s.study
"""''',
    r'''query_left = """
SELECT DISTINCT study, (SELECT COUNT(*) FROM penguins WHERE id = penguin_id AND body_mass_g > 6000) FROM samples
"""''',
]

LEFT_JOIN_RIGHT = [
    r'''query_left = """
SELECT s.study, SUM(CASE WHEN p.body_mass_g > 6000 THEN 1 ELSE 0 END) FROM samples s JOIN penguins p ON p.id = s.penguin_id GROUP BY s.study
"""''',
    r'''query_left = """
SELECT st.study, (SELECT COUNT(*) FROM samples s2 JOIN penguins p ON p.id = s2.penguin_id WHERE s2.study = st.study AND p.body_mass_g > 6000) FROM (SELECT DISTINCT study FROM samples) st
"""''',
    r'''query_left = """
SELECT study, TOTAL(body_mass_g > 6000) FROM samples LEFT JOIN penguins ON penguins.id = samples.penguin_id GROUP BY study
"""''',
]

HAVING_WRONG = [
    r'''query_having = """
SELECT species, island, COUNT(*) FROM penguins GROUP BY species, island HAVING COUNT(*) >= 50
"""''',
    r'''query_having = """
SELECT species, island, COUNT(*) FROM penguins WHERE sex IS NOT NULL GROUP BY species, island HAVING COUNT(*) > 50
"""''',
    r'''query_having = """
SELECT species, island, COUNT(*) FROM penguins WHERE sex != NULL GROUP BY species, island HAVING COUNT(*) >= 50
"""''',
    r'''query_having = """
SELECT species, island, COUNT(*) FROM penguins GROUP BY species, island HAVING COUNT(sex) >= 50
"""''',
    r'''query_having = """
SELECT species, island, COUNT(*) FROM penguins WHERE sex IS NOT NULL GROUP BY species HAVING COUNT(*) >= 50
"""''',
    r'''query_having = """
SELECT species, island, COUNT(*) FROM penguins WHERE sex IS NOT NULL AND body_mass_g IS NOT NULL GROUP BY species, island HAVING COUNT(*) >= 50
"""''',
    r'''query_having = """
SELECT species, island, COUNT(*) FROM penguins WHERE sex = 'male' GROUP BY species, island HAVING COUNT(*) >= 25
"""''',
]

HAVING_RIGHT = [
    r'''query_having = """
SELECT species, island, COUNT(*) AS n FROM penguins WHERE sex = 'male' OR sex = 'female' GROUP BY island, species HAVING n >= 50
"""''',
    r'''query_having = """
WITH g AS (SELECT species, island, COUNT(sex) AS n FROM penguins GROUP BY 1, 2) SELECT * FROM g WHERE n > 49
"""''',
]

ABOVE_MEAN_WRONG = [
    r'''query_above = """
SELECT id, species, body_mass_g FROM penguins WHERE body_mass_g > (SELECT AVG(body_mass_g) FROM penguins)
"""''',
    r'''query_above = """
SELECT p.id, p.species, p.body_mass_g FROM penguins p JOIN (SELECT species, AVG(body_mass_g) m FROM penguins GROUP BY species) a ON a.species = p.species WHERE p.body_mass_g >= a.m
"""''',
    r'''query_above = """
SELECT p.id, p.species, p.body_mass_g FROM penguins p JOIN (SELECT species, SUM(body_mass_g) * 1.0 / COUNT(*) m FROM penguins GROUP BY species) a ON a.species = p.species WHERE p.body_mass_g > a.m
"""''',
    r'''query_above = """
SELECT p.id, p.species, p.body_mass_g FROM penguins p JOIN (SELECT species, AVG(body_mass_g) m FROM penguins WHERE sex IS NOT NULL GROUP BY species) a ON a.species = p.species WHERE p.body_mass_g > a.m
"""''',
    r'''query_above = """
SELECT id, species, body_mass_g FROM (SELECT id, species, body_mass_g, AVG(body_mass_g) OVER (PARTITION BY species ORDER BY id) m FROM penguins) WHERE body_mass_g > m
"""''',
    r'''query_above = """
SELECT id, species, body_mass_g FROM penguins p WHERE body_mass_g > (SELECT AVG(body_mass_g) FROM penguins q WHERE q.island = p.island)
"""''',
    r'''query_above = """
SELECT id, species, body_mass_g FROM penguins p WHERE body_mass_g > (SELECT AVG(body_mass_g) FROM penguins q WHERE q.species = p.species AND q.year = p.year)
"""''',
]

ABOVE_MEAN_RIGHT = [
    r'''query_above = """
SELECT id, species, body_mass_g FROM (SELECT *, AVG(body_mass_g) OVER (PARTITION BY species) AS m FROM penguins) t WHERE t.body_mass_g > t.m
"""''',
    r'''query_above = """
WITH m AS (SELECT species, SUM(body_mass_g) / CAST(COUNT(body_mass_g) AS REAL) AS mean FROM penguins GROUP BY species) SELECT penguins.id, penguins.species, penguins.body_mass_g FROM penguins, m WHERE penguins.species = m.species AND penguins.body_mass_g > m.mean
"""''',
]

RANK_WRONG = [
    r'''query_rank = """
SELECT id, species, body_mass_g, DENSE_RANK() OVER (PARTITION BY species ORDER BY body_mass_g DESC) AS place FROM penguins WHERE body_mass_g IS NOT NULL ORDER BY species, place, id
"""''',
    r'''query_rank = """
SELECT * FROM (SELECT id, species, body_mass_g, ROW_NUMBER() OVER (PARTITION BY species ORDER BY body_mass_g DESC) AS place FROM penguins WHERE body_mass_g IS NOT NULL) WHERE place <= 3 ORDER BY species, place, id
"""''',
    r'''query_rank = """
SELECT * FROM (SELECT id, species, body_mass_g, RANK() OVER (PARTITION BY species ORDER BY body_mass_g DESC) AS place FROM penguins) WHERE place <= 3 ORDER BY species, place, id
"""''',
    r'''query_rank = """
SELECT * FROM (SELECT id, species, body_mass_g, RANK() OVER (PARTITION BY species ORDER BY body_mass_g DESC) AS place FROM penguins WHERE body_mass_g IS NOT NULL) WHERE place <= 3 ORDER BY species, body_mass_g DESC
"""''',
    r'''query_rank = """
SELECT * FROM (SELECT id, species, body_mass_g, DENSE_RANK() OVER (PARTITION BY species ORDER BY body_mass_g DESC) AS place FROM penguins WHERE body_mass_g IS NOT NULL) WHERE place <= 3 ORDER BY species, place, id
"""''',
    r'''query_rank = """
SELECT * FROM (SELECT id, species, body_mass_g, RANK() OVER (ORDER BY body_mass_g DESC) AS place FROM penguins WHERE body_mass_g IS NOT NULL) WHERE place <= 3 ORDER BY species, place, id
"""''',
    r'''query_rank = """
SELECT * FROM (SELECT id, species, body_mass_g, RANK() OVER (PARTITION BY species ORDER BY body_mass_g DESC, id) AS place FROM penguins WHERE body_mass_g IS NOT NULL) WHERE place <= 3 ORDER BY species, place, id
"""''',
    r'''query_rank = """
SELECT * FROM (SELECT id, species, body_mass_g, RANK() OVER (PARTITION BY species ORDER BY body_mass_g DESC) AS place FROM penguins WHERE body_mass_g IS NOT NULL) WHERE place <= 3
"""''',
]

RANK_RIGHT = [
    r'''query_rank = """
SELECT * FROM (SELECT id, species, body_mass_g, RANK() OVER (PARTITION BY species ORDER BY body_mass_g DESC) AS place FROM penguins) WHERE place <= 3 AND body_mass_g IS NOT NULL ORDER BY species, place, id
"""''',
    r'''query_rank = """
SELECT p.id, p.species, p.body_mass_g, (SELECT COUNT(*) + 1 FROM penguins q WHERE q.species = p.species AND q.body_mass_g > p.body_mass_g) AS place FROM penguins p WHERE p.body_mass_g IS NOT NULL AND place <= 3 ORDER BY p.species, place, p.id
"""''',
]

RUNNING_TOTAL_WRONG = [
    r'''query_running = """
SELECT study, egg_date, COUNT(*), SUM(COUNT(*)) OVER (ORDER BY egg_date) FROM samples GROUP BY study, egg_date ORDER BY study, egg_date
"""''',
    r'''query_running = """
SELECT study, egg_date, COUNT(*), SUM(COUNT(*)) OVER (PARTITION BY study) FROM samples GROUP BY study, egg_date ORDER BY study, egg_date
"""''',
    r'''query_running = """
SELECT study, egg_date, COUNT(*) OVER (PARTITION BY study, egg_date), COUNT(*) OVER (PARTITION BY study ORDER BY egg_date) FROM samples ORDER BY study, egg_date
"""''',
    r'''query_running = """
SELECT study, egg_date, COUNT(*), COUNT(*) OVER (PARTITION BY study ORDER BY egg_date) FROM samples GROUP BY study, egg_date ORDER BY study, egg_date
"""''',
    r'''query_running = """
SELECT study, egg_date, COUNT(*), SUM(COUNT(*)) OVER (PARTITION BY study ORDER BY egg_date ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) FROM samples GROUP BY study, egg_date ORDER BY study, egg_date
"""''',
    r'''query_running = """
SELECT study, egg_date, COUNT(*), SUM(COUNT(*)) OVER (PARTITION BY study ORDER BY egg_date) FROM samples GROUP BY study, egg_date ORDER BY study, egg_date DESC
"""''',
    r'''query_running = """
SELECT study, egg_date, COUNT(*), SUM(COUNT(*)) OVER (PARTITION BY study ORDER BY COUNT(*)) FROM samples GROUP BY study, egg_date ORDER BY study, egg_date
"""''',
]

RUNNING_TOTAL_RIGHT = [
    r'''query_running = """
WITH d AS (SELECT study, egg_date, COUNT(*) AS n FROM samples GROUP BY 1, 2) SELECT a.study, a.egg_date, a.n, SUM(b.n) FROM d a JOIN d b ON b.study = a.study AND b.egg_date <= a.egg_date GROUP BY a.study, a.egg_date, a.n ORDER BY a.study, a.egg_date
"""''',
    r'''query_running = """
SELECT study, egg_date, nests, SUM(nests) OVER w FROM (SELECT study, egg_date, COUNT(penguin_id) AS nests FROM samples GROUP BY study, egg_date) WINDOW w AS (PARTITION BY study ORDER BY egg_date ROWS UNBOUNDED PRECEDING) ORDER BY 1, 2
"""''',
]

LAG_WRONG = [
    r'''query_lag = """
SELECT species, year, AVG(body_mass_g), AVG(body_mass_g) - LAG(AVG(body_mass_g)) OVER (ORDER BY species, year) FROM penguins GROUP BY species, year ORDER BY species, year
"""''',
    r'''query_lag = """
SELECT species, year, AVG(body_mass_g), LAG(AVG(body_mass_g)) OVER (PARTITION BY species ORDER BY year) - AVG(body_mass_g) FROM penguins GROUP BY species, year ORDER BY species, year
"""''',
    r'''query_lag = """
SELECT species, year, AVG(body_mass_g), AVG(body_mass_g) - LAG(AVG(body_mass_g), 1, 0) OVER (PARTITION BY species ORDER BY year) FROM penguins GROUP BY species, year ORDER BY species, year
"""''',
    r'''query_lag = """
SELECT species, year, AVG(body_mass_g), COALESCE(AVG(body_mass_g) - LAG(AVG(body_mass_g)) OVER (PARTITION BY species ORDER BY year), 0) FROM penguins GROUP BY species, year ORDER BY species, year
"""''',
    r'''query_lag = """
SELECT species, year, AVG(body_mass_g), AVG(body_mass_g) - LAG(AVG(body_mass_g)) OVER (PARTITION BY species ORDER BY year) FROM penguins WHERE body_mass_g IS NOT NULL GROUP BY species, year ORDER BY species, year
"""''',
    r'''query_lag = """
SELECT a.species, a.year, AVG(a.body_mass_g), AVG(a.body_mass_g) - (SELECT AVG(b.body_mass_g) FROM penguins b WHERE b.species = a.species AND b.year = a.year - 1) FROM penguins a GROUP BY a.species, a.year ORDER BY a.species, a.year
"""''',
    r'''query_lag = """
SELECT species, year, ROUND(AVG(body_mass_g), 1), ROUND(AVG(body_mass_g) - LAG(AVG(body_mass_g)) OVER (PARTITION BY species ORDER BY year), 1) FROM penguins GROUP BY species, year ORDER BY species, year
"""''',
    r'''query_lag = """
SELECT species, year, AVG(body_mass_g), AVG(body_mass_g) - LAG(AVG(body_mass_g)) OVER (PARTITION BY species ORDER BY year) FROM penguins GROUP BY species, year
"""''',
]

LAG_RIGHT = [
    r'''query_lag = """
WITH y AS (SELECT species, year, AVG(body_mass_g) AS m FROM penguins GROUP BY species, year) SELECT species, year, m, m - LAG(m, 1) OVER (PARTITION BY species ORDER BY year ASC) FROM y ORDER BY species, year
"""''',
    r'''query_lag = """
WITH y AS (SELECT species, year, AVG(body_mass_g) AS m FROM penguins GROUP BY species, year) SELECT a.species, a.year, a.m, a.m - (SELECT b.m FROM y b WHERE b.species = a.species AND b.year < a.year ORDER BY b.year DESC LIMIT 1) FROM y a ORDER BY a.species, a.year
"""''',
]


# ---------------------------------------------------------------- from the blind red team
# Written by a reader who saw only the prompts (`/work/shared/redteam/prompts.py`), never the checks;
# kept as they wrote them, apart from one move (_ABOVE_RIGHT, first case).


def _q(name: str, sql: str) -> str:
    return name + " = '''" + sql + "'''\n"

_LEFT_WRONG = [
    # inner join + WHERE drops seasons with none
    "SELECT s.study, COUNT(*) FROM samples s JOIN penguins p ON p.id = s.penguin_id WHERE p.body_mass_g > 6000 GROUP BY s.study",
    # LEFT JOIN undone by WHERE
    "SELECT s.study, COUNT(p.id) FROM samples s LEFT JOIN penguins p ON p.id = s.penguin_id WHERE p.body_mass_g > 6000 GROUP BY s.study",
    # boundary: at least 6000
    "SELECT s.study, COUNT(p.id) FROM samples s LEFT JOIN penguins p ON p.id = s.penguin_id AND p.body_mass_g >= 6000 GROUP BY s.study",
    # COUNT(*) counts the samples row itself
    "SELECT s.study, COUNT(*) FROM samples s LEFT JOIN penguins p ON p.id = s.penguin_id AND p.body_mass_g > 6000 GROUP BY s.study",
    # seasons taken from penguins.year instead of samples.study
    "SELECT p.year, SUM(p.body_mass_g > 6000) FROM penguins p GROUP BY p.year",
    # subquery not correlated with the study
    "SELECT DISTINCT study, (SELECT COUNT(*) FROM penguins WHERE body_mass_g > 6000) FROM samples",
    # leak: hard-coded counts
    "SELECT 'PAL0708', 2 UNION ALL SELECT 'PAL0809', 0 UNION ALL SELECT 'PAL0910', 0",
]
_LEFT_RIGHT = [
    "SELECT s.study AS season, SUM(CASE WHEN p.body_mass_g > 6000 THEN 1 ELSE 0 END) AS heavy FROM samples AS s LEFT JOIN penguins AS p ON p.id = s.penguin_id GROUP BY s.study ORDER BY heavy DESC",
    "SELECT st.study, (SELECT COUNT(*) FROM samples s2 JOIN penguins p ON p.id = s2.penguin_id WHERE s2.study = st.study AND p.body_mass_g > 6000) FROM (SELECT DISTINCT study FROM samples) AS st",
]

_HAVING_WRONG = [
    # sex filter forgotten
    "SELECT species, island, COUNT(*) FROM penguins GROUP BY species, island HAVING COUNT(*) >= 50",
    # boundary: more than 50
    "SELECT species, island, COUNT(*) FROM penguins WHERE sex IS NOT NULL GROUP BY species, island HAVING COUNT(*) > 50",
    # count shown right, but the HAVING counts every penguin
    "SELECT species, island, COUNT(sex) FROM penguins GROUP BY species, island HAVING COUNT(*) >= 50",
    # only males
    "SELECT species, island, COUNT(*) FROM penguins WHERE sex = 'male' GROUP BY species, island HAVING COUNT(*) >= 50",
    # grouped by species only (island column arbitrary)
    "SELECT species, island, COUNT(*) FROM penguins WHERE sex IS NOT NULL GROUP BY species HAVING COUNT(*) >= 50",
    # columns in the wrong order
    "SELECT island, species, COUNT(*) FROM penguins WHERE sex IS NOT NULL GROUP BY species, island HAVING COUNT(*) >= 50",
    # leak: hard-coded result
    "SELECT 'Adelie', 'Dream', 55 UNION ALL SELECT 'Chinstrap', 'Dream', 68 UNION ALL SELECT 'Gentoo', 'Biscoe', 119",
]
_HAVING_RIGHT = [
    "SELECT species, island, COUNT(sex) AS n_sexed FROM penguins GROUP BY island, species HAVING COUNT(sex) >= 50",
    "SELECT species, island, n FROM (SELECT species, island, SUM(sex IS NOT NULL) AS n FROM penguins GROUP BY species, island) AS g WHERE n >= 50 ORDER BY n",
]

_ABOVE_WRONG = [
    # overall mean
    "SELECT id, species, body_mass_g FROM penguins WHERE body_mass_g > (SELECT AVG(body_mass_g) FROM penguins)",
    # boundary: heavier or equal
    "SELECT id, species, body_mass_g FROM penguins p WHERE body_mass_g >= (SELECT AVG(body_mass_g) FROM penguins q WHERE q.species = p.species)",
    # missing masses counted in the denominator
    "SELECT id, species, body_mass_g FROM penguins p WHERE body_mass_g > (SELECT SUM(body_mass_g) * 1.0 / COUNT(*) FROM penguins q WHERE q.species = p.species)",
    # missing mass as 0
    "SELECT id, species, body_mass_g FROM penguins p WHERE body_mass_g > (SELECT AVG(COALESCE(body_mass_g, 0)) FROM penguins q WHERE q.species = p.species)",
    # CTE joined without the species condition
    "WITH m AS (SELECT species, AVG(body_mass_g) AS mean_mass FROM penguins GROUP BY species) SELECT p.id, p.species, p.body_mass_g FROM penguins p, m WHERE p.body_mass_g > m.mean_mass",
    # lighter instead of heavier
    "SELECT id, species, body_mass_g FROM penguins p WHERE body_mass_g < (SELECT AVG(body_mass_g) FROM penguins q WHERE q.species = p.species)",
    # leak: means typed in from the sample
    "SELECT id, species, body_mass_g FROM penguins WHERE body_mass_g > CASE species WHEN 'Adelie' THEN 3700.66 WHEN 'Chinstrap' THEN 3733.09 ELSE 5076.02 END",
]
_ABOVE_RIGHT = [
    # Written as wrong ("integer division floors the mean"), but its rows are always right: for whole
    # grams m and a mean S/C, m > floor(S/C) exactly when m > S/C (m >= floor + 1 > S/C), and SUM of a
    # column holding any REAL is REAL, so no data of this schema tells it apart. The check accepts
    # it and says so (see `sql_depth.above_mean`).
    "SELECT id, species, body_mass_g FROM penguins p WHERE body_mass_g > (SELECT SUM(body_mass_g) / COUNT(body_mass_g) FROM penguins q WHERE q.species = p.species)",
    "WITH species_mean AS (SELECT species, AVG(body_mass_g) AS m FROM penguins WHERE body_mass_g IS NOT NULL GROUP BY species) SELECT p.id AS penguin, p.species, p.body_mass_g AS mass FROM penguins AS p JOIN species_mean AS s ON s.species = p.species WHERE p.body_mass_g > s.m ORDER BY p.body_mass_g DESC",
    "SELECT id, species, body_mass_g FROM (SELECT id, species, body_mass_g, AVG(body_mass_g) OVER (PARTITION BY species) AS m FROM penguins) WHERE body_mass_g > m",
]

_RANK_BASE = "SELECT id, species, body_mass_g, place FROM (SELECT id, species, body_mass_g, RANK() OVER (PARTITION BY species ORDER BY body_mass_g DESC) AS place FROM penguins WHERE body_mass_g IS NOT NULL) WHERE place <= 3 ORDER BY species, place, id"
_RANK_WRONG = [
    _RANK_BASE.replace("RANK()", "DENSE_RANK()"),                       # boundary: ties, no skip
    _RANK_BASE.replace("RANK()", "ROW_NUMBER()"),                       # ties broken
    _RANK_BASE.replace("body_mass_g DESC", "body_mass_g ASC"),          # lightest first
    _RANK_BASE.replace("place <= 3", "place < 3"),                      # off by one
    _RANK_BASE.replace("PARTITION BY species ", ""),                    # not per species
    _RANK_BASE.replace("place, id", "place, id DESC"),                  # tie order
    # NULL masses ranked (first, as ASC-of-negation puts NULL first)
    _RANK_BASE.replace("ORDER BY body_mass_g DESC", "ORDER BY -body_mass_g NULLS FIRST").replace(" WHERE body_mass_g IS NOT NULL", ""),
    # leak: top masses typed in
    "SELECT id, species, body_mass_g, CASE body_mass_g WHEN 4775 THEN 1 WHEN 4725 THEN 2 WHEN 4700 THEN 3 WHEN 4800 THEN 1 WHEN 4550 THEN 2 WHEN 4500 THEN 3 WHEN 6300 THEN 1 WHEN 6050 THEN 2 ELSE 3 END FROM penguins WHERE (species = 'Adelie' AND body_mass_g >= 4700) OR (species = 'Chinstrap' AND body_mass_g >= 4500) OR (species = 'Gentoo' AND body_mass_g >= 6000) ORDER BY species, body_mass_g DESC, id",
]
_RANK_RIGHT = [
    # RANK as 1 + number strictly heavier in the species (correlated subquery)
    "SELECT * FROM (SELECT p.id, p.species, p.body_mass_g, 1 + (SELECT COUNT(*) FROM penguins q WHERE q.species = p.species AND q.body_mass_g > p.body_mass_g) AS place FROM penguins p WHERE p.body_mass_g IS NOT NULL) AS ranked WHERE place BETWEEN 1 AND 3 ORDER BY species, place, id",
    # CTE with a named window
    "WITH ranked AS (SELECT id AS penguin_id, species AS sp, body_mass_g AS mass, RANK() OVER w AS pos FROM penguins WHERE body_mass_g IS NOT NULL WINDOW w AS (PARTITION BY species ORDER BY body_mass_g DESC)) SELECT penguin_id, sp, mass, pos FROM ranked WHERE pos <= 3 ORDER BY sp ASC, pos ASC, penguin_id ASC",
]

_RUN_BASE = "SELECT study, egg_date, COUNT(*) AS nests, SUM(COUNT(*)) OVER (PARTITION BY study ORDER BY egg_date) AS running FROM samples GROUP BY study, egg_date ORDER BY study, egg_date"
_RUN_WRONG = [
    _RUN_BASE.replace("PARTITION BY study ", ""),                                            # runs across seasons
    _RUN_BASE.replace("ORDER BY egg_date)", "ORDER BY egg_date ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)"),  # excludes the day
    _RUN_BASE.replace(" ORDER BY egg_date)", ")"),                                           # season total, not running
    _RUN_BASE.replace("ORDER BY egg_date)", "ORDER BY egg_date DESC)"),                      # runs backwards
    _RUN_BASE.replace("ORDER BY study, egg_date", "ORDER BY egg_date DESC"),                 # wrong sort
    # per-row frame on ungrouped rows: several rows per day
    "SELECT DISTINCT study, egg_date, COUNT(*) OVER (PARTITION BY study, egg_date), COUNT(*) OVER (PARTITION BY study ORDER BY egg_date ROWS UNBOUNDED PRECEDING) FROM samples ORDER BY study, egg_date",
    # extra filter: only full clutches
    _RUN_BASE.replace("FROM samples", "FROM samples WHERE clutch_completion = 'Yes'"),
    # CTE of daily counts, but running total correlated on date only (study ignored)
    "WITH daily AS (SELECT study, egg_date, COUNT(*) AS n FROM samples GROUP BY study, egg_date) SELECT a.study, a.egg_date, a.n, (SELECT SUM(b.n) FROM daily b WHERE b.egg_date <= a.egg_date) FROM daily a ORDER BY a.study, a.egg_date",
]
_RUN_RIGHT = [
    "WITH daily AS (SELECT study, egg_date, COUNT(*) AS n FROM samples GROUP BY study, egg_date) SELECT a.study, a.egg_date, a.n, (SELECT SUM(b.n) FROM daily b WHERE b.study = a.study AND b.egg_date <= a.egg_date) AS cum FROM daily a ORDER BY a.study, a.egg_date",
    "SELECT DISTINCT study, egg_date, COUNT(*) OVER (PARTITION BY study, egg_date) AS per_day, COUNT(*) OVER (PARTITION BY study ORDER BY egg_date) AS so_far FROM samples ORDER BY study ASC, egg_date ASC",
]

_LAG_BASE = "WITH m AS (SELECT species, year, AVG(body_mass_g) AS mean_mass FROM penguins GROUP BY species, year) SELECT species, year, mean_mass, mean_mass - LAG(mean_mass) OVER (PARTITION BY species ORDER BY year) FROM m ORDER BY species, year"
_LAG_WRONG = [
    _LAG_BASE.replace("PARTITION BY species ", ""),                                  # no partition
    _LAG_BASE.replace("mean_mass - LAG(mean_mass)", "LAG(mean_mass) - mean_mass"),   # sign
    _LAG_BASE.replace("AVG(body_mass_g)", "ROUND(AVG(body_mass_g), 1)"),             # rounded
    _LAG_BASE.replace("LAG(", "LEAD("),                                              # next year
    _LAG_BASE.replace("mean_mass - LAG(mean_mass) OVER (PARTITION BY species ORDER BY year)",
                     "COALESCE(mean_mass - LAG(mean_mass) OVER (PARTITION BY species ORDER BY year), 0)"),  # boundary: 0 not NULL
    _LAG_BASE.replace("AVG(body_mass_g)", "AVG(COALESCE(body_mass_g, 0))"),          # NULL as 0
    # boundary: previous calendar year, not previous year in the table (gaps)
    "WITH m AS (SELECT species, year, AVG(body_mass_g) AS mean_mass FROM penguins GROUP BY species, year) SELECT a.species, a.year, a.mean_mass, a.mean_mass - b.mean_mass FROM m a LEFT JOIN m b ON b.species = a.species AND b.year = a.year - 1 ORDER BY a.species, a.year",
    _LAG_BASE.replace("ORDER BY species, year", "ORDER BY year, species"),           # sort
    # leak: typed-in means
    "SELECT 'Adelie', 2007, 3696.43, NULL UNION ALL SELECT 'Adelie', 2008, 3742.0, 45.57 UNION ALL SELECT 'Adelie', 2009, 3664.90, -77.10 UNION ALL SELECT 'Chinstrap', 2007, 3694.23, NULL UNION ALL SELECT 'Chinstrap', 2008, 3800.0, 105.77 UNION ALL SELECT 'Chinstrap', 2009, 3725.0, -75.0 UNION ALL SELECT 'Gentoo', 2007, 5070.59, NULL UNION ALL SELECT 'Gentoo', 2008, 5019.57, -51.02 UNION ALL SELECT 'Gentoo', 2009, 5140.70, 121.13",
]
_LAG_RIGHT = [
    "WITH m AS (SELECT species, year, AVG(body_mass_g) AS mm FROM penguins GROUP BY species, year) SELECT a.species, a.year, a.mm AS mean_mass, a.mm - b.mm AS delta FROM m a LEFT JOIN m b ON b.species = a.species AND b.year = (SELECT MAX(c.year) FROM m c WHERE c.species = a.species AND c.year < a.year) ORDER BY a.species, a.year",
    "SELECT species, year, AVG(body_mass_g) AS avg_mass, AVG(body_mass_g) - LAG(AVG(body_mass_g), 1) OVER (PARTITION BY species ORDER BY year) AS yoy FROM penguins GROUP BY species, year ORDER BY species ASC, year ASC",
]

# as answer cells, for the exercises' wrong= and right=
BLIND_LEFT_JOIN_WRONG = [_q("query_left", sql) for sql in _LEFT_WRONG]
BLIND_LEFT_JOIN_RIGHT = [_q("query_left", sql) for sql in _LEFT_RIGHT]
BLIND_HAVING_WRONG = [_q("query_having", sql) for sql in _HAVING_WRONG]
BLIND_HAVING_RIGHT = [_q("query_having", sql) for sql in _HAVING_RIGHT]
BLIND_ABOVE_MEAN_WRONG = [_q("query_above", sql) for sql in _ABOVE_WRONG]
BLIND_ABOVE_MEAN_RIGHT = [_q("query_above", sql) for sql in _ABOVE_RIGHT]
BLIND_RANK_WRONG = [_q("query_rank", sql) for sql in _RANK_WRONG]
BLIND_RANK_RIGHT = [_q("query_rank", sql) for sql in _RANK_RIGHT]
BLIND_RUNNING_TOTAL_WRONG = [_q("query_running", sql) for sql in _RUN_WRONG]
BLIND_RUNNING_TOTAL_RIGHT = [_q("query_running", sql) for sql in _RUN_RIGHT]
BLIND_LAG_WRONG = [_q("query_lag", sql) for sql in _LAG_WRONG]
BLIND_LAG_RIGHT = [_q("query_lag", sql) for sql in _LAG_RIGHT]
