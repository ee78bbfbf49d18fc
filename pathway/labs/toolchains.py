"""Run a learner's R, Java or C++ program with the real toolchain: found on PATH, bounded, in a temp folder.

`build(language, source)` writes the source into a fresh temporary folder (never the learner's),
compiles it where the language needs it (`javac`, `g++ -O2`), and hands back a `Program` whose
`run(stdin=..., files=...)` executes it there with a time bound and an output cap. The folder is
deleted when the `with` block ends. A missing toolchain raises `ToolchainMissing`, whose message
is one line with the install command for Debian/Ubuntu, macOS and Colab.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Toolchain:
    """What one language needs on PATH, and how to install it where the workbook runs."""

    language: str
    programs: tuple[str, ...]
    debian: str
    macos: str
    colab: str

    def missing(self) -> list[str]:
        """The programs of this toolchain that are not on PATH or do not start (empty when complete).

        A program must answer `--version` (`-version` for javac): macOS puts stubs named `java`,
        `javac` and `g++` on PATH that only offer to install the real thing.
        """
        return [p for p in self.programs if not _starts(shutil.which(p))]

    def install_line(self) -> str:
        """One line: what is missing and how to install it on Debian/Ubuntu, macOS and Colab."""
        absent = ", ".join(f"`{p}`" for p in self.missing()) or "nothing"
        return (f"{self.language} is not installed here (no working {absent} on PATH): install it with "
                f"`{self.debian}` (Debian/Ubuntu), `{self.macos}` (macOS) or `{self.colab}` (in a "
                "Colab cell), then run the check again")


TOOLCHAINS = {
    "r": Toolchain("R", ("Rscript",), "sudo apt-get install -y r-base-core", "brew install r",
                   "!apt-get install -y -qq r-base-core"),
    "java": Toolchain("Java (a JDK)", ("javac", "java"), "sudo apt-get install -y default-jdk-headless",
                      "brew install openjdk", "!apt-get install -y -qq default-jdk-headless"),
    "cpp": Toolchain("C++ (g++)", ("g++",), "sudo apt-get install -y g++",
                     "xcode-select --install", "!apt-get install -y -qq g++"),
}

@functools.cache
def _starts(path: str | None) -> bool:
    """Whether the program at `path` runs and reports its version (asked once per program)."""
    if path is None:
        return False
    flag = "-version" if Path(path).name.startswith("java") else "--version"
    try:
        done = subprocess.run([path, flag], capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


COMPILE_SECONDS = 60.0  # javac on a busy 2-core machine takes a few seconds; a fair program never more
RUN_SECONDS = 10.0
MAX_OUTPUT = 200_000  # bytes of stdout (and of stderr) kept; a program printing more is stopped
SHOWN = 4000  # characters of output `trial` prints in a notebook
_ENV = {"LC_ALL": "C", "LANG": "C"}  # numbers print with a decimal point, whatever the learner's locale


class ToolchainMissing(Exception):
    """The language's toolchain is not installed; the message says how to install it."""

    def __init__(self, language: str) -> None:
        self.toolchain = TOOLCHAINS[language]
        super().__init__(self.toolchain.install_line())
        self.message = str(self)


def toolchain(language: str) -> Toolchain:
    """The toolchain of `language` ('r', 'java' or 'cpp')."""
    if language not in TOOLCHAINS:
        raise ValueError(f"no toolchain {language!r}; choose one of {', '.join(TOOLCHAINS)}")
    return TOOLCHAINS[language]


def available(language: str) -> bool:
    """Whether every program `language` needs is on PATH."""
    return not toolchain(language).missing()


@dataclass(frozen=True)
class Run:
    """What one compile or run did: exit code, output (capped), time, and whether it was stopped."""

    stage: str  # 'compile' or 'run'
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool = False
    cut: bool = False  # output went past MAX_OUTPUT and the program was stopped

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out and not self.cut


def _execute(command: Sequence[str], folder: Path, *, stdin: str, seconds: float, stage: str) -> Run:
    """Run `command` in `folder` with a time bound and capped output; never leaves a process behind."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(command), cwd=folder, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env={**os.environ, **_ENV}, start_new_session=True,
    )
    buffers: dict[str, bytearray] = {"out": bytearray(), "err": bytearray()}
    cut = threading.Event()

    def drain(stream, key: str) -> None:  # noqa: ANN001 - a pipe
        while chunk := stream.read(65536):
            room = MAX_OUTPUT - len(buffers[key])
            buffers[key] += chunk[: max(room, 0)]
            if len(chunk) > room:
                cut.set()
                _kill(proc)
                break
        stream.close()

    readers = [threading.Thread(target=drain, args=(proc.stdout, "out"), daemon=True),
               threading.Thread(target=drain, args=(proc.stderr, "err"), daemon=True)]
    for reader in readers:
        reader.start()
    feeder = threading.Thread(target=_feed, args=(proc, stdin.encode()), daemon=True)
    feeder.start()
    timed_out = False
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        timed_out = True
    finally:
        _kill(proc)
        proc.wait()
        for thread in (*readers, feeder):
            thread.join(timeout=5)
    return Run(stage, proc.returncode, buffers["out"].decode(errors="replace"),
               buffers["err"].decode(errors="replace"), time.perf_counter() - start,
               timed_out=timed_out, cut=cut.is_set())


def _feed(proc: subprocess.Popen, data: bytes) -> None:
    """Write stdin in the background: a program that never reads it must not block us."""
    try:
        proc.stdin.write(data)
        proc.stdin.close()
    except (BrokenPipeError, OSError, ValueError):
        pass


def _kill(proc: subprocess.Popen) -> None:
    """Stop the program and anything it started (its own session), if still running."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


