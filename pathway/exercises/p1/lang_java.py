"""Phase 1, academic foundation: Java for the JVM services around a model, a typed feature step."""

from __future__ import annotations

import functools
import math
import random
from decimal import Decimal
from typing import Any

from ..checks import Incorrect, programs
from ..engine import exercise
from . import _language_blind, _language_cases
from .lang_r import R_SETUP

HEADER = "id,species,bill_length_mm,bill_depth_mm,body_mass_g"
HEAVY_G = 4500

_JAVA_SOLUTION = r'''java_features = r"""
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.Locale;
import java.util.Optional;

public class FeatureStep {
    record Penguin(long id, String species, double billLength, double billDepth, int massGrams) {}

    static Optional<Penguin> parse(String line) {
        String[] f = line.split(",", -1);
        if (f[2].equals("NA") || f[3].equals("NA") || f[4].equals("NA")) return Optional.empty();
        return Optional.of(new Penguin(Long.parseLong(f[0]), f[1], Double.parseDouble(f[2]),
                                       Double.parseDouble(f[3]), Integer.parseInt(f[4])));
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        in.readLine();  // the header
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) continue;
            parse(line).ifPresent(p -> System.out.println(String.format(Locale.ROOT, "%d,%.3f,%d",
                p.id(), p.billLength() / p.billDepth(), p.massGrams() >= 4500 ? 1 : 0)));
        }
    }
}
"""'''


def _variant(old: str, new: str) -> str:
    assert old in _JAVA_SOLUTION, old  # a wrong answer must really differ from the solution
    return _JAVA_SOLUTION.replace(old, new)


@functools.cache
def _cases() -> tuple[tuple[str, str, tuple[tuple[int, float, int], ...]], ...]:
    """(label, stdin, expected features): the check's own records, never shown in the notebook.

    Ids past 2^31 (an `int` overflows), a mass exactly on 4,500 g and one gram under, `NA` in each
    measurement, a header-only input, and many ordinary rows.
    """
    rng = random.Random(1729)
    boundary = [
        (3_000_000_001, "Gentoo", "47.5", "15.0", "4500"),
        (3_000_000_002, "Gentoo", "46.1", "13.2", "4499"),
        (3_000_000_003, "Adelie", "NA", "18.1", "3800"),
        (3_000_000_004, "Adelie", "39.1", "NA", "3750"),
        (3_000_000_005, "Chinstrap", "49.0", "19.5", "NA"),
        (17, "Chinstrap", "50.0", "19.0", "4501"),
        (9_007_199_254_740_993, "Gentoo", "50.1", "16.3", "5050"),
        (18, "Adelie", "50.0", "20.0", "3900"),  # 2.5: "2.500" and "2.5" are both rounded to 3 decimals
    ]
    ordinary = [
        (rng.randrange(1, 10**12), rng.choice(("Adelie", "Chinstrap", "Gentoo")),
         f"{rng.uniform(32, 60):.1f}", f"{rng.uniform(13, 21.5):.1f}", str(rng.randrange(2700, 6300, 25)))
        for _ in range(60)
    ]
    return tuple(
        (label, HEADER + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows), _features(rows))
        for label, rows in (("the check's boundary records", boundary),
                            ("60 records it made", ordinary), ("an input with only the header", []))
    )


def _features(rows: list[tuple]) -> tuple[tuple[int, float, int], ...]:
    """Python's version of the step, the ratio left unrounded: the Java output is compared with it."""
    kept = []
    for id_, _species, length, depth, mass in rows:
        if "NA" in (length, depth, mass):
            continue
        kept.append((id_, float(length) / float(depth), int(int(mass) >= HEAVY_G)))
    return tuple(kept)


