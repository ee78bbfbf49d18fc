"""Phase 1, academic foundation: C++ for speed, a tight double loop timed against Python and NumPy."""

from __future__ import annotations

import functools
import math
import random
import time
from typing import Any

from ..checks import Incorrect, programs
from ..engine import exercise
from . import _language_blind, _language_cases
from .lang_r import R_SETUP

Points = tuple[tuple[float, ...], ...]

_CPP_SOLUTION = r'''cpp_neighbours = r"""
#include <cstdio>
#include <vector>

int main() {
    int n, d;
    double r;
    if (std::scanf("%d %d %lf", &n, &d, &r) != 3) return 1;
    std::vector<double> x(static_cast<size_t>(n) * d);
    for (auto& v : x) std::scanf("%lf", &v);
    const double r2 = r * r;
    for (int i = 0; i < n; ++i) {
        int count = 0;
        for (int j = 0; j < n; ++j) {
            if (j == i) continue;
            double s = 0;
            for (int k = 0; k < d; ++k) {
                const double diff = x[i * d + k] - x[j * d + k];
                s += diff * diff;
            }
            if (s <= r2) ++count;
        }
        std::printf("%d\n", count);
    }
}
"""'''


def _variant(old: str, new: str) -> str:
    assert old in _CPP_SOLUTION, old  # a wrong answer must really differ from the solution
    return _CPP_SOLUTION.replace(old, new)


def _counts(points: Points, r: float) -> tuple[int, ...]:
    """Python's answer: for each point, the other points at Euclidean distance <= r."""
    return tuple(sum(1 for j, q in enumerate(points) if j != i and math.dist(p, q) <= r)
                 for i, p in enumerate(points))


def _agree(points: Points, r: float) -> bool:
    """Whether comparing the distance, or its square with r squared, decide every pair alike."""
    for i, p in enumerate(points):
        for q in points[i + 1:]:
            s = sum((a - b) * (a - b) for a, b in zip(p, q))
            if (math.sqrt(s) <= r) != (s <= r * r) or (math.dist(p, q) <= r) != (s <= r * r):
                return False
    return True


def _text(points: Points, r: float) -> str:
    d = len(points[0]) if points else 1
    return f"{len(points)} {d} {r!r}\n" + "".join(" ".join(repr(v) for v in p) + "\n" for p in points)


@functools.cache
def _cases() -> tuple[tuple[str, str, tuple[int, ...]], ...]:
    """(label, stdin, expected counts): the check's own inputs, never shown in the notebook.

    Integer points exactly r apart (3-4-5 triangles), a duplicate (distance 0), a lone point; two
    1-D pairs whose distance is on r only in single precision (0.4 - 0.1 is a hair over 0.3 in
    double); one point alone; 3-D and 5-D clouds with negative coordinates.
    """
    rng = random.Random(4242)
    cloud3 = tuple(tuple(round(rng.uniform(-5, 5), 2) for _ in range(3)) for _ in range(60))
    cloud5 = tuple(tuple(round(rng.uniform(0, 10), 1) for _ in range(5)) for _ in range(150))
    inputs = (
        ("points exactly r apart", ((0.0, 0.0), (3.0, 4.0), (6.0, 8.0), (0.0, 0.0), (-3.0, -4.0),
                                    (100.0, 100.0)), 5.0),
        ("1-D points where single precision rounds differently", ((0.1,), (0.4,), (2.0,), (2.9,)), 0.3),
        ("1-D points where single precision rounds differently", ((0.1,), (0.3,), (5.0,)), 0.2),
        ("a single point", ((1.5, 2.5),), 1.0),
        ("60 points in 3 dimensions", cloud3, 2.5),
        ("150 points in 5 dimensions", cloud5, 6.0),
    )
    cases = []
    for label, points, r in inputs:
        if not _agree(points, r):  # pragma: no cover - guards the inputs above
            raise ValueError(f"{label}: the distance and its square disagree on a pair")
        cases.append((label, _text(points, r), _counts(points, r)))
    return tuple(cases)


def _single_precision(points_text: str) -> tuple[int, ...]:
    """What the loop gives when the numbers are stored as `float`: a recognised mistake."""
    import numpy as np

    head, *rows = points_text.splitlines()
    n, d, r = head.split()
    x = np.array([[float(v) for v in row.split()] for row in rows], dtype=np.float32).reshape(int(n), int(d))
    diff = x[:, None, :] - x[None, :, :]
    s = (diff * diff).sum(axis=2)
    within = s <= np.float32(r) * np.float32(r)
    np.fill_diagonal(within, False)
    return tuple(int(c) for c in within.sum(axis=1))


