"""R, Java and C++ run for real: the toolchain runner, and the exercises with and without toolchains.

With the toolchains (CI installs them: .ci/install-toolchains.sh), every language exercise's
solution, alternatives and wrong answers run through `tests/test_exercise_contract.py`; the tests
here that need a toolchain are skipped, saying which and why, where one is missing. Without them
(simulated by a PATH that holds none), each exercise reports itself skipped with the install line,
is recorded `skipped`, and `pathway status` says it was never judged.
"""

from __future__ import annotations

import os

import pytest

from pathway import exercises
from pathway.cli import main
from pathway.exercises.engine import BLANK
from pathway.labs import toolchains
from pathway.progress import ProgressStore
from tests.helpers import run_cell

LANGUAGE_EXERCISES = [e for e in exercises.all() if e.needs]


def needs(language: str):
    """Skip a test when `language`'s toolchain is missing, naming it (CI installs all three)."""
    chain = toolchains.toolchain(language)
    if os.environ.get("CI"):  # CI installs all three (.ci/install-toolchains.sh): a skip would hide a gap
        return lambda test: test
    return pytest.mark.skipif(not toolchains.available(language),
                              reason=chain.install_line())


@pytest.fixture
def no_toolchains(tmp_path, monkeypatch):
    """A PATH with none of Rscript, javac, java or g++ on it (a learner's bare machine)."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    return empty


def test_every_language_of_the_roadmap_has_an_exercise_that_runs_it():
    assert {lang for e in LANGUAGE_EXERCISES for lang in e.needs} == {"r", "java", "cpp"}
    assert all(e.phase == "p1" for e in LANGUAGE_EXERCISES)


def test_a_missing_toolchain_is_one_line_with_the_install_commands(no_toolchains):
    for language in ("r", "java", "cpp"):
        assert not toolchains.available(language)
        with pytest.raises(toolchains.ToolchainMissing) as caught:
            with toolchains.build(language, "anything"):
                pass
        line = caught.value.message
        assert "\n" not in line
        assert "apt-get install" in line and "(macOS)" in line and "Colab" in line
    assert "r-base-core" in toolchains.TOOLCHAINS["r"].install_line()
    assert "default-jdk-headless" in toolchains.TOOLCHAINS["java"].install_line()


@pytest.mark.parametrize("ex", LANGUAGE_EXERCISES, ids=lambda e: e.id)
def test_without_its_toolchain_an_exercise_is_skipped_and_recorded_so(ex, home, no_toolchains, capsys):
    result = ex.check(run_cell(ex, ex.solution_code))
    assert result.outcome == "skipped" and not result.correct
    message = result.message
    assert "apt-get install" in message and ("brew" in message or "xcode-select" in message)
    assert "Colab" in message and "\n" not in message
    assert ProgressStore().events(ex.id)[-1].status == "skipped"
    # a wrong answer is not judged either: nothing can be said without running it
    assert ex.evaluate(run_cell(ex, ex.wrong[0])).outcome == "skipped"
    # the blank and an unfinished skeleton are still incomplete, and a non-string is still wrong
    assert ex.evaluate(BLANK).outcome == "incomplete"
    assert ex.evaluate("int main() { ____ }").outcome == "incomplete"
    assert ex.evaluate(42).outcome == "incorrect"
    assert main(["status", "p1"]) == 0
    out = capsys.readouterr().out
    assert f"{ex.id}" in out and "not run: its toolchain is missing" in out
    assert "Skipped without being judged (1" in out


def test_a_skip_never_takes_done_back(home, no_toolchains, monkeypatch):
    ex = exercises.get("p1.languages.cpp_neighbours")
    ProgressStore().record(ex.id, "done", "check", {"action": "check", "outcome": "correct"})
    assert ex.check(run_cell(ex, ex.solution_code)).outcome == "skipped"
    assert ProgressStore().events(ex.id)[-1].status == "done"


def test_a_stub_that_only_offers_to_install_java_counts_as_missing(no_toolchains):
    """macOS ships `java`/`javac` stubs that print "Unable to locate a Java Runtime" and fail."""
    for name in ("java", "javac"):
        stub = no_toolchains / name
        stub.write_text("#!/bin/sh\necho 'Unable to locate a Java Runtime.' >&2\nexit 1\n")
        stub.chmod(0o755)
    assert not toolchains.available("java")
    assert "no working `javac`, `java`" in toolchains.toolchain("java").install_line()
    ex = exercises.get("p1.languages.java_features")
    assert ex.evaluate(run_cell(ex, ex.solution_code)).outcome == "skipped"


def test_the_notebook_helper_prints_the_install_line_instead_of_failing(no_toolchains, capsys):
    assert toolchains.trial("java", "public class A {}") is None
    assert "Java (a JDK) is not installed here" in capsys.readouterr().out
    assert toolchains.trial("cpp", "int main() { ____ }") is None
    assert "Write the program first" in capsys.readouterr().out


@needs("cpp")
def test_a_program_runs_in_a_temporary_folder_and_never_touches_the_learners(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.txt").write_text("the learner's file")
    source = ('#include <cstdio>\nint main() { FILE* f = std::fopen("mine.txt", "w"); '
              'std::fputs("overwritten", f); std::fclose(f); std::puts("wrote"); }')
    with toolchains.build("cpp", source) as program:
        folder = program.folder
        assert folder != tmp_path and program.compiled.ok
        run = program.run()
        assert run.ok and run.stdout == "wrote\n"
        assert (folder / "mine.txt").read_text() == "overwritten"
    assert not folder.exists()
    assert (tmp_path / "mine.txt").read_text() == "the learner's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt"]


@needs("cpp")
def test_a_run_is_bounded_in_time_and_output():
    with toolchains.build("cpp", "int main() { for (;;) {} }") as program:
        run = program.run(seconds=1)
    assert run.timed_out and not run.ok and run.seconds < 10
    with toolchains.build("cpp", '#include <cstdio>\nint main() { for (;;) std::puts("yes"); }') as program:
        run = program.run(seconds=20)
    assert run.cut and not run.ok and len(run.stdout) <= toolchains.MAX_OUTPUT


@needs("cpp")
def test_a_compile_error_reaches_the_learner_as_the_compilers_first_lines():
    ex = exercises.get("p1.languages.cpp_neighbours")
    result = ex.evaluate("int main() { return undeclared; }")
    assert result.outcome == "incorrect"
    assert "does not compile" in result.message and "undeclared" in result.message


@needs("java")
def test_java_runs_the_public_class_whatever_its_name():
    source = "public class Anything { public static void main(String[] a) { System.out.println(2.5); } }"
    assert toolchains.java_main_class(source) == "Anything"
    with toolchains.build("java", source) as program:
        assert program.run().stdout == "2.5\n"


@needs("r")
def test_r_output_is_read_with_or_without_its_index_markers():
    ex = exercises.get("p1.languages.r_ttest")
    printed = run_cell(ex, ex.solution_code).replace('cat(result$statistic, result$p.value, "\\n")',
                                                     "print(result$statistic)\nprint(result$p.value)")
    assert "print(" in printed
    assert ex.evaluate(printed).correct



@needs("r")
def test_r_needs_four_significant_digits_on_a_tiny_p_and_a_small_t():
    """`sprintf("%.4f")` keeps decimals, not digits: 0.0000 for p < 1e-4, 3 digits for t near 0."""
    from pathway.exercises.p1 import lang_r

    welch = [lang_r._welch(a, b)["welch"] for _label, _text, a, b in lang_r._cases()]
    assert any(p < 1e-4 for _t, p in welch) and any(abs(t) < 0.1 for t, _p in welch)
    ex = exercises.get("p1.languages.r_ttest")
    fixed = run_cell(ex, ex.solution_code).replace(
        'cat(result$statistic, result$p.value, "\\n")',
        'cat(sprintf("%.4f", result$statistic), sprintf("%.4f", result$p.value), "\\n")')
    result = ex.evaluate(fixed)
    assert result.outcome == "incorrect" and "significant digit" in result.message


@needs("cpp")
def test_cpp_counts_go_one_per_line():
    ex = exercises.get("p1.languages.cpp_neighbours")
    one_line = ex.solution_code.replace('std::printf("%d\\n", count);', 'std::printf("%d ", count);')
    assert one_line != ex.solution_code
    result = ex.evaluate(run_cell(ex, one_line))
    assert result.outcome == "incorrect" and "one count on each" in result.message


@needs("java")
def test_java_bill_ratio_is_rounded_to_three_decimals():
    ex = exercises.get("p1.languages.java_features")
    unrounded = ex.solution_code.replace('"%d,%.3f,%d"', '"%d,%s,%d"')
    assert unrounded != ex.solution_code
    result = ex.evaluate(run_cell(ex, unrounded))
    assert result.outcome == "incorrect" and "is not rounded" in result.message
