"""Reading the credit facts of many organizations at once: ORM rows → ``CreditFacts`` (selector).

One query per kind of fact for a whole chunk of organizations, never one per organization. Next
to the facts the loader keeps, per organization, what a reader needs to follow a decision back to
its sources (``Source``: document number, deciding authority, a one-line summary), looked up by
the ``reference`` the rules carry on each reason.

Annual reports belong to the annual_reports app (below credit). They come through a provider:
``provider(organization_ids=[...], today=date) -> {organization_id: [report, ...]}`` where each
report has ``year``, ``due_on``, ``filed_on`` and ``rejected_on`` (see ``ReportFact``).
``settings.CREDIT_REPORT_FACTS_PROVIDER`` names it (a dotted path; ``annual_report_facts`` reads
``annual_reports.selectors.report_facts_for``); unset, no organization has A1 facts.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from django.conf import settings
from django.db.models import Q
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from socorg.annual_reports.selectors import report_facts_for
from socorg.credit import rules
from socorg.credit.models import (
    AdministrativePenalty,
    CourtDishonestRecord,
    CreditList,
    RectificationNotice,
    RectificationVerification,
    RemovalApplication,
    TriggerFact,
    UnreachableLetter,
)
from socorg.registry.models import LifecycleEvent
from socorg.registry.rules.lifecycle import EventFacts, EventKind, OrgType

logger = logging.getLogger(__name__)


class ReportFact(Protocol):
    """One year's annual report as the credit rules need it (A1)."""

    year: int
    due_on: dt.date  # the filing deadline that applied to this organization and year
    filed_on: dt.date | None  # submitted; None when not (yet) submitted
    rejected_on: dt.date | None  # concluded 不合格 / found not to comply, filed on time


class ReportFactsProvider(Protocol):
    def __call__(
        self, *, organization_ids: Sequence[int], today: dt.date
    ) -> Mapping[int, Iterable[ReportFact]]: ...


def no_report_facts(
    *, organization_ids: Sequence[int], today: dt.date
) -> Mapping[int, Iterable[ReportFact]]:
    """The provider used until annual reports are wired in: nobody has A1 facts."""
    return {}


def annual_report_facts(
    *, organization_ids: Sequence[int], today: dt.date
) -> Mapping[int, Iterable[ReportFact]]:
    """A1 facts from the annual_reports app: every year from ``settings.CREDIT_REPORT_FIRST_YEAR``
    (the first year whose reports the platform holds; None: none) to last year."""
    first = getattr(settings, "CREDIT_REPORT_FIRST_YEAR", None)
    if first is None or first >= today.year:
        return {}
    return report_facts_for(organization_ids, range(first, today.year), today=today)


def report_facts_provider() -> ReportFactsProvider:
    """The provider named by ``settings.CREDIT_REPORT_FACTS_PROVIDER`` (none: no A1 facts)."""
    path = getattr(settings, "CREDIT_REPORT_FACTS_PROVIDER", None)
    return import_string(path) if path else no_report_facts


@dataclass(frozen=True)
class Source:
    """Where a reason or a removal comes from, for the entry's evidence and the objection.

    ``data`` holds the raw values the one-line summary is written from; it is also what tells a
    re-evaluation whether the evidence changed, without writing the summary out (which costs a
    translation per fact, for every organization, every day).
    """

    ref: str  # "<fact>:<id>" for a credit fact (voidable); other text otherwise
    kind: str  # which summary (a key of SUMMARIES)
    data: tuple[Any, ...]
    document_number: str = ""
    voidable: bool = False

    @property
    def summary(self) -> str:
        return SUMMARIES[self.kind](*self.data)


@dataclass
class OrgSources:
    by_reference: dict[str, Source] = field(default_factory=dict)
    verifications_on: defaultdict[dt.date, list[Source]] = field(
        default_factory=lambda: defaultdict(list)
    )
    applications_on: defaultdict[dt.date, list[Source]] = field(
        default_factory=lambda: defaultdict(list)
    )
    deregistered: Source | None = None


@dataclass(frozen=True)
class OrgRow:
    id: int
    name: str
    org_type: str
    registration_authority_id: int
    supervisory_unit_id: int | None


