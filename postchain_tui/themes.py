"""postchain's own themes, made to be read in a bright gym from two metres away.

Textual's themes are offered as well; these two add the most contrast a terminal can show:
pure black with white and yellow text, and pure white with black and deep blue text. The app
sets the ``-high-contrast`` class while one of them is in use, which makes all text bold.
"""

from __future__ import annotations

from textual.theme import BUILTIN_THEMES, Theme

HIGH_CONTRAST = Theme(
    name="postchain-high-contrast",
    primary="#ffff00",
    secondary="#ffffff",
    accent="#ffff00",
    warning="#ffaa00",
    error="#ff5050",
    success="#ffffff",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#262626",
    dark=True,
    text_alpha=1.0,
    variables={
        "footer-key-foreground": "#ffff00",
        # Secondary text (an exercise's cue) stays easy to read, only a little softer.
        "text-muted": "#d8d8d8",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#ffff00",
        "input-selection-background": "#ffff00 40%",
    },
)

HIGH_CONTRAST_LIGHT = Theme(
    name="postchain-high-contrast-light",
    primary="#0000c0",
    secondary="#000000",
    accent="#0000c0",
    warning="#a04000",
    error="#c00000",
    success="#000000",
    foreground="#000000",
    background="#ffffff",
    surface="#ffffff",
    panel="#dcdcdc",
    dark=False,
    text_alpha=1.0,
    variables={
        "footer-key-foreground": "#0000c0",
        "text-muted": "#303030",
        "block-cursor-foreground": "#ffffff",
        "block-cursor-background": "#0000c0",
        "input-selection-background": "#0000c0 30%",
    },
)

POSTCHAIN_THEMES = (HIGH_CONTRAST, HIGH_CONTRAST_LIGHT)
HIGH_CONTRAST_NAMES = frozenset(theme.name for theme in POSTCHAIN_THEMES)


def theme_names() -> list[str]:
    """Every theme a user can choose: postchain's own first, then Textual's, by name.

    Returns:
        The names, as the ``theme`` setting takes them.
    """
    builtin = sorted(name for name in BUILTIN_THEMES if name not in HIGH_CONTRAST_NAMES)
    return [theme.name for theme in POSTCHAIN_THEMES] + builtin
