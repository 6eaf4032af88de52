"""Field rules for an organization's registry record (pure): facts in, problems per field out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from socorg.core.messages import N_, Msg
from socorg.registry.rules import idcard, uscc
from socorg.registry.rules.lifecycle import REGISTERED_TYPES, OrgType

NAME_MAX = 100


@dataclass(frozen=True)
class OrganizationFacts:
    name: str
    org_type: str
    uscc: str
    authority_code: str | None  # six-digit division code of the registration authority
    has_supervisory_unit: bool
    directly_registered: bool
    legal_rep_name: str
    legal_rep_id: str | None  # None: not being changed
    founded_on: dt.date | None
    registered_on: dt.date | None
    registered_funds: Decimal | None
    street_in_district: bool
    community_in_street: bool
    has_community: bool


Problems = dict[str, list[Msg]]


def _add(problems: Problems, field: str, message: Msg) -> None:
    problems.setdefault(field, []).append(message)


def organization_problems(facts: OrganizationFacts, *, today: dt.date) -> Problems:
    """Every field-level problem of an organization record; an empty dict means valid."""
    problems: Problems = {}
    name = facts.name.strip()
    if not name:
        _add(problems, "name", Msg(N_("请填写组织名称。")))
    elif len(name) > NAME_MAX:
        _add(problems, "name", Msg(N_("组织名称不能超过 %(n)d 个字。"), {"n": NAME_MAX}))

    try:
        org_type = OrgType(facts.org_type)
    except ValueError:
        _add(
            problems,
            "org_type",
            Msg(N_("组织类型“%(value)s”无效。"), {"value": facts.org_type}),
        )
        return problems

    registered = org_type in REGISTERED_TYPES
    code = uscc.normalize(facts.uscc)
    if registered and not code:
        _add(problems, "uscc", Msg(N_("登记的社会组织必须填写统一社会信用代码。")))
    elif code:
        for p in uscc.uscc_problems(
            code,
            org_type=org_type.value if registered else None,
            authority_code=facts.authority_code if registered else None,
        ):
            _add(problems, "uscc", p.message)

    if registered:
        if facts.has_supervisory_unit and facts.directly_registered:
            _add(
                problems,
                "supervisory_unit",
                Msg(N_("直接登记的组织不应再填写业务主管单位。")),
            )
        elif not facts.has_supervisory_unit and not facts.directly_registered:
            _add(
                problems,
                "supervisory_unit",
                Msg(N_("请填写业务主管单位，或勾选“直接登记”。")),
            )
        if not facts.legal_rep_name.strip():
            _add(
                problems,
                "legal_rep_name",
                Msg(N_("登记的社会组织必须填写法定代表人。")),
            )

    if facts.legal_rep_id:
        problem = idcard.id_number_problem(facts.legal_rep_id)
        if problem:
            _add(problems, "legal_rep_id", problem)

    for field, day in (
        ("founded_on", facts.founded_on),
        ("registered_on", facts.registered_on),
    ):
        if day and day > today:
            _add(
                problems,
                field,
                Msg(N_("日期 %(d)s 晚于今天。"), {"d": day.isoformat()}),
            )
    if facts.founded_on and facts.registered_on and facts.founded_on > facts.registered_on:
        _add(
            problems,
            "registered_on",
            Msg(N_("登记（备案）日期不能早于成立日期。")),
        )
    if facts.registered_funds is not None and facts.registered_funds < 0:
        _add(problems, "registered_funds", Msg(N_("注册资金不能为负数。")))
    if not facts.street_in_district:
        _add(problems, "street", Msg(N_("所选街道不属于该区。")))
    if facts.has_community and not facts.community_in_street:
        _add(problems, "community", Msg(N_("所选社区不属于该街道。")))
    return problems
