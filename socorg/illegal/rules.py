"""Illegal social organizations (非法社会组织): tips, investigation cases, outcomes (pure).

A tip (举报线索) comes from the public, a department or elsewhere; it is assigned to an officer
and closed either by merging it into an investigation case or as unfounded. A case (立案) is
investigated (调查, evidence collected) and concluded (结论) with one outcome: 取缔 (ban),
劝散 (dissuade and disperse), 引导登记 (guide to register) or 不构成 (not illegal). Bans and
dispersals are administrative decisions: they need a document number and are published.

Basis: 《社会团体登记管理条例》第三十二条 (取缔 of unregistered activity in a social group's
name), 《民办非企业单位登记管理暂行条例》第二十七条, 《取缔非法民间组织暂行办法》(民政部令
第21号, 2000) 第二条、第三条 (what counts as illegal; 登记管理机关 investigates and bans).

No Django here: services load facts, call these functions and persist.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from socorg.accounts.roles import Role
from socorg.core.messages import N_, Msg


class TipSource(StrEnum):
    PUBLIC = "public"
    DEPARTMENT = "department"
    OTHER = "other"


class TipState(StrEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    CLOSED = "closed"


class TipClosure(StrEnum):
    MERGED = "merged"  # 并入案件
    UNFOUNDED = "unfounded"  # 查无实据


class CaseState(StrEnum):
    FILED = "filed"  # 立案
    INVESTIGATING = "investigating"  # 调查
    CONCLUDED = "concluded"  # 结论


class Outcome(StrEnum):
    BAN = "ban"  # 取缔
    DISPERSE = "disperse"  # 劝散
    GUIDE_REGISTER = "guide_register"  # 引导登记
    NOT_ILLEGAL = "not_illegal"  # 不构成


# Bans and dispersals are decisions against the organization: a numbered document, published.
DOCUMENT_REQUIRED: frozenset[Outcome] = frozenset({Outcome.BAN, Outcome.DISPERSE})
PUBLISHABLE: frozenset[Outcome] = frozenset({Outcome.BAN, Outcome.DISPERSE})

BASIS = N_("《取缔非法民间组织暂行办法》第二条、第三条；《社会团体登记管理条例》第三十二条")


# ------------------------------------------------------------------------ workflows
# (state, action) -> (target state, roles that may take the action). Per-object scope (area,
# street, assignment) is checked by the permission functions on top of this table.

TIP_TRANSITIONS: dict[tuple[TipState, str], tuple[TipState, frozenset[Role]]] = {
    (TipState.NEW, "assign"): (TipState.ASSIGNED, frozenset({Role.DISTRICT_ADMIN})),
    (TipState.ASSIGNED, "assign"): (TipState.ASSIGNED, frozenset({Role.DISTRICT_ADMIN})),
    (TipState.NEW, "close"): (TipState.CLOSED, frozenset({Role.DISTRICT_ADMIN})),
    (TipState.ASSIGNED, "close"): (
        TipState.CLOSED,
        frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICER}),
    ),
    (TipState.NEW, "merge"): (TipState.CLOSED, frozenset({Role.DISTRICT_ADMIN})),
    (TipState.ASSIGNED, "merge"): (TipState.CLOSED, frozenset({Role.DISTRICT_ADMIN})),
}

CASE_TRANSITIONS: dict[tuple[CaseState, str], tuple[CaseState, frozenset[Role]]] = {
    (CaseState.FILED, "add_evidence"): (
        CaseState.INVESTIGATING,
        frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICER}),
    ),
    (CaseState.INVESTIGATING, "add_evidence"): (
        CaseState.INVESTIGATING,
        frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICER}),
    ),
    (CaseState.INVESTIGATING, "decide"): (CaseState.CONCLUDED, frozenset({Role.DISTRICT_ADMIN})),
    (CaseState.CONCLUDED, "publish"): (CaseState.CONCLUDED, frozenset({Role.DISTRICT_ADMIN})),
}

TIP_ACTION_REFUSALS: dict[str, str] = {
    "assign": N_("该线索已办结，不能再分派。"),
    "close": N_("该线索已办结。"),
    "merge": N_("该线索已办结，不能再并入案件。"),
}
CASE_ACTION_REFUSALS: dict[str, str] = {
    "add_evidence": N_("案件已作出结论，不能再补充证据。"),
    "decide": N_("案件尚未进入调查（至少登记一项证据）或已作出结论，不能作出结论。"),
    "publish": N_("案件尚未作出结论，不能公布。"),
}


def tip_transition(state: str, action: str) -> TipState | None:
    """The state a tip moves to by ``action``, or None when the action is not open."""
    entry = TIP_TRANSITIONS.get((TipState(state), action))
    return entry[0] if entry else None


def case_transition(state: str, action: str) -> CaseState | None:
    """The state a case moves to by ``action``, or None when the action is not open."""
    entry = CASE_TRANSITIONS.get((CaseState(state), action))
    return entry[0] if entry else None


def tip_roles(state: str, action: str) -> frozenset[Role]:
    entry = TIP_TRANSITIONS.get((TipState(state), action))
    return entry[1] if entry else frozenset()


def case_roles(state: str, action: str) -> frozenset[Role]:
    entry = CASE_TRANSITIONS.get((CaseState(state), action))
    return entry[1] if entry else frozenset()


# ------------------------------------------------------------------------ decisions


@dataclass(frozen=True)
class DecisionFacts:
    outcome: str
    decided_on: date | None
    document_number: str
    reason: str
    opened_on: date


def decision_problems(facts: DecisionFacts, *, today: date) -> dict[str, list[Msg]]:
    """What is wrong with a case conclusion, per field (empty: the conclusion may be recorded)."""
    problems: dict[str, list[Msg]] = {}
    try:
        outcome: Outcome | None = Outcome(facts.outcome)
    except ValueError:
        outcome = None
        problems["outcome"] = [Msg(N_("请选择调查结论：取缔、劝散、引导登记或不构成。"))]
    if facts.decided_on is None:
        problems["decided_on"] = [Msg(N_("请填写决定日期。"))]
    elif facts.decided_on > today:
        problems["decided_on"] = [Msg(N_("决定日期不能晚于今天。"))]
    elif facts.decided_on < facts.opened_on:
        problems["decided_on"] = [
            Msg(N_("决定日期不能早于立案日期（%(day)s）。"), {"day": facts.opened_on.isoformat()})
        ]
    if outcome in DOCUMENT_REQUIRED and not facts.document_number.strip():
        problems["document_number"] = [
            Msg(N_("结论为取缔或劝散时必须填写决定文书号。")),
        ]
    if not facts.reason.strip():
        problems["reason"] = [Msg(N_("请填写认定的事实和理由。"))]
    return problems


def publish_problem(*, outcome: str, published: bool) -> Msg | None:
    """Why a concluded case may not be published (None: it may)."""
    if published:
        return Msg(N_("该案件已公布。"))
    if outcome not in PUBLISHABLE:
        return Msg(N_("只有结论为取缔或劝散的案件才予以公布。"))
    return None


# ------------------------------------------------------------------------ evidence files

# The first bytes each accepted kind of file starts with; a renamed executable is refused.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}
CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain; charset=utf-8",
}


def file_extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def evidence_file_problems(
    *, name: str, size: int, head: bytes, allowed: Sequence[str], max_bytes: int
) -> list[Msg]:
    """Whether an uploaded evidence file is of an accepted type and size (by content too)."""
    ext = file_extension(name)
    if ext not in allowed:
        return [
            Msg(
                N_("不支持该文件类型（%(ext)s）：只接受 %(allowed)s 文件。"),
                {"ext": ext or "—", "allowed": "、".join(allowed)},
            )
        ]
    problems: list[Msg] = []
    if size <= 0:
        problems.append(Msg(N_("文件是空的。")))
    elif size > max_bytes:
        problems.append(
            Msg(
                N_("文件过大：不得超过 %(limit)s MB（当前 %(size)s MB）。"),
                {"limit": _mb(max_bytes), "size": _mb(size)},
            )
        )
    signatures = SIGNATURES.get(ext)
    if size > 0 and signatures and not head.startswith(signatures):
        problems.append(Msg(N_("文件内容与扩展名（%(ext)s）不符，请上传原始文件。"), {"ext": ext}))
    if size > 0 and ext == "txt" and b"\x00" in head:
        problems.append(Msg(N_("文本文件中含有二进制内容，请上传原始文件。")))
    return problems


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


# ------------------------------------------------------------------------ personal data

PHONE_RE = re.compile(r"^\+?[\d\- ]{7,20}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def contact_problem(value: str) -> Msg | None:
    """A reporter's contact, when given, is a telephone number or an e-mail address."""
    value = value.strip()
    if not value:
        return None
    if len(value) > 100:
        return Msg(N_("联系方式不得超过 100 个字符。"))
    if PHONE_RE.match(value) and sum(ch.isdigit() for ch in value) >= 7:
        return None
    if EMAIL_RE.match(value):
        return None
    return Msg(N_("联系方式应为电话号码或电子邮箱。"))


