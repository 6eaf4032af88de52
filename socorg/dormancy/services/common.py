"""What the dormancy services share: error helpers and the day a use case acts on."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from socorg.core.errors import ApplicationError, PermissionDenied

Problems = dict[str, list[str]]


def check(decision: tuple[bool, str]) -> None:
    allowed, reason = decision
    if not allowed:
        raise PermissionDenied(reason)


def add(problems: Problems, name: str, message: str) -> None:
    problems.setdefault(name, []).append(message)


def raise_if(problems: Problems) -> None:
    if problems:
        first = next(iter(problems.values()))[0]
        raise ApplicationError(_("提交的数据有误：%(first)s") % {"first": first}, errors=problems)


def day_of(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()
