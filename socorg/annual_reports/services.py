"""Use cases that write annual reports: start (prefilled), save a draft, submit, review steps.

Each checks scope with ``permissions``, validates with ``rules.validate_report``, asks
``workflow.decide_action`` whether the actor's role may take the step (and whether a
submission is on time), writes the report and one history row, and records the audit event,
all in one transaction. Bad input raises ``ApplicationError`` naming each field before anything
is written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socorg.annual_reports import permissions, rules, workflow
from socorg.annual_reports.models import AnnualReport, AnnualReportAction
from socorg.annual_reports.policy import get_policy
from socorg.annual_reports.rules import AnnualReportFacts, AnnualReportPolicy
from socorg.annual_reports.selectors import filing_facts
from socorg.audit.services import audit_record, changed, snapshot
from socorg.core.errors import ApplicationError, PermissionDenied, require
from socorg.core.i18n import render
from socorg.notifications.services import notification_send
from socorg.registry.models import Organization
from socorg.registry.rules.lifecycle import OrgType

# --- the content of a report (domain.md §4.3) --------------------------------------------------

TEXT_FIELDS = ("legal_rep_name", "domicile")
AMOUNT_FIELDS = (
    *rules.INCOME_LINES,
    "income_total",
    "government_purchase_income",
    *rules.EXPENSE_LINES,
    "expense_total",
    "assets_total",
    "liabilities_total",
    "net_assets",
    "public_benefit_spend",
    "fee_reduction",
)
OPTIONAL_AMOUNT_FIELDS = ("net_assets_restricted", "net_assets_unrestricted")
COUNT_FIELDS = rules.COUNTS
FLAG_FIELDS = ("has_party_org", "has_audit_report")
CONTENT_FIELDS = (
    *TEXT_FIELDS,
    *AMOUNT_FIELDS,
    *OPTIONAL_AMOUNT_FIELDS,
    *COUNT_FIELDS,
    *FLAG_FIELDS,
    "party_org_form",
    "major_matters",
)
# The lighter yearly filing of a community organization with its street office.
COMMUNITY_FIELDS = (
    "legal_rep_name",
    "domicile",
    "income_donations",
    "income_government_grants",
    "income_other",
    "income_total",
    "government_purchase_income",
    "expense_program",
    "expense_other",
    "expense_total",
    "assets_total",
    "liabilities_total",
    "net_assets",
    "staff_full_time",
    "staff_part_time",
    "volunteers",
    "has_party_org",
    "party_org_form",
    "party_members",
    "activities",
    "beneficiaries",
    "public_benefit_spend",
    "major_matters",
)
# Prefilled each year from the register.
REGISTRY_PREFILL = (
    "legal_rep_name",
    "domicile",
    "staff_full_time",
    "staff_part_time",
    "volunteers",
)
# Carried over from last year's report: the party block and the closing balance sheet.
LAST_YEAR_PREFILL = (
    "has_party_org",
    "party_org_form",
    "party_members",
    "assets_total",
    "liabilities_total",
    "net_assets",
    "net_assets_restricted",
    "net_assets_unrestricted",
)
MAX_AMOUNT = Decimal("1000000000000")  # 14 digits, 2 of them decimals
STATE_FIELDS = ("state", "conclusion", "late", "first_submitted_on", "submitted_on")


def content_fields_for(org_type: str) -> tuple[str, ...]:
    """The fields a report of this organization type carries."""
    return COMMUNITY_FIELDS if org_type == OrgType.COMMUNITY else CONTENT_FIELDS


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _raise_if(problems: dict[str, list[str]]) -> None:
    if problems:
        first = next(iter(problems.values()))[0]
        raise ApplicationError(_("提交的数据有误：%(first)s") % {"first": first}, errors=problems)


def _label(name: str) -> str:
    field = AnnualReport._meta.get_field(name)
    return str(field.verbose_name)


def _clean_value(name: str, value: Any, problems: dict[str, list[str]]) -> Any:
    """Type-check one content value; the rules then check signs and sums."""

    def bad(message: str) -> None:
        problems.setdefault(name, []).append(message)

    if name in AMOUNT_FIELDS or name in OPTIONAL_AMOUNT_FIELDS:
        if value is None and name in OPTIONAL_AMOUNT_FIELDS:
            return None
        if isinstance(value, bool | float) or value is None:
            bad(_("%(label)s须为金额（元）。") % {"label": _label(name)})
            return None
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            bad(_("%(label)s须为金额（元）。") % {"label": _label(name)})
            return None
        if not amount.is_finite() or abs(amount) >= MAX_AMOUNT:
            bad(_("%(label)s金额超出范围。") % {"label": _label(name)})
            return None
        if amount.as_tuple().exponent < -2:  # type: ignore[operator]
            bad(_("%(label)s最多保留两位小数。") % {"label": _label(name)})
            return None
        return amount
    if name in COUNT_FIELDS:
        if isinstance(value, bool) or not isinstance(value, int):
            bad(_("%(label)s须为整数。") % {"label": _label(name)})
            return None
        return value
    if name in FLAG_FIELDS:
        if not isinstance(value, bool):
            bad(_("%(label)s须为是或否。") % {"label": _label(name)})
        return bool(value)
    if name == "party_org_form":
        value = value or ""
        if value not in ("", *AnnualReport.PartyOrgForm.values):
            bad(_("党组织组建形式只能是单独组建、联合组建或功能型。"))
        return value
    if name == "major_matters":
        if isinstance(value, str) or not isinstance(value, list | tuple):
            bad(_("重大事项须为逐项列出的文字。"))
            return []
        if not all(isinstance(item, str) for item in value):
            bad(_("重大事项须为逐项列出的文字。"))
            return []
        return list(value)
    if name in TEXT_FIELDS:
        text = str(value or "").strip()
        limit = AnnualReport._meta.get_field(name).max_length or 0
        if len(text) > limit:
            bad(_("%(label)s不能超过 %(n)s 个字。") % {"label": _label(name), "n": limit})
        return text
    bad(_("未知的填报项目。"))
    return None


def report_facts(report: AnnualReport, org_type: str) -> AnnualReportFacts:
    """The report's content as the rules read it."""
    names = {f.name for f in dataclasses.fields(AnnualReportFacts)} - {
        "org_type",
        "party_org_form",
        "major_matters",
    }
    return AnnualReportFacts(
        org_type=OrgType(org_type),
        party_org_form=rules.PartyOrgForm(report.party_org_form) if report.party_org_form else None,
        major_matters=tuple(report.major_matters or ()),
        **{name: getattr(report, name) for name in names},
    )


