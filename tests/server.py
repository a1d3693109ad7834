"""The throw-away `oxigraph serve` of benchmarks/server.py, skipping the test when it is not installed."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is a folder of the repository, not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks import server  # noqa: E402
from benchmarks.server import free_port, oxigraph_binary  # noqa: E402

__all__ = ["oxigraph_binary", "oxigraph_server", "free_port"]


@contextmanager
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """Run `oxigraph serve` on a store in tmp_path; yield its base URL.  Skips when not installed."""
    if oxigraph_binary() is None:
        pytest.skip("the oxigraph server CLI is not installed (pip install 'oxigraph>=0.5,<0.6')")
    with server.oxigraph_server(tmp_path) as url:
        yield url
