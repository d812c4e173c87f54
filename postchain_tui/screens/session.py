"""The session screen: one step at a time, a big countdown, a bell at every change.

The screen never reads a clock. It asks the engine: after every key and on a one-shot timer
set for the moment the shown second changes, it calls ``engine.tick()``, acts on the cues
(bell, flash, save) and redraws from ``engine.view()``: the words only when the step or state
changed, the countdown, meters and title every time.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from postchain_tui.core.engine import ADJUST_STEP_S
from postchain_tui.core.engine_types import EngineState
from postchain_tui.core.plan import PlannedStep
from postchain_tui.core.set_entry import SetEntry
from postchain_tui.core.store import new_session_id
from postchain_tui.screens.formatting import step_amount
from postchain_tui.screens.session_driving import SessionDriving
from postchain_tui.widgets import KeyBar


class SessionScreen(SessionDriving):
    """Runs one routine.

    Dismisses with a :class:`SessionOutcome` once the session has ended (finished or ended
    early), or with None when it is left before it started.

    Args: see ``SessionDriving``.
    """

    CSS_PATH = "session.tcss"

    # Bindings that share a key share its id, so a keymap moves the key's whole job.
    BINDINGS = [
        Binding("enter", "start", "Start", id="session.done"),
        Binding("enter", "done", "Done", id="session.done"),
        Binding("enter", "begin_set", "Start set", id="session.done"),
        Binding("space", "pause", "Pause", id="session.pause"),
        Binding("space", "resume", "Resume", id="session.pause"),
        Binding("space", "start", "Start", show=False, id="session.pause"),
        Binding("n,right", "skip", "Skip", key_display="n/→", id="session.skip"),
        Binding("p,left", "back", "Back", key_display="p/←", id="session.back"),
        Binding(
            "plus,equals_sign",
            "adjust(1)",
            f"+{ADJUST_STEP_S}s",
            key_display="+",
            id="session.more_time",
        ),
        Binding(
            "minus", "adjust(-1)", f"-{ADJUST_STEP_S}s", key_display="-", id="session.less_time"
        ),
        Binding("tab", "switch_field", "Load/reps", id="session.switch_field"),
        Binding("q", "quit_session", "Quit", id="session.quit"),
        Binding("v", "toggle_voice", "Voice on/off", show=False, id="session.voice"),
        *(
            Binding(
                digit,
                f"type_key('{digit}')",
                "Type the reps (or load) done",
                show=False,
                id=f"session.type_{digit}",
            )
            for digit in "0123456789"
        ),
        Binding(
            "full_stop",
            "type_key('.')",
            "Type a decimal point in the load",
            show=False,
            id="session.type_point",
        ),
        Binding(
            "backspace",
            "erase",
            "Take back the last digit typed",
            show=False,
            id="session.erase",
        ),
    ]

    class VoiceToggled(Message):
        """The user wants the voice off, or back on."""

    def compose(self) -> ComposeResult:
        """The routine and position on top, the stage in the middle, what is next below."""
        widgets = self.widgets
        with Horizontal(id="top"):
            yield Static(self.routine.title, id="routine-title", markup=False)
            yield widgets.position
        with widgets.stage:
            with Horizontal(id="heading"):
                yield widgets.phase
                yield widgets.step_label
            yield widgets.countdown
            yield widgets.detail
            yield widgets.cue
            yield widgets.step_meter
        yield widgets.following
        yield widgets.session_meter
        yield KeyBar()

    def on_mount(self) -> None:
        """Start the session, or show the routine ready to start."""
        if self.todays_advice is not None:
            self.set_timer(self.HOLDS_DELAY_S, self.ask_todays_advice, name="todays-advice")
        if self.autostart:
            # Opening on the first step is change enough: a flash would only restyle the
            # screen before its first frame (the bell still rings).
            self.action_start(flash=False)
        else:
            self.refresh_from_engine()

    # -- keys ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only the keys that do something now (the footer follows)."""
        state = self.engine.state
        step = self.engine.current
        in_session = state in (EngineState.RUNNING, EngineState.PAUSED)
        rule = {
            "start": state is EngineState.READY,
            "done": (
                in_session and step is not None and not step.is_timed and not self.waiting_for_enter
            ),
            "begin_set": self.waiting_for_enter,
            "pause": state is EngineState.RUNNING,
            "resume": state is EngineState.PAUSED,
            "skip": in_session,
            "back": in_session,
            "adjust": in_session and step is not None and step.is_timed,
            "type_key": in_session and step is not None and not step.is_timed,
            "erase": in_session and step is not None and not step.is_timed,
            "switch_field": in_session and step is not None and self.entry.uses_load,
        }
        return rule.get(action, True)

    def action_start(self, flash: bool = True) -> None:
        """Start the session (a resumed one at the step after its last finished one).

        Args:
            flash: flash the stage as at every change of step.
        """
        if self.resume_from is not None and not self.saving.mark_running(self.resume_from.id):
            self.notify(
                "This session has been resumed in another window already.",
                title="Running elsewhere",
                severity="warning",
                timeout=10,
            )
            self._leave(None)
            return
        cues = self.engine.start(self.start_index)
        if self.resume_from is None:
            assert self.engine.started_wall is not None
            # Marked as running at its first save, once a set has begun.
            self.session_id = new_session_id(self.routine.id, self.engine.started_wall)
        self._apply(cues, flash=flash)

    def action_done(self) -> None:
        """End the rep set, with the reps and load typed; unlikely reps are asked about first."""
        step = self.engine.current
        entry = self.entry
        if step is None or not entry.needs_confirming(step.reps):
            self._set_done(step, entry)
            return
        was_running = self.engine.state is EngineState.RUNNING
        self.engine.pause()
        self._apply([])

        def answered(keep: bool | None) -> None:
            if was_running:
                self.engine.resume()
            if keep:
                self._set_done(step, entry)
            else:
                self._apply([])

        from postchain_tui.screens.confirm import ConfirmationModal

        self.app.push_screen(
            ConfirmationModal(
                f"{entry.reps_done} reps?",
                f"That is far more than the target of {step_amount(step)}. Keep it, or go back "
                "and correct it (Backspace takes back a digit).",
                yes_label="Keep it",
                no_label="Correct it",
            ),
            callback=answered,
        )

    def _set_done(self, step: PlannedStep | None, entry: SetEntry) -> None:
        load = entry.load_used
        if step is not None and load is not None:
            # The next set of the exercise starts from the load just used.
            self.loads = {**self.loads, step.exercise: load}
        self._apply(self.engine.done(reps=entry.reps_done, load=load))

    def action_pause(self) -> None:
        """Pause; the countdown stops where it is."""
        self.engine.pause()
        self._apply([])

    def action_resume(self) -> None:
        """Resume; the step gets back the time spent paused."""
        self._held_at = None
        self.engine.resume()
        self._apply([])

    def action_begin_set(self) -> None:
        """Start the set that waits after a rest."""
        self.action_resume()

    def on_screen_suspend(self) -> None:
        """Pause while another screen covers this one (help, the command palette).

        The session cannot end underneath it, and time spent reading is not counted as work.
        A glance at the key list or the palette goes on when it closes; after anything else
        (the log, a question) the session waits to be resumed.
        """
        if self.engine.state is EngineState.RUNNING:
            self.engine.pause()
            self._apply([])
            from textual.command import CommandPalette

            from postchain_tui.screens.help import HelpScreen

            self._resume_on_return = isinstance(self.app.screen, (HelpScreen, CommandPalette))

    def on_screen_resume(self) -> None:
        """Go on after a glance at the key list or the palette, if the session was running."""
        if self._resume_on_return and self.engine.state is EngineState.PAUSED:
            self.action_resume()
        self._resume_on_return = False

    def action_skip(self) -> None:
        """Skip to the next step (recorded as skipped)."""
        self._apply(self.engine.skip())

    def action_back(self) -> None:
        """Go back to the previous step to redo it."""
        self._apply(self.engine.back())

    def action_adjust(self, direction: int) -> None:
        """Give the timed step more or less time.

        Args:
            direction: 1 for more, -1 for less.
        """
        self.engine.adjust(direction * ADJUST_STEP_S)
        self._apply([])

    def action_type_key(self, key: str) -> None:
        """Type a digit of the reps done, or a digit or decimal point of the load.

        Args:
            key: ``0`` to ``9``, or ``.``.
        """
        self.entry = self.entry.typed(key)
        self._show(self.engine.view())

    def action_erase(self) -> None:
        """Take back the last character typed in the current field."""
        self.entry = self.entry.erased()
        self._show(self.engine.view())

    def action_switch_field(self) -> None:
        """Move between the reps and the load."""
        self.entry = self.entry.switched()
        self._show(self.engine.view())

    def action_toggle_voice(self) -> None:
        """Turn the voice off, or back on; the app keeps the choice in the settings."""
        self.post_message(self.VoiceToggled())

    def has_something_to_lose(self) -> bool:
        """Whether a session is under way, which quitting the app would end (see ``quitting``)."""
        return self.engine.state in (EngineState.RUNNING, EngineState.PAUSED)

    def ask_before_quitting(self) -> None:
        """Ask before ending the session, as ``q`` does."""
        self.action_quit_session()

    def action_quit_session(self) -> None:
        """Leave; a started session is asked about first and then kept as incomplete.

        The session is paused while the question is open, so it cannot end underneath it.
        """
        if self.engine.state is EngineState.READY:
            self._leave(None)
            return
        was_running = self.engine.state is EngineState.RUNNING
        self.engine.pause()
        self._apply([])

        def answered(end: bool | None) -> None:
            if end:
                self._apply(self.engine.end_early())
                return
            if was_running:
                self.engine.resume()
            self._apply([])

        from postchain_tui.screens.confirm import ConfirmationModal  # off the first frame's way

        self.app.push_screen(
            ConfirmationModal(
                "End this session now?",
                "What you have done so far is saved, marked as not completed.",
                yes_label="End session",
                no_label="Keep going",
            ),
            callback=answered,
        )