def report_problems(
    report: AnnualReport, org_type: str, policy: AnnualReportPolicy
) -> dict[str, list[str]]:
    """The rules' field problems of a report, rendered."""
    problems = rules.validate_report(report_facts(report, org_type), policy=policy)
    return {name: [render(m) for m in messages] for name, messages in problems.items()}


def _history(
    *,
    report: AnnualReport,
    kind: str,
    actor: Any,
    before: str,
    on: dt.date,
    note: str = "",
    basis: str = "",
    late: bool = False,
) -> AnnualReportAction:
    return AnnualReportAction.objects.create(
        report=report,
        kind=kind,
        state_before=before,
        state_after=report.state,
        on=on,
        actor=actor,
        actor_name=str(actor)[:150],
        actor_role=getattr(actor, "role", "")[:32],
        note=note,
        basis=basis[:300],
        late=late,
    )


# --- use cases ----------------------------------------------------------------------------------


@transaction.atomic
def annual_report_start(
    *, actor: Any, organization: Organization, year: int, today: dt.date | None = None
) -> AnnualReport:
    """Open the draft of ``organization``'s report on ``year``, prefilled from the register
    (legal representative, domicile, staff, volunteers) and from last year's report (party
    block, closing balance sheet)."""
    day = _today(today)
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    require(permissions.can_start_annual_report(actor, org))
    policy = get_policy()
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year < day.year:
        raise ApplicationError.for_field(
            "year",
            _("报告年度须为 2000 年至 %(last)s 年之间已结束的年度。") % {"last": day.year - 1},
        )
    decision = rules.must_file(filing_facts(org), year, policy)
    if not decision.required:
        raise ApplicationError.for_field("year", render(decision.reason))
    if AnnualReport.objects.filter(organization=org, year=year).exists():
        raise ApplicationError.for_field(
            "year", _("%(year)s 年度报告已存在，请在原报告上继续填报。") % {"year": year}
        )
    report = AnnualReport(
        organization=org,
        year=year,
        mode=policy.mode.value,
        state=AnnualReport.State.DRAFT,
        created_by=actor,
        **{name: getattr(org, name) for name in REGISTRY_PREFILL},
    )
    last = AnnualReport.objects.filter(organization=org, year=year - 1).first()
    if last is not None:
        for name in LAST_YEAR_PREFILL:
            setattr(report, name, getattr(last, name))
    report.save()
    _history(
        report=report,
        kind=AnnualReportAction.Kind.START,
        actor=actor,
        before="",
        on=day,
        basis=decision.basis,
    )
    audit_record(
        actor=actor,
        action="annual_report.start",
        obj=report,
        after={
            "organization": org.pk,
            "year": year,
            "mode": report.mode,
            "prefilled_from_last_year": last is not None,
        },
    )
    return report


