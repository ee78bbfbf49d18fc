"""Serving a model for real: write a service's source to a folder, import it, run it with uvicorn.

The notebooks teach a prediction service as the file it is in production (`serve.py`), so the
same source runs under FastAPI's test client, under uvicorn in a child process (as `uvicorn serve:app`
runs it) or in a thread of this process (`app_server`: the checks, which must answer in milliseconds),
and in a container.
Every server here binds to 127.0.0.1 on a free port and is stopped by the context manager that
started it, also when the code inside fails. FastAPI and uvicorn are imported only inside functions.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import socket
import subprocess
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def write_module(source: str, folder: str | Path, name: str = "serve") -> Path:
    """Write `source` as `folder/name.py` (the file a container would copy) and return its path."""
    if not isinstance(source, str):
        raise TypeError(f"the service source should be a string of Python code, got {type(source).__name__}")
    path = Path(folder) / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    return path


def import_module(path: str | Path, env: Mapping[str, str] | None = None) -> ModuleType:
    """Import a service file under a unique module name, with `env` set while it imports.

    The variables stay set afterwards for this process only if they were set before; a service
    that reads its settings at import time (routes, model path) sees them.
    """
    path = Path(path)
    name = f"_pathway_service_{uuid.uuid4().hex[:8]}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    with environment(env or {}):
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        finally:
            sys.modules.pop(name, None)
    return module


@contextlib.contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for the block, then restore what was there."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update({k: str(v) for k, v in values.items()})
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


@dataclass
class Server:
    """A running uvicorn child process: where to reach it, and the process to stop."""

    url: str
    port: int
    process: subprocess.Popen

    def log(self) -> str:
        """What the server printed so far (only once it has stopped)."""
        if self.process.poll() is None or self.process.stdout is None:
            return ""
        return self.process.stdout.read().decode("utf-8", "replace")[-2000:]


@contextlib.contextmanager
def uvicorn_server(
    folder: str | Path, app: str = "serve:app", *, env: Mapping[str, str] | None = None,
    port: int | None = None, health: str = "/health", timeout: float = 20.0,
) -> Iterator[Server]:
    """Run `uvicorn APP` from `folder` on 127.0.0.1 in a child process until the block ends.

    Waits until `health` answers (or the child dies, or `timeout` passes: then raises with what it
    printed), and always stops the child, killing it if it ignores the polite request.
    """
    import httpx

    port = port or free_port()
    child_env = {**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"}
    child_env["PYTHONPATH"] = os.pathsep.join(p for p in (str(folder), child_env.get("PYTHONPATH", "")) if p)
    command = [sys.executable, "-m", "uvicorn", app, "--host", HOST, "--port", str(port),
               "--log-level", "warning", "--no-access-log"]
    process = subprocess.Popen(command, cwd=str(folder), env=child_env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = Server(f"http://{HOST}:{port}", port, process)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with code {process.returncode} before it answered:\n"
                                   f"{server.log()}")
            try:
                if httpx.get(server.url + health, timeout=1.0).status_code < 500:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"the server did not answer {health} within {timeout:.0f} s")
            time.sleep(0.1)
        yield server
    finally:
        stop(process)


class AppFailed(RuntimeError):
    """The app did not start (or stopped) under uvicorn: `reason` in one line, `details` its traceback."""

    def __init__(self, reason: str, details: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.details = details


class _Captured(logging.Handler):
    """Keeps what uvicorn logs while an app starts: the first exception and its traceback."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.reason = ""
        self.details: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None and not self.reason:
            exc = record.exc_info[1]
            said = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
            self.reason = f"{type(exc).__name__}{': ' + said if said else ''}"
            self.details.append("".join(traceback.format_exception(*record.exc_info)))
        else:
            text = record.getMessage()
            self.details.append(text)
            lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
            if not self.reason and "Traceback" in text and lines:  # Starlette sends it as text
                self.reason = lines[-1][:200]


@dataclass
class InProcessServer:
    """An app served by uvicorn in a thread of this process: where to reach it."""

    url: str
    port: int


def http_client(timeout: float = 10.0) -> Any:
    """An httpx client that sends small requests at once (TCP_NODELAY): no 40 ms wait on localhost."""
    import httpx

    transport = httpx.HTTPTransport(verify=False,  # plain HTTP to 127.0.0.1: no certificates to load
                                    socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])
    return httpx.Client(timeout=timeout, transport=transport)


