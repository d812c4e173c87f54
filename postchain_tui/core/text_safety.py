"""Text from files made safe to show: control characters turned into visible symbols.

A routine, a session or a settings file can hold any character, and a terminal obeys some of
them: ``ESC ] 0;...`` retitles the window, ``ESC [2J`` blanks it, OSC 8 makes a link, and a
carriage return writes over what was shown. Every string read from a file goes through
:func:`visible` where it is read, so no screen, command or export can forget to.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline (a cue may run over lines), DEL, the C1 controls (ESC's
# one-byte forms), and the bidirectional overrides that make text read other than it is.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_REPLACEMENT = "\ufffd"


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ESC shows as U+241B
    if code == 0x7F:
        return "\u2421"
    return _REPLACEMENT


def visible(text: str) -> str:
    """The text with every control character shown as a symbol instead of obeyed.

    Args:
        text: text from a file.

    Returns:
        The same text where each control character (other than tab and newline) is
        replaced: ``ESC`` by ``␛``, ``BEL`` by ``␇``, a C1 control or a direction override by
        ``�``. Text without them is returned as it is.
    """
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(_picture, text)


def has_control(text: str) -> bool:
    """Whether :func:`visible` would change the text."""
    return _CONTROL.search(text) is not None