@dataclass
class _Builder:
    reports: list[rules.AnnualReport] = field(default_factory=list)
    notices: list[rules.RectificationNotice] = field(default_factory=list)
    penalties: list[rules.Penalty] = field(default_factory=list)
    letters: list[rules.RegisteredLetter] = field(default_factory=list)
    events: list[EventFacts] = field(default_factory=list)
    triggers: list[rules.TriggerFact] = field(default_factory=list)
    verifications: list[rules.RectificationVerified] = field(default_factory=list)
    applications: list[rules.RemovalApplication] = field(default_factory=list)

    def facts(self) -> rules.CreditFacts:
        return rules.CreditFacts(
            annual_reports=tuple(self.reports),
            rectification_notices=tuple(self.notices),
            penalties=tuple(self.penalties),
            letters=tuple(self.letters),
            registration_events=tuple(self.events),
            triggers=tuple(self.triggers),
            verifications=tuple(self.verifications),
            applications=tuple(self.applications),
        )


@dataclass
class ChunkFacts:
    facts: dict[int, rules.CreditFacts]
    sources: dict[int, OrgSources]


def org_row(org: Any) -> OrgRow:
    return OrgRow(
        org.pk, org.name, org.org_type, org.registration_authority_id, org.supervisory_unit_id
    )


def organization_facts(
    organization: Any, *, today: dt.date, provider: ReportFactsProvider | None = None
) -> rules.CreditFacts:
    """One organization's credit facts as of ``today`` (what the evaluation would see)."""
    chunk = load_chunk_facts(
        Q(organization_id=organization.pk),
        {organization.pk: org_row(organization)},
        today=today,
        provider=provider or report_facts_provider(),
    )
    return chunk.facts.get(organization.pk) or rules.CreditFacts()