def _parse(printed: str, label: str) -> list[tuple[int, str, int]]:
    """The printed lines as (id, bill_ratio as printed, heavy)."""
    lines = [line.strip() for line in printed.splitlines() if line.strip()]
    parsed = []
    for line in lines:
        fields = [f.strip() for f in line.split(",")]
        try:
            if len(fields) != 3 or not math.isfinite(float(fields[1])):
                raise ValueError
            parsed.append((int(fields[0]), fields[1], int(fields[2])))
        except ValueError:
            raise Incorrect(f"on {label}, java_features printed the line {line[:80]!r}: each line "
                            "should be `id,bill_ratio,heavy`, three numbers separated by commas "
                            "(no header line)") from None
    return parsed


def _decimals(text: str) -> int:
    """How many decimals a printed number shows ("2.273" 3, "2.5" 1, "2.27E1" 0)."""
    exponent = Decimal(text).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _ratio_mistake(text: str, ratio: float) -> str:
    """Why a printed bill_ratio is not `ratio` rounded to 3 decimals (`ratio` is length / depth)."""
    value = float(text)
    if _decimals(text) > 3:
        if math.isclose(value, ratio, abs_tol=1e-6):
            return ("is not rounded: print it with 3 decimals, "
                    "`String.format(Locale.ROOT, \"%.3f\", ratio)`")
        if math.isclose(value, 1 / ratio, abs_tol=1e-6):
            return "is depth / length, and not rounded: the ratio is length / depth, with 3 decimals"
        return f"has {_decimals(text)} decimals: round bill length / bill depth to 3"
    if math.isclose(value, math.floor(ratio * 1000) / 1000, abs_tol=1e-9):
        return ("is cut after the 3rd decimal, not rounded: `(long) (x * 1000) / 1000.0` truncates; "
                "`Math.round` or `String.format(Locale.ROOT, \"%.3f\", x)` rounds")
    if math.isclose(value, round(1 / ratio, 3), abs_tol=0.0005 + 1e-9):
        return "is depth / length: the ratio is length / depth"
    return f"is not bill length / bill depth ({ratio:.6f}) rounded to 3 decimals"


def _compare(got: list[tuple[int, str, int]], want: tuple[tuple[int, float, int], ...], label: str) -> None:
    if len(got) != len(want):
        gap = len(got) - len(want)
        more = ("; records with a missing measurement (NA) are left out" if gap > 0 else
                "; only records with a missing measurement are left out")
        raise Incorrect(f"on {label}, java_features printed {len(got)} lines, {abs(gap)} "
                        f"{'too many' if gap > 0 else 'too few'}{more}")
    for (gid, text, heavy), (wid, ratio, wheavy) in zip(got, want):
        if gid != wid:
            raise Incorrect(f"on {label}, a line has id {gid} where {wid} was expected: keep the input "
                            "order, and read ids as whole numbers that may exceed 2^31 (a `long`)")
        # rounded to 3 decimals: at most 3 shown ("2.5" is 2.500), within half a unit of the 3rd
        # (either neighbour of an exact tie), plus float noise
        if _decimals(text) > 3 or not math.isclose(float(text), ratio, abs_tol=0.0005 + 1e-9):
            raise Incorrect(f"on {label}, the bill ratio of record {gid} is {text}: it "
                            + _ratio_mistake(text, ratio))
        if heavy != wheavy:
            raise Incorrect(f"on {label}, record {gid} has heavy = {heavy}: heavy is 1 when the body "
                            f"mass is at least {HEAVY_G:,} g (exactly {HEAVY_G:,} g counts), else 0")


