"""User-facing messages from pure rule modules, translated only where they are shown.

Rule modules import no Django, so they cannot call ``gettext``. They return a ``Msg``: a
Chinese msgid with ``%(name)s`` placeholders, marked for extraction with ``N_``. Services and
views turn it into text with ``socorg.core.i18n.render``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


def N_(message: str) -> str:
    """Marks a msgid for extraction without translating it."""
    return message


@dataclass(frozen=True)
class Msg:
    template: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template % self.params if self.params else self.template
