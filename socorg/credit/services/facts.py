"""Recording the facts that feed the credit rules (penalties, court records, notices, letters,
authority decisions, verifications) and voiding a wrong one; each is followed by a fresh
evaluation of the organization.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from socorg.agencies.models import Agency
from socorg.audit.services import audit_record, snapshot
from socorg.credit import permissions, rules
from socorg.credit.evaluation import credit_evaluate
from socorg.credit.models import (
    ASSERTED_TRIGGERS,
    AdministrativePenalty,
    CourtDishonestRecord,
    CreditFact,
    RectificationNotice,
    RectificationVerification,
    TriggerFact,
    UnreachableLetter,
)
from socorg.credit.services.common import (
    COMMON,
    DECIDED,
    FACT_MODELS,
    Problems,
    add_problem,
    after_fact,
    authority_of,
    check,
    check_file,
    current_status,
    raise_if,
    require_authority,
    require_past_date,
    require_text,
    service_day,
    void_fact,
)
from socorg.notifications.services import notification_send
from socorg.registry.models import Organization


@transaction.atomic
def penalty_record(
    *,
    actor: Any,
    organization: Organization,
    kind: str,
    decided_on: dt.date | None,
    document_number: str,
    authority: Agency | None = None,
    authority_name: str = "",
    fine_amount: Decimal | None = None,
    description: str = "",
    evidence: str = "",
    evidence_file: Any = None,
    today: dt.date | None = None,
) -> AdministrativePenalty:
    """Record an administrative penalty by any department (A5, S3, S4, S5, S7); the supervisory
    unit is notified."""
    day = service_day(today)
    authority_id = authority.pk if authority else None
    check(
        permissions.can_record_credit_fact(
            actor, organization, fact=permissions.PENALTY, authority_id=authority_id
        )
    )
    problems: Problems = {}
    if kind not in AdministrativePenalty.Kind.values:
        add_problem(problems, "kind", _("请选择处罚种类。"))
    if fine_amount is not None and fine_amount < 0:
        add_problem(problems, "fine_amount", _("罚款金额不能为负数。"))
    elif kind == AdministrativePenalty.Kind.FINE and not fine_amount:
        add_problem(problems, "fine_amount", _("罚款须填写大于 0 的罚款金额。"))
    elif kind != AdministrativePenalty.Kind.FINE and fine_amount:
        add_problem(problems, "fine_amount", _("只有罚款需要填写罚款金额。"))
    require_past_date(problems, "decided_on", decided_on, day, _("处罚决定日期"))
    document = require_text(
        problems, "document_number", document_number, _("请填写行政处罚决定书文号。")
    )
    name = require_authority(problems, authority, authority_name)
    check_file(problems, "evidence_file", evidence_file)
    raise_if(problems)
    penalty = AdministrativePenalty.objects.create(
        organization=organization,
        kind=kind,
        fine_amount=fine_amount if kind == AdministrativePenalty.Kind.FINE else None,
        decided_on=decided_on,
        document_number=document,
        authority=authority,
        authority_name=name,
        description=description.strip(),
        evidence=evidence.strip(),
        evidence_file=evidence_file or "",
        recorded_by=actor,
    )
    notification_send(
        agency=organization.supervisory_unit,
        kind="credit.penalty",
        title=(_("%(org)s 受到行政处罚") % {"org": organization.name})[:200],
        body=_("%(authority)s %(date)s 作出行政处罚（%(kind)s），文书号：%(doc)s。")
        % {
            "authority": penalty.authority_label,
            "date": penalty.decided_on.isoformat(),
            "kind": penalty.get_kind_display(),
            "doc": penalty.document_number,
        },
        url=reverse("credit:organization", args=[organization.pk]),
        obj=organization,
    )
    after_fact(
        actor=actor,
        fact=penalty,
        action="credit.penalty.record",
        fields=(*DECIDED, "kind", "fine_amount", "decided_on", "description"),
        today=day,
    )
    return penalty


@transaction.atomic
def court_record_record(
    *,
    actor: Any,
    organization: Organization,
    court: str,
    case_number: str,
    listed_on: dt.date | None,
    removed_on: dt.date | None = None,
    evidence: str = "",
    evidence_file: Any = None,
    today: dt.date | None = None,
) -> CourtDishonestRecord:
    """Record that a court listed the organization as a 失信被执行人 (S6)."""
    day = service_day(today)
    check(permissions.can_record_credit_fact(actor, organization, fact=permissions.COURT))
    problems: Problems = {}
    court = require_text(problems, "court", court, _("请填写执行法院。"))
    case = require_text(problems, "case_number", case_number, _("请填写执行案号。"))
    require_past_date(problems, "listed_on", listed_on, day, _("列入失信被执行人名单日期"))
    if removed_on is not None:
        require_past_date(problems, "removed_on", removed_on, day, _("移出日期"))
        if listed_on is not None and removed_on < listed_on:
            add_problem(problems, "removed_on", _("移出日期不能早于列入日期。"))
    check_file(problems, "evidence_file", evidence_file)
    raise_if(problems)
    record = CourtDishonestRecord.objects.create(
        organization=organization,
        court=court,
        case_number=case,
        listed_on=listed_on,
        removed_on=removed_on,
        evidence=evidence.strip(),
        evidence_file=evidence_file or "",
        recorded_by=actor,
    )
    after_fact(
        actor=actor,
        fact=record,
        action="credit.court_record.record",
        fields=(*COMMON, "court", "case_number", "listed_on", "removed_on"),
        today=day,
    )
    return record


@transaction.atomic
def rectification_notice_record(
    *,
    actor: Any,
    organization: Organization,
    issued_on: dt.date | None,
    deadline: dt.date | None,
    document_number: str,
    content: str = "",
    source: str = "",
    authority: Agency | None = None,
    evidence: str = "",
    evidence_file: Any = None,
    today: dt.date | None = None,
) -> RectificationNotice:
    """Record a 整改文书 with its deadline; not rectified by then → A3 (checked by the daily run)."""
    day = service_day(today)
    check(permissions.can_record_credit_fact(actor, organization, fact=permissions.NOTICE))
    problems: Problems = {}
    require_past_date(problems, "issued_on", issued_on, day, _("下达日期"))
    if deadline is None:
        add_problem(problems, "deadline", _("请填写整改期限。"))
    elif issued_on is not None and deadline < issued_on:
        add_problem(problems, "deadline", _("整改期限不能早于下达日期。"))
    document = require_text(problems, "document_number", document_number, _("请填写整改通知文号。"))
    content = require_text(problems, "content", content, _("请填写整改事项。"))
    check_file(problems, "evidence_file", evidence_file)
    raise_if(problems)
    notice = RectificationNotice.objects.create(
        organization=organization,
        issued_on=issued_on,
        deadline=deadline,
        document_number=document,
        content=content,
        source=source.strip(),
        authority=authority or organization.registration_authority,
        evidence=evidence.strip(),
        evidence_file=evidence_file or "",
        recorded_by=actor,
    )
    after_fact(
        actor=actor,
        fact=notice,
        action="credit.notice.record",
        fields=(*DECIDED, "issued_on", "deadline", "source", "content"),
        today=day,
    )
    return notice


@transaction.atomic
def rectification_notice_verify(
    *,
    actor: Any,
    notice: RectificationNotice,
    rectified_on: dt.date | None,
    evidence: str,
    today: dt.date | None = None,
) -> RectificationNotice:
    """查实 that a notice was complied with: on time, no A3; late, A3 is removed (RA1)."""
    day = service_day(today)
    notice = RectificationNotice.objects.select_for_update().get(pk=notice.pk)
    check(permissions.can_verify_rectification(actor, notice.organization))
    problems: Problems = {}
    if notice.is_void:
        add_problem(problems, "notice", _("该整改通知已作废。"))
    elif notice.verified_on is not None:
        add_problem(
            problems, "notice", _("该整改通知已于 %(date)s 查实。") % {"date": notice.verified_on}
        )
    require_past_date(problems, "rectified_on", rectified_on, day, _("完成整改日期"))
    if rectified_on is not None and rectified_on < notice.issued_on:
        add_problem(problems, "rectified_on", _("完成整改日期不能早于整改通知下达日期。"))
    evidence = require_text(
        problems, "evidence", evidence, _("查实整改须说明依据（证据），否则不能移出名录。")
    )
    raise_if(problems)
    before = snapshot(notice, ("rectified_on", "verified_on", "verified_by"))
    notice.rectified_on = rectified_on
    notice.verified_on = day
    notice.verified_by = actor
    notice.verification_evidence = evidence
    notice.save(
        update_fields=[
            "rectified_on",
            "verified_on",
            "verified_by",
            "verification_evidence",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="credit.notice.verify",
        obj=notice,
        before=before,
        after=snapshot(notice, ("rectified_on", "verified_on", "verified_by")),
        reason=evidence,
    )
    credit_evaluate(organization=notice.organization, today=day, actor=actor)
    return notice


@transaction.atomic
def unreachable_letter_record(
    *,
    actor: Any,
    organization: Organization,
    sent_on: dt.date | None,
    returned_unsigned: bool,
    outcome_on: dt.date | None,
    tracking_number: str = "",
    address: str = "",
    evidence: str = "",
    evidence_file: Any = None,
    today: dt.date | None = None,
) -> UnreachableLetter:
    """Record a 专用挂号信 to the registered address and whether it came back unsigned (A6)."""
    day = service_day(today)
    check(permissions.can_record_credit_fact(actor, organization, fact=permissions.LETTER))
    problems: Problems = {}
    require_past_date(problems, "sent_on", sent_on, day, _("寄出日期"))
    require_past_date(problems, "outcome_on", outcome_on, day, _("签收或退回日期"))
    if sent_on and outcome_on and outcome_on < sent_on:
        add_problem(problems, "outcome_on", _("签收或退回日期不能早于寄出日期。"))
    number = require_text(problems, "tracking_number", tracking_number, _("请填写挂号信单号。"))
    check_file(problems, "evidence_file", evidence_file)
    raise_if(problems)
    letter = UnreachableLetter.objects.create(
        organization=organization,
        sent_on=sent_on,
        returned_unsigned=returned_unsigned,
        outcome_on=outcome_on,
        tracking_number=number,
        address=(address or organization.domicile).strip(),
        evidence=evidence.strip(),
        evidence_file=evidence_file or "",
        recorded_by=actor,
    )
    after_fact(
        actor=actor,
        fact=letter,
        action="credit.letter.record",
        fields=(*COMMON, "sent_on", "returned_unsigned", "outcome_on", "tracking_number"),
        today=day,
    )
    return letter


@transaction.atomic
def trigger_fact_record(
    *,
    actor: Any,
    organization: Organization,
    code: str,
    decided_on: dt.date | None,
    document_number: str,
    authority: Agency | None = None,
    authority_name: str = "",
    owes: bool | None = None,
    description: str = "",
    evidence: str = "",
    evidence_file: Any = None,
    today: dt.date | None = None,
) -> TriggerFact:
    """Record an authority's decision that is a listing trigger by itself (A2, A4, A7, S2, S8)."""
    day = service_day(today)
    authority_id = authority.pk if authority else None
    check(
        permissions.can_record_credit_fact(
            actor, organization, fact=permissions.TRIGGER, authority_id=authority_id
        )
    )
    problems: Problems = {}
    if code not in {t.value for t in ASSERTED_TRIGGERS}:
        add_problem(
            problems,
            "code",
            _("此处只能认定以下情形：%(codes)s；其他情形由处罚、法院记录、整改通知等自动得出。")
            % {"codes": "、".join(t.value for t in ASSERTED_TRIGGERS)},
        )
    require_past_date(problems, "decided_on", decided_on, day, _("决定日期"))
    document = require_text(problems, "document_number", document_number, _("请填写决定文书号。"))
    description = require_text(problems, "description", description, _("请填写事实与理由。"))
    name = require_authority(problems, authority, authority_name)
    check_file(problems, "evidence_file", evidence_file)
    raise_if(problems)
    fact = TriggerFact.objects.create(
        organization=organization,
        code=code,
        decided_on=decided_on,
        document_number=document,
        authority=authority,
        authority_name=name,
        owes=owes,
        description=description,
        evidence=evidence.strip(),
        evidence_file=evidence_file or "",
        recorded_by=actor,
    )
    after_fact(
        actor=actor,
        fact=fact,
        action="credit.trigger.record",
        fields=(*DECIDED, "code", "decided_on", "owes", "description"),
        today=day,
    )
    return fact


