"""``manage.py demo_logins``: the demo accounts, their roles, scopes and the shared password."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from socorg.demo.reference import demo_login_rows


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "Print the demo accounts (username / role / scope / password)."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = demo_login_rows()
        if not rows:
            self.stdout.write(_("没有演示账户：请先运行 manage.py seed_demo。"))
            return
        table = [(_("用户名"), _("角色"), _("范围"), _("密码")), *rows]
        widths = [max(_width(r[i]) for r in table) for i in range(4)]
        for n, row in enumerate(table):
            self.stdout.write("  ".join(_pad(v, w) for v, w in zip(row, widths, strict=True)))
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        self.stdout.write(_("演示账户仅供本机演示使用；上线前请删除或修改密码。"))
