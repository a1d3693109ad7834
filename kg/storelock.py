"""Advisory locks that let one writer and any number of readers share an embedded store.

Oxigraph 0.5 lets one process open a store read-write (RocksDB's LOCK file), and opening it
read-only while another process writes is undefined behaviour (pyoxigraph's ``Store.read_only``
docs; RocksDB may delete files under the reader).  So readers and the writer take turns:

    the store folder itself   flock EX, held by the writer for its whole run: a second writer is busy
    kg-access.lock            EX while the writer has RocksDB open (one transaction at a time),
                              SH while a reader has it open read-only

flock locks belong to an open file, so they also exclude each other inside one process, and
the kernel drops them when a process dies, even by SIGKILL.  Without fcntl (Windows) or without
write access to the folder, locks are skipped: RocksDB's own LOCK still stops a second writer.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from kg.errors import StoreBusyError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["StoreLocks", "READER_WAIT_SECONDS", "ACCESS_LOCK"]

READER_WAIT_SECONDS = 120.0
"""How long a reader waits for a writer's transaction (or a reader for a writer) before giving up."""

ACCESS_LOCK = "kg-access.lock"
_POLL_SECONDS = 0.02
_WRITING: set[Path] = set()  # folders this process writes to: a reader here would wait for itself


class StoreLocks:
    """The locks of one store folder, as held by one EmbeddedStore."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.enabled = fcntl is not None
        self._writer: int | None = None
        self._access: int | None = None

    def claim_writer(self) -> None:
        """Become the store's only writer, or raise StoreBusyError at once."""
        if not self.enabled:
            return
        key = self.folder.resolve()
        fd = os.open(self.folder, os.O_RDONLY)
        if key in _WRITING or not _try(fd, fcntl.LOCK_EX):
            os.close(fd)
            raise StoreBusyError(
                f"{self.folder}: store is busy — another kg process is writing to it; wait for it to finish"
            )
        self._writer = fd
        _WRITING.add(key)

    def take_access(self, *, exclusive: bool, wait: float | None) -> None:
        """Wait until RocksDB may be opened: alone (the writer) or beside other readers."""
        if not self.enabled or self._access is not None:
            return
        if not exclusive and self.folder.resolve() in _WRITING:
            raise StoreBusyError(f"{self.folder}: store is busy — this process writes to it; close that store first")
        path = self.folder / ACCESS_LOCK
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except PermissionError:
            if path.exists():
                fd = os.open(path, os.O_RDONLY)  # flock needs no write access
            elif exclusive:
                raise
            else:
                self.enabled = False  # a folder we may only read: nobody writes it through kg as us
                return
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        deadline = None if wait is None else time.monotonic() + wait
        while not _try(fd, mode):
            if deadline is not None and time.monotonic() >= deadline:
                os.close(fd)
                raise StoreBusyError(
                    f"{self.folder}: store is busy — a writer has held it for over {wait:.0f} s; try again later"
                )
            time.sleep(_POLL_SECONDS)
        self._access = fd

    def drop_access(self) -> None:
        """Let others open RocksDB (call only once this process has closed it)."""
        if self._access is not None:
            os.close(self._access)
            self._access = None

    def release(self) -> None:
        """Drop every lock; closing a file releases its flock."""
        self.drop_access()
        if self._writer is not None:
            os.close(self._writer)
            self._writer = None
            _WRITING.discard(self.folder.resolve())

    def __del__(self) -> None:
        self.release()  # a store that was never closed must not keep others waiting


def _try(fd: int, mode: int) -> bool:
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