@transaction.atomic
def annual_report_save(
    *, actor: Any, report: AnnualReport, content: Mapping[str, Any]
) -> AnnualReport:
    """Save the draft with the fields given (the others stay); nothing is written while any
    field breaks a rule (negative amounts, totals that do not add up, the party block)."""
    report = (
        AnnualReport.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=report.pk)
    )
    require(permissions.can_edit_annual_report(actor, report))
    org_type = report.organization.org_type
    allowed = content_fields_for(org_type)
    problems: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for name, value in content.items():
        if name not in allowed:
            message = (
                _("社区社会组织年度情况不填报此项。")
                if name in CONTENT_FIELDS
                else _("未知的填报项目。")
            )
            problems.setdefault(name, []).append(message)
            continue
        values[name] = _clean_value(name, value, problems)
    _raise_if(problems)
    before = snapshot(report, CONTENT_FIELDS)
    for name, value in values.items():
        setattr(report, name, value)
    _raise_if(report_problems(report, org_type, get_policy()))
    report.save()
    old, new = changed(before, snapshot(report, CONTENT_FIELDS))
    if new:
        audit_record(actor=actor, action="annual_report.save", obj=report, before=old, after=new)
    return report


def _context(
    report: AnnualReport, *, day: dt.date, note: str, policy: AnnualReportPolicy
) -> workflow.ReviewContext:
    org = report.organization
    return workflow.ReviewContext(
        org_type=OrgType(org.org_type),
        has_supervisory_unit=org.supervisory_unit_id is not None,
        year=report.year,
        today=day,
        # A report keeps the mode it was started in, whatever the policy says later.
        policy=dataclasses.replace(policy, mode=rules.Mode(report.mode)),
        note=note,
        first_submitted_on=report.first_submitted_on,
    )


def _refusal(
    report: AnnualReport,
    action: workflow.Action,
    role: str,
    context: workflow.ReviewContext,
    decision: workflow.ActionDecision,
) -> ApplicationError:
    """The error for a refused step: 403 when the role may not take it, a field error when a
    note is missing or the deadline has passed, otherwise an error on the action."""
    message = render(decision.reason)
    candidates = workflow.TRANSITIONS.get((workflow.State(report.state), action), ())
    route = workflow.route_of(context.org_type, context.has_supervisory_unit)
    applicable = [t for t in candidates if route in t.routes and context.policy.mode in t.modes]
    if applicable and role not in applicable[0].roles:
        return PermissionDenied(message)
    if applicable and applicable[0].note_required and not context.note.strip():
        return ApplicationError(message, errors={"note": [message]})
    if action == workflow.Action.SUBMIT and decision.late:
        return ApplicationError(message, errors={"submitted_on": [message]})
    return ApplicationError(message, errors={"action": [message]})


