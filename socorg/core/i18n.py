"""Rendering rule messages in the active language."""

from __future__ import annotations

from django.utils.translation import gettext

from socorg.core.messages import Msg


def render(message: Msg | str) -> str:
    if isinstance(message, Msg):
        text = gettext(message.template)
        if not message.params:
            return text
        params = {k: render(v) if isinstance(v, Msg) else v for k, v in message.params.items()}
        return text % params
    return gettext(message)
