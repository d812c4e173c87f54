"""A footer whose keys are in its screen's first frame."""

from __future__ import annotations

from textual.widgets import Footer


class ReadyFooter(Footer):
    """Textual's footer, with its keys drawn from the start.

    Textual's own footer stays empty until its screen announces its bindings, which happens
    only after the screen's first frame; it then builds its keys for the frame after. At
    start-up that left the first screen without its keys for about 50 ms, and every screen
    opened later without them for a frame or two. The screen's bindings are known as soon as
    the footer is mounted, so this one builds its keys at once; it still builds them again
    whenever the screen's bindings change (focus moves, an action is enabled or disabled).
    """

    def __init__(self) -> None:
        super().__init__()
        # Textual's flag for "the screen's bindings have been announced" (Textual 8).
        self.set_reactive(Footer._bindings_ready, True)