@transaction.atomic
def rectification_verification_record(
    *,
    actor: Any,
    organization: Organization,
    evidence: str,
    codes: Iterable[str] = (),
    document_number: str = "",
    verified_on: dt.date | None = None,
    evidence_file: Any = None,
    today: dt.date | None = None,
) -> RectificationVerification:
    """查实 that the organization fulfilled its obligations or rectified (RA1: removed from the
    abnormal list once nothing is outstanding)."""
    day = service_day(today)
    verified_on = verified_on or day
    check(permissions.can_verify_rectification(actor, organization))
    problems: Problems = {}
    require_past_date(problems, "verified_on", verified_on, day, _("查实日期"))
    status = current_status(organization)
    if status is None or not status.is_listed:
        add_problem(
            problems, "organization", _("该组织未列入活动异常名录或严重违法失信名单，无需查实。")
        )
    chosen = sorted(set(codes))
    unknown = [c for c in chosen if c not in rules.Trigger.__members__]
    if unknown:
        add_problem(
            problems, "codes", _("未知的情形代码：%(codes)s。") % {"codes": "、".join(unknown)}
        )
    evidence = (evidence or "").strip()
    if not evidence and not evidence_file:
        add_problem(problems, "evidence", _("查实整改须提供证据说明或证据材料，否则不能移出名录。"))
    check_file(problems, "evidence_file", evidence_file)
    raise_if(problems)
    verification = RectificationVerification.objects.create(
        organization=organization,
        verified_on=verified_on,
        codes=chosen,
        document_number=document_number.strip(),
        authority=organization.registration_authority,
        evidence=evidence,
        evidence_file=evidence_file or "",
        recorded_by=actor,
    )
    after_fact(
        actor=actor,
        fact=verification,
        action="credit.verification.record",
        fields=(*DECIDED, "verified_on", "codes"),
        today=day,
    )
    return verification


@transaction.atomic
def credit_fact_void(
    *, actor: Any, fact: CreditFact, reason: str, today: dt.date | None = None
) -> CreditFact:
    """Void a wrongly recorded fact (kept, marked void, audited); the lists are evaluated again."""
    day = service_day(today)
    kind = next(k for k, model in FACT_MODELS.items() if isinstance(fact, model))
    fact = type(fact).objects.select_for_update().get(pk=fact.pk)
    check(
        permissions.can_void_credit_fact(
            actor, fact.organization, fact=kind, authority_id=authority_of(fact)
        )
    )
    problems: Problems = {}
    if fact.is_void:
        add_problem(problems, "fact", _("该记录已作废。"))
    reason = require_text(problems, "reason", reason, _("请说明作废原因。"))
    raise_if(problems)
    void_fact(actor, fact, reason)
    credit_evaluate(organization=fact.organization, today=day, actor=actor)
    return fact
