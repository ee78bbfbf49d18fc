"""Phase 3, MLOps: a container recipe for the service, linted with hadolint and checked point by point."""

from __future__ import annotations

import json
import re

from ...engine import Incorrect, exercise
from ._blind_b import CASES as BLIND

DOCKERFILE = '''\
dockerfile = """\\
FROM python:3.12.8-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 MODEL_PATH=/app/model.joblib
WORKDIR /app

# Dependencies first: this layer is rebuilt only when requirements.txt changes.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt \\\\
    && useradd --no-log-init --create-home --uid 10001 app

# Then the code and the model, owned by the unprivileged user that runs them.
COPY --chown=app:app serve.py model.joblib ./
USER app

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --retries=3 \\\\
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"]
CMD ["uvicorn", "serve:app", "--host", "0.0.0.0", "--port", "8000"]
"""'''

_RIGHT = '''\
dockerfile = """\\
# syntax=docker/dockerfile:1
FROM python:3.11.11-slim
WORKDIR /srv
RUN groupadd --system model && useradd --no-log-init --system --gid model model
COPY requirements.txt /srv/requirements.txt
RUN python -m pip install --no-cache-dir --requirement /srv/requirements.txt
COPY serve.py model.joblib /srv/
ENV MODEL_PATH=/srv/model.joblib
USER model
EXPOSE 8080
HEALTHCHECK CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://localhost:8080/health')"]
CMD ["python", "-m", "uvicorn", "serve:app", "--host=0.0.0.0", "--port=8080"]
"""'''

_SECRET_NAME = re.compile(r"(KEY|TOKEN|SECRET|PASSW|CREDENTIAL)", re.IGNORECASE)
_SECRET_FILE = re.compile(r"(^|/)(\.env|id_rsa|id_ed25519|credentials|\.aws|\.ssh|[^ ]*\.pem)(/|$)")


def _variant(old: str, new: str) -> str:
    assert old in DOCKERFILE, old
    return DOCKERFILE.replace(old, new)


