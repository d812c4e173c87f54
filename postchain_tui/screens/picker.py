"""The routine picker: type to filter, arrows to move, Enter to start."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from postchain_tui.core.catalog import CatalogEntry
from postchain_tui.core.plan import build_plan
from postchain_tui.core.routine import Routine, RoutineError
from postchain_tui.screens.coaching import PickerCoach
from postchain_tui.screens.formatting import total_text
from postchain_tui.screens.picker_text import (
    by_title,
    error_report,
    matches,
    plan_paragraphs,
    plan_rows,
    routine_prompt,
)
from postchain_tui.widgets.key_bar import KeyBar
from postchain_tui.widgets.plan_preview import PlanPreview

if TYPE_CHECKING:
    from pathlib import Path

    from textual.worker import Worker

    from postchain_tui.core.training import TrainingLog


class FilterInput(Input):
    """The filter box; it lets ``?`` through to open the key list (no routine name has one)."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Everything printable is typed, except ``?``.

        Args:
            key: the key's name.
            character: the character it types, if any.

        Returns:
            Whether the filter takes the key.
        """
        return character != "?" and super().check_consume_key(key, character)

    def on_key(self, event: events.Key) -> None:
        """Leave ``?`` untyped: the key goes on to the key-list binding."""
        if event.character == "?":
            # Not typed: the key goes on up to the key-list binding.
            event.prevent_default()


class PickerScreen(Screen[None]):
    """Lists the routines; the highlighted one is previewed and Enter starts it.

    Args:
        entries: the routines to offer.
        errors: routine files that could not be loaded, reported in one notification.
        training: opens the training log, for plan weeks and where holds start; it is called
            once the list is on screen. None says nothing.
        routines_dir: the user's routines folder, where an edited copy is saved; None offers
            no editing.
        today: the day it is, for where each plan's run stands; the local date when None.
    """

    CSS_PATH = "picker.tcss"
    AUTO_FOCUS = "#filter"
    COACH_DELAY_S = 0.1
    """How long after the list is shown the log is read. Textual writes each frame from a
    thread of its own, which a worker busy reading a long log would hold up: the first frame
    reaches the terminal first."""

    BINDINGS = [
        Binding("enter", "choose", "Start", priority=True, id="picker.start"),
        # Letters go to the filter, so editing takes a control key.
        Binding("ctrl+e", "edit_copy", "Edit a copy", priority=True, id="picker.edit_copy"),
        Binding("down", "move('cursor_down')", "Next", show=False, id="picker.down"),
        Binding("up", "move('cursor_up')", "Previous", show=False, id="picker.up"),
        Binding("pagedown", "move('page_down')", "Page down", show=False, id="picker.page_down"),
        Binding("pageup", "move('page_up')", "Page up", show=False, id="picker.page_up"),
        # Escape only clears: it is pressed to dismiss things, and must never quit.
        Binding("escape", "clear_filter", "Clear filter", id="picker.leave"),
        # Letters go to the filter, so the history needs a control key.
        Binding("ctrl+l", "history", "Training log", key_display="^l", id="picker.history"),
        # The same goes for the settings; "?" is let through by the filter for the key list.
        Binding("ctrl+s", "app.open_settings", "Settings", key_display="^s", id="picker.settings"),
        # The app's quit key, shown here; a priority binding, as the app's is.
        Binding("ctrl+q", "app.quit", "Quit", key_display="^q", priority=True, id="app.quit"),
    ]

    class Chosen(Message):
        """The user picked a routine to start.

        Args:
            routine: the routine.
        """

        def __init__(self, routine: Routine) -> None:
            super().__init__()
            self.routine = routine

    class HistoryWanted(Message):
        """The user asked for the training log."""

    def __init__(
        self,
        entries: Sequence[CatalogEntry],
        errors: Sequence[RoutineError] = (),
        training: Callable[[], TrainingLog] | None = None,
        routines_dir: Path | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__()
        self.routines_dir = routines_dir
        self.today = today
        self.routines = by_title({entry.routine.id: entry.routine for entry in entries})
        self.yours = {entry.routine.id for entry in entries if entry.origin == "user"}
        self.bundled_ids = frozenset(
            entry.routine.id
            for entry in entries
            if entry.origin == "bundled" or entry.replaces is not None
        )
        """The ids of the bundled routines, which a routine of the user's would replace."""
        self.errors = tuple(errors)
        self.training = training
        self.coach = PickerCoach(None, ())
        self._previewed: tuple[Routine | None, PickerCoach] | None = None

    def compose(self) -> ComposeResult:
        """Filter on top, list and preview side by side (stacked when narrow), keys below."""
        yield Static("postchain · pick a routine", id="picker-heading")
        yield FilterInput(placeholder="Type to filter by name or tag", id="filter", compact=True)
        with Horizontal(id="picker-body"):
            yield OptionList(id="routines")
            with VerticalScroll(id="preview-scroll"):
                yield PlanPreview(id="preview")
        yield KeyBar()

    def on_mount(self) -> None:
        """Fill the list and report routine files that could not be loaded."""
        self.refilter("")
        if self.errors:
            self.notify(
                error_report(self.errors),
                title="Some routines are missing",
                severity="warning",
                timeout=12,
                markup=False,
            )

    def on_screen_resume(self) -> None:
        """Read the log whenever the list is shown: a session just done may move a plan on.

        The list is usable at once; what the log says (plan weeks, where holds start) is read
        in a worker thread a moment after the list is drawn, so a long log never delays it.
        """
        if self.training is not None:
            self.set_timer(self.COACH_DELAY_S, self.read_the_log_if_shown, name="picker-coach")

    def read_the_log_if_shown(self) -> None:
        """:meth:`read_the_log`, unless another screen has come over the list since.

        A session started in the meantime is not held up by the reading: the log is read
        when the list is back.
        """
        if self.is_active:
            self.read_the_log()

    def read_the_log(self) -> Worker[None] | None:
        """Ask the training log what to say about each routine, in a worker thread.

        Returns:
            The worker, or None when there is no log to ask.
        """
        if self.training is None:
            return None
        # Opened here, on the app's thread: the log is the app's, and only the reading is
        # handed to the worker.
        training = self.training()
        return self.run_worker(
            partial(self._read_coach, training), thread=True, exclusive=True, group="coach"
        )

    def _read_coach(self, training: TrainingLog) -> None:
        coach = PickerCoach.read(training, list(self.routines.values()), self.today())
        self.app.call_from_thread(self.use_coach, coach)

    def use_coach(self, coach: PickerCoach) -> None:
        """Show what the log says, and propose any plan week that has become ready.

        Args:
            coach: what the log says about each routine.
        """
        proposed = self.coach.proposals()
        self.coach = coach
        for proposal in self.coach.proposals():
            if proposal not in proposed:
                self.notify(proposal, title="Next week", timeout=12, markup=False)
        self.refilter(self.query_one("#filter", Input).value)

    @property
    def highlighted_routine(self) -> Routine | None:
        """The routine under the cursor, if any is listed."""
        option = self.query_one("#routines", OptionList).highlighted_option
        if option is None or option.id is None:
            return None
        return self.routines.get(option.id)

    def refilter(self, query: str) -> None:
        """List the routines that match ``query``, keeping the highlight where it can.

        Args:
            query: what was typed in the filter.
        """
        option_list = self.query_one("#routines", OptionList)
        previous = self.highlighted_routine
        shown = [routine for routine in self.routines.values() if matches(routine, query)]
        option_list.clear_options()
        if not shown:
            empty = "No routines found." if not query.strip() else f"No routine matches {query!r}."
            option_list.add_option(Option(Text(empty, style="italic"), disabled=True))
            self.show_preview(None)
            return
        options: list[Option | None] = []
        for routine in shown:
            if options:
                options.append(None)  # a separator line
            options.append(
                Option(
                    routine_prompt(
                        routine,
                        self.coach.marks.get(routine.id, ""),
                        yours=routine.id in self.yours,
                    ),
                    id=routine.id,
                )
            )
        option_list.add_options(options)
        ids = [routine.id for routine in shown]
        option_list.highlighted = ids.index(previous.id) if previous and previous.id in ids else 0
        self.show_preview(self.highlighted_routine)

    def show_preview(self, routine: Routine | None) -> None:
        """Preview ``routine``'s plan, or clear the preview.

        Args:
            routine: the routine, or None.
        """
        # Filling the list highlights its first routine, which asks for the same preview again.
        if self._previewed == (routine, self.coach):
            return
        self._previewed = (routine, self.coach)
        preview = self.query_one("#preview", PlanPreview)
        if routine is None:
            preview.clear()
        else:
            steps = build_plan(routine, holds=self.coach.holds(routine))
            preview.show(
                plan_paragraphs(routine, self.coach.preview_notes(routine)),
                plan_rows(steps),
                total_text(steps),
            )
        self.query_one("#preview-scroll").scroll_home(animate=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as the user types."""
        event.stop()
        self.refilter(event.value)
        self.refresh_bindings()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Preview the routine under the cursor."""
        event.stop()
        self.show_preview(self.highlighted_routine)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Start a routine clicked on (or chosen with Enter while the list has the focus)."""
        event.stop()
        self.action_choose()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape clears the filter when there is one."""
        if action == "clear_filter":
            return bool(self.query_one("#filter", Input).value)
        if action == "edit_copy" and self.routines_dir is None:
            return False
        if action in ("choose", "edit_copy"):
            return self.highlighted_routine is not None or None
        return True

    def action_edit_copy(self) -> None:
        """Copy the highlighted routine into the user's folder and edit it in a form."""
        from postchain_tui.screens.editor import EditorScreen

        routine = self.highlighted_routine
        if routine is not None and self.routines_dir is not None:
            editor = EditorScreen(routine, self.routines_dir, self.bundled_ids)
            self.app.push_screen(editor, callback=self.add_routine)

    def add_routine(self, routine: Routine | None) -> None:
        """List a routine just saved (one with the same id is replaced) and highlight it.

        Args:
            routine: the routine, or None when nothing was saved.
        """
        if routine is None:
            return
        self.routines[routine.id] = routine
        self.routines = by_title(self.routines)
        self.yours.add(routine.id)
        self.coach.forget(routine.id)
        self.query_one("#filter", Input).value = ""
        self.refilter("")
        option_list = self.query_one("#routines", OptionList)
        option_list.highlighted = option_list.get_option_index(routine.id)

    def action_choose(self) -> None:
        """Start the highlighted routine."""
        routine = self.highlighted_routine
        if routine is not None:
            self.post_message(self.Chosen(routine))

    async def action_move(self, movement: str) -> None:
        """Move the list's cursor while the focus stays in the filter.

        Args:
            movement: one of the list's own cursor actions, such as ``cursor_down``.
        """
        await self.query_one("#routines", OptionList).run_action(movement)

    def action_clear_filter(self) -> None:
        """Empty the filter."""
        self.query_one("#filter", Input).value = ""

    def action_history(self) -> None:
        """Open the training log."""
        self.post_message(self.HistoryWanted())
