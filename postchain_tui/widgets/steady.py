"""A text widget that does no work when it is given the text it shows already.

Textual's ``Static.update`` always asks for a new layout of the screen, even for the same text.
A screen that redraws from its model on every tick (the session screen, once a second) would
otherwise lay out every widget every second although only the countdown changed.
"""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


class SteadyStatic(Static):
    """A :class:`~textual.widgets.Static` whose ``update`` ignores the content it already shows."""

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