@exercise(
    "p3.container.dockerfile",
    title="A Dockerfile for the service",
    prompt="Set `dockerfile` to the text of a Dockerfile for the service of the exercise above (`serve.py`, "
    "`model.joblib` and a `requirements.txt` in the build folder). It must pass hadolint without warnings, "
    "pin the base image to a specific version, install the dependencies before copying the code (so code "
    "changes reuse the cached dependency layer), run as a non-root user, hold no secrets, `EXPOSE` the "
    "port, declare a `HEALTHCHECK` on `/health`, and start uvicorn with an exec-form `CMD` listening on "
    "0.0.0.0 at that port.",
    answer="dockerfile",
    solution=DOCKERFILE,
    right=[_RIGHT,
        *BLIND["p3.container.dockerfile"]["right"]],
    wrong=[
        _variant("COPY requirements.txt .\n", "COPY . .\n")
        .replace("COPY --chown=app:app serve.py model.joblib ./\n", ""),
        _variant("USER app\n", ""),
        _variant('CMD ["uvicorn", "serve:app", "--host", "0.0.0.0", "--port", "8000"]',
                 "CMD uvicorn serve:app --host 0.0.0.0 --port 8000"),
        _variant("MODEL_PATH=/app/model.joblib", "MODEL_PATH=/app/model.joblib AWS_SECRET_ACCESS_KEY=abc123"),
        _variant("FROM python:3.12.8-slim-bookworm", "FROM python:3-slim"),
        _variant('HEALTHCHECK --interval=30s --timeout=3s --retries=3 \\\\\n    CMD ["python", "-c", "import '
                 'urllib.request; urllib.request.urlopen(\'http://127.0.0.1:8000/health\')"]\n', ''),
        _variant('"--port", "8000"]', '"--port", "80"]'),
        _variant('CMD ["python", "-c", "import urllib.request; urllib.request.urlopen(\'http://127.0.0.1:8000/health\')"]',
                 'CMD ["curl", "--fail", "http://127.0.0.1:8000/health"]'),
        _variant('CMD ["python", "-c", "import urllib.request; urllib.request.urlopen(\'http://127.0.0.1:8000/health\')"]',
                 'CMD ["python", "-c", "import urllib.request; urllib.request.urlopen(\'http://127.0.0.1:8080/health\')"]'),
        *BLIND["p3.container.dockerfile"]["wrong"]],
    hints=[
        "Order matters for caching: `FROM`, `WORKDIR`, copy only the requirements file, install from "
        "it with pip (no cache), and only then copy the service and the model.",
        "A non-root user: create one in a `RUN` (`useradd --no-log-init ... app`) and switch with `USER app` "
        "before `CMD`. Pin the base image with a full version tag such as `python:3.12.8-slim-bookworm`.",
        "Exec form is a JSON list of words: uvicorn, the app (`serve:app`), then `--host 0.0.0.0` and "
        "the port you exposed, each its own string; the image has no curl, so the `HEALTHCHECK` can "
        "call `python -c` with urllib.",
    ],
)
def dockerfile(answer):
    from ....labs import linters
    from ._mlops import source_text

    text = source_text(answer, "dockerfile")
    findings = [f for f in linters.hadolint(text) if f.get("level") in ("error", "warning")]
    if findings:
        first = findings[0]
        raise Incorrect(f"hadolint: line {first.get('line')}: {first.get('code')} {first.get('message')}"
                        + (f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""))
    steps = linters.instructions(text)
    keywords = [s.keyword for s in steps]
    froms = [s for s in steps if s.keyword == "FROM"]
    if not froms:
        raise Incorrect("the Dockerfile has no FROM line: start from a base image")
    words = [w for w in froms[-1].args.split() if not w.startswith("--")]
    image = words[0] if words else ""
    if "@sha256:" not in image:
        tag = image.rsplit(":", 1)[1] if ":" in image.rsplit("/", 1)[-1] else ""
        if not re.search(r"\d+\.\d+", tag):
            raise Incorrect(f"the base image {image!r} is not pinned: use a full version tag "
                            "(python:3.12.8-slim-bookworm) or a digest (@sha256:...), so a rebuild "
                            "gets the same image")
    _check_layer_order(steps)
    _check_user(steps)
    _check_secrets(steps)
    exposed = [s for s in steps if s.keyword == "EXPOSE"]
    if not exposed:
        raise Incorrect("no EXPOSE: document the port the service listens on")
    ports = {p.split("/")[0] for s in exposed for p in s.args.split()}
    health = [s for s in steps if s.keyword == "HEALTHCHECK"]
    if not health or health[-1].args.upper().startswith("NONE"):
        raise Incorrect("no HEALTHCHECK: let Docker ask /health, so a hung service is marked unhealthy")
    if "/health" not in health[-1].args:
        raise Incorrect("the HEALTHCHECK should call the service's /health route")
    _check_health_tool(health[-1].args, image, steps)
    cmd = [s for s in steps if s.keyword == "CMD"]
    if not cmd:
        raise Incorrect("no CMD: say how the container starts the service")
    try:
        argv = json.loads(cmd[-1].args)
    except ValueError:
        argv = None
    if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv):
        raise Incorrect("CMD is in shell form; use the exec form, a JSON list of strings, so "
                        "uvicorn is PID 1 "
                        "and gets the stop signal")
    joined = " ".join(argv)
    if "uvicorn" not in joined or "serve:app" not in joined:
        raise Incorrect("CMD should start uvicorn with serve:app")
    if not re.search(r"--host[= ]0\.0\.0\.0", joined):
        raise Incorrect("inside a container uvicorn must listen on 0.0.0.0 (--host 0.0.0.0), or nothing "
                        "outside the container reaches it")
    port = re.search(r"--port[= ](\d+)", joined)
    if not port or port.group(1) not in ports:
        raise Incorrect(f"CMD listens on {port.group(1) if port else 'the default port 8000'}, EXPOSE says "
                        f"{', '.join(sorted(ports))}: make them the same")
    if keywords.index("CMD") < max(i for i, k in enumerate(keywords) if k == "USER"):
        raise Incorrect("switch USER before CMD")
    checked = re.search(r"(?:localhost|127\.0\.0\.1|0\.0\.0\.0):(\d+)", health[-1].args)
    if checked and checked.group(1) != port.group(1):
        raise Incorrect(f"the HEALTHCHECK asks port {checked.group(1)}, but uvicorn listens on "
                        f"{port.group(1)}: the container would be marked unhealthy")
    return ("hadolint is happy and so is the checklist: pinned base, cached dependency layer, a "
            "non-root user, "
            "no secrets, a health check and an exec-form CMD.")