def fact_ref(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def _penalty_summary(
    authority: str, on: dt.date, kind: str, amount: Decimal | None, doc: str
) -> str:
    fine = (
        _("，罚款%(yuan)s元") % {"yuan": f"{amount:,.2f}"}
        if kind == AdministrativePenalty.Kind.FINE and amount is not None
        else ""
    )
    return _("%(authority)s %(date)s 作出行政处罚（%(kind)s%(amount)s），文书号：%(doc)s") % {
        "authority": authority,
        "date": _day(on),
        "kind": AdministrativePenalty.Kind(kind).label,
        "amount": fine,
        "doc": doc or "—",
    }


def _court_summary(court: str, on: dt.date, case: str) -> str:
    return _("%(court)s %(date)s 将其列入失信被执行人名单，案号：%(case)s") % {
        "court": court,
        "date": _day(on),
        "case": case,
    }


def _notice_summary(authority: str, on: dt.date, doc: str, deadline: dt.date) -> str:
    return _("%(authority)s %(date)s 下达整改通知（%(doc)s），整改期限至 %(deadline)s") % {
        "authority": authority,
        "date": _day(on),
        "doc": doc or "—",
        "deadline": _day(deadline),
    }


def _notice_verified_summary(on: dt.date, doc: str) -> str:
    return _("%(date)s 查实已完成整改通知（%(doc)s）要求的整改") % {
        "date": _day(on),
        "doc": doc or "—",
    }


def _letter_summary(sent: dt.date, number: str, unsigned: bool, outcome: dt.date) -> str:
    result = _("%(date)s 无人签收退回") if unsigned else _("%(date)s 签收")
    return _("%(sent)s 向登记住所寄出专用挂号信（%(number)s），%(outcome)s") % {
        "sent": _day(sent),
        "number": number or "—",
        "outcome": result % {"date": _day(outcome)},
    }


def _trigger_summary(authority: str, on: dt.date, code: str, doc: str) -> str:
    return _("%(authority)s %(date)s 认定：%(code)s，文书号：%(doc)s") % {
        "authority": authority,
        "date": _day(on),
        "code": TriggerFact.Code(code).label,
        "doc": doc or "—",
    }


def _verification_summary(on: dt.date, codes: tuple[str, ...], doc: str) -> str:
    return _("%(date)s 查实已履行相关义务或者完成整改（%(codes)s）%(doc)s") % {
        "date": _day(on),
        "codes": "、".join(codes) or _("全部情形"),
        "doc": _("，文书号：%(doc)s") % {"doc": doc} if doc else "",
    }


def _application_summary(applied: dt.date, examined: dt.date) -> str:
    return _("%(applied)s 申请移出严重违法失信名单，%(date)s 经审查准予移出") % {
        "applied": _day(applied),
        "date": _day(examined),
    }


def _event_summary(on: dt.date, kind: str, doc: str) -> str:
    return _("%(date)s 办理%(kind)s，文书号：%(doc)s") % {
        "date": _day(on),
        "kind": LifecycleEvent.Kind(kind).label,
        "doc": doc or "—",
    }


def _report_summary(
    year: int, due: dt.date, filed: dt.date | None, rejected: dt.date | None
) -> str:
    state = _("未报送") if filed is None else _("%(date)s 报送") % {"date": _day(filed)}
    if rejected is not None:
        state += _("，%(date)s 认定不符合要求") % {"date": _day(rejected)}
    return _("%(year)s 年度工作报告：应于 %(due)s 前报送，%(state)s") % {
        "year": year,
        "due": _day(due),
        "state": state,
    }


SUMMARIES: dict[str, Callable[..., str]] = {
    "penalty": _penalty_summary,
    "court": _court_summary,
    "notice": _notice_summary,
    "notice_verified": _notice_verified_summary,
    "letter": _letter_summary,
    "trigger": _trigger_summary,
    "verification": _verification_summary,
    "application": _application_summary,
    "event": _event_summary,
    "annual_report": _report_summary,
}

PENALTY_KINDS = {
    AdministrativePenalty.Kind.WARNING: rules.PenaltyKind.WARNING,
    AdministrativePenalty.Kind.FINE: rules.PenaltyKind.FINE,
    AdministrativePenalty.Kind.SUSPENSION: rules.PenaltyKind.SUSPENSION,
    AdministrativePenalty.Kind.REVOCATION: rules.PenaltyKind.CERTIFICATE_REVOKED,
}


def load_chunk_facts(
    scope: Q,
    orgs: Mapping[int, OrgRow],
    *,
    today: dt.date,
    provider: ReportFactsProvider,
) -> ChunkFacts:
    """The credit facts of every organization in ``orgs`` (``scope`` filters on
    ``organization_id``), with their sources, in one query per kind of fact.

    Rows are read as tuples, not model instances: at a million organizations the difference is
    most of the run.
    """
    builders: defaultdict[int, _Builder] = defaultdict(_Builder)
    sources: defaultdict[int, OrgSources] = defaultdict(OrgSources)

    def add(org_id: int, source: Source, reference: str | None = None) -> None:
        sources[org_id].by_reference[reference or source.ref] = source

    live = scope & Q(voided_at__isnull=True)
    penalties = AdministrativePenalty.objects.filter(live, decided_on__lte=today).values_list(
        "id", "organization_id", "kind", "fine_amount", "decided_on", "document_number",
        "authority__name", "authority_name",
    )  # fmt: skip
    for pk, org_id, kind, amount, on, doc, agency, agency_name in penalties:
        rule_kind = PENALTY_KINDS.get(kind)
        if rule_kind is None:
            continue  # 其他 penalties are recorded but are no listing trigger
        ref = fact_ref("penalty", pk)
        try:
            builders[org_id].penalties.append(
                rules.Penalty(on, rule_kind, amount or Decimal(0), ref)
            )
        except ValueError:
            logger.warning("credit: penalty %s skipped: invalid for the rules", pk)
            continue
        data = (agency or agency_name, on, kind, amount, doc)
        add(org_id, Source(ref, "penalty", data, doc, voidable=True))

    courts = CourtDishonestRecord.objects.filter(live, listed_on__lte=today).values_list(
        "id", "organization_id", "court", "listed_on", "case_number"
    )
    for pk, org_id, court, on, case in courts:
        ref = fact_ref("court", pk)
        builders[org_id].triggers.append(rules.TriggerFact(rules.Trigger.S6, on, reference=ref))
        add(org_id, Source(ref, "court", (court, on, case), case, voidable=True))

    notices = RectificationNotice.objects.filter(live, issued_on__lte=today).values_list(
        "id", "organization_id", "issued_on", "deadline", "rectified_on", "verified_on",
        "document_number", "source", "authority__name", "authority_name",
    )  # fmt: skip
    for pk, org_id, issued, deadline, rectified, verified, doc, origin, agency, name in notices:
        ref = fact_ref("notice", pk)
        # Only a verified rectification counts as done (查实); its date may precede the check.
        completed = rectified if verified is not None and verified <= today else None
        try:
            builders[org_id].notices.append(
                rules.RectificationNotice(issued, deadline, completed, ref)
            )
        except ValueError:
            logger.warning("credit: notice %s skipped: invalid for the rules", pk)
            continue
        label = doc or origin
        add(org_id, Source(ref, "notice", (agency or name, issued, label, deadline), doc, True))
        if completed is not None and verified is not None and completed > deadline:
            builders[org_id].verifications.append(
                rules.RectificationVerified(verified, frozenset({rules.Trigger.A3}), ref)
            )
            verified_source = Source(ref, "notice_verified", (verified, label), doc, True)
            sources[org_id].verifications_on[verified].append(verified_source)

    letters = UnreachableLetter.objects.filter(live, outcome_on__lte=today).values_list(
        "id", "organization_id", "sent_on", "returned_unsigned", "outcome_on", "tracking_number"
    )
    for pk, org_id, sent, unsigned, outcome, number in letters:
        try:
            builders[org_id].letters.append(rules.RegisteredLetter(sent, not unsigned, outcome))
        except ValueError:
            logger.warning("credit: letter %s skipped: invalid for the rules", pk)
            continue
        source = Source(
            fact_ref("letter", pk), "letter", (sent, number, unsigned, outcome), number, True
        )
        # A6 cites the last letter of the run by the day it was sent.
        add(org_id, source, reference=sent.isoformat())

    triggers = TriggerFact.objects.filter(live, decided_on__lte=today).values_list(
        "id", "organization_id", "code", "decided_on", "owes", "document_number",
        "authority__name", "authority_name",
    )  # fmt: skip
    for pk, org_id, code, on, owes, doc, agency, name in triggers:
        ref = fact_ref("trigger", pk)
        builders[org_id].triggers.append(
            rules.TriggerFact(rules.Trigger(code), on, reference=ref, owes=owes)
        )
        add(org_id, Source(ref, "trigger", (agency or name, on, code, doc), doc, voidable=True))

    verifications = RectificationVerification.objects.filter(
        live, verified_on__lte=today
    ).values_list("id", "organization_id", "verified_on", "codes", "document_number")
    for pk, org_id, on, codes, doc in verifications:
        ref = fact_ref("verification", pk)
        chosen = frozenset(rules.Trigger(code) for code in codes) or None
        builders[org_id].verifications.append(rules.RectificationVerified(on, chosen, ref))
        source = Source(ref, "verification", (on, tuple(codes), doc), doc, voidable=True)
        sources[org_id].verifications_on[on].append(source)

    approved = RemovalApplication.objects.filter(
        scope,
        state=RemovalApplication.State.APPROVED,
        list_kind=CreditList.SERIOUS,
        examined_on__lte=today,
    ).values_list("id", "organization_id", "applied_on", "examined_on")
    for pk, org_id, applied, examined in approved:
        ref = fact_ref("application", pk)
        builders[org_id].applications.append(rules.RemovalApplication(examined, ref))
        source = Source(ref, "application", (applied, examined))
        sources[org_id].applications_on[examined].append(source)

    events = (
        LifecycleEvent.objects.filter(
            scope,
            kind__in=[EventKind.REVOCATION.value, EventKind.DEREGISTRATION.value],
            occurred_on__lte=today,
        )
        .order_by("occurred_on", "id")
        .values_list("id", "organization_id", "kind", "occurred_on", "document_number")
    )
    for pk, org_id, kind, on, doc in events:
        org = orgs.get(org_id)
        if org is None:
            continue
        event_kind = EventKind(kind)
        builders[org_id].events.append(EventFacts(event_kind, on, OrgType(org.org_type)))
        source = Source(f"event:{pk}", "event", (on, kind, doc), doc)
        if event_kind is EventKind.REVOCATION:
            add(org_id, source, reference="revocation")
        elif sources[org_id].deregistered is None:
            sources[org_id].deregistered = source

    reports = provider(organization_ids=list(orgs), today=today)
    for org_id, org_reports in reports.items():
        if org_id not in orgs:
            continue
        for r in org_reports:
            builders[org_id].reports.append(
                rules.AnnualReport(r.year, r.due_on, r.filed_on, r.rejected_on)
            )
            data = (r.year, r.due_on, r.filed_on, r.rejected_on)
            source = Source(f"annual_report:{r.year}", "annual_report", data)
            add(org_id, source, reference=str(r.year))

    return ChunkFacts(
        facts={org_id: builder.facts() for org_id, builder in builders.items()},
        sources=dict(sources),
    )
