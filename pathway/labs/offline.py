"""Fail loudly instead of hanging: refuse every network connection that is not to this machine.

On a machine without network a connection attempt can wait for a long timeout; with this guard on,
it fails at once with `NetworkRefused` naming the address, so a test or a notebook run shows what
tried to phone home. Loopback (127.0.0.0/8, ::1, localhost) and Unix sockets stay allowed: the
workbook's own servers run there.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
from collections.abc import Iterator
from typing import Any

# The documented opt-outs of the libraries the MLOps notebook uses, set before they are imported:
# MLflow (3.2+; https://mlflow.org/docs/latest/community/usage-tracking) and onnxruntime, whose Linux and
# macOS wheels send usage events and write a device id under ~/.cache unless ORT_DISABLE_TELEMETRY is
# set before it starts (microsoft/onnxruntime#27379; #29843 renames it ORT_TELEMETRY_DISABLED).
TELEMETRY_OFF = {
    "MLFLOW_DISABLE_TELEMETRY": "true",
    "DO_NOT_TRACK": "true",
    "ORT_DISABLE_TELEMETRY": "1",
    "ORT_TELEMETRY_DISABLED": "1",
}


def telemetry_off() -> None:
    """Opt out of the libraries' usage telemetry, for this process and the processes it starts.

    `setdefault`: a learner who opted in on purpose keeps the choice."""
    for key, value in TELEMETRY_OFF.items():
        os.environ.setdefault(key, value)


_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


class NetworkRefused(OSError):
    """A connection to another machine was attempted while the network guard was on."""


def is_loopback(host: Any) -> bool:
    """Whether `host` (a name or an address) is this machine."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").split("%")[0]
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_installed: list[tuple[Any, Any, Any]] = []
attempts: list[str] = []


LOG_ENV = "PATHWAY_NETWORK_LOG"  # a file to append refused attempts to (a library may swallow the error)


def _check(address: Any) -> None:
    if isinstance(address, tuple) and address and not is_loopback(address[0]):
        attempts.append(str(address[:2]))
        log = os.environ.get(LOG_ENV)
        if log:
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()} {address[:2]!r}\n")
        raise NetworkRefused(f"network access refused (offline guard): {address[:2]!r}")


def install() -> None:
    """Turn the guard on for this process (idempotent)."""
    if _installed:
        return
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex
    original_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _check(address)
        return original_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _check(address)
        return original_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not is_loopback(host):
            _check((host, args[0] if args else None))
        return original_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo
    _installed.append((original_connect, original_connect_ex, original_getaddrinfo))


def install_from_env() -> None:
    """Turn the guard on when `PATHWAY_OFFLINE_GUARD=1` (for a sitecustomize.py in every child process)."""
    if os.environ.get("PATHWAY_OFFLINE_GUARD") == "1":
        install()


def uninstall() -> None:
    """Turn the guard off again."""
    if not _installed:
        return
    connect, connect_ex, getaddrinfo = _installed.pop()
    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo


@contextlib.contextmanager
def guard() -> Iterator[list[str]]:
    """The guard for a block; yields the list of refused attempts."""
    was_on = bool(_installed)
    install()
    try:
        yield attempts
    finally:
        if not was_on:
            uninstall()