def _check_health_tool(args: str, image: str, steps: list) -> None:
    """The HEALTHCHECK's program must exist in the image: slim and alpine images ship no curl."""
    command = re.sub(r"^(--\S+\s+)*CMD\s+", "", args.strip(), flags=re.IGNORECASE)
    try:
        argv = json.loads(command) if command.startswith("[") else command.split()
    except ValueError:
        argv = command.split()
    program = str(argv[0]).rsplit("/", 1)[-1] if argv else ""
    if program in ("sh", "bash") and len(argv) > 2:
        program = str(argv[2]).split()[0].rsplit("/", 1)[-1]
    if program not in ("curl", "wget"):
        return
    lean = re.search(r"slim|alpine|distroless", image)
    installer = rf"(apt-get|apt|apk|yum|dnf)\b[^\n]*\b{program}\b"
    installed = any(s.keyword == "RUN" and re.search(installer, s.args) for s in steps)
    if lean and not installed and not (program == "wget" and "alpine" in image):
        raise Incorrect(f"the HEALTHCHECK runs {program}, which {image} does not have (slim images ship "
                        f"without it): every check would fail; use `python -c` with urllib, or install "
                        f"{program}")


def _sources(args: str) -> list[str]:
    words = [w for w in args.split() if not w.startswith("--")]
    if args.strip().startswith("["):
        try:
            words = json.loads(args)
        except ValueError:
            pass
    return words[:-1]


def _check_layer_order(steps: list) -> None:
    installs = [i for i, s in enumerate(steps) if s.keyword == "RUN" and re.search(r"pip3? install", s.args)]
    if not installs:
        raise Incorrect("no RUN pip install: the image needs the service's dependencies")
    first_install = installs[0]
    copies = [(i, _sources(s.args)) for i, s in enumerate(steps) if s.keyword in ("COPY", "ADD")]
    code = [i for i, sources in copies if any(not re.fullmatch(r"\.?/?requirements[\w.-]*\.txt", src)
                                                  for src in sources)]
    if code and code[0] < first_install:
        raise Incorrect("the code is copied before the dependencies are installed: every code change then "
                        "reinstalls everything; copy requirements.txt, install, and copy the code after")
    reqs = [i for i, sources in copies if any("requirements" in src for src in sources)]
    if not reqs or reqs[0] > first_install:
        raise Incorrect("copy requirements.txt into the image before the RUN that installs from it")


def _check_user(steps: list) -> None:
    users = [s for s in steps if s.keyword == "USER"]
    if not users:
        raise Incorrect("the container runs as root: create a user and switch to it with USER")
    name = users[-1].args.split(":")[0].strip()
    if name in ("root", "0"):
        raise Incorrect("the last USER is root: switch to an unprivileged user")
    created = any(s.keyword == "RUN" and re.search(r"\b(useradd|adduser)\b", s.args) and name in s.args
                  for s in steps)
    if not created and not name.isdigit():
        raise Incorrect(f"USER {name} is never created: add it with useradd (or use a numeric uid)")


def _check_secrets(steps: list) -> None:
    for s in steps:
        if s.keyword in ("ENV", "ARG"):
            names = re.findall(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)(?==|\s|$)", s.args)
            secret = [n for n in names if _SECRET_NAME.search(n)]
            if secret:
                raise Incorrect(f"line {s.line}: {s.keyword} {secret[0]} puts a secret in the image, where "
                                "anyone with the image can read it; pass secrets at run time")
        if s.keyword in ("COPY", "ADD"):
            bad = [src for src in _sources(s.args) if _SECRET_FILE.search(src)]
            if bad:
                raise Incorrect(f"line {s.line}: {s.keyword} {bad[0]} copies a secret into the image")