def _lines(printed: str, label: str) -> list[float]:
    """The counts, one per line as the prompt asks (a final newline, or none, either way)."""
    got = []
    for number, line in enumerate(printed.rstrip().splitlines() if printed.strip() else [], start=1):
        words = line.split()
        if len(words) != 1:
            what = (f"{len(words)} values on one line ({line.strip()[:40]!r})" if words
                    else "an empty line")
            raise Incorrect(f"on {label}, line {number} of what cpp_neighbours printed is {what}: print "
                            "n lines, one count on each (`printf(\"%d\\n\", count)`)")
        values = programs.numbers(words[0])
        if len(values) != 1 or programs.number_words(words[0]) != [words[0]]:
            raise Incorrect(f"on {label}, cpp_neighbours printed {words[0][:40]!r} on line {number}: "
                            "print only the count, a whole number, on each line")
        got.append(values[0])
    return got


def _judge(got: list[float], want: tuple[int, ...], label: str, stdin: str) -> None:
    if len(got) != len(want):
        raise Incorrect(f"on {label}, cpp_neighbours printed {len(got)} number(s) for {len(want)} points: "
                        "print one count per point, in input order")
    if any(g != int(g) for g in got):
        raise Incorrect(f"on {label}, cpp_neighbours printed a number that is not a whole count")
    counts = tuple(int(g) for g in got)
    if counts == want:
        return
    if counts == tuple(w + 1 for w in want):
        raise Incorrect(f"on {label}, every count is one too high: a point is not its own neighbour")
    if "single precision" in label and counts == _single_precision(stdin):
        raise Incorrect(f"on {label}, the counts are what `float` (single precision) gives: Python's "
                        "numbers are doubles, use `double`")
    wrong = [i for i, (g, w) in enumerate(zip(counts, want)) if g != w]
    raise Incorrect(f"on {label}, {len(wrong)} of {len(want)} counts are off (the first is point "
                    f"{wrong[0]}: {counts[wrong[0]]} instead of {want[wrong[0]]}); mind points exactly "
                    "at distance r (they count) and read all d coordinates of each point")


RACE_POINTS = 500


@functools.cache
def _race_input() -> tuple[str, Any]:
    import numpy as np

    rng = np.random.default_rng(7)
    x = np.round(rng.uniform(0, 1, size=(RACE_POINTS, 8)), 3)
    return _text(tuple(map(tuple, x.tolist())), 0.5), x


@functools.cache
def _python_times() -> tuple[float, float, tuple[int, ...]]:
    """Seconds for the same counts in pure Python and with NumPy (measured once per session)."""
    text, x = _race_input()
    points = tuple(map(tuple, x.tolist()))
    start = time.perf_counter()
    pure = tuple(  # the loop as Python runs it, one number at a time
        sum(1 for j, q in enumerate(points)
            if j != i and sum((a - b) * (a - b) for a, b in zip(p, q)) <= 0.25)
        for i, p in enumerate(points))
    python_s = time.perf_counter() - start
    start = time.perf_counter()
    squares = (x * x).sum(axis=1)  # |p - q|^2 = |p|^2 + |q|^2 - 2 p.q: one matrix product
    within = squares[:, None] + squares[None, :] - 2 * (x @ x.T) <= 0.25
    within.sum(axis=1)
    numpy_s = time.perf_counter() - start
    return python_s, numpy_s, pure


