"""Evaluating the credit lists (services): facts → ``decide_credit`` → new entries, changed states.

Set-based: organizations are read in chunks (``CHUNK_SIZE``, by id), each chunk's facts in one
query per kind (``socorg.credit.facts``), decided in memory, and written in bulk: only entries
whose ``Transition.key`` is not stored yet, only statuses that changed. Evaluating the same day
twice writes nothing the second time.

Facts may arrive late or be voided (an upheld objection). The rules replay the whole history, so
the stored entries are reconciled with the decision: an entry the decision no longer contains
(up to the evaluation day) is withdrawn, one whose sources changed is corrected, one that comes
back is reinstated. A status is never moved back: evaluating a day before the status's own
evaluation day leaves it alone (a replay of past days only fills in missing entries).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from socorg.audit.models import AuditEvent
from socorg.audit.services import audit_record_many
from socorg.core.bulk import insert_rows, update_rows
from socorg.core.i18n import render
from socorg.credit import rules
from socorg.credit.facts import (
    OrgRow,
    OrgSources,
    ReportFactsProvider,
    Source,
    load_chunk_facts,
)
from socorg.credit.facts import report_facts_provider as configured_provider
from socorg.credit.models import CreditEntry, CreditList, CreditStatus
from socorg.credit.policy import get_policy
from socorg.credit.texts import msg_to_data
from socorg.notifications.models import Notification
from socorg.notifications.services import notification_send_many
from socorg.registry.models import Organization

CHUNK_SIZE = 5000
K = rules.TransitionKind
E = CreditEntry.Kind

ENTRY_KINDS: dict[rules.TransitionKind, tuple[str, str | None]] = {
    K.ENTER_ABNORMAL: (E.ENTER, CreditList.ABNORMAL),
    K.RESTART_ABNORMAL: (E.RESTART, CreditList.ABNORMAL),
    K.REMOVE_ABNORMAL: (E.REMOVE, CreditList.ABNORMAL),
    K.ESCALATE: (E.ESCALATE, CreditList.SERIOUS),
    K.ENTER_SERIOUS: (E.ENTER, CreditList.SERIOUS),
    K.RESTART_SERIOUS: (E.RESTART, CreditList.SERIOUS),
    K.REMOVE_SERIOUS: (E.REMOVE, CreditList.SERIOUS),
    K.RECORD_RECTIFICATION: (E.RECTIFY, None),  # the list the organization stays on
}
LISTINGS = (K.ENTER_ABNORMAL, K.ENTER_SERIOUS, K.ESCALATE)
REMOVALS = (K.REMOVE_ABNORMAL, K.REMOVE_SERIOUS)
TRIGGERED = (K.ENTER_ABNORMAL, K.RESTART_ABNORMAL, K.ENTER_SERIOUS, K.RESTART_SERIOUS)

# What a re-evaluation may correct on a stored entry (the listing authority stays as decided).
CONTENT_FIELDS = (
    "transition",
    "kind",
    "list_kind",
    "code",
    "codes",
    "citation_rule",
    "citation",
    "citation_data",
    "explanation",
    "explanation_data",
    "evidence",
    "fact_refs",
    "document_number",
    "entry_due_by",
    "removal_due_by",
    "published",
)
END_FIELDS = ("ended_on", "end_code")


@dataclass
class EvaluationResult:
    """What an evaluation changed (``organizations``: how many it had to decide)."""

    organizations: int = 0
    entries_created: int = 0
    entries_corrected: int = 0
    entries_withdrawn: int = 0
    statuses_created: int = 0
    statuses_updated: int = 0
    notifications: int = 0

    def add(self, other: EvaluationResult) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def changed(self) -> int:
        """Rows written (entries and statuses); zero when nothing changed."""
        return (
            self.entries_created
            + self.entries_corrected
            + self.entries_withdrawn
            + self.statuses_created
            + self.statuses_updated
        )

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def credit_evaluate(
    *,
    organization: Organization,
    today: dt.date | None = None,
    actor: Any = None,
    report_facts_provider: ReportFactsProvider | None = None,
) -> EvaluationResult:
    """Evaluate one organization's credit lists as of ``today`` (60号令 第十条、第十三条)."""
    return credit_evaluate_many(
        organization_ids=[organization.pk],
        today=today,
        actor=actor,
        report_facts_provider=report_facts_provider,
    )


