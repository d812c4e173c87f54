"""The offer to resume sessions that a crash, a closed terminal or a power cut cut off.

On start the app asks about each interrupted session in turn, newest first: resume it, keep it
in the log as incomplete, or discard it (which asks again before anything is deleted).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from postchain_tui.core.catalog import Catalog
from postchain_tui.core.counting import session_counts
from postchain_tui.core.durations import format_duration
from postchain_tui.core.plan import PlannedStep
from postchain_tui.core.record import SessionFileError
from postchain_tui.core.results_text import sets_text
from postchain_tui.core.resume import InterruptedSession, sessions_to_offer
from postchain_tui.core.routine import Routine
from postchain_tui.core.running import forget_marker
from postchain_tui.core.store import SessionStore
from postchain_tui.screens.confirm import ConfirmationModal
from postchain_tui.screens.dialog import Dialog

MAX_PROBLEMS_LISTED = 5


class ResumeChoice(StrEnum):
    """What to do with an interrupted session."""

    RESUME = "resume"
    KEEP = "keep"
    DISCARD = "discard"


def progress_text(offer: InterruptedSession) -> str:
    """How far an interrupted session got, in words.

    Args:
        offer: the session.

    Returns:
        e.g. ``6/12 sets done, 4:10 in.``
    """
    log = offer.log
    return f"{sets_text(session_counts(log))}, {format_duration(log.active_s + log.paused_s)} in."


def started_text(offer: InterruptedSession) -> str:
    """When an interrupted session started, e.g. ``Started Sun 22 Nov 2026 at 07:15.``"""
    return f"Started {offer.log.started_at.strftime('%a %d %b %Y at %H:%M')}."


class ResumeModal(Dialog[ResumeChoice]):
    """Asks what to do with one interrupted session.

    ``r`` resumes (when it can be), ``s`` saves it as incomplete, ``d`` discards it. Escape
    answers "save as incomplete", which changes nothing in the log.

    Args:
        offer: the interrupted session.
    """

    DEFAULT_CSS = """
    ResumeModal #resume-routine {
        text-style: bold;
    }
    ResumeModal #resume-why-not {
        margin-top: 1;
        color: $warning;
    }
    ResumeModal Button {
        margin-right: 1;
    }
    """

    BINDINGS = [
        Binding("r", "choose('resume')", "Resume", id="resume.resume"),
        Binding(
            "s,escape", "choose('keep')", "Save as incomplete", key_display="s", id="resume.keep"
        ),
        Binding("d", "choose('discard')", "Discard", id="resume.discard"),
    ]

    def __init__(self, offer: InterruptedSession) -> None:
        super().__init__()
        self.offer = offer

    @property
    def can_resume(self) -> bool:
        """True when the session's routine still fits what was done."""
        return self.offer.resume_at is not None

    def compose(self) -> ComposeResult:
        """The session named, how far it got, and the three answers."""
        log = self.offer.log
        with Vertical(id="resume-dialog", classes="dialog"):
            yield Static(
                "A session was cut off before it ended",
                id="resume-heading",
                classes="dialog-heading",
            )
            yield Static(log.title or log.routine, id="resume-routine", markup=False)
            yield Static(
                f"{started_text(self.offer)} {progress_text(self.offer)}", id="when", markup=False
            )
            if not self.can_resume:
                yield Static(
                    f"It cannot be resumed. {self.offer.why_not_resumable}",
                    id="resume-why-not",
                    markup=False,
                )
            with Horizontal(id="resume-buttons", classes="dialog-buttons"):
                yield Button(
                    "Resume (r)", id="resume", variant="success", disabled=not self.can_resume
                )
                yield Button("Save as incomplete (s)", id="keep", variant="primary")
                yield Button("Discard (d)", id="discard", variant="error")

    def on_mount(self) -> None:
        """Focus resuming when it is possible, keeping the session as it is otherwise."""
        self.query_one("#resume" if self.can_resume else "#keep", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``r`` is offered only when the session can be resumed."""
        if action == "choose" and parameters == ("resume",):
            return self.can_resume or None
        return True

    @on(Button.Pressed, "#resume")
    def resume_pressed(self, event: Button.Pressed) -> None:
        """Resume the session."""
        event.stop()
        self.action_choose("resume")

    @on(Button.Pressed, "#keep")
    def keep_pressed(self, event: Button.Pressed) -> None:
        """Keep the session as it is, incomplete."""
        event.stop()
        self.action_choose("keep")

    @on(Button.Pressed, "#discard")
    def discard_pressed(self, event: Button.Pressed) -> None:
        """Discard the session."""
        event.stop()
        self.action_choose("discard")

    def action_choose(self, choice: str) -> None:
        """Answer.

        Args:
            choice: a :class:`ResumeChoice` value.
        """
        self.dismiss(ResumeChoice(choice))


def problems_text(problems: list[SessionFileError]) -> str:
    """One notification's text for interrupted sessions that cannot be offered.

    Args:
        problems: one per session file missing or unreadable; must not be empty.

    Returns:
        The first few files and why, and how many more.
    """
    lines = [
        f"• {error.path.name if error.path else ''}: {error.message}"
        for error in problems[:MAX_PROBLEMS_LISTED]
    ]
    if len(problems) > MAX_PROBLEMS_LISTED:
        lines.append(f"…and {len(problems) - MAX_PROBLEMS_LISTED} more")
    return "\n".join(lines)


class ResumeOffers:
    """Asks about each interrupted session in turn and acts on the answers.

    Resuming one ends the questions: the rest are asked about on the next start.

    Args:
        app: the app to ask in.
        offers: the sessions, newest first.
        running_dir: the folder of running markers.
        store: the session files.
        resume: called with the session to resume.
        done: called once every session has been answered without resuming one.
    """

    def __init__(
        self,
        app: App[Any],
        offers: list[InterruptedSession],
        *,
        running_dir: Path,
        store: SessionStore,
        resume: Callable[[InterruptedSession], None],
        done: Callable[[], None],
    ) -> None:
        self.app = app
        self.waiting = list(offers)
        self.running_dir = running_dir
        self.store = store
        self.resume = resume
        self.done = done

    def ask_next(self) -> None:
        """Ask about the next session, or hand over when none is left."""
        if not self.waiting:
            self.done()
            return
        offer = self.waiting[0]
        self.app.push_screen(ResumeModal(offer), callback=self._answered)

    def _answered(self, choice: ResumeChoice | None) -> None:
        offer = self.waiting[0]
        if choice is ResumeChoice.RESUME:
            self.waiting.clear()
            self.resume(offer)
        elif choice is ResumeChoice.DISCARD:
            self.app.push_screen(
                ConfirmationModal(
                    "Discard this session?",
                    f"{offer.log.title or offer.log.routine}: {started_text(offer)} "
                    f"{progress_text(offer)} It is deleted from your training log.",
                    yes_label="Discard",
                    no_label="Keep it",
                ),
                callback=self._discard_answered,
            )
        else:
            forget_marker(self.running_dir, offer.log.id)
            self._move_on()

    def _discard_answered(self, discard: bool | None) -> None:
        if not discard:
            self.ask_next()  # the same session again
            return
        offer = self.waiting[0]
        try:
            self.store.delete(offer.log.id)
        except OSError as error:
            self.app.notify(
                f"Could not delete {self.store.path_for(offer.log.id)}: "
                f"{error.strerror or error}. It is kept in the log as incomplete.",
                title="Not discarded",
                severity="error",
                timeout=10,
                markup=False,
            )
        forget_marker(self.running_dir, offer.log.id)
        self._move_on()

    def _move_on(self) -> None:
        self.waiting.pop(0)
        self.ask_next()


def offer_interrupted_sessions(
    app: App[Any],
    *,
    running_dir: Path,
    store: SessionStore,
    catalog: Catalog,
    plan_for: Callable[[Routine], Sequence[PlannedStep]],
    resume: Callable[[InterruptedSession], None],
    done: Callable[[], None],
) -> None:
    """Find the sessions a crash cut off and ask about each; report those that cannot be offered.

    Args:
        app: the app to ask in.
        running_dir: the folder of running markers.
        store: the session files.
        catalog: the routines, to resume a session with.
        plan_for: the plan a session of a routine would follow now.
        resume: called with the session the user chose to resume.
        done: called once there is nothing (more) to ask and nothing was resumed.
    """
    offers, problems = sessions_to_offer(running_dir, store, catalog, plan_for)
    if problems:
        app.notify(
            problems_text(problems),
            title="Interrupted sessions that cannot be resumed",
            severity="warning",
            timeout=12,
            markup=False,
        )
    ResumeOffers(
        app, offers, running_dir=running_dir, store=store, resume=resume, done=done
    ).ask_next()
