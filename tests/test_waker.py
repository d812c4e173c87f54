"""The waker: one call a given delay after it is armed, in the context it was made in."""

from __future__ import annotations

import asyncio
import contextvars

import pytest

from postchain_tui.screens.waker import Waker

where: contextvars.ContextVar[str] = contextvars.ContextVar("where", default="elsewhere")


async def settle() -> None:
    """Let the event loop run what is due now (a zero delay is due at once)."""
    for _ in range(3):
        await asyncio.sleep(0)


async def test_it_calls_once_when_due() -> None:
    calls: list[str] = []
    waker = Waker(lambda: calls.append("woken"), pytest.fail)
    waker.arm(0)
    assert waker.armed
    await settle()
    assert calls == ["woken"]
    assert not waker.armed


async def test_arming_again_replaces_the_earlier_call() -> None:
    calls: list[str] = []
    waker = Waker(lambda: calls.append("woken"), pytest.fail)
    waker.arm(3600)
    waker.arm(0)
    await settle()
    assert calls == ["woken"]
    assert not waker.armed  # the hour-long one is gone, not pending


async def test_a_cancelled_waker_never_calls() -> None:
    calls: list[str] = []
    waker = Waker(lambda: calls.append("woken"), pytest.fail)
    waker.arm(0)
    waker.cancel()
    await settle()
    assert calls == []


async def test_it_calls_back_in_the_context_it_was_made_in() -> None:
    seen: list[str] = []
    token = where.set("screen")
    waker = Waker(lambda: seen.append(where.get()), pytest.fail)
    where.reset(token)
    waker.arm(0)
    await settle()
    assert seen == ["screen"]


async def test_an_error_in_the_callback_is_handed_on() -> None:
    errors: list[Exception] = []

    def fail() -> None:
        raise RuntimeError("broken")

    waker = Waker(fail, errors.append)
    waker.arm(0)
    await settle()
    assert [str(error) for error in errors] == ["broken"]
