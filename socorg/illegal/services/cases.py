"""Investigation cases (立案 → 调查 → 结论) and their publication. Each use case checks
permission first, validates with the rules, writes and audits in one transaction; nothing is
written on a refusal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socorg.agencies.selectors import registration_authority_for_area
from socorg.areas.models import Area
from socorg.audit.services import audit_record, snapshot
from socorg.core.i18n import render
from socorg.illegal import permissions, rules
from socorg.illegal.models import CaseCounter, Evidence, InvestigationCase, Tip
from socorg.illegal.policy import get_policy
from socorg.illegal.rules import TipClosure
from socorg.illegal.services.common import CASE_AUDIT_FIELDS, add, check, raise_if
from socorg.illegal.services.tips import close_tip_row
from socorg.notifications.services import notification_send


@dataclass(frozen=True)
class CaseInput:
    subject_name: str
    street: Area
    opened_on: dt.date
    officers: Sequence[Any]
    location: str = ""


def _next_number(district: Area, year: int) -> str:
    # The counter row is locked until the transaction ends, so two cases never share a number.
    counter, _created = CaseCounter.objects.select_for_update().get_or_create(
        district=district, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return rules.case_number(
        get_policy().case_number_format, district_code=district.code, year=year, seq=counter.last
    )


@transaction.atomic
def case_open(
    *, actor: Any, tips: Sequence[Tip], data: CaseInput, today: dt.date | None = None
) -> InvestigationCase:
    """Open an investigation (立案) from one or more open tips; the tips are merged into it."""
    today = today or timezone.localdate()
    street = data.street
    check(permissions.can_open_case(actor, district_id=street.parent_id, street_id=street.id))
    locked = list(Tip.objects.select_for_update().filter(pk__in=[t.pk for t in tips]))
    problems: dict[str, list[str]] = {}
    if not locked:
        add(problems, "tips", _("请至少选择一条待处理的举报线索。"))
    for tip in locked:
        check(permissions.can_merge_tip(actor, tip))
        if tip.district_id != street.parent_id:
            add(problems, "tips", _("线索 #%(id)s 不在该街道所属区县。") % {"id": tip.pk})
    if not data.subject_name.strip():
        add(problems, "subject_name", _("请填写涉案组织名称。"))
    if street.level != Area.Level.STREET:
        add(problems, "street", _("所选区划不是街道。"))
    if data.opened_on > today:
        add(problems, "opened_on", _("立案日期不能晚于今天。"))
    if not data.officers:
        add(problems, "officers", _("请至少指定一名承办人员。"))
    probe = InvestigationCase(district_id=street.parent_id, street_id=street.id)
    for officer in data.officers:
        allowed, reason = permissions.can_handle_tip_as(officer, probe)
        if not allowed:
            add(problems, "officers", f"{officer}：{reason}")
    authority = registration_authority_for_area(area_id=street.parent_id)
    if authority is None:
        add(problems, "street", _("未找到该区县的登记管理机关，请联系系统管理员。"))
    raise_if(problems)
    case = InvestigationCase.objects.create(
        number=_next_number(street.parent, data.opened_on.year),
        subject_name=data.subject_name.strip(),
        district_id=street.parent_id,
        street=street,
        location=data.location.strip(),
        authority=authority,
        opened_on=data.opened_on,
        opened_by=actor,
    )
    case.officers.set(data.officers)
    after = snapshot(case, CASE_AUDIT_FIELDS)
    after["officers"] = sorted(o.pk for o in data.officers)
    after["tips"] = sorted(t.pk for t in locked)
    audit_record(actor=actor, action="illegal.case.open", obj=case, after=after)
    for tip in locked:
        close_tip_row(tip, actor=actor, closure=TipClosure.MERGED.value, reason="", case=case)
    for officer in data.officers:
        if officer.pk != actor.pk:
            notification_send(
                kind="illegal.case.assigned",
                title=_("您被指定承办非法社会组织案件 %(number)s") % {"number": case.number},
                body=case.subject_name,
                user=officer,
                obj=case,
            )
    return case


def _file_problems(upload: UploadedFile) -> list[str]:
    """The evidence rules applied to an upload: its name, size and first bytes."""
    policy = get_policy()
    upload.seek(0)
    head = upload.read(512)
    upload.seek(0)
    problems = rules.evidence_file_problems(
        name=upload.name or "",
        size=upload.size or 0,
        head=head,
        allowed=policy.evidence_extensions,
        max_bytes=policy.evidence_max_bytes,
    )
    return [render(p) for p in problems]


@transaction.atomic
def case_add_evidence(
    *, actor: Any, case: InvestigationCase, description: str, file: UploadedFile | None = None
) -> Evidence:
    """Record one item of evidence (调查); the first one moves the case from 立案 to 调查."""
    case = InvestigationCase.objects.select_for_update().get(pk=case.pk)
    check(permissions.can_add_evidence(actor, case))
    problems: dict[str, list[str]] = {}
    if not description.strip():
        add(problems, "description", _("请填写证据说明。"))
    elif len(description) > 5000:
        add(problems, "description", _("证据说明不得超过 5000 个字符。"))
    if file is not None:
        for message in _file_problems(file):
            add(problems, "file", message)
    raise_if(problems)
    evidence = Evidence(case=case, description=description.strip(), added_by=actor)
    if file is not None:
        name = (file.name or "").rsplit("/", 1)[-1][-200:]
        evidence.file_name = name
        evidence.file_size = file.size or 0
        evidence.content_type = rules.CONTENT_TYPES.get(
            rules.file_extension(name), "application/octet-stream"
        )
        evidence.file.save(name, file, save=False)
    evidence.save()
    before = snapshot(case, ("state",))
    target = rules.case_transition(case.state, "add_evidence")
    if target != case.state:
        case.state = target
        case.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor,
        action="illegal.case.add_evidence",
        obj=case,
        before=before,
        after={
            "state": case.state,
            "evidence": evidence.pk,
            "file_name": evidence.file_name,
            "file_size": evidence.file_size,
        },
    )
    return evidence


@transaction.atomic
def case_decide(
    *,
    actor: Any,
    case: InvestigationCase,
    outcome: str,
    decided_on: dt.date | None,
    document_number: str = "",
    reason: str = "",
    today: dt.date | None = None,
) -> InvestigationCase:
    """Conclude a case: 取缔 / 劝散 (document number required) / 引导登记 / 不构成."""
    today = today or timezone.localdate()
    case = InvestigationCase.objects.select_for_update().get(pk=case.pk)
    check(permissions.can_decide_case(actor, case))
    facts = rules.DecisionFacts(
        outcome=outcome,
        decided_on=decided_on,
        document_number=document_number,
        reason=reason,
        opened_on=case.opened_on,
    )
    problems = {
        name: [render(m) for m in messages]
        for name, messages in rules.decision_problems(facts, today=today).items()
    }
    if len(document_number) > 100:
        add(problems, "document_number", _("决定文书号不得超过 100 个字符。"))
    raise_if(problems)
    before = snapshot(case, CASE_AUDIT_FIELDS)
    case.state = rules.case_transition(case.state, "decide")
    case.outcome = outcome
    case.decided_on = decided_on
    case.decided_by = actor
    case.document_number = document_number.strip()
    case.decision_reason = reason.strip()
    case.save(
        update_fields=[
            "state",
            "outcome",
            "decided_on",
            "decided_by",
            "document_number",
            "decision_reason",
            "updated_at",
        ]
    )
    after = snapshot(case, CASE_AUDIT_FIELDS)
    after["basis"] = rules.BASIS
    audit_record(
        actor=actor,
        action="illegal.case.decide",
        obj=case,
        before=before,
        after=after,
        reason=case.decision_reason,
    )
    return case


@transaction.atomic
def case_publish(
    *, actor: Any, case: InvestigationCase, today: dt.date | None = None
) -> InvestigationCase:
    """Publish a ban or dispersal on the public list of illegal social organizations."""
    today = today or timezone.localdate()
    case = InvestigationCase.objects.select_for_update().get(pk=case.pk)
    check(permissions.can_publish_case(actor, case))
    before = snapshot(case, ("published", "published_on"))
    case.published = True
    case.published_on = today
    case.save(update_fields=["published", "published_on", "updated_at"])
    audit_record(
        actor=actor,
        action="illegal.case.publish",
        obj=case,
        before=before,
        after=snapshot(case, ("published", "published_on")),
    )
    return case
