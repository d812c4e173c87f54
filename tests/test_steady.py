"""The steady label: no new layout for the text it shows already."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import Static

from postchain_tui.widgets.steady import SteadyStatic


def test_the_same_content_again_is_not_passed_on(monkeypatch: pytest.MonkeyPatch) -> None:
    passed_on: list[object] = []
    monkeypatch.setattr(
        Static, "update", lambda self, content="", *, layout=True: passed_on.append(content)
    )
    label = SteadyStatic()
    label.update("step 1 of 3")
    label.update("step 1 of 3")
    label.update(Text("step 1 of 3", style="bold"))  # the same words, another look
    assert passed_on == ["step 1 of 3", Text("step 1 of 3", style="bold")]
