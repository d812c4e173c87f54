"""A machine whose speech engine says nothing: it records what it was asked to say."""

from __future__ import annotations

from postchain_tui.core.speech import Utterance
from postchain_tui.voice import SpeechSystem


class QuietProcess:
    """A speech process that speaks until ended."""

    def __init__(self) -> None:
        self.status: int | None = None

    def poll(self) -> int | None:
        return self.status

    def terminate(self) -> None:
        self.status = -15


def silent_machine(
    *installed: str, platform: str = "linux"
) -> tuple[SpeechSystem, list[list[str]]]:
    """A Linux machine with ``installed`` on PATH (``espeak-ng`` when none are named).

    Returns:
        The machine, and the list every speech process's arguments are added to.
    """
    programs = installed or ("espeak-ng",)
    said: list[list[str]] = []

    def which(name: str) -> str | None:
        return f"/usr/bin/{name}" if name in programs else None

    def launch(spoken: Utterance) -> QuietProcess:
        said.append(spoken.arguments)
        return QuietProcess()

    return SpeechSystem(platform=platform, which=which, launch=launch), said
