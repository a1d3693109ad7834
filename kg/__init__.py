"""geokg: knowledge graphs of geopolitical entities from German and English news."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
