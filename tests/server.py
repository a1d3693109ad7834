"""The throw-away `oxigraph serve` of benchmarks/server.py, skipping the test when it is not installed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmarks import server
from benchmarks.server import free_port, oxigraph_binary

__all__ = ["oxigraph_binary", "oxigraph_server", "free_port"]


@contextmanager
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """Run `oxigraph serve` on a store in tmp_path; yield its base URL.  Skips when not installed."""
    if oxigraph_binary() is None:
        pytest.skip("the oxigraph server CLI is not installed (pip install 'oxigraph>=0.5,<0.6')")
    with server.oxigraph_server(tmp_path) as url:
        yield url