@exercise(
    "p1.languages.cpp_neighbours",
    title="C++: a tight double loop, timed against Python and NumPy",
    prompt="Write `cpp_neighbours`, a C++17 program as a Python string. It reads from standard input "
    "a first line `n d r` (two whole numbers and a decimal), then n points of d coordinates each "
    "(decimal numbers, whitespace-separated), and prints n lines: for each point, in input order, "
    "the number of *other* points whose Euclidean distance to it is at most r. Compute in double "
    "precision, as Python does. The check compiles it with `g++ -O2`, runs it on points it makes "
    "itself, compares with Python's counts, and shows how long C++, pure Python and NumPy take.",
    answer="cpp_neighbours",
    setup=R_SETUP,
    needs=("cpp",),
    solution=_CPP_SOLUTION,
    wrong=[
        _variant("if (s <= r2) ++count;", "if (s < r2) ++count;"),
        _variant("            if (j == i) continue;\n", ""),
        _variant("std::vector<double> x(", "std::vector<float> x(").replace(
            'std::scanf("%lf", &v);', 'std::scanf("%f", &v);').replace(
            "double s = 0;", "float s = 0;").replace("const double diff", "const float diff").replace(
            "const double r2 = r * r;", "const float r2 = static_cast<float>(r) * static_cast<float>(r);"),
        _variant("for (int j = 0; j < n; ++j) {", "for (int j = i + 1; j < n; ++j) {"),
        _variant("for (int k = 0; k < d; ++k) {", "for (int k = 0; k < 2 && k < d; ++k) {"),
        _variant("s += diff * diff;", "s += diff < 0 ? -diff : diff;").replace(
            "if (s <= r2) ++count;", "if (s <= r) ++count;"),
        _variant("std::vector<double> x(", "std::vector<int> x(").replace(
            'std::scanf("%lf", &v);', 'std::scanf("%d", &v);'),
        _variant('        std::printf("%d\\n", count);\n    }\n',
                 '        total += count;\n    }\n    std::printf("%d\\n", total / 2);\n').replace(
            "    for (int i = 0; i < n; ++i) {", "    int total = 0;\n    for (int i = 0; i < n; ++i) {"),
        *_language_cases.CPP_NEIGHBOURS_WRONG,
        *_language_blind.C_WRONG,
    ],
    right=[
        r'''cpp_neighbours = r"""
#include <cmath>
#include <iostream>
#include <vector>

int main() {
    std::ios::sync_with_stdio(false);
    int n, d;
    double r;
    std::cin >> n >> d >> r;
    std::vector<std::vector<double>> points(n, std::vector<double>(d));
    for (auto& p : points)
        for (auto& v : p) std::cin >> v;
    std::vector<long> counts(n, 0);
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j) {
            double sum = 0;
            for (int k = 0; k < d; ++k) sum += (points[i][k] - points[j][k]) * (points[i][k] - points[j][k]);
            if (std::sqrt(sum) <= r) { ++counts[i]; ++counts[j]; }
        }
    for (long c : counts) std::cout << c << '\n';
}
"""''',
        r'''cpp_neighbours = r"""
#include <bits/stdc++.h>
using namespace std;

int main() {
    size_t n, d;
    double r;
    cin >> n >> d >> r;
    vector<double> x(n * d);
    for (double& v : x) cin >> v;
    for (size_t i = 0; i < n; i++) {
        size_t near = 0;
        for (size_t j = 0; j < n; j++) {
            double s = 0.0;
            for (size_t k = 0; k < d; k++) s += pow(x[i * d + k] - x[j * d + k], 2);
            near += (i != j && s <= r * r);
        }
        printf("%zu\n", near);
    }
    return 0;
}
"""''',
        *_language_cases.CPP_NEIGHBOURS_RIGHT,
        *_language_blind.C_RIGHT,
    ],
    hints=[
        "Read `n`, `d` and `r` first, then n × d doubles into one `std::vector<double>` (point i's "
        "coordinates at i*d ... i*d + d - 1). `scanf(\"%lf\", ...)` or `std::cin >>` both read them.",
        "Two loops over the points and one over the coordinates: sum the squared differences and "
        "compare the sum with r * r (no square root needed). Skip the point itself.",
        "For each i, count the j != i whose sum of squared coordinate differences is <= r * r, and "
        "print the count on its own line.",
    ],
)
def cpp_neighbours(answer: Any) -> str:
    with programs.built(answer, "cpp", "cpp_neighbours") as program:
        for label, stdin, want in _cases():
            printed = programs.output(program, "cpp_neighbours", label, stdin=stdin)
            _judge(_lines(printed, label), want, label, stdin)
        text, _ = _race_input()
        python_s, numpy_s, want = _python_times()
        run = program.run(text)
        if not run.ok or tuple(int(v) for v in programs.numbers(run.stdout)) != want:
            raise Incorrect(f"cpp_neighbours is right on the small inputs but not on {RACE_POINTS} "
                            "points in 8 dimensions: look for a fixed-size array or an int that overflows")
    pairs = RACE_POINTS * (RACE_POINTS - 1)
    return (f"right on every input. On {RACE_POINTS} points in 8 dimensions ({pairs:,} ordered pairs): "
            f"C++ {run.seconds * 1e3:.0f} ms (the whole program: start, read, loop, print), NumPy "
            f"{numpy_s * 1e3:.0f} ms (one matrix product), pure Python {python_s * 1e3:.0f} ms. NumPy is C "
            "underneath, so it keeps up when the loop can be rewritten as whole-array operations; a loop "
            "that cannot is where C++ earns its place.")
