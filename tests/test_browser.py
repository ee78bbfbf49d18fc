"""The start notebook in JupyterLab, in a real (headless) Chromium: Run All, then look at the page.

A learner's path end to end: a JupyterLab server on 127.0.0.1 with a token, the notebook opened in
the browser, Run > Run All Cells from the menu, the kernel back to idle, and then what the learner
sees: a check's banner ("Incomplete" for a blank answer), a rendered table, and a chart where the
notebook draws one. A screenshot goes to build/screenshots/.

Needs Chromium (/usr/bin/chromium, or $PATHWAY_CHROMIUM) and the `playwright` package (its
driver only; no `playwright install`): `sudo .ci/install-browser.sh .venv` sets both up on Debian.
Set PATHWAY_SKIP_BROWSER=1 to skip this test. Without the browser it skips, except in CI (the
environment variable CI set), where it fails: CI never skips it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import NOTEBOOKS, ROOT

NOTEBOOK = "00_start_here.ipynb"
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = os.environ.get("PATHWAY_CHROMIUM", "/usr/bin/chromium")
# What Chromium needs on a closed, headless, root CI machine (the user-data-dir is Playwright's
# own fresh temporary profile).
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
INSTALL_HINT = "install it with: sudo .ci/install-browser.sh .venv (Debian chromium + pip install playwright)"
# A notebook that draws: the test then also expects a figure (an <img> or an <svg>) on the page.
DRAWS = re.compile(r"\b(chart|charts|plot|dashboard|timeline|plt|sns)\b|\.plot\(|subplots\(")
TIMEOUT_MS = 90_000

pytestmark = pytest.mark.browser


def _require_browser():
    """Playwright's sync API, or skip (fail in CI) with what to install."""
    if os.environ.get("PATHWAY_SKIP_BROWSER") == "1":
        pytest.skip("PATHWAY_SKIP_BROWSER=1: the JupyterLab browser test is switched off")
    missing = []
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).is_file()):
        missing.append(f"Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing.append("the Python package playwright")
        sync_playwright = None
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        missing.append("JupyterLab (pip install -e '.[lab]')")
    if missing:
        message = f"browser test needs {' and '.join(missing)}: {INSTALL_HINT}"
        if os.environ.get("CI"):
            pytest.fail(f"CI never skips the browser test; {message}")
        pytest.skip(message)
    return sync_playwright


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server over a copy of the notebooks: (base URL, token, notebooks folder)."""
    _require_browser()
    root = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = tmp_path / "lab-settings"
    # Every cell in the DOM (no windowing), the notebook's kernel started without asking, and no
    # news or update checks on a closed network.
    _write_json(settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings",
                {"windowingMode": "none", "autoStartDefaultKernel": True})
    _write_json(settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings",
                {"fetchNews": "false", "checkForUpdates": False})

    env = {k: v for k, v in os.environ.items() if k not in {"MPLBACKEND", "JUPYTER_PATH", "PYTHONPATH"}}
    env.update(
        PATHWAY_HOME=str(tmp_path / "home"),           # MPLBACKEND unset: the kernel draws inline
        JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
        JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter-runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "lab-workspaces"),
    )
    port, token = _free_port(), os.urandom(16).hex()
    log = (tmp_path / "jupyterlab.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.open_browser=False",
         "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("JupyterLab did not start:\n" + (tmp_path / "jupyterlab.log").read_text()[-3000:])
            time.sleep(0.3)
        yield base, token, root
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _code_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def _saved_output_types(path: Path, timeout: float) -> list[str]:
    """The output types in the notebook file once a save has written outputs (empty if none came)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
            kinds = [o["output_type"] for c in nb["cells"] if c["cell_type"] == "code"
                     for o in c.get("outputs", [])]
        except (OSError, ValueError):   # mid-write
            kinds = []
        if kinds or time.monotonic() > deadline:
            return kinds
        time.sleep(0.25)


def test_start_notebook_runs_all_cells_in_jupyterlab_in_chromium(lab):
    base, token, root = lab
    sync_playwright = _require_browser()
    code_cells = _code_cells(root / NOTEBOOK)
    draws = any(DRAWS.search(src) for src in code_cells)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1800})
        try:
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}")

            # The notebook open, its kernel started and idle ("Select Kernel" answered if asked).
            page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell")
            page.wait_for_function(
                """() => {
                    const accept = document.querySelector('.jp-Dialog .jp-mod-accept');
                    if (accept) { accept.click(); return false; }
                    const name = document.querySelector('.jp-NotebookPanel .jp-KernelName');
                    const state = document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
                    return name && !/no kernel/i.test(name.textContent)
                        && state && state.dataset.status === 'idle';
                }""", polling=250)

            # Run > Run All Cells, as a learner would.
            page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
            page.locator(".lm-Menu .lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()

            # Done when every code cell shows an execution count and the kernel is idle again (or as
            # soon as a cell raises: Run All stops there).
            page.wait_for_function(
                """n => {
                    const raised = [...document.querySelectorAll(
                        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
                        .some(e => e.textContent.includes('Traceback'));
                    const prompts = [...document.querySelectorAll(
                        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')];
                    return raised
                        || (prompts.length === n && prompts.every(e => /\\[\\d+\\]/.test(e.textContent)));
                }""",
                arg=len(code_cells),
            )
            page.wait_for_selector(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']")

            outputs = page.locator(".jp-NotebookPanel .jp-OutputArea-output")
            text = " ".join(outputs.all_inner_texts())
            errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
            tracebacks = [t for t in errors.all_inner_texts() if "Traceback" in t or "Error" in t]
            assert not tracebacks, f"a cell raised in JupyterLab:\n{tracebacks[0][:2000]}"

            # What the learner sees: a check's banner, a rendered table, a figure where one is drawn.
            banner = page.locator(".jp-OutputArea-output", has_text="Incomplete").first
            assert banner.count() == 1, f"no 'Incomplete' check banner on the page; outputs: {text[:1500]}"
            tables = page.locator(".jp-RenderedHTMLCommon table")
            assert tables.count() >= 1, "no rendered table (pathway.status()) on the page"
            figures = page.locator(".jp-OutputArea-output img, .jp-OutputArea-output svg")
            if draws:
                assert figures.count() >= 1, f"{NOTEBOOK} draws a chart, but no <img> or <svg> output shows"

            # Screenshots: the check's banner, and the first chart (or the banner again).
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            stem = NOTEBOOK.replace(".ipynb", "")
            banner.scroll_into_view_if_needed()
            page.screenshot(path=str(SCREENSHOTS / f"{stem}-check.png"))
            (figures.first if figures.count() else banner).scroll_into_view_if_needed()
            page.screenshot(path=str(SCREENSHOTS / f"{stem}.png"))

            # Saved from the browser (Ctrl+S), the notebook keeps the outputs, none of them an error.
            page.keyboard.press("Control+s")
            kinds = _saved_output_types(root / NOTEBOOK, timeout=15)
            assert kinds, "Ctrl+S in JupyterLab did not save the notebook's outputs"
            assert "error" not in kinds, f"saved outputs: {kinds}"
        except Exception:
            # What the page showed when it went wrong, for the CI log and build/screenshots/.
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / NOTEBOOK.replace(".ipynb", "-failure.png")))
            prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
            print(f"prompts at failure ({len(code_cells)} code cells expected): {prompts}")
            raise
        finally:
            browser.close()