_JAVA_CLASS = re.compile(r"\bpublic\s+(?:final\s+|abstract\s+)*class\s+([A-Za-z_]\w*)")
_ANY_CLASS = re.compile(r"\bclass\s+([A-Za-z_]\w*)")


def java_main_class(source: str) -> str:
    """The class to run: the public one (javac wants the file named after it), else the first class."""
    found = _JAVA_CLASS.search(source) or _ANY_CLASS.search(source)
    return found.group(1) if found else "Main"


@dataclass
class Program:
    """A built program in its temporary folder: `run` it as many times as you like."""

    language: str
    folder: Path
    command: tuple[str, ...]
    compiled: Run | None = None  # the compile step (None for R, which is interpreted)

    def run(self, stdin: str = "", *, files: Mapping[str, str] | None = None,
            args: Sequence[str] = (), seconds: float = RUN_SECONDS) -> Run:
        """Run with `stdin`, after writing `files` (name -> text) into the program's folder."""
        for name, text in (files or {}).items():
            if Path(name).name != name:
                raise ValueError(f"file name {name!r} must be a plain name, without folders")
            (self.folder / name).write_text(text, encoding="utf-8")
        return _execute([*self.command, *args], self.folder, stdin=stdin, seconds=seconds, stage="run")


@contextmanager
def build(language: str, source: str, *, seconds: float = COMPILE_SECONDS) -> Iterator[Program]:
    """Write `source` into a new temporary folder, compile it if needed, and yield the `Program`.

    Raises `ToolchainMissing` when the language's toolchain is not on PATH. A program that does
    not compile is still yielded: look at `program.compiled.ok` and its `stderr` before running.
    """
    chain = toolchain(language)
    if chain.missing():
        raise ToolchainMissing(language)
    with tempfile.TemporaryDirectory(prefix=f"pathway-{language}-") as tmp:
        folder = Path(tmp)
        yield _build_in(language, source, folder, seconds)


def _build_in(language: str, source: str, folder: Path, seconds: float) -> Program:
    if language == "r":
        (folder / "program.R").write_text(source, encoding="utf-8")
        return Program(language, folder, (shutil.which("Rscript") or "Rscript", "--vanilla", "program.R"))
    if language == "java":
        name = java_main_class(source)
        (folder / f"{name}.java").write_text(source, encoding="utf-8")
        compiled = _execute([shutil.which("javac") or "javac", "-encoding", "UTF-8", "-nowarn",
                             "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", f"{name}.java"],
                            folder, stdin="", seconds=seconds, stage="compile")
        command = (shutil.which("java") or "java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                   "-Xmx256m", "-cp", ".", name)
        return Program(language, folder, command, compiled)
    (folder / "program.cpp").write_text(source, encoding="utf-8")
    compiled = _execute([shutil.which("g++") or "g++", "-std=c++17", "-O2", "-o", "program", "program.cpp"],
                        folder, stdin="", seconds=seconds, stage="compile")
    return Program(language, folder, (str(folder / "program"),), compiled)


def first_error(run: Run, lines: int = 6) -> str:
    """The first lines of a compiler's or interpreter's complaint, for a learner to act on."""
    text = (run.stderr or run.stdout).strip()
    kept = [line for line in text.splitlines() if line.strip()][:lines]
    return "\n".join(kept)


def trial(language: str, source: str, stdin: str = "", *, files: Mapping[str, str] | None = None,
          seconds: float = RUN_SECONDS) -> Run | None:
    """Build and run a program once in a notebook: print what it printed (or why it did not run).

    Never raises on a program's failure: a missing toolchain prints its install line, a compile
    error the compiler's first complaint. Returns the run (None when nothing ran).
    """
    if not isinstance(source, str) or "____" in source:
        print("Write the program first: the source is not a string yet, or still holds `____`.")
        return None
    try:
        with build(language, source) as program:
            if program.compiled is not None and not program.compiled.ok:
                print(f"It does not compile:\n{first_error(program.compiled, lines=12)}")
                return None
            run = program.run(stdin, files=files, seconds=seconds)
    except ToolchainMissing as exc:
        print(exc.message)
        return None
    shown = run.stdout
    if len(shown) > SHOWN:
        shown = shown[:SHOWN] + f"\n… ({len(run.stdout) - SHOWN:,} more characters)"
    print(shown, end="" if shown.endswith("\n") or not shown else "\n")
    if not run.ok:
        why = ("stopped: over the time bound" if run.timed_out else
               "stopped: too much output" if run.cut else f"exit code {run.returncode}")
        print(f"[{why}]\n{first_error(run, lines=12)}")
    return run
