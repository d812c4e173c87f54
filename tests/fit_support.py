"""Reading FIT files back with the official SDK's Decoder, as a service importing them would."""

from __future__ import annotations

from typing import Any

from garmin_fit_sdk import Decoder, Stream

FIT_EPOCH_S = 631065600
"""1989-12-31T00:00:00Z in Unix seconds: FIT's zero."""


def decode(data: bytes) -> dict[str, list[dict[str, Any]]]:
    """A FIT file's messages, once it is checked to be one, with good CRCs, decoding cleanly."""
    assert Decoder(Stream.from_byte_array(bytearray(data))).is_fit()
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


def message_order(data: bytes) -> list[str]:
    """The names of the file's messages in the order they were written."""
    names: list[str] = []

    def listen(mesg_num: int, _message: dict[str, Any]) -> None:
        names.append(MESSAGE_NAMES.get(mesg_num, str(mesg_num)))

    Decoder(Stream.from_byte_array(bytearray(data))).read(mesg_listener=listen)
    return names


MESSAGE_NAMES = {0: "file_id", 18: "session", 19: "lap", 21: "event", 26: "workout",
                 27: "workout_step", 34: "activity", 225: "set"}
