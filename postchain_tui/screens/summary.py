"""The summary after a session: what was planned against what was done, then how it felt.

The session is already saved when this screen opens; the feedback (RPE, notes, pain) is
written into that same file. When the disk refused it, leaving asks what to do with it (see
``unsaved``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from postchain_tui.core.counting import ExerciseResult, exercise_results, session_counts
from postchain_tui.core.outcome import SessionOutcome
from postchain_tui.core.record import SessionLog
from postchain_tui.core.results_text import done_text, planned_text, totals_text
from postchain_tui.core.store import SessionStore, save_copy
from postchain_tui.screens.formatting import path_text
from postchain_tui.widgets.feedback_fields import FeedbackFields
from postchain_tui.widgets.key_bar import KeyBar
from postchain_tui.widgets.set_corrections import SetCorrections, correctable_sets


def results_table(results: Sequence[ExerciseResult]) -> RenderableType:
    """The planned-against-done table.

    Args:
        results: one per exercise.

    Returns:
        A table of exercise, sets done/planned, planned and done.
    """
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    table.add_column("Exercise", ratio=3)
    table.add_column("Sets", justify="right", no_wrap=True)
    table.add_column("Planned", ratio=2)
    table.add_column("Done", ratio=3)
    for result in results:
        table.add_row(
            result.planned.name,
            f"{result.sets_done}/{result.sets_planned}",
            planned_text(result.planned),
            done_text(result),
        )
    return table


def changes_text(changes: Sequence[str]) -> Text:
    """The "compared with last time" section.

    Args:
        changes: one line per change.

    Returns:
        A heading, then the changes as a list.
    """
    text = Text("Compared with last time", style="bold")
    for change in changes:
        text.append(f"\n• {change}")
    return text


class SummaryScreen(Screen[SessionLog]):
    """Shows how the session went and asks for RPE, notes and a pain flag.

    Dismisses with the log as finally saved (feedback included when it was given), or with
    None when the user chose to leave it unsaved in the sessions folder.

    Args:
        outcome: the session that just ended.
        store: where the session was saved; the feedback goes into the same file.
        changes: what changed since the last time the routine was done, one line each (see
            ``core.comparison``); nothing is shown when empty.
        load_unit: what loads are counted in.
    """

    CSS_PATH = "summary.tcss"
    AUTO_FOCUS = "#rpe"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="summary.save"),
        Binding("escape", "close", "Skip", id="summary.close"),
    ]

    def __init__(
        self,
        outcome: SessionOutcome,
        store: SessionStore,
        changes: Sequence[str] = (),
        load_unit: str = "kg",
    ) -> None:
        super().__init__()
        self.outcome = outcome
        self.load_unit = load_unit
        self.changes = tuple(changes)
        self.store = store
        assert outcome.log is not None, "a session that logged nothing has no summary"
        self.session_log: SessionLog = outcome.log
        self.saved = outcome.saved_to is not None
        self.kept_at: Path | None = None
        """The file the session was saved into when the disk refused its own folder."""

    def compose(self) -> ComposeResult:
        """Results on top, feedback below, all scrolling together on small terminals."""
        log = self.session_log
        counts = session_counts(log)
        with VerticalScroll(id="summary"):
            yield Static(
                counts.heading,
                id="summary-heading",
                classes="" if counts.complete else "-incomplete",
            )
            yield Static(log.title, id="summary-routine", markup=False)
            yield Static(totals_text(log, counts), id="totals")
            yield Static(results_table(exercise_results(log)), id="results")
            if self.changes:
                yield Static(changes_text(self.changes), id="changes")
            yield Static(self._save_status(), id="save-status", markup=False)
            yield FeedbackFields()
            # Below the effort, which is asked first: the top of the summary stays in view.
            if correctable_sets(log):
                yield SetCorrections(log, self.load_unit)
            with Horizontal(id="summary-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Skip (esc)", id="skip")
        yield KeyBar()

    def _save_status(self) -> str:
        if self.saved:
            return "Saved to your training log."
        return f"Not saved yet ({self.outcome.save_error}); Save tries again."

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field saves."""
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#save")
    def save_pressed(self, event: Button.Pressed) -> None:
        """Save the feedback."""
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#skip")
    def skip_pressed(self, event: Button.Pressed) -> None:
        """Close without feedback."""
        event.stop()
        self.action_close()

    def action_save(self) -> None:
        """Save the feedback into the session's file and close."""
        feedback = self.query_one(FeedbackFields).read()
        if feedback is None:
            return
        log = self.session_log
        for corrections in self.query(SetCorrections).results(SetCorrections):
            log = log.with_corrected_sets(corrections.read())
        self._write(log.with_feedback(rpe=feedback.rpe, notes=feedback.notes, pain=feedback.pain))

    def action_close(self) -> None:
        """Close without feedback (the session itself is already saved)."""
        if self.saved:
            self.dismiss(self.session_log)
        else:
            self._write(self.session_log)

    @work(thread=True, exclusive=True, group="summary-write")
    def _write(self, log: SessionLog) -> None:
        """Save the log in a worker; the screen closes once it is on disk."""
        try:
            self.store.save(log)
        except OSError as error:
            self.app.call_from_thread(self._not_written, str(error.strerror or error), log)
            return
        self.app.call_from_thread(self._written, log)

    def _not_written(self, reason: str, log: SessionLog) -> None:
        self._report_failure(self.store.folder, reason)
        self._ask_what_to_do(reason, log)

    def _report_failure(self, folder: Path, reason: str) -> None:
        self.notify(
            f"Could not save to {path_text(folder)}: {reason}.",
            title="Not saved",
            severity="error",
            timeout=10,
            markup=False,
        )

    def _written(self, log: SessionLog) -> None:
        self.session_log = log
        self.saved = True
        self.dismiss(log)

    # -- a session the disk refused ---------------------------------------------------------------

    def _ask_what_to_do(self, reason: str, log: SessionLog) -> None:
        """Ask whether to try again, save elsewhere, print the session on exit, or drop it."""
        from postchain_tui.screens.unsaved import UnsavedChoice, UnsavedSessionModal

        def answered(choice: UnsavedChoice | Path | None) -> None:
            if choice is None:
                return  # back to the summary, where Save tries again
            if choice is UnsavedChoice.RETRY:
                self._write(log)
            elif choice is UnsavedChoice.PRINT_ON_EXIT:
                self.store.held_for_exit.append(log)
                self.notify(
                    "It is printed as TOML when postchain closes.",
                    title="Not saved",
                    severity="warning",
                    timeout=10,
                )
                self.dismiss(None)
            elif choice is UnsavedChoice.LEAVE:
                self._confirm_dropping(reason, log)
            else:
                self._save_copy(log, choice)

        self.app.push_screen(UnsavedSessionModal(reason), callback=answered)

    def _confirm_dropping(self, reason: str, log: SessionLog) -> None:
        from postchain_tui.screens.confirm import ConfirmationModal

        def answered(drop: bool | None) -> None:
            if drop:
                self.dismiss(None)
            else:
                self._ask_what_to_do(reason, log)

        self.app.push_screen(
            ConfirmationModal(
                "Leave without saving?",
                "The session is in no file: it is lost for good.",
                yes_label="Leave it",
                no_label="Go back",
            ),
            callback=answered,
        )

    @work(thread=True, exclusive=True, group="summary-write")
    def _save_copy(self, log: SessionLog, folder: Path) -> None:
        """Write the session into the folder the user named, never over a file there."""
        try:
            path = save_copy(log, folder)
        except FileExistsError:
            reason = "a file of that name is there already, and is left as it is"
        except OSError as error:
            reason = str(error.strerror or error)
        else:
            self.app.call_from_thread(self._copy_written, path)
            return
        self.app.call_from_thread(self._copy_not_written, folder, reason, log)

    def _copy_not_written(self, folder: Path, reason: str, log: SessionLog) -> None:
        self._report_failure(folder, reason)
        self._ask_what_to_do(reason, log)

    def _copy_written(self, path: Path) -> None:
        self.kept_at = path
        self.notify(
            f"Saved into {path_text(path.parent)}, as {path.name}. Move it into your sessions "
            "folder to see it in the log.",
            title="Saved elsewhere",
            timeout=10,
            markup=False,
        )
        self.dismiss(None)
