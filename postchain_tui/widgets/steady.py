"""Widgets that do no work for a screen redrawn every second when they themselves did not change.

Two costs of Textual's, both paid by widgets nothing happened to:

- ``Static.update`` always asks for a new layout of the screen, even for the same text. A
  screen that redraws from its model on every tick (the session screen, once a second) would
  otherwise lay out every widget every second although only the countdown changed.
- To repaint any part of a screen, Textual asks every widget whose clip overlaps it for all its
  lines, and each ask recomputes the widget's colours and filters even when the lines come from
  its cache. :class:`SteadyLines` answers with the lines it gave last time instead.
"""

from __future__ import annotations

from textual.containers import Horizontal, Vertical
from textual.filter import LineFilter
from textual.geometry import Region
from textual.strip import Strip
from textual.visual import VisualType
from textual.widget import Widget
from textual.widgets import Static


class SteadyLines(Widget):
    """A widget that gives Textual the same lines again until it is marked for a repaint.

    Every repaint Textual asks of a widget (a refresh, a new size, a new style, one of its
    ancestors' colours changing) marks it dirty through ``Widget._set_dirty``, which forgets the
    lines kept; so do a different crop and different line filters (a new theme).

    Name it after the widget it is mixed into (``class Quiet(Static, SteadyLines)``): Textual
    takes a widget's default CSS from its first base only.
    """

    _kept_lines: tuple[Region, tuple[LineFilter, ...], list[Strip]] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        """The widget's lines within ``crop``, with its CSS applied.

        Args:
            crop: the part of the widget wanted.

        Returns:
            The lines: those given last time when nothing has changed since.
        """
        filters = tuple(self.get_line_filters())
        kept = self._kept_lines
        if kept is not None and kept[0] == crop and kept[1] == filters:
            return kept[2]
        lines = super().render_lines(crop)
        self._kept_lines = (crop, filters, lines)
        return lines

    def _set_dirty(self, *regions: Region) -> None:
        self._kept_lines = None
        super()._set_dirty(*regions)


class SteadyHorizontal(Horizontal, SteadyLines):
    """A :class:`~textual.containers.Horizontal` that keeps its lines (see :class:`SteadyLines`)."""


class SteadyVertical(Vertical, SteadyLines):
    """A :class:`~textual.containers.Vertical` that keeps its lines (see :class:`SteadyLines`)."""


class SteadyStatic(Static, SteadyLines):
    """A :class:`~textual.widgets.Static` that does nothing when nothing changes.

    Its ``update`` ignores the content it already shows, and it keeps its lines (see
    :class:`SteadyLines`).
    """

    _shown: tuple[type, object, object] | None = None

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        """Show ``content``, unless it is what is shown already.

        Args:
            content: the new content (text, ``Text`` or any renderable).
            layout: also lay the screen out again (when the size may change).
        """
        # Rich's Text compares its plain text and spans but not its base style; compare that too.
        key = (type(content), content, getattr(content, "style", None))
        if key == self._shown:
            return
        self._shown = key
        super().update(content, layout=layout)
