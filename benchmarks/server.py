"""Start and stop a throw-away `oxigraph serve` on a free loopback port: for the tests that need a
server (through tests/server.py) and for the remote-store benchmark."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["NoServerBinary", "oxigraph_binary", "oxigraph_server", "free_port"]

_READY_TIMEOUT = 15.0
_STOP_TIMEOUT = 5.0


class NoServerBinary(RuntimeError):
    """The `oxigraph` server CLI is not installed."""


def oxigraph_binary() -> Path | None:
    """The `oxigraph` CLI of this venv (PyPI package `oxigraph`), else one on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return beside
    found = shutil.which("oxigraph")
    return Path(found) if found else None


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """Run `oxigraph serve` on a store in tmp_path; yield its base URL (http://127.0.0.1:PORT)."""
    binary = oxigraph_binary()
    if binary is None:
        raise NoServerBinary("the oxigraph server CLI is not installed (pip install 'oxigraph>=0.5,<0.6')")
    location = tmp_path / "oxigraph"
    location.mkdir(parents=True, exist_ok=True)
    log = (tmp_path / "oxigraph.log").open("wb")
    try:
        for _attempt in range(3):  # another process may take the port between free_port() and bind
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            process = subprocess.Popen([str(binary), "serve", "--location", str(location),
                                        "--bind", f"127.0.0.1:{port}"],
                                       stdout=log, stderr=subprocess.STDOUT)
            deadline = time.monotonic() + _READY_TIMEOUT
            while process.poll() is None and time.monotonic() < deadline and not _answers(base):
                time.sleep(0.02)
            if process.poll() is None and _answers(base):
                break
            _stop(process)
        else:
            text = (tmp_path / "oxigraph.log").read_text(errors="replace").strip().splitlines()
            raise RuntimeError(f"oxigraph serve did not start: {text[-1] if text else 'no output'}")
        try:
            yield base
        finally:
            _stop(process)
    finally:
        log.close()
