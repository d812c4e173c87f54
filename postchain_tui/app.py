"""The postchain app: picker, session and summary screens wired together.

Use :func:`make_app`; the screens live in ``postchain_tui.screens``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from postchain_tui import exit_signals
from postchain_tui.core.catalog import Catalog
from postchain_tui.core.clock import session_clock
from postchain_tui.core.plan import PlannedStep, build_plan
from postchain_tui.core.routine import Routine, RoutineError
from postchain_tui.core.running import interrupted_sessions
from postchain_tui.core.settings import Settings
from postchain_tui.cue_announcer import CueAnnouncer
from postchain_tui.first_screen import first_screen_css, open_first_screen
from postchain_tui.session_flow import SessionFlow
from postchain_tui.terminal_title import APP_NAME, TerminalTitle, write_through_driver
from postchain_tui.themes import HIGH_CONTRAST_NAMES, POSTCHAIN_THEMES, theme_names
from postchain_tui.voice import Voice, toggled_voice

if TYPE_CHECKING:
    from textual.command import Provider

    from postchain_tui.core.outcome import SessionOutcome
    from postchain_tui.core.store import SessionStore
    from postchain_tui.core.training import TrainingLog
    from postchain_tui.screens.picker import PickerScreen
    from postchain_tui.screens.session import SessionScreen


def postchain_commands() -> type[Provider]:
    """The command palette's postchain commands, imported when the palette first opens."""
    from postchain_tui.palette import PostchainCommands

    return PostchainCommands


@dataclass(frozen=True, slots=True)
class AppOptions:
    """Everything the app is given, by the command line or by a test.

    Attributes:
        catalog: the routines to offer, and files that could not be loaded.
        store: where sessions are saved.
        start: a routine to go straight into; the app exits after its summary.
        clock: the session clock in seconds; tests pass a fake one.
        wall: the wall clock for session start times (timezone-aware); the local time when
            None, tests pass a fixed one.
        index_path: the session index file (see ``core.history``); None keeps it in memory.
        running_dir: the folder of running-session markers, so that a session a crash cuts
            off is offered for resuming on the next start; None keeps no markers.
        open_history: open the history instead of the picker (its "today" is the wall
            clock's date), and exit when it closes.
        settings: the user's settings.
        settings_path: the settings file, where the settings screen saves; None saves nowhere.
        settings_problems: what ``load_settings`` found wrong in the file, to be shown.
        routines_dir: the user's routines folder, where the picker saves an edited copy; None
            offers no editing.
    """

    catalog: Catalog
    store: SessionStore
    start: Routine | None = None
    clock: Callable[[], float] = session_clock
    wall: Callable[[], datetime] | None = None
    index_path: Path | None = None
    running_dir: Path | None = None
    open_history: bool = False
    settings: Settings = field(default_factory=Settings)
    settings_path: Path | None = None
    settings_problems: tuple[RoutineError, ...] = ()
    routines_dir: Path | None = None