def credit_evaluate_many(
    *,
    organization_ids: Iterable[int] | None = None,
    today: dt.date | None = None,
    actor: Any = None,
    report_facts_provider: ReportFactsProvider | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> EvaluationResult:
    """Evaluate many organizations (all when ``organization_ids`` is None) as of ``today``,
    chunk by chunk, each chunk in its own transaction; returns what changed."""
    day = today or timezone.localdate()
    provider = report_facts_provider or configured_provider()
    policy = get_policy()
    result = EvaluationResult()
    # Stored texts are written in the site language whoever runs the evaluation.
    with translation.override(settings.LANGUAGE_CODE):
        for orgs, scope in _chunks(organization_ids, chunk_size):
            with transaction.atomic():
                result.add(_evaluate_chunk(orgs, scope, day, policy, provider, actor))
    return result


ORG_FIELDS = ("id", "name", "org_type", "registration_authority_id", "supervisory_unit_id")


def _chunks(
    organization_ids: Iterable[int] | None, size: int
) -> Iterator[tuple[dict[int, OrgRow], Q]]:
    """Organizations in id order, ``size`` at a time, with the filter that selects their facts."""
    if organization_ids is None:
        last = 0
        while True:
            rows = list(
                Organization.objects.filter(id__gt=last)
                .order_by("id")
                .values_list(*ORG_FIELDS)[:size]
            )
            if not rows:
                return
            last = rows[-1][0]
            # A range, not a list: the (organization, date) indexes serve it directly.
            yield (
                {r[0]: OrgRow(*r) for r in rows},
                Q(organization_id__gte=rows[0][0], organization_id__lte=last),
            )
        return
    ids = sorted(set(organization_ids))
    for start in range(0, len(ids), size):
        part = ids[start : start + size]
        rows = Organization.objects.filter(id__in=part).order_by("id").values_list(*ORG_FIELDS)
        orgs = {r[0]: OrgRow(*r) for r in rows}
        if orgs:
            yield orgs, Q(organization_id__in=list(orgs))


class StoredEntry(NamedTuple):
    id: int
    organization_id: int
    key: str
    digest: str
    effective_on: dt.date
    ended_on: dt.date | None
    end_code: str
    withdrawn: bool


class StoredStatus(NamedTuple):
    organization_id: int
    list_kind: str
    updated_on: dt.date
    digest: str


ENTRY_ROW = ("id", "organization_id", "key", "digest", "effective_on", "ended_on", "end_code")
STATUS_ROW = ("organization_id", "list_kind", "updated_on", "digest")


@dataclass
class _Writes:
    new_entries: list[CreditEntry] = field(default_factory=list)
    corrected: list[CreditEntry] = field(default_factory=list)  # content (and end) rewritten
    ended: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (id, end values)
    withdrawn: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    new_statuses: list[CreditStatus] = field(default_factory=list)
    changed_statuses: list[CreditStatus] = field(default_factory=list)
    audit: list[AuditEvent] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    url_template: str = ""


def _evaluate_chunk(
    orgs: dict[int, OrgRow],
    scope: Q,
    today: dt.date,
    policy: rules.CreditPolicy,
    provider: ReportFactsProvider,
    actor: Any,
) -> EvaluationResult:
    chunk = load_chunk_facts(scope, orgs, today=today, provider=provider)
    statuses = {
        row[0]: StoredStatus(*row)
        for row in CreditStatus.objects.filter(scope).values_list(*STATUS_ROW)
    }
    stored: defaultdict[int, dict[str, StoredEntry]] = defaultdict(dict)
    rows = CreditEntry.objects.filter(scope).values_list(*ENTRY_ROW, "withdrawn_at")
    for *values, withdrawn_at in rows:
        entry = StoredEntry(*values, withdrawn=withdrawn_at is not None)
        stored[entry.organization_id][entry.key] = entry

    result = EvaluationResult()
    writes = _Writes(url_template=_organization_url_template())
    now = timezone.now()
    for org in orgs.values():
        facts = chunk.facts.get(org.id)
        status, entries = statuses.get(org.id), stored.get(org.id, {})
        if status is None and not entries and not _may_list(facts, policy, today):
            continue  # never listed and nothing to list it for: stays NORMAL, nothing to write
        decision = rules.decide_credit(facts or rules.CreditFacts(), policy=policy, today=today)
        result.organizations += 1
        sources = chunk.sources.get(org.id) or OrgSources()
        _reconcile_entries(org, decision, sources, entries, today, now, actor, writes, result)
        _reconcile_status(org, decision, status, today, actor, writes, result)

    CreditEntry.objects.bulk_create(writes.new_entries, batch_size=1000, ignore_conflicts=True)
    if writes.corrected:  # facts corrected or voided; sources gaining a later fact
        update_rows(
            CreditEntry,
            writes.corrected,
            [*CONTENT_FIELDS, *END_FIELDS, "withdrawn_at", "withdrawn_reason", "digest"],
        )
    # Listings that ended and entries withdrawn share their new values (a run's removals end on
    # few days), so they are written as one UPDATE per value: Django's bulk_update would build a
    # CASE per row and column, which is what makes it slow at scale.
    _update_grouped(writes.ended)
    _update_grouped(writes.withdrawn)
    _replace_statuses(writes.changed_statuses)
    CreditStatus.objects.bulk_create(writes.new_statuses, batch_size=1000, ignore_conflicts=True)
    if writes.audit:
        audit_record_many(writes.audit)
    if writes.notifications:
        notification_send_many(writes.notifications)
    result.notifications = len(writes.notifications)
    return result


_ID_BATCH = 1000


def _update_grouped(updates: list[tuple[int, dict[str, Any]]]) -> None:
    """``UPDATE ... SET <values> WHERE id IN (...)`` once per distinct set of values."""
    groups: defaultdict[tuple[tuple[str, Any], ...], list[int]] = defaultdict(list)
    for pk, values in updates:
        groups[tuple(sorted(values.items()))].append(pk)
    for group, ids in groups.items():
        for start in range(0, len(ids), _ID_BATCH):
            CreditEntry.objects.filter(pk__in=ids[start : start + _ID_BATCH]).update(**dict(group))


def _replace_statuses(statuses: list[CreditStatus]) -> None:
    """Write changed statuses as delete + insert in the chunk's transaction: each row differs
    (its reasons), and nothing refers to a status row, so this is the cheap bulk update."""
    for start in range(0, len(statuses), _ID_BATCH):
        batch = statuses[start : start + _ID_BATCH]
        CreditStatus.objects.filter(pk__in=[s.organization_id for s in batch]).delete()
        insert_rows(CreditStatus, batch)


def _digest(value: Any) -> str:
    """A stable fingerprint of plain values (dates, strings, numbers, tuples, dicts)."""
    return hashlib.sha1(repr(value).encode(), usedforsecurity=False).hexdigest()


def _may_list(facts: rules.CreditFacts | None, policy: rules.CreditPolicy, today: dt.date) -> bool:
    if facts is None:
        return False
    return any(r.occurred_on <= today for r in rules.derive_triggers(facts, policy=policy))


# -- entries ----------------------------------------------------------------------------------


def _listing_ends(transitions: Sequence[rules.Transition]) -> dict[str, tuple[dt.date, str]]:
    """For each listing, the day it ended and why: a removal, or the move to the serious list."""
    ends: dict[str, tuple[dt.date, str]] = {}
    open_listing: rules.Transition | None = None
    for t in transitions:
        if t.kind in LISTINGS:
            if open_listing is not None:
                ends[open_listing.key] = (t.effective_on, t.code.value)
            open_listing = t
        elif t.kind in REMOVALS and open_listing is not None:
            ends[open_listing.key] = (t.effective_on, t.code.value)
            open_listing = None
    return ends


def _sources_of(t: rules.Transition, sources: OrgSources) -> list[Source]:
    found: list[Source | None] = []
    if t.kind in TRIGGERED:
        found = [
            sources.by_reference.get(r.reference)
            for r in t.state.reasons
            if r.occurred_on == t.effective_on and r.code in t.codes
        ]
    elif t.code is rules.RemovalCode.RS1:
        found = list(sources.applications_on.get(t.effective_on, []))
    elif t.code is rules.RemovalCode.RS2:
        found = [sources.deregistered]
    elif t.kind is K.RECORD_RECTIFICATION or t.code is rules.RemovalCode.RA1:
        found = list(sources.verifications_on.get(t.effective_on, []))
    unique: dict[str, Source] = {}
    for source in found:
        if source is not None:
            unique.setdefault(source.ref, source)
    return list(unique.values())


def _entry_digest(t: rules.Transition, found: list[Source]) -> str:
    """What the entry's texts are written from: the rule's message and each source's data."""
    return _digest(
        (
            t.kind.value,
            t.code.value,
            tuple(c.value for c in t.codes),
            t.citation.rule_id,
            msg_to_data(t.citation.text),
            msg_to_data(t.explanation),
            t.entry_due_by,
            t.removal_due_by,
            t.changes_list,
            tuple((s.ref, s.kind, s.data, s.document_number, s.voidable) for s in found),
        )
    )


def _entry_values(t: rules.Transition, found: list[Source]) -> dict[str, Any]:
    kind, list_kind = ENTRY_KINDS[t.kind]
    documents = list(dict.fromkeys(s.document_number for s in found if s.document_number))
    return {
        "transition": t.kind.value,
        "kind": kind,
        "list_kind": list_kind or t.state.kind.value,
        "code": t.code.value,
        "codes": [c.value for c in t.codes],
        "citation_rule": t.citation.rule_id,
        "citation": render(t.citation.text),
        "citation_data": msg_to_data(t.citation.text),
        "explanation": render(t.explanation),
        "explanation_data": msg_to_data(t.explanation),
        "evidence": "\n".join(s.summary for s in found),
        "fact_refs": [s.ref for s in found if s.voidable],
        "document_number": "；".join(documents)[:200],
        "entry_due_by": t.entry_due_by,
        "removal_due_by": t.removal_due_by,
        "published": t.changes_list,
    }


def _reconcile_entries(
    org: OrgRow,
    decision: rules.CreditDecision,
    sources: OrgSources,
    stored: dict[str, StoredEntry],
    today: dt.date,
    now: dt.datetime,
    actor: Any,
    writes: _Writes,
    result: EvaluationResult,
) -> None:
    ends = _listing_ends(decision.transitions)
    wanted: set[str] = set()
    for t in decision.transitions:
        key = t.key
        wanted.add(key)
        found = _sources_of(t, sources)
        digest = _entry_digest(t, found)
        end = ends.get(key, (None, ""))
        old = stored.get(key)
        if old is None:
            entry = CreditEntry(
                organization_id=org.id,
                key=key,
                authority_id=org.registration_authority_id,
                effective_on=t.effective_on,
                ended_on=end[0],
                end_code=end[1],
                digest=digest,
                **_entry_values(t, found),
            )
            writes.new_entries.append(entry)
            result.entries_created += 1
            writes.audit.append(_audit(actor, "credit.entry.create", org, after=_summary(entry)))
            if entry.kind in (E.ENTER, E.ESCALATE) and org.supervisory_unit_id:
                writes.notifications.append(_listing_notice(org, entry, writes.url_template))
            continue
        # A later run may already know when this listing ended: a replay does not forget it.
        if old.ended_on is not None and old.ended_on > today:
            end = (old.ended_on, old.end_code)
        if old.withdrawn or digest != old.digest:
            entry = CreditEntry(
                pk=old.id,
                organization_id=org.id,
                key=key,
                effective_on=t.effective_on,
                ended_on=end[0],
                end_code=end[1],
                digest=digest,
                withdrawn_at=None,
                withdrawn_reason="",
                **_entry_values(t, found),
            )
            writes.corrected.append(entry)
            result.entries_corrected += 1
            action = "credit.entry.reinstate" if old.withdrawn else "credit.entry.correct"
            writes.audit.append(_audit(actor, action, org, after=_summary(entry)))
        elif end != (old.ended_on, old.end_code):
            writes.ended.append((old.id, {"ended_on": end[0], "end_code": end[1]}))
            result.entries_corrected += 1
    for key, old in stored.items():
        if key in wanted or old.withdrawn or old.effective_on > today:
            continue
        writes.withdrawn.append(
            (
                old.id,
                {
                    "withdrawn_at": now,
                    "withdrawn_reason": _("所依据的事实已更正或作废，重新评估后该记录撤回。"),
                    "published": False,
                },
            )
        )
        result.entries_withdrawn += 1
        writes.audit.append(
            _audit(actor, "credit.entry.withdraw", org, before={"key": key}, after=None)
        )


def _summary(entry: CreditEntry) -> dict[str, Any]:
    return {
        "key": entry.key,
        "kind": entry.kind,
        "list_kind": entry.list_kind,
        "code": entry.code,
        "codes": entry.codes,
        "effective_on": _json(entry.effective_on),
        "document_number": entry.document_number,
        "citation_rule": entry.citation_rule,
        "explanation": entry.explanation,
    }


_URL_PLACEHOLDER = 987654321


def _organization_url_template() -> str:
    """The credit page's URL with ``{}`` for the id: reversing once per chunk, not per row."""
    return reverse("credit:organization", args=[_URL_PLACEHOLDER]).replace(
        str(_URL_PLACEHOLDER), "{}"
    )


def _listing_notice(org: OrgRow, entry: CreditEntry, url_template: str) -> Notification:
    """The supervisory unit hears when one of its organizations is listed."""
    list_label = CreditList(entry.list_kind).label
    return Notification(
        recipient_agency_id=org.supervisory_unit_id,
        kind="credit.listed",
        title=(_("%(org)s 被列入%(list)s") % {"org": org.name, "list": list_label})[:200],
        body=entry.explanation,
        url=url_template.format(org.id),
        object_type="registry.organization",
        object_id=str(org.id),
    )


# -- status -----------------------------------------------------------------------------------


def _reason_data(reason: rules.Reason) -> dict[str, Any]:
    return {
        "code": reason.code.value,
        "occurred_on": reason.occurred_on.isoformat(),
        "owes": reason.owes,
        "reference": reason.reference,
        "rectified_on": reason.rectified_on.isoformat() if reason.rectified_on else None,
    }


def _status_values(decision: rules.CreditDecision) -> dict[str, Any]:
    state, upcoming = decision.state, decision.next_change
    return {
        "list_kind": state.kind.value,
        "listed_on": state.listed_on,
        "since": state.since,
        "codes": [c.value for c in state.codes],
        "reasons": [_reason_data(r) for r in state.reasons],
        "origin": state.origin.value if state.origin else "",
        "next_change_on": upcoming.on if upcoming else None,
        "next_change": upcoming.kind.value if upcoming else "",
    }


def _reconcile_status(
    org: OrgRow,
    decision: rules.CreditDecision,
    status: StoredStatus | None,
    today: dt.date,
    actor: Any,
    writes: _Writes,
    result: EvaluationResult,
) -> None:
    values = _status_values(decision)
    digest = _digest(tuple(values.items()))
    if status is None:
        if decision.state.listed:
            writes.new_statuses.append(
                CreditStatus(organization_id=org.id, updated_on=today, digest=digest, **values)
            )
            result.statuses_created += 1
            writes.audit.append(
                _audit(actor, "credit.status.change", org, before=None, after=_json(values))
            )
        return
    if today < status.updated_on or digest == status.digest:
        return
    writes.changed_statuses.append(
        CreditStatus(organization_id=org.id, updated_on=today, digest=digest, **values)
    )
    result.statuses_updated += 1
    writes.audit.append(
        _audit(
            actor,
            "credit.status.change",
            org,
            before={"list_kind": status.list_kind},
            after=_json(values),
        )
    )


# -- audit ------------------------------------------------------------------------------------


def _json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _audit(
    actor: Any,
    action: str,
    org: OrgRow,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """An audit event for a bulk write: by the actor who ran it, or by the system."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent(
        actor=actor if is_user else None,
        actor_repr=(actor.get_username() if is_user else "system")[:150],
        actor_role=(getattr(actor, "role", "") if is_user else "")[:40],
        category=AuditEvent.Category.BUSINESS,
        action=action,
        object_type="registry.organization",
        object_id=str(org.id),
        object_repr=org.name[:255],
        before=before,
        after=after,
        reason=str((after or before or {}).get("explanation", "")),
    )