@exercise(
    "p1.languages.java_features",
    title="Java: a typed feature step for a JVM service",
    prompt="Write `java_features`, a Java program as a Python string (one public class with a `main`). "
    f"It reads penguin records from standard input: a header line `{HEADER}`, then one record per line, "
    "with `NA` for a missing measurement. For each record whose three measurements are all present, "
    "in input order, it prints one line `id,bill_ratio,heavy`: `bill_ratio` is bill length divided by "
    "bill depth, rounded to 3 decimals; `heavy` is 1 when the body mass is at least 4,500 g, else 0. "
    "Ids are whole numbers that may not fit in an `int`; masses are whole grams. Print no header. "
    "The check compiles it with `javac`, runs it with `java` on records it makes itself, and compares "
    "with the same step written in Python.",
    answer="java_features",
    setup=R_SETUP,
    needs=("java",),
    solution=_JAVA_SOLUTION,
    wrong=[
        _variant("Long.parseLong(f[0])", "Integer.parseInt(f[0])"),
        _variant("p.massGrams() >= 4500", "p.massGrams() > 4500"),
        _variant('f[2].equals("NA") || f[3].equals("NA") || f[4].equals("NA")', 'f[4].equals("NA")'),
        _variant("p.billLength() / p.billDepth()", "p.billDepth() / p.billLength()"),
        _variant("in.readLine();  // the header\n",
                 'in.readLine();  // the header\n        System.out.println("id,bill_ratio,heavy");\n'),
        _variant("        in.readLine();  // the header\n", ""),
        _variant("in.readLine();  // the header\n", "in.readLine();\n        in.readLine();\n"),
        _variant('"%d,%.3f,%d"', '"%d,%.0f,%d"'),
        *_language_cases.JAVA_FEATURES_WRONG,
        *_language_blind.J_WRONG,
    ],
    right=[
        r'''java_features = r"""
import java.util.Scanner;

public class Features {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        if (in.hasNextLine()) in.nextLine();
        while (in.hasNextLine()) {
            String[] f = in.nextLine().trim().split(",");
            if (f.length < 5 || f[2].equals("NA") || f[3].equals("NA") || f[4].equals("NA")) continue;
            long id = Long.parseLong(f[0]);
            double ratio = Double.parseDouble(f[2]) / Double.parseDouble(f[3]);
            long mass = Long.parseLong(f[4]);
            System.out.println(id + "," + Math.round(ratio * 1000) / 1000.0 + "," + (mass >= 4500 ? 1 : 0));
        }
    }
}
"""''',
        r'''java_features = r"""
import java.io.*;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.stream.Collectors;

public final class Step {
    record Row(String id, String species, String length, String depth, String mass) {
        boolean complete() { return !length.equals("NA") && !depth.equals("NA") && !mass.equals("NA"); }
        String features() {
            BigDecimal ratio = new BigDecimal(length).divide(new BigDecimal(depth), 3, RoundingMode.HALF_UP);
            int heavy = Double.parseDouble(mass) >= 4500 ? 1 : 0;
            return new BigDecimal(id).toPlainString() + "," + ratio + "," + heavy;
        }
    }

    public static void main(String[] args) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(System.in));
        String out = reader.lines().skip(1).filter(l -> !l.isBlank())
            .map(l -> l.split(",")).map(f -> new Row(f[0], f[1], f[2], f[3], f[4]))
            .filter(Row::complete).map(Row::features).collect(Collectors.joining("\n"));
        if (!out.isEmpty()) System.out.println(out);
    }
}
"""''',
        *_language_cases.JAVA_FEATURES_RIGHT,
        *_language_blind.J_RIGHT,
    ],
    hints=[
        "Read standard input line by line (`BufferedReader` over `System.in`, or `Scanner`), skip "
        "the header, split each line on commas. A Java `record` gives the fields names and types.",
        "An id past 2^31 - 1 does not fit in an `int`: `Long.parseLong`. Check the three "
        "measurements for \"NA\" before parsing them. `String.format(Locale.ROOT, \"%.3f\", x)` "
        "rounds to 3 decimals with a decimal point whatever the machine's language.",
        "Per complete record: one println of the id, the length divided by the depth with 3 "
        "decimals, and 1 or 0 from comparing the mass with 4500 using `>=`, joined by commas.",
    ],
)
def java_features(answer: Any) -> str:
    with programs.built(answer, "java", "java_features") as program:
        for label, stdin, want in _cases():
            printed = programs.output(program, "java_features", label, stdin=stdin)
            _compare(_parse(printed, label), want, label)
    return ("javac and java agree with Python on every record, long ids and the 4,500 g boundary "
            "included. In a JVM service this step would sit between a Kafka topic and the model.")
