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