def _notify_failed(report: AnnualReport) -> None:
    org = report.organization
    if org.supervisory_unit_id is None:
        return
    notification_send(
        kind="annual_report.failed",
        title=_("%(org)s %(year)s 年度检查结论为不合格") % {"org": org.name, "year": report.year},
        body=_("登记管理机关审查意见：%(note)s") % {"note": report.reviewer_notes or "—"},
        url=reverse("annual_reports:report_detail", args=[report.pk]),
        agency=org.supervisory_unit,
        obj=report,
    )


def _apply(
    report: AnnualReport, action: workflow.Action, actor: Any, day: dt.date, note: str
) -> None:
    """Record on the report what the step means besides its new state."""
    if action == workflow.Action.PRE_APPROVE:
        report.supervisor_reviewed_on = day
        report.supervisor_reviewed_by = actor
        report.supervisor_notes = note
    elif action == workflow.Action.RETURN:
        report.returned_on = day
        report.returned_notes = note
    elif action in (
        workflow.Action.CONCLUDE_PASS,
        workflow.Action.CONCLUDE_BASIC_PASS,
        workflow.Action.CONCLUDE_FAIL,
        workflow.Action.ACCEPT,
    ):
        conclusion = workflow.CONCLUSION_OF_STATE.get(workflow.State(report.state))
        report.conclusion = conclusion.value if conclusion else ""
        report.concluded_on = day
        report.reviewed_by = actor
        report.reviewer_notes = note


@transaction.atomic
def annual_report_act(
    *,
    actor: Any,
    report: AnnualReport,
    action: str,
    note: str = "",
    today: dt.date | None = None,
) -> AnnualReport:
    """One step of the review workflow (submit, withdraw, 初审, return, conclusion, accept),
    as the table in ``workflow`` allows the actor's role; a 不合格 conclusion is notified to
    the organization's supervisory unit."""
    day = _today(today)
    try:
        step = workflow.Action(action)
    except ValueError:
        raise ApplicationError.for_field("action", _("未知的办理事项。")) from None
    report = (
        AnnualReport.objects.select_for_update(of=("self",))
        .select_related("organization", "organization__supervisory_unit")
        .get(pk=report.pk)
    )
    require(permissions.can_act_on_annual_report(actor, report))
    note = (note or "").strip()
    policy = get_policy()
    org_type = report.organization.org_type
    if step == workflow.Action.SUBMIT:
        _raise_if(report_problems(report, org_type, policy))
    context = _context(report, day=day, note=note, policy=policy)
    role = getattr(actor, "role", "")
    decision = workflow.decide_action(workflow.State(report.state), step, role, context)
    if not decision.allowed or decision.target is None:
        raise _refusal(report, step, role, context, decision)
    before = snapshot(report, STATE_FIELDS)
    report.state = decision.target.value
    if step == workflow.Action.SUBMIT:
        report.first_submitted_on = report.first_submitted_on or day
        report.submitted_on = day
        report.late = decision.late
    _apply(report, step, actor, day, note)
    report.save()
    _history(
        report=report,
        kind=step.value,
        actor=actor,
        before=before["state"],
        on=day,
        note=note,
        basis=decision.basis,
        late=decision.late,
    )
    old, new = changed(before, snapshot(report, STATE_FIELDS))
    audit_record(
        actor=actor,
        action=f"annual_report.{step.value}",
        obj=report,
        before=old,
        after={**new, "basis": decision.basis, "decision": render(decision.reason)},
        reason=note,
    )
    if report.state == AnnualReport.State.FAILED:
        _notify_failed(report)
    return report


def annual_report_submit(
    *, actor: Any, report: AnnualReport, today: dt.date | None = None
) -> AnnualReport:
    """Submit the report (to the supervisory unit, the bureau or the street office by route);
    refused or marked late after the deadline as the policy says."""
    return annual_report_act(
        actor=actor, report=report, action=workflow.Action.SUBMIT.value, today=today
    )
