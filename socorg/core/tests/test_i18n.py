"""English must stay complete: every msgid marked in code or templates has an English entry."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import polib

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGUE = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
FUNCTIONS = {"_", "gettext", "gettext_lazy", "gettext_noop", "N_", "ngettext", "ngettext_lazy"}
CONTEXT_FUNCTIONS = {"pgettext", "pgettext_lazy"}
TRANSLATE_TAG = re.compile(r"""{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<msg>.+?)(?P=q)""")
BLOCK_TAG = re.compile(
    r"{%\s*blocktrans(?:late)?(?P<opts>[^%]*)%}(?P<body>.*?){%\s*(?:plural|endblocktrans(?:late)?)\s*%}",
    re.S,
)
VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")


def _skip(path: Path) -> bool:
    return "migrations" in path.parts or "tests" in path.parts


def python_msgids() -> Iterator[tuple[str, str]]:
    for path in PACKAGE.rglob("*.py"):
        if _skip(path):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            index = 0 if name in FUNCTIONS else 1 if name in CONTEXT_FUNCTIONS else None
            if index is None or len(node.args) <= index:
                continue
            arg = node.args[index]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield arg.value, f"{path.relative_to(PACKAGE)}:{node.lineno}"


def template_msgids() -> Iterator[tuple[str, str]]:
    for path in PACKAGE.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in TRANSLATE_TAG.finditer(text):
            yield match.group("msg"), str(path.relative_to(PACKAGE))
        for match in BLOCK_TAG.finditer(text):
            body = VARIABLE.sub(r"%(\1)s", match.group("body").replace("%", "%%"))
            if "trimmed" in match.group("opts"):
                body = " ".join(line.strip() for line in body.strip().splitlines() if line.strip())
            if "{%" not in body:
                yield body, str(path.relative_to(PACKAGE))


def test_english_catalogue_has_every_msgid():
    catalogue = polib.pofile(str(CATALOGUE))
    translated = {e.msgid for e in catalogue if e.msgstr and "fuzzy" not in e.flags}
    translated |= {e.msgid for e in catalogue if e.msgstr_plural and "fuzzy" not in e.flags}
    missing = sorted(
        {
            (msgid, where)
            for msgid, where in [*python_msgids(), *template_msgids()]
            if msgid not in translated
        }
    )
    assert not missing, f"{len(missing)} msgids lack English, e.g. {missing[:10]}"


def test_english_is_served(client):
    from django.urls import reverse

    english = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Social Organizations and Grassroots Governance Platform" in english
    assert "社会组织与基层治理平台" in chinese
