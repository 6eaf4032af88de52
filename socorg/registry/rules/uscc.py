"""统一社会信用代码 (USCC) per GB 32100-2015, with the GB 11714 organization-code check.

domain.md §5: 18 characters from a 31-character set (no I, O, S, V, Z); position 1 is the
registration department (5 = 民政), position 2 the category (1 社会团体, 2 民办非企业单位 /
社会服务机构, 3 基金会, 9 其他), positions 3-8 the registering authority's division code,
9-17 the organization code (8-character body + GB 11714 check character), 18 the GB 32100
check character.
"""

from __future__ import annotations

from dataclasses import dataclass

from socorg.core.messages import N_, Msg

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
CIVIL_AFFAIRS = "5"
FORBIDDEN = "IOSVZ"

# Organization type (code name) → USCC category digit (position 2).
TYPE_DIGITS: dict[str, str] = {
    "social_group": "1",
    "social_service": "2",
    "foundation": "3",
}


def uscc_check_char(first17: str) -> str:
    """GB 32100 check character for the first 17 characters."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def _org_value(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - 55  # A=10 … Z=35


def org_check_char(body8: str) -> str:
    """GB 11714 check character for an 8-character organization-code body."""
    r = 11 - sum(_org_value(c) * w for c, w in zip(body8, ORG_WEIGHTS, strict=True)) % 11
    return "X" if r == 10 else "0" if r == 11 else str(r)


@dataclass(frozen=True)
class UsccProblem:
    rule: str  # a stable code for tests and the import report
    message: Msg


def normalize(code: str) -> str:
    return "".join(code.split()).upper()


def uscc_problems(
    code: str, *, org_type: str | None = None, authority_code: str | None = None
) -> list[UsccProblem]:
    """Everything wrong with a USCC, each citing the rule it breaks; empty when valid.

    ``org_type`` checks the category digit; ``authority_code`` (six digits) checks that the
    code was issued by that registration authority.
    """
    code = normalize(code)
    if len(code) != 18:
        return [
            UsccProblem(
                "length",
                Msg(
                    N_("统一社会信用代码应为 18 位，实际为 %(n)d 位（GB 32100-2015）。"),
                    {"n": len(code)},
                ),
            )
        ]
    bad = sorted({c for c in code if c not in USCC_CHARS})
    if bad:
        return [
            UsccProblem(
                "charset",
                Msg(
                    N_(
                        "统一社会信用代码含非法字符 %(chars)s：只允许数字和除 I、O、S、V、Z 以外的"
                        "大写字母（GB 32100-2015）。"
                    ),
                    {"chars": "、".join(bad)},
                ),
            )
        ]
    problems: list[UsccProblem] = []
    if not code[2:8].isdigit():
        problems.append(
            UsccProblem(
                "region",
                Msg(N_("统一社会信用代码第 3-8 位应为登记管理机关的 6 位行政区划代码。")),
            )
        )
    if org_check_char(code[8:16]) != code[16]:
        problems.append(
            UsccProblem(
                "org_check",
                Msg(
                    N_(
                        "统一社会信用代码第 17 位（组织机构代码校验码）应为 %(expected)s，实际为 %(actual)s（GB 11714）。"
                    ),
                    {"expected": org_check_char(code[8:16]), "actual": code[16]},
                ),
            )
        )
    if uscc_check_char(code[:17]) != code[17]:
        problems.append(
            UsccProblem(
                "check",
                Msg(
                    N_(
                        "统一社会信用代码第 18 位（校验码）应为 %(expected)s，实际为 %(actual)s（GB 32100-2015）。"
                    ),
                    {"expected": uscc_check_char(code[:17]), "actual": code[17]},
                ),
            )
        )
    if org_type in TYPE_DIGITS:
        if code[0] != CIVIL_AFFAIRS:
            problems.append(
                UsccProblem(
                    "department",
                    Msg(
                        N_(
                            "社会组织的统一社会信用代码第 1 位应为 5（民政部门登记），实际为 %(actual)s。"
                        ),
                        {"actual": code[0]},
                    ),
                )
            )
        expected = TYPE_DIGITS[org_type]
        if code[1] != expected:
            problems.append(
                UsccProblem(
                    "type_digit",
                    Msg(
                        N_(
                            "统一社会信用代码第 2 位（机构类别）应为 %(expected)s，与组织类型不符，实际为 %(actual)s。"
                        ),
                        {"expected": expected, "actual": code[1]},
                    ),
                )
            )
    if authority_code and code[2:8].isdigit() and code[2:8] != authority_code:
        problems.append(
            UsccProblem(
                "authority",
                Msg(
                    N_(
                        "统一社会信用代码第 3-8 位应为登记管理机关区划代码 %(expected)s，实际为 %(actual)s。"
                    ),
                    {"expected": authority_code, "actual": code[2:8]},
                ),
            )
        )
    return problems


def make_uscc(*, type_digit: str, authority_code: str, body8: str, department: str = "5") -> str:
    """Build a valid USCC from its parts (for fixtures and the demo generator)."""
    first16 = f"{department}{type_digit}{authority_code}{body8}{org_check_char(body8)}"
    return first16 + uscc_check_char(first16)