def bound_socket() -> socket.socket:
    """A listening-ready socket on 127.0.0.1 at a port the OS picks (nothing else can take it)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # inherited by accepted connections
    sock.bind((HOST, 0))
    return sock


def _quick_server_class() -> type:
    import asyncio

    import uvicorn

    class QuickServer(uvicorn.Server):
        """uvicorn's server, looking for `should_exit` every 5 ms instead of every 100 ms."""

        async def main_loop(self) -> None:
            counter = 0
            should_exit = await self.on_tick(counter)
            while not should_exit:
                counter = (counter + 1) % 864000
                await asyncio.sleep(0.005)
                should_exit = await self.on_tick(counter) if counter % 20 == 0 else self.should_exit

        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            """uvicorn's shutdown without its fixed 100 ms pauses: close, let requests end, stop."""
            for server in self.servers:
                server.close()
            for sock in sockets or []:
                sock.close()
            for connection in list(self.server_state.connections):
                connection.shutdown()
            deadline = time.monotonic() + 2.0
            while (self.server_state.connections or self.server_state.tasks) and time.monotonic() < deadline:
                await asyncio.sleep(0.002)
            for task in self.server_state.tasks:
                task.cancel()
            for server in self.servers:
                await server.wait_closed()
            await self.lifespan.shutdown()

    return QuickServer


def _QuickServer(config: Any) -> Any:  # noqa: N802 - builds the class lazily (uvicorn imported late)
    return _quick_server_class()(config)


@contextlib.contextmanager
def app_server(app: Any, *, sock: socket.socket | None = None,
               timeout: float = 10.0) -> Iterator[InProcessServer]:
    """Serve an ASGI `app` with uvicorn, over real HTTP on 127.0.0.1, in a thread of this process.

    Starting takes milliseconds (no new interpreter, the app already imported). The server runs
    its lifespan first; when the app fails to start this raises `AppFailed` with one line saying
    what failed and the traceback as details. The server is always stopped when the block ends.
    """
    import uvicorn

    sock = sock or bound_socket()
    port = int(sock.getsockname()[1])
    config = uvicorn.Config(app, lifespan="on", log_config=None, access_log=False)
    server = _QuickServer(config)
    captured = _Captured()
    logger = logging.getLogger("uvicorn.error")
    saved = logger.level, logger.propagate
    logger.addHandler(captured)
    logger.setLevel(logging.ERROR)
    logger.propagate = False

    def run() -> None:
        with contextlib.suppress(SystemExit):  # uvicorn exits when the app fails to start: told above
            server.run(sockets=[sock])

    thread = threading.Thread(target=run, daemon=True, name=f"uvicorn-{port}")
    thread.start()
    try:
        deadline = time.monotonic() + timeout
        while not server.started:
            if not thread.is_alive() or captured.reason:
                raise AppFailed(captured.reason or "the server stopped before it started",
                                "\n".join(captured.details))
            if time.monotonic() > deadline:
                raise AppFailed(f"the app did not start within {timeout:g} s", "\n".join(captured.details))
            time.sleep(0.002)
        yield InProcessServer(f"http://{HOST}:{port}", port)
    finally:
        server.should_exit = True
        thread.join(timeout=5)
        sock.close()
        logger.removeHandler(captured)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def stop(process: subprocess.Popen, grace: float = 5.0) -> None:
    """Stop a child process: terminate, wait `grace` seconds, then kill. Never leaves it running."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=grace)
    if process.stdout is not None and process.poll() is not None and not process.stdout.closed:
        with contextlib.suppress(Exception):
            process.stdout.close()


def latency(url: str, payload: Any, n: int = 50, *, client: Any = None) -> dict[str, float]:
    """POST `payload` to `url` `n` times over one connection; the latency percentiles in ms."""
    import httpx
    import numpy as np

    times = []
    own = client is None
    client = client or httpx.Client(timeout=10.0)
    try:
        for _ in range(n):
            start = time.perf_counter()
            response = client.post(url, json=payload)
            response.raise_for_status()
            times.append((time.perf_counter() - start) * 1000)
    finally:
        if own:
            client.close()
    ms = np.asarray(times)
    return {"requests": float(n), "p50_ms": float(np.percentile(ms, 50)),
            "p95_ms": float(np.percentile(ms, 95)), "max_ms": float(ms.max())}