class PostchainApp(App[None]):
    """Pick a routine, do it one step at a time, say how it went.

    Args:
        options: what the app works with; see :class:`AppOptions`.
    """

    CSS_PATH = "app.tcss"
    TITLE = APP_NAME
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {postchain_commands}
    BINDINGS = [
        # Textual's own quit key, with an id for the keymap; a screen with something to lose
        # asks first (see action_quit).
        Binding(
            "ctrl+q", "quit", "Quit", key_display="^q", show=False, priority=True, id="app.quit"
        ),
        Binding("question_mark", "help", "Keys", key_display="?", id="app.help"),
        Binding("f1", "help", "Keys", show=False, id="app.help"),
    ]
    # Screens stack their panes on narrow terminals and trim text on short ones.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]

    def __init__(self, options: AppOptions) -> None:
        super().__init__(css_path=[self.CSS_PATH, first_screen_css(options)])
        for theme in POSTCHAIN_THEMES:
            self.register_theme(theme)
        self.settings = options.settings
        self.settings_path = options.settings_path
        self.settings_problems = options.settings_problems
        self.announcer = CueAnnouncer(self)
        self.voice = Voice(self)
        self.catalog = options.catalog
        self.store = options.store
        self.start_routine = options.start
        self.clock = options.clock
        self.wall = options.wall
        self.running_dir = options.running_dir
        self.open_history = options.open_history
        self.terminal_title = TerminalTitle(partial(write_through_driver, self))
        self.index_path = options.index_path
        self.routines_dir = options.routines_dir
        self._training: TrainingLog | None = None
        self.sessions = SessionFlow(self)

    def get_default_screen(self) -> Screen[Any]:
        """The screen the app opens on: the picker, or the session of ``postchain start``.

        Textual asks once the terminal is ready and before anything is drawn, which is when the
        terminal's title is saved and the settings (the theme) applied. As the app's own first
        screen, the picker or the session is drawn sooner than pushed over an empty one, which
        Textual would style, show and hide first (bench/README.md has the figures). The
        history, and a session that has to wait for interrupted sessions to be offered, are
        pushed over the empty one.
        """
        self.terminal_title.save()
        self.terminal_title.set(APP_NAME)
        self.apply_settings(self.settings)
        if self.open_history:
            return super().get_default_screen()
        if self.start_routine is None:
            from postchain_tui.screens.picker import PickerScreen  # `start` goes without it

            return PickerScreen(
                self.catalog.entries,
                self.catalog.errors,
                training=self.training_log,
                routines_dir=self.routines_dir,
                today=self.today,
            )
        if self.interrupted_at_start:
            return super().get_default_screen()
        # The bottom screen cannot be dismissed: the app is told the session has ended.
        return self.sessions.screen(self.start_routine, ended=self.sessions.ended)

    @cached_property
    def interrupted_at_start(self) -> bool:
        """Whether sessions a crash cut off were waiting to be offered when the app started."""
        return self.running_dir is not None and bool(interrupted_sessions(self.running_dir))

    def training_log(self) -> TrainingLog:
        """The training log, opened when first asked for.

        Its modules (the index, SQLite, the progression rules) are many, and the picker's first
        frame needs none of them: the picker asks once its list is on screen.
        """
        if self._training is None:
            from postchain_tui.core.training import TrainingLog

            self._training = TrainingLog(
                self.store.folder, self.index_path, load_unit=self.settings.load_unit
            )
        return self._training

    def on_mount(self) -> None:
        """Open the first screen as soon as the app has finished mounting."""
        exit_signals.install(self)
        # Textual holds back every repaint while the app mounts: a screen pushed from here would
        # be laid out and drawn inside that batch, the frame thrown away, and drawn again after
        # it. Pushed just after, it is drawn once.
        self.call_later(open_first_screen, self)

    def session_plan(self, routine: Routine) -> list[PlannedStep]:
        """The steps a session of ``routine`` follows with the current settings.

        A lead-in setting of 0 drops the lead-in steps: this is the plan an interrupted
        session of the routine is resumed in.
        """
        from postchain_tui.core.session_options import routine_for_session

        return build_plan(routine_for_session(routine, self.settings))

    def today(self) -> date:
        """The day it is, by the wall clock."""
        now = self.wall() if self.wall is not None else datetime.now().astimezone()
        return now.date()

    def show_history(self) -> None:
        """Open the training log."""
        from postchain_tui.screens.history import HistoryScreen

        screen = HistoryScreen(
            self.store,
            index_path=self.index_path,
            today=self.today(),
            weekly_goal=self.settings.weekly_goal,
            load_unit=self.settings.load_unit,
            running_dir=self.running_dir,
        )
        self.push_screen(screen, callback=self._history_closed)

    def _history_closed(self, _result: None) -> None:
        if self._training is not None:
            self._training.close_index()  # sessions may have been edited or deleted
        if self.open_history:
            self.exit()

    def apply_settings(self, settings: Settings) -> None:
        """Use these settings from now on (a running session keeps the ones it started with).

        Args:
            settings: the settings.
        """
        self.settings = settings
        self.set_keymap(dict(settings.keymap))
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        self.announcer.use(settings.cue_command)
        self.voice.use(settings)

    def watch_theme(self, theme: str) -> None:
        """High-contrast themes make all text bold as well."""
        self.set_class(theme in HIGH_CONTRAST_NAMES, "-high-contrast")

    def action_open_settings(self, start_at: str = "bell") -> None:
        """Open the settings screen; what it saves applies at once.

        Args:
            start_at: the id of the field to start in, such as ``theme``.
        """
        from postchain_tui.screens.settings import SettingsScreen

        screen = SettingsScreen(self.settings, self.settings_path, theme_names(), start_at)
        self.push_screen(screen, callback=self._settings_closed)

    def _settings_closed(self, settings: Settings | None) -> None:
        if settings is not None:
            self.apply_settings(settings)

    def action_help(self) -> None:
        """List every key of every screen (unless the list is open already)."""
        from postchain_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(type(self.screen), dict(self.settings.keymap)))

    async def action_quit(self) -> None:
        """Quit (ctrl+q, the palette's Quit); a screen with something to lose asks first."""
        from postchain_tui.screens.quitting import quit_or_ask

        await quit_or_ask(self)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own palette commands, but for its theme switcher and its keys panel.

        The theme is a setting, saved with the others; one changed from here would be lost at
        the next start. The keys are in the key list, which Escape closes.
        """
        for command in super().get_system_commands(screen):
            if command.title not in ("Theme", "Keys"):
                yield command

    def announce(self, words: str, step_change: bool) -> None:
        """Say the words aloud; a step's also through the cue command, if there is one.

        Args:
            words: what a session has to say.
            step_change: a step has begun or the session has ended.
        """
        self.voice.say(words)
        if step_change:
            self.announcer.say(words)

    def on_session_screen_voice_toggled(self, _message: SessionScreen.VoiceToggled) -> None:
        """Turn the voice off or back on, and keep the choice in the settings file."""
        self.voice.silence()
        settings = replace(
            self.settings, voice=toggled_voice(self.settings.voice, self.voice.last_on)
        )
        self.apply_settings(settings)
        self.notify(f"Voice {self.voice.status()}.", title="Voice", timeout=3, markup=False)
        if self.settings_path is not None:
            self.run_worker(partial(self._keep_settings, settings), thread=True, group="settings")

    def _keep_settings(self, settings: Settings) -> None:
        """Save the settings (in a worker thread); a failure is told, the choice still applies."""
        from postchain_tui.core.settings import save_settings
        from postchain_tui.screens.formatting import path_text

        assert self.settings_path is not None
        try:
            save_settings(self.settings_path, settings)
        except OSError as error:
            self.call_from_thread(
                self.notify,
                f"Could not save to {path_text(self.settings_path)}: {error.strerror or error}. "
                "The voice stays as it is until the app closes.",
                title="Not saved",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def on_picker_screen_history_wanted(self, _message: PickerScreen.HistoryWanted) -> None:
        """Open the training log from the picker."""
        self.show_history()

    @property
    def ended_session(self) -> SessionOutcome | None:
        """The last session done, as finally saved; the command line sums it up on exit."""
        return self.sessions.ended_session

    def on_unmount(self) -> None:
        """Give the terminal its own title back, and end all speech."""
        self.voice.close()
        self.terminal_title.restore()
        if self._training is not None:
            self._training.close()

    def on_picker_screen_chosen(self, message: PickerScreen.Chosen) -> None:
        """Start the routine picked."""
        self.sessions.start(message.routine)


def make_app(options: AppOptions) -> PostchainApp:
    """Build the app, for the command line and for tests.

    Args:
        options: the routines, the store, the clocks, the folders and the settings.

    Returns:
        The app, not yet running.
    """
    return PostchainApp(options)
