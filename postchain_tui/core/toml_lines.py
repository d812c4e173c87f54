"""Telling which line of a TOML text something is on, for messages that name it.

TOML parsers forget where each key was written; a routine's errors still name the line, found
again in the text by the key path. A syntax error's line is read from the parser's message.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tomllib


class KeyLines:
    """The lines of a routine file's text, searched for where a key path is written.

    Args:
        text: the file's text.
    """

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")

    def locate(self, key: str) -> int | None:
        """Find the line a key path is written on, for messages; None when it cannot be told."""
        in_exercise = re.fullmatch(r"exercise\[(\d+)\](?:\.(.+))?", key, re.DOTALL)
        if in_exercise:
            headers = self.headers("exercise", array=True)
            position = int(in_exercise.group(1)) - 1
            if position >= len(headers):
                return None
            start = headers[position]
            name = in_exercise.group(2)
            if name is None:
                return start + 1
            return self.find_key(name, start + 1, _next_header(self.lines, start + 1))
        if key.startswith("defaults."):
            headers = self.headers("defaults", array=False)
            if not headers:
                return None
            start = headers[0]
            name = key.removeprefix("defaults.")
            return self.find_key(name, start + 1, _next_header(self.lines, start + 1))
        line = self.find_key(key, 0, _next_header(self.lines, 0))
        if line is not None:
            return line
        headers = self.headers(key, array=None)
        return headers[0] + 1 if headers else None

    def find_key(self, name: str, start: int, end: int) -> int | None:
        """The 1-based line in ``lines[start:end]`` that sets ``name``, or None."""
        pattern = re.compile(rf"\s*{_key_pattern(name)}\s*[=.]")
        for i in range(start, end):
            if pattern.match(self.lines[i]):
                return i + 1
        return None

    def headers(self, name: str, *, array: bool | None) -> list[int]:
        """0-based lines of ``[name]`` (array False), ``[[name]]`` (True) or either (None)."""
        key = _key_pattern(name)
        if array is None:
            pattern = re.compile(rf"\s*(?:\[\[\s*{key}\s*\]\]|\[\s*{key}\s*\])")
        elif array:
            pattern = re.compile(rf"\s*\[\[\s*{key}\s*\]\]")
        else:
            pattern = re.compile(rf"\s*\[\s*{key}\s*\](?!\])")
        return [i for i, line in enumerate(self.lines) if pattern.match(line)]


def _next_header(lines: list[str], start: int) -> int:
    for i in range(start, len(lines)):
        if re.match(r"^\s*\[", lines[i]):
            return i
    return len(lines)


def toml_error_reason(error: tomllib.TOMLDecodeError) -> str:
    """What a TOML syntax error says, without its position."""
    message = getattr(error, "msg", None) or str(error)
    return re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)$", "", str(message))


def toml_error_line(error: tomllib.TOMLDecodeError, text: str) -> int | None:
    """The 1-based line a TOML syntax error is on, when it can be told."""
    line = getattr(error, "lineno", None)
    if isinstance(line, int):
        return line
    message = str(error)
    match = re.search(r"\(at line (\d+), column \d+\)$", message)
    if match:
        return int(match.group(1))
    if message.endswith("(at end of document)"):
        return text.rstrip().count("\n") + 1
    return None


def _key_pattern(name: str) -> str:
    """A regex matching ``name`` written as a bare, basic-quoted or literal-quoted TOML key."""
    escaped = re.escape(name)
    return rf"(?:{escaped}|\"{escaped}\"|'{escaped}')"