def mask_contact(value: str) -> str:
    """``13812345678`` → ``138****5678``; ``zhang@example.org`` → ``z***@example.org``."""
    value = value.strip()
    if not value:
        return ""
    if "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    digits = [ch for ch in value if ch.isdigit()]
    if len(digits) >= 7:
        return "".join(digits[:3]) + "****" + "".join(digits[-4:])
    return value[:1] + "***"


def mask_name(name: str) -> str:
    """A reporter's name as non-admin staff see it: ``张三丰`` → ``张**``."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


# ------------------------------------------------------------------------ numbering and policy


def case_number(fmt: str, *, district_code: str, year: int, seq: int) -> str:
    """The case number from the configured format (default ``420106FF20260001``)."""
    return fmt.format(district_code=district_code, year=year, seq=seq)


@dataclass(frozen=True)
class IllegalPolicy:
    """Configurable numbers (settings.POLICY["illegal"] overrides each)."""

    public_tips_per_ip_per_hour: int = 5
    evidence_max_bytes: int = 10 * 1024 * 1024
    evidence_extensions: tuple[str, ...] = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx", "txt")
    case_number_format: str = "{district_code}FF{year}{seq:04d}"

    def __post_init__(self) -> None:
        if self.public_tips_per_ip_per_hour < 1:
            raise ValueError("IllegalPolicy.public_tips_per_ip_per_hour must be at least 1")
        if self.evidence_max_bytes < 1:
            raise ValueError("IllegalPolicy.evidence_max_bytes must be positive")
        if not self.evidence_extensions:
            raise ValueError("IllegalPolicy.evidence_extensions must not be empty")
        if "{seq" not in self.case_number_format:
            raise ValueError("IllegalPolicy.case_number_format must contain {seq}")


DEFAULT_POLICY = IllegalPolicy()
