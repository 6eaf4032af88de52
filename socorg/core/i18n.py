"""Rendering rule messages in the active language."""

from __future__ import annotations

from django.utils.translation import gettext

from socorg.core.messages import Msg


def render(message: Msg | str) -> str:
    if isinstance(message, Msg):
        text = gettext(message.template)
        return text % message.params if message.params else text
    return gettext(message)
