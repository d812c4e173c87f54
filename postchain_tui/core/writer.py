"""A writer that keeps the disk away from the caller: one write at a time, in a thread of its own.

Writes are done in the order they are given. A write still waiting when a newer one is given is
dropped, because the newer one holds everything the older one did (a session saved whole each
time): an older save can never land after a newer one, and a slow disk is never asked to catch
up with saves nobody needs any more.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class LatestWriter(Generic[T]):
    """Hands each item to ``write`` in a thread, one at a time, keeping only the latest waiting.

    Args:
        write: does the writing; called in the writer's thread. It must not raise: whatever
            it has to report it reports itself.
        name: the thread's name, for a debugger or a stack dump.
    """

    def __init__(self, write: Callable[[T], None], name: str = "writer") -> None:
        self._write = write
        self._name = name
        self._changed = threading.Condition()
        self._waiting: list[T] = []
        self._busy = False

    def submit(self, item: T) -> None:
        """Write ``item`` after the write under way, instead of any that waits for it."""
        with self._changed:
            self._waiting = [item]
            if self._busy:
                return
            self._busy = True
        # Not a daemon: an interpreter that is exiting waits for the write under way.
        threading.Thread(target=self._drain, name=self._name).start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until everything given so far is written.

        Args:
            timeout: seconds to wait at most; None waits as long as it takes.

        Returns:
            True when nothing is left to write.
        """
        with self._changed:
            return self._changed.wait_for(lambda: not self._busy, timeout)

    @property
    def busy(self) -> bool:
        """True while a write is under way or waiting."""
        with self._changed:
            return self._busy

    def _drain(self) -> None:
        try:
            while True:
                with self._changed:
                    if not self._waiting:
                        self._idle()
                        return
                    item = self._waiting.pop()
                self._write(item)
        except BaseException:
            # A writer that stayed busy after a write raised would hold every wait.
            with self._changed:
                self._idle()
            raise

    def _idle(self) -> None:
        self._busy = False
        self._changed.notify_all()
