"""The routine editor: a copy of a routine, changed in a small form and saved as the user's own.

Title and id on top, then one row per exercise: name, sets, hold or reps, the amount, the rest
and whether it is done per side. Exercises can be added, removed and moved. Saving checks the
form exactly as ``postchain check`` checks a file, writes it atomically into the user's routines
folder, and asks before replacing a file that is there already.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from postchain_tui.core.catalog import routine_path
from postchain_tui.core.loader import load_routine
from postchain_tui.core.routine import Routine, RoutineError
from postchain_tui.core.routine_draft import RoutineDraft
from postchain_tui.core.routine_writer import routine_toml
from postchain_tui.core.store import write_atomically
from postchain_tui.screens.confirm import ConfirmationModal
from postchain_tui.screens.formatting import path_text
from postchain_tui.widgets.exercise_row import ExerciseRow
from postchain_tui.widgets.key_bar import KeyBar

_FIELD_CLASSES = {
    "name": "name",
    "sets": "sets",
    "hold": "amount",
    "reps": "amount",
    "rest": "rest",
    "per_side": "per-side",
}
_COLUMNS = (
    ("Exercise", "name"),
    ("Sets", "sets"),
    ("Kind", "kind"),
    ("Hold/reps", "amount"),
    ("Rest", "rest"),
    ("", "per-side"),
    ("Move/remove", "row-buttons"),
)
_EXERCISE_KEY = re.compile(r"exercise\[(\d+)\](?:\.(\w+))?")


def field_label(key: str) -> str:
    """A routine error's key in the form's words: ``exercise[2].sets`` is ``Exercise 2, sets``.

    Args:
        key: the key path the loader names.

    Returns:
        The label.
    """
    match = _EXERCISE_KEY.fullmatch(key)
    if match is None:
        return key.capitalize() if key else "The routine"
    number, name = match.groups()
    return f"Exercise {number}, {name.replace('_', ' ')}" if name else f"Exercise {number}"


class EditorScreen(Screen[Routine | None]):
    """Edits a copy of a routine and saves it into the user's routines folder.

    Dismisses with the routine as saved (read back from its file), or None when left unsaved.

    Args:
        routine: the routine to start from; the copy keeps its id unless it is changed, so a
            bundled routine is replaced by the user's version of it.
        folder: the user's routines folder; created when needed.
        bundled_ids: the ids of the bundled routines: saving under one of them replaces that
            routine in the list, and asks first.
    """

    CSS_PATH = "editor.tcss"
    AUTO_FOCUS = "#title"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="editor.save"),
        Binding("escape", "cancel", "Cancel", id="editor.cancel"),
        Binding("ctrl+n", "add", "Add exercise", id="editor.add"),
        Binding("ctrl+r", "remove", "Remove", id="editor.remove"),
        Binding("ctrl+up", "move(-1)", "Move up", key_display="^↑", id="editor.move_up"),
        Binding("ctrl+down", "move(1)", "Move down", key_display="^↓", id="editor.move_down"),
    ]

    def __init__(
        self, routine: Routine, folder: Path, bundled_ids: frozenset[str] = frozenset()
    ) -> None:
        super().__init__()
        self.routine = routine
        self.folder = folder
        self.bundled_ids = bundled_ids
        self.original = RoutineDraft.from_routine(routine)
        self.draft = RoutineDraft.from_routine(routine)

    def compose(self) -> ComposeResult:
        """Title and id, the exercises, then the buttons."""
        yield Static(f"Edit a copy of {self.routine.title}", id="editor-heading", markup=False)
        with VerticalScroll(id="editor"):
            with Horizontal(classes="field"):
                yield Label("Title", classes="field-label")
                yield Input(self.draft.title, id="title", compact=True)
            with Horizontal(classes="field"):
                yield Label("Id", classes="field-label")
                yield Input(self.draft.routine_id, id="routine-id", compact=True)
            yield Static(self._target_text(), id="target", markup=False)
            with Horizontal(id="columns"):
                for heading, column in _COLUMNS:
                    yield Label(heading, classes=column)
            with Vertical(id="exercises"):
                for exercise in self.draft.exercises:
                    yield ExerciseRow(exercise)
            with Horizontal(id="editor-buttons"):
                yield Button("Add exercise (ctrl+n)", id="add")
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")
        yield KeyBar()

    def _target_text(self) -> str:
        routine_id = self.draft.routine_id.strip() or "?"
        target = f"Saved as {routine_path(self.folder, routine_id)}"
        if routine_id in self.bundled_ids:
            target += f"\n{routine_id} is a bundled routine's id: saved, yours replaces it."
        return target

    @property
    def rows(self) -> list[ExerciseRow]:
        """The exercise rows, in order."""
        return list(self.query_one("#exercises").query_children(ExerciseRow))

    def collect(self) -> RoutineDraft:
        """The draft as the form now says (kept in :attr:`draft`)."""
        self.draft.title = self.query_one("#title", Input).value
        self.draft.routine_id = self.query_one("#routine-id", Input).value
        self.draft.exercises = [row.draft() for row in self.rows]
        return self.draft

    def focused_position(self) -> int | None:
        """The position of the exercise that has the focus, or None."""
        node: Widget | None = self.focused
        while node is not None and not isinstance(node, ExerciseRow):
            parent = node.parent
            node = parent if isinstance(parent, Widget) else None
        rows = self.rows
        return rows.index(node) if node in rows else None

    async def rebuild(self, focus: int | None, field: str = "name") -> None:
        """Show the draft's exercises again after adding, removing or moving one.

        Args:
            focus: the exercise to put the focus on, if any.
            field: the class of the field (or button) in that row to focus.
        """
        container = self.query_one("#exercises")
        await container.remove_children()
        await container.mount_all([ExerciseRow(draft) for draft in self.draft.exercises])
        if focus is not None and self.draft.exercises:
            row = self.rows[min(focus, len(self.draft.exercises) - 1)]
            row.query_one(f".{field}").focus()
            row.scroll_visible(animate=False)

    @on(Input.Changed, "#routine-id")
    def routine_id_changed(self, event: Input.Changed) -> None:
        """Keep the file name shown in step with the id."""
        self.draft.routine_id = event.value
        self.query_one("#target", Static).update(self._target_text())

    @on(Button.Pressed, "#add")
    async def add_pressed(self) -> None:
        """Add an exercise."""
        await self.action_add()

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        """Save the routine."""
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        """Leave without saving."""
        self.action_cancel()

    @on(Button.Pressed, ".up")
    async def up_pressed(self) -> None:
        """Move the button's exercise up."""
        await self.action_move(-1, "up")

    @on(Button.Pressed, ".down")
    async def down_pressed(self) -> None:
        """Move the button's exercise down."""
        await self.action_move(1, "down")

    @on(Button.Pressed, ".remove")
    async def remove_pressed(self) -> None:
        """Remove the button's exercise."""
        await self.action_remove()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Every button is handled here: none goes on up to the app."""
        event.stop()

    async def action_add(self) -> None:
        """Add an exercise after the one with the focus, or at the end."""
        self.collect()
        position = self.draft.add(after=self.focused_position())
        await self.rebuild(position)

    async def action_remove(self) -> None:
        """Remove the exercise with the focus."""
        position = self.focused_position()
        if position is None:
            return
        self.collect()
        self.draft.remove(position)
        await self.rebuild(position)

    async def action_move(self, offset: int, field: str = "name") -> None:
        """Move the exercise with the focus up or down.

        Args:
            offset: -1 for up, 1 for down.
            field: the class of the field to keep the focus on.
        """
        position = self.focused_position()
        if position is None:
            return
        self.collect()
        await self.rebuild(self.draft.move(position, offset), field)

    def action_cancel(self) -> None:
        """Leave without saving; asks first when something was changed."""
        if self.has_something_to_lose():
            self._ask_to_drop_changes("Leave", lambda: self.dismiss(None))
        else:
            self.dismiss(None)

    def has_something_to_lose(self) -> bool:
        """Whether the form says something not saved (see ``quitting``)."""
        return self.collect() != self.original

    def ask_before_quitting(self) -> None:
        """Ask before quitting the app with the changes unsaved, as Escape asks before leaving."""
        self._ask_to_drop_changes("Quit", self.app.exit)

    def _ask_to_drop_changes(self, verb: str, then: Callable[[], object]) -> None:
        def answered(drop: bool | None) -> None:
            if drop:
                then()

        self.app.push_screen(
            ConfirmationModal(
                f"{verb} without saving?",
                "The changes made here are lost.",
                yes_label=verb,
                no_label="Keep editing",
            ),
            callback=answered,
        )

    def action_save(self) -> None:
        """Check the form, then write the routine, asking first if its file exists."""
        try:
            routine = self.collect().build()
        except RoutineError as error:
            self.show_problem(error)
            return
        path = routine_path(self.folder, routine.id)
        if path.exists():
            question = ConfirmationModal(
                f"Replace {path.name}?",
                f"{path_text(path)} exists already. Replacing it loses what it says now.",
                yes_label="Replace",
                no_label="Keep it",
            )
        elif routine.id in self.bundled_ids:
            question = ConfirmationModal(
                f"Replace the bundled {routine.id}?",
                f"Yours is listed instead of it; deleting {path_text(path)} brings it back.",
                yes_label="Replace",
                no_label="Keep it",
            )
        else:
            self.write(routine, path)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self.write(routine, path)

        self.app.push_screen(question, callback=answered)

    def show_problem(self, error: RoutineError) -> None:
        """Say every problem of the form at once and focus the first field, where it can be told.

        Args:
            error: the problem, as the loader reports it (its line means nothing here).
        """
        self.notify(
            "\n".join(
                f"{field_label(problem.key)}: {problem.message}"
                + (f" (allowed: {problem.allowed})" if problem.allowed else "")
                for problem in error.problems
            ),
            title="Not saved",
            severity="error",
            timeout=10,
            markup=False,
        )
        match = _EXERCISE_KEY.fullmatch(error.key)
        if error.key in ("title", "id"):
            self._focus_and_select(
                self.query_one("#title" if error.key == "title" else "#routine-id")
            )
        elif error.key == "exercise":
            self.query_one("#add").focus()
        elif match is not None and int(match.group(1)) <= len(self.rows):
            field = _FIELD_CLASSES.get(match.group(2) or "name", "name")
            self._focus_and_select(self.rows[int(match.group(1)) - 1].query_one(f".{field}"))

    @staticmethod
    def _focus_and_select(widget: Widget) -> None:
        """Focus the field with the problem, its text selected, so typing replaces it."""
        widget.focus()
        if isinstance(widget, Input):
            widget.select_all()

    @work(thread=True, exclusive=True, group="editor-write")
    def write(self, routine: Routine, path: Path) -> None:
        """Write the routine (in a worker) and close with it as read back from the file.

        Args:
            routine: the routine, checked.
            path: its file in the user's folder.
        """
        try:
            write_atomically(path, routine_toml(routine).encode("utf-8"))
            saved: Routine | RoutineError | OSError = load_routine(path)
        except (OSError, RoutineError) as error:
            saved = error
        self.app.call_from_thread(self._written, saved, path)

    def _written(self, saved: Routine | RoutineError | OSError, path: Path) -> None:
        if isinstance(saved, OSError):
            self.notify(
                f"Could not write {path_text(path)}: {saved.strerror or saved}",
                title="Not saved",
                severity="error",
                timeout=10,
                markup=False,
            )
        elif isinstance(saved, RoutineError):
            self.show_problem(saved)
        else:
            self.notify(f"Saved to {path_text(path)}", title="Saved", markup=False)
            self.dismiss(saved)
