"""The settings screen: every setting on one form, saved to ``settings.toml``.

The file stays hand-editable; this screen writes the same keys ``core.settings`` reads. A theme
chosen here shows at once, and Cancel puts the old one back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.validation import Integer
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    Select,
    Static,
)

from postchain_tui.core.cue_command import CueCommandError, split_template
from postchain_tui.core.durations import DurationError, parse_duration
from postchain_tui.core.load_units import LOAD_UNITS
from postchain_tui.core.settings import MAX_WEEKLY_GOAL, Settings, save_settings
from postchain_tui.core.speech import MAX_RATE, MIN_RATE, VOICE_CHOICES
from postchain_tui.cue_announcer import CueAnnouncer
from postchain_tui.screens.formatting import path_text
from postchain_tui.widgets.key_bar import KeyBar

SAMPLE_CUE = "Glute bridge. Set one of three. Thirty seconds."
VOICE_HELP = (
    "auto: the speech engine found (spd-say, espeak-ng or espeak; say on macOS; "
    "PowerShell on Windows). v in a session turns it off and on."
)
CUE_HELP = (
    'Run at each step change, with {text} replaced by the step\'s words: espeak-ng "{text}" '
    'speaks them, notify-send postchain "{text}" shows them on the desktop. Blank: none.'
)


@dataclass(frozen=True, slots=True)
class FormProblem:
    """A value on the form that cannot be saved.

    Attributes:
        field_id: the id of the field to put the cursor in.
        message: what is wrong and what would do.
    """

    field_id: str
    message: str


def read_lead_in(text: str) -> int | None:
    """The lead-in as typed.

    Args:
        text: e.g. ``10``, ``10s``, ``0`` or nothing.

    Returns:
        Seconds, or None for blank (each routine keeps its own).

    Raises:
        DurationError: when it is not a duration.
    """
    if not text.strip():
        return None
    return parse_duration(text.strip(), allow_zero=True)


def form_settings(
    base: Settings,
    *,
    bell: bool,
    flash: bool,
    lead_in: str,
    auto_start_after_rest: bool,
    weekly_goal: str,
    theme: str,
    load_unit: str,
    cue_command: str,
    voice: str = "auto",
    voice_rate: str = "",
) -> Settings | FormProblem:
    """The settings a filled-in form stands for.

    Args:
        base: the settings the form started from.
        bell: the bell box.
        flash: the flash box.
        lead_in: the lead-in field's text.
        auto_start_after_rest: the after-a-rest box.
        weekly_goal: the weekly goal field's text.
        theme: the theme chosen.
        load_unit: ``kg`` or ``lb``.
        cue_command: the cue command field's text.
        voice: the voice chosen.
        voice_rate: the voice speed field's text; blank keeps the base's.

    Returns:
        The new settings (what the form does not show, the keymap, as in ``base``), or the
        first problem found.
    """
    try:
        lead_in_s = read_lead_in(lead_in)
    except DurationError as error:
        return FormProblem("lead-in", f"Get-ready time: {error}. Blank keeps each routine's own.")
    goal = weekly_goal.strip()
    if not goal.isdigit() or not 1 <= int(goal) <= MAX_WEEKLY_GOAL:
        return FormProblem(
            "weekly-goal", f"Sessions a week: a whole number from 1 to {MAX_WEEKLY_GOAL}."
        )
    rate = voice_rate.strip()
    if rate and (not rate.isdigit() or not MIN_RATE <= int(rate) <= MAX_RATE):
        return FormProblem(
            "voice-rate", f"Voice speed: words a minute, from {MIN_RATE} to {MAX_RATE}."
        )
    command = cue_command.strip()
    if command:
        try:
            split_template(command)
        except CueCommandError as error:
            return FormProblem("cue-command", f"The cue command {error}.")
    return replace(
        base,
        bell=bell,
        flash=flash,
        lead_in=lead_in_s,
        auto_start_after_rest=auto_start_after_rest,
        weekly_goal=int(goal),
        theme=theme or base.theme,
        load_unit=load_unit,
        cue_command=command,
        voice=voice if voice in VOICE_CHOICES else base.voice,
        voice_rate=int(rate) if rate else base.voice_rate,
    )


class SettingBox(Checkbox):
    """A yes/no setting that says ``on`` or ``off`` in words, not only in the box's colour.

    Args:
        text: what the setting does.
        value: whether it is on.
        id: the widget's id.
    """

    def __init__(self, text: str, value: bool, *, id: str) -> None:
        self.text = text
        super().__init__(self.words(value), value, id=id, compact=True)

    def words(self, value: bool) -> str:
        """The label for a state, e.g. ``Bell at each change: on``."""
        return f"{self.text}: {'on' if value else 'off'}"

    def watch_value(self) -> None:
        """Say the new state."""
        super().watch_value()
        self.label = self.words(self.value)


def _row(label: str, control: Widget, note: str = "") -> ComposeResult:
    with Horizontal(classes="setting"):
        yield Label(label, classes="setting-label", markup=False)
        with Vertical(classes="setting-control"):
            yield control
            if note:
                yield Static(note, classes="setting-note", markup=False)


class SettingsScreen(Screen[Settings | None]):
    """Edits the settings; dismisses with the settings saved, or None when cancelled.

    Args:
        settings: the settings in use.
        path: where to save them; None applies them to this run only.
        themes: the theme names to offer.
        start_at: the id of the field to put the cursor in first.
    """

    CSS_PATH = "settings.tcss"
    AUTO_FOCUS = ""  # the field asked for gets the focus when mounted

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings.save"),
        Binding("escape", "cancel", "Cancel", id="settings.cancel"),
    ]

    def __init__(
        self,
        settings: Settings,
        path: Path | None,
        themes: Sequence[str],
        start_at: str = "bell",
    ) -> None:
        super().__init__()
        self.start_at = start_at
        self.settings = settings
        self.path = path
        self.themes = list(themes)
        if settings.theme not in self.themes:
            self.themes.insert(0, settings.theme)
        self.theme_before = ""
        self.trial: CueAnnouncer | None = None
        """Runs the command being tried, and says if it fails."""

    def compose(self) -> ComposeResult:
        """One line per setting, grouped; the buttons at the bottom."""
        current = self.settings
        lead_in = "" if current.lead_in is None else str(current.lead_in)
        yield Static("postchain · settings", id="settings-heading")
        with VerticalScroll(id="settings-form"):
            yield Static("Sound and light", classes="settings-group")
            yield SettingBox("Bell at 3-2-1 and at each step change", current.bell, id="bell")
            yield SettingBox("Flash the screen at the same moments", current.flash, id="flash")
            yield Static("Timing", classes="settings-group")
            yield from _row(
                "Get-ready time, seconds",
                Input(lead_in, placeholder="each routine's own", id="lead-in", compact=True),
                "For every routine. Blank: each routine's own; 0: none.",
            )
            yield SettingBox(
                "Next set starts by itself after a rest",
                current.auto_start_after_rest,
                id="auto-start",
            )
            yield Static(
                "Off: it waits for Enter, and the wait is logged as paused.",
                classes="setting-note -under-box",
                markup=False,
            )
            yield Static("Goal and units", classes="settings-group")
            yield from _row(
                "Strength sessions a week",
                Input(
                    str(current.weekly_goal),
                    id="weekly-goal",
                    type="integer",
                    max_length=2,
                    validators=[Integer(minimum=1, maximum=MAX_WEEKLY_GOAL)],
                    compact=True,
                ),
                "Two or three a week is the usual advice for runners.",
            )
            yield from _row(
                "Load unit",
                Select(
                    [(unit, unit) for unit in LOAD_UNITS],
                    value=current.load_unit,
                    allow_blank=False,
                    id="load-unit",
                    compact=True,
                ),
            )
            yield Static("Look", classes="settings-group")
            yield from _row(
                "Theme",
                Select(
                    [(name, name) for name in self.themes],
                    value=current.theme,
                    allow_blank=False,
                    id="theme",
                    compact=True,
                ),
                "postchain-high-contrast reads best in a bright gym.",
            )
            yield Static("Spoken cues", classes="settings-group")
            yield from _row(
                "Voice",
                Select(
                    [(choice, choice) for choice in VOICE_CHOICES],
                    value=current.voice,
                    allow_blank=False,
                    id="voice",
                    compact=True,
                ),
                VOICE_HELP,
            )
            yield from _row(
                "Voice speed, words a minute",
                Input(
                    str(current.voice_rate),
                    id="voice-rate",
                    type="integer",
                    max_length=3,
                    validators=[Integer(minimum=MIN_RATE, maximum=MAX_RATE)],
                    compact=True,
                ),
            )
            yield from _row(
                "Cue command",
                Input(
                    current.cue_command,
                    placeholder='none; for example espeak-ng "{text}"',
                    id="cue-command",
                    compact=True,
                ),
                CUE_HELP,
            )
            with Horizontal(id="settings-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", action="screen.save")
                yield Button("Try the cue command", id="try-cue", action="screen.try_cue")
                yield Button("Cancel (esc)", id="cancel", action="screen.cancel")
        yield KeyBar()

    def on_mount(self) -> None:
        """Start in the field asked for; remember the theme, to put it back on Cancel."""
        self.query_one(f"#{self.start_at}").focus()
        self.theme_before = self.app.theme

    def on_select_changed(self, event: Select.Changed) -> None:
        """No choice goes on up to the app."""
        event.stop()

    @on(Select.Changed, "#theme")
    def theme_changed(self, event: Select.Changed) -> None:
        """Show a theme as soon as it is chosen."""
        if isinstance(event.value, str) and event.value in self.app.available_themes:
            self.app.theme = event.value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field saves, as on the summary."""
        event.stop()
        self.action_save()

    def read_form(self) -> Settings | FormProblem:
        """The settings the form shows now, or what stops them being saved."""
        unit = self.query_one("#load-unit", Select).value
        theme = self.query_one("#theme", Select).value
        voice = self.query_one("#voice", Select).value
        return form_settings(
            self.settings,
            bell=self.query_one("#bell", Checkbox).value,
            flash=self.query_one("#flash", Checkbox).value,
            lead_in=self.query_one("#lead-in", Input).value,
            auto_start_after_rest=self.query_one("#auto-start", Checkbox).value,
            weekly_goal=self.query_one("#weekly-goal", Input).value,
            theme=theme if isinstance(theme, str) else "",
            load_unit=unit if isinstance(unit, str) else self.settings.load_unit,
            cue_command=self.query_one("#cue-command", Input).value,
            voice=voice if isinstance(voice, str) else self.settings.voice,
            voice_rate=self.query_one("#voice-rate", Input).value,
        )

    def action_save(self) -> None:
        """Save the settings to the file and close; a problem keeps the form open."""
        result = self.read_form()
        if isinstance(result, FormProblem):
            self.notify(result.message, title="Not saved", severity="warning", markup=False)
            self.query_one(f"#{result.field_id}").focus()
            return
        if self.path is not None:
            try:
                save_settings(self.path, result)
            except OSError as error:
                self.notify(
                    f"Could not save to {path_text(self.path)}: {error.strerror or error}.",
                    title="Not saved",
                    severity="error",
                    timeout=10,
                    markup=False,
                )
                return
            self.notify(f"Saved to {path_text(self.path)}.", title="Settings", markup=False)
        self.dismiss(result)

    def action_cancel(self) -> None:
        """Close without saving; the theme goes back to what it was."""
        if self.theme_before:
            self.app.theme = self.theme_before
        self.dismiss(None)

    def action_try_cue(self) -> None:
        """Run the cue command once with sample words, to hear (or see) it work."""
        template = self.query_one("#cue-command", Input).value.strip()
        if not template:
            self.notify("Type a cue command first.", title="Cue command", markup=False)
            return
        if self.trial is None:
            self.trial = CueAnnouncer(self.app, advice="")
        self.trial.use(template)
        self.trial.say(SAMPLE_CUE)
        self.notify(f"Started with: {SAMPLE_CUE}", title="Cue command", markup=False)
