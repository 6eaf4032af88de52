"""The daily dormancy scoring (set-based): every active organization scored as of a day, the
latest score of each kept with its reasons, written in bulk and only where it changed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from socorg.audit.models import AuditEvent
from socorg.audit.services import audit_record
from socorg.core.bulk import insert_rows
from socorg.core.i18n import render
from socorg.core.messages import Msg
from socorg.dormancy import rules
from socorg.dormancy.facts import (
    OrgRow,
    active_chunks,
    dormancy_due_ids,
    load_chunk_facts,
    rows_for_ids,
)
from socorg.dormancy.models import DormancyCheck, DormancyRun, DormancyScore
from socorg.dormancy.policy import get_policy
from socorg.dormancy.rules import (
    CriteriaResult,
    DormancyPolicy,
    meets_criteria,
    next_review_on,
    score_dormancy,
)
from socorg.dormancy.services.cases import exit_case_sync
from socorg.dormancy.services.common import day_of

CHUNK_SIZE = 2000


FULL, INCREMENTAL = DormancyRun.Mode.FULL.value, DormancyRun.Mode.INCREMENTAL.value


@dataclass
class ScoringResult:
    """What a scoring run changed: ``organizations``, how many active ones it scored (all of
    them in a ``full`` run; in an ``incremental`` one those due or changed, of ``candidates``
    ids); ``scored``, how many in the chunks scored carry a signal or criterion."""

    mode: str = FULL
    candidates: int = 0
    organizations: int = 0
    scored: int = 0  # with at least one signal or criterion
    created: int = 0
    updated: int = 0
    deleted: int = 0
    cases_advanced: int = 0

    def add(self, other: ScoringResult) -> None:
        for f in fields(self):
            if f.name not in ("mode", "candidates"):
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def changed(self) -> int:
        """Rows written; zero when nothing changed."""
        return self.created + self.updated + self.deleted + self.cases_advanced

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _msg_data(message: Msg) -> tuple[str, dict[str, Any]]:
    return message.template, dict(message.params)


def _digest(row: OrgRow, score: rules.DormancyScore, criteria: CriteriaResult) -> str:
    content = [
        score.total,
        [(r.signal.value, r.points, *_msg_data(r.message), r.basis) for r in score.reasons],
        [(c.criterion.value, *_msg_data(c.reason), c.basis) for c in criteria.met],
        row.org_type,
        row.district_id,
        row.street_id,
        row.community_id,
        row.supervisory_unit_id,
    ]
    raw = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


def _score_row(
    row: OrgRow, score: rules.DormancyScore, criteria: CriteriaResult, digest: str, day: dt.date
) -> DormancyScore:
    reasons = []
    for r in score.reasons:
        template, params = _msg_data(r.message)
        reasons.append(
            {
                "signal": r.signal.value,
                "points": r.points,
                "explanation": render(r.message),
                "message": template,
                "params": params,
                "basis": r.basis,
            }
        )
    met = []
    for c in criteria.met:
        template, params = _msg_data(c.reason)
        met.append(
            {
                "criterion": c.criterion.value,
                "explanation": render(c.reason),
                "message": template,
                "params": params,
                "basis": c.basis,
            }
        )
    return DormancyScore(
        organization_id=row.id,
        computed_on=day,
        total=score.total,
        reasons=reasons,
        criteria=met,
        candidate=criteria.candidate,
        org_type=row.org_type,
        district_id=row.district_id,
        street_id=row.street_id,
        community_id=row.community_id,
        supervisory_unit_id=row.supervisory_unit_id,
        digest=digest,
    )


def _score_chunk(
    rows: Sequence[OrgRow],
    day: dt.date,
    policy: DormancyPolicy,
    *,
    after: int | None = None,
    ids: Sequence[int] = (),
) -> ScoringResult:
    """Score the active ``rows`` and reconcile what is stored for the chunk: the id range
    ``(after, last row]`` in a full run, the ``ids`` (active or not) in an incremental one.
    Stored scores and checks of organizations of the chunk that are not active go."""
    result = ScoringResult(organizations=len(rows))
    if after is not None:
        scope = Q(organization_id__gt=after, organization_id__lte=rows[-1].id)
    else:
        scope = Q(organization_id__in=list(ids))
    facts = load_chunk_facts(rows, after=after, today=day) if rows else {}
    stored = dict(
        DormancyScore.objects.filter(scope).order_by().values_list("organization_id", "digest")
    )
    checks = dict(
        DormancyCheck.objects.filter(scope).order_by().values_list("organization_id", "check_on")
    )
    new: list[DormancyScore] = []
    changed: list[DormancyScore] = []
    keep: set[int] = set()
    due: list[DormancyCheck] = []
    for row in rows:
        org_facts = facts[row.id]
        review = next_review_on(org_facts, policy=policy, today=day)
        if row.id not in checks or checks[row.id] != review:
            due.append(DormancyCheck(organization_id=row.id, check_on=review))
        score = score_dormancy(org_facts, policy=policy, today=day)
        criteria = meets_criteria(org_facts, policy=policy, today=day)
        if score.total == 0 and not criteria.candidate:
            continue
        keep.add(row.id)
        digest = _digest(row, score, criteria)
        before = stored.get(row.id)
        if before == digest:
            continue
        target = new if before is None else changed
        target.append(_score_row(row, score, criteria, digest, day))
    gone = [pk for pk in stored if pk not in keep]
    # Changed scores are replaced (delete + insert in the chunk's transaction): every row
    # differs, and Django's bulk_update would build a CASE per row and column. Nothing refers
    # to a score row.
    _delete_ids(DormancyScore, gone + [s.organization_id for s in changed])
    insert_rows(DormancyScore, new + changed)
    active = {row.id for row in rows}
    # Changed and stale checks are replaced: delete + insert is the cheap bulk update of a
    # two-column row.
    stale = [pk for pk in checks if pk not in active] + [
        c.organization_id for c in due if c.organization_id in checks
    ]
    _delete_ids(DormancyCheck, stale)
    insert_rows(DormancyCheck, due)
    result.scored = len(keep)
    result.created, result.updated, result.deleted = len(new), len(changed), len(gone)
    return result


def _delete_ids(model: type[DormancyScore] | type[DormancyCheck], ids: list[int]) -> None:
    """One DELETE per thousand organization ids (nothing refers to these rows, so Django
    deletes them without collecting them first)."""
    for start in range(0, len(ids), 1000):
        model.objects.filter(organization_id__in=ids[start : start + 1000]).delete()


def policy_digest(policy: DormancyPolicy) -> str:
    """A fingerprint of the scoring policy: a run under another policy re-scores everyone."""
    raw = json.dumps(
        [(f.name, getattr(policy, f.name)) for f in fields(policy)], default=str, sort_keys=True
    )
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


def _previous_run(day: dt.date, digest: str) -> DormancyRun | None:
    """The run an incremental run continues from: the latest one up to ``day``, under the same
    policy and with its start recorded."""
    previous = DormancyRun.objects.filter(run_on__lte=day).order_by("-run_on").first()
    if previous is None or previous.started_at is None or previous.policy_digest != digest:
        return None
    return previous


def dormancy_score_all(
    *,
    today: dt.date | None = None,
    actor: Any = None,
    chunk_size: int = CHUNK_SIZE,
    full: bool = False,
) -> ScoringResult:
    """Score the active organizations as of ``today`` (domain.md §9) and keep the latest score
    of each one with a signal; then advance the exit cases the register has closed.

    The first run, a run under a changed policy, and ``full=True`` score every active
    organization, in id ranges. Any other run is incremental: it scores only the organizations
    ``dormancy_due_ids`` names — due by time (``DormancyCheck``) or changed since the last run —
    and leaves the rest, whose score would come out the same. Either way: each chunk's facts
    in one query per source, written in bulk (only scores whose content changed), each chunk in
    its own transaction; scoring the same day twice writes nothing the second time; the scores
    of organizations no longer active, or no longer showing any signal, are removed.
    """
    day = day_of(today)
    policy = get_policy()
    digest = policy_digest(policy)
    started = timezone.now()
    previous = None if full else _previous_run(day, digest)
    result = ScoringResult(mode=FULL if previous is None else INCREMENTAL)
    # Stored explanations are written in the site language whoever runs the scoring.
    with translation.override(settings.LANGUAGE_CODE):
        if previous is None:
            last = 0
            for after, rows in active_chunks(chunk_size):
                with transaction.atomic():
                    result.add(_score_chunk(rows, day, policy, after=after))
                last = rows[-1].id
            result.candidates = result.organizations
            with transaction.atomic():
                beyond = Q(organization_id__gt=last)
                result.deleted += DormancyScore.objects.filter(beyond).delete()[0]
                DormancyCheck.objects.filter(beyond).delete()
        else:
            assert previous.started_at is not None
            ids = dormancy_due_ids(
                day=day, since=previous.run_on, changed_since=previous.started_at
            )
            result.candidates = len(ids)
            for start in range(0, len(ids), chunk_size):
                part = ids[start : start + chunk_size]
                with transaction.atomic():
                    result.add(_score_chunk(rows_for_ids(part), day, policy, ids=part))
        with transaction.atomic():
            result.cases_advanced = exit_case_sync(today=day)
            _record_run(day, result, actor, started=started, digest=digest)
    return result


def _record_run(
    day: dt.date, result: ScoringResult, actor: Any, *, started: dt.datetime, digest: str
) -> None:
    # The whole population's figure, whichever organizations this run scored.
    result.scored = total_scored = DormancyScore.objects.count()
    counts = result.as_dict()
    marks = {"started_at": started, "policy_digest": digest}
    run, created = DormancyRun.objects.get_or_create(
        run_on=day, defaults={**counts, "scored": total_scored, **marks}
    )
    if not created:
        # Where the next incremental run continues from, even when nothing changed.
        DormancyRun.objects.filter(pk=run.pk).update(**marks)
        if not result.changed:
            return  # the same day again with nothing new: nothing else to record
        for name in ("created", "updated", "deleted", "cases_advanced"):
            setattr(run, name, getattr(run, name) + counts[name])
        run.organizations, run.scored = result.organizations, total_scored
        run.mode, run.candidates = result.mode, result.candidates
        run.save(
            update_fields=[
                "created",
                "updated",
                "deleted",
                "cases_advanced",
                "organizations",
                "scored",
                "mode",
                "candidates",
                "finished_at",
            ]
        )
    audit_record(
        actor=actor,
        action="dormancy.score_all",
        obj=run,
        after={"run_on": day, **counts},
        category=AuditEvent.Category.SYSTEM,
    )
