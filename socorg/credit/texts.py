"""Rule messages kept as data, so a stored explanation is shown in the reader's language.

A ``CreditEntry`` stores its explanation twice: rendered in the site language (what was decided,
as published) and as the message's msgid and parameters (re-rendered for an English reader).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation

from socorg.core.i18n import render
from socorg.core.messages import Msg


def msg_to_data(message: Msg) -> dict[str, Any]:
    """``Msg`` → JSON: nested messages (a trigger's label inside a sentence) stay messages."""
    return {
        "t": message.template,
        "p": {
            name: msg_to_data(value) if isinstance(value, Msg) else value
            for name, value in message.params.items()
        },
    }


def msg_from_data(data: dict[str, Any]) -> Msg:
    params = {
        name: msg_from_data(value) if isinstance(value, dict) else value
        for name, value in data.get("p", {}).items()
    }
    return Msg(data["t"], params)


def render_stored(data: dict[str, Any] | None, fallback: str) -> str:
    """A stored message in the active language; the stored text when there is no data."""
    if not data or "t" not in data:
        return fallback
    return render(msg_from_data(data))


def render_site(message: Msg | str) -> str:
    """A message in the site language, whatever the request's: stored text must not depend on
    who triggered the evaluation, or a second run would see a change where there is none."""
    with translation.override(settings.LANGUAGE_CODE):
        return render(message)
