"""Refreshing the session index in a thread of its own, which can be stopped.

Until its last batch is stored the index counts as unbuilt, and the next refresh reads what is
missing, so a refresh stopped (when the app closes) or cut off loses nothing but time.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from postchain_tui.core.history import SessionIndex

STOP_WAIT_S = 2.0
"""How long closing waits for a background refresh to store its batch and stop."""


class BackgroundRefresh:
    """A full refresh of an index file in a thread of its own, which can be stopped.

    The thread has its own connection (SQLite connections stay in the thread that opened
    them), runs at the lowest priority where the system sets that per thread, and reads the
    files itself: worker processes would take CPU from whatever the program is busy with, and
    forking a process that runs threads is not safe. Its batches are stored as they are read,
    and a stopped or failed refresh leaves an index that counts as unbuilt
    (:meth:`SessionIndex.refresh`), so nothing is lost but time.

    Args:
        sessions_dir: the sessions folder.
        index_path: the index file to bring up to date.
        clock_ns: the wall clock in nanoseconds since the epoch.
    """

    def __init__(
        self,
        sessions_dir: Path,
        index_path: Path,
        clock_ns: Callable[[], int] = time.time_ns,
    ) -> None:
        self.sessions_dir = sessions_dir
        self.index_path = index_path
        self.clock_ns = clock_ns
        self._stop = threading.Event()
        # A daemon, so that a refresh stuck on a slow disk cannot keep the program from
        # exiting; one cut off mid-write leaves SQLite's journal, which the next reader rolls
        # back.
        self._thread = threading.Thread(target=self._run, name="postchain-index", daemon=True)

    def start(self) -> None:
        """Start refreshing."""
        self._thread.start()

    @property
    def running(self) -> bool:
        """True from :meth:`start` until the refresh has ended, complete or not."""
        return self._thread.is_alive()

    def stop(self, wait_s: float | None = None) -> None:
        """Ask the refresh to stop after the batch it is reading, and wait for it to.

        Args:
            wait_s: the longest wait, in seconds; ``STOP_WAIT_S`` when None.
        """
        self._stop.set()
        self.wait(STOP_WAIT_S if wait_s is None else wait_s)

    def wait(self, timeout_s: float | None = None) -> bool:
        """Wait for the refresh to end, complete or not.

        Args:
            timeout_s: the longest wait in seconds; None waits as long as it takes.

        Returns:
            True when it has ended (or was never started).
        """
        if self._thread.ident is not None:
            self._thread.join(timeout_s)
        return not self._thread.is_alive()

    def _run(self) -> None:
        _lower_this_threads_priority()
        try:
            with SessionIndex.open(self.sessions_dir, self.index_path, self.clock_ns) as index:
                if not index.in_memory:  # a refresh kept in memory would be lost with it
                    index.refresh(stop=self._stop)
        except (OSError, sqlite3.Error):
            pass  # the index is a cache: whoever reads the log next refreshes it again


def _lower_this_threads_priority() -> None:
    # Linux keeps a nice value per thread; elsewhere the call would slow the whole program.
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
