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
from django.utils import translation

from socorg.audit.models import AuditEvent
from socorg.audit.services import audit_record
from socorg.core.i18n import render
from socorg.core.messages import Msg
from socorg.dormancy import rules
from socorg.dormancy.facts import OrgRow, active_chunks, load_chunk_facts
from socorg.dormancy.models import DormancyRun, DormancyScore
from socorg.dormancy.policy import get_policy
from socorg.dormancy.rules import (
    CriteriaResult,
    DormancyPolicy,
    meets_criteria,
    score_dormancy,
)
from socorg.dormancy.services.cases import exit_case_sync
from socorg.dormancy.services.common import day_of

CHUNK_SIZE = 2000
SCORE_FIELDS = (
    "computed_on",
    "total",
    "reasons",
    "criteria",
    "candidate",
    "org_type",
    "district_id",
    "street_id",
    "community_id",
    "supervisory_unit_id",
    "digest",
)


@dataclass
class ScoringResult:
    """What a scoring run changed (``organizations``: how many active ones it scored)."""

    organizations: int = 0
    scored: int = 0  # with at least one signal or criterion
    created: int = 0
    updated: int = 0
    deleted: int = 0
    cases_advanced: int = 0

    def add(self, other: ScoringResult) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def changed(self) -> int:
        """Rows written; zero when nothing changed."""
        return self.created + self.updated + self.deleted + self.cases_advanced

    def as_dict(self) -> dict[str, int]:
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
    after: int, rows: Sequence[OrgRow], day: dt.date, policy: DormancyPolicy
) -> ScoringResult:
    result = ScoringResult(organizations=len(rows))
    facts = load_chunk_facts(rows, after=after, today=day)
    last = rows[-1].id
    stored = dict(
        DormancyScore.objects.filter(organization_id__gt=after, organization_id__lte=last)
        .order_by()
        .values_list("organization_id", "digest")
    )
    new: list[DormancyScore] = []
    changed: list[DormancyScore] = []
    keep: set[int] = set()
    for row in rows:
        score = score_dormancy(facts[row.id], policy=policy, today=day)
        criteria = meets_criteria(facts[row.id], policy=policy, today=day)
        if score.total == 0 and not criteria.candidate:
            continue
        keep.add(row.id)
        digest = _digest(row, score, criteria)
        before = stored.get(row.id)
        if before == digest:
            continue
        target = new if before is None else changed
        target.append(_score_row(row, score, criteria, digest, day))
    DormancyScore.objects.bulk_create(new, batch_size=1000)
    DormancyScore.objects.bulk_update(changed, SCORE_FIELDS, batch_size=1000)
    gone = [pk for pk in stored if pk not in keep]
    if gone:
        DormancyScore.objects.filter(organization_id__in=gone).delete()
    result.scored = len(keep)
    result.created, result.updated, result.deleted = len(new), len(changed), len(gone)
    return result


def dormancy_score_all(
    *, today: dt.date | None = None, actor: Any = None, chunk_size: int = CHUNK_SIZE
) -> ScoringResult:
    """Score every active organization as of ``today`` (domain.md §9) and keep the latest score
    of each one with a signal; then advance the exit cases the register has closed.

    Set-based: active organizations in chunks by id, each chunk's facts in one query per source,
    written in bulk (only scores whose content changed), each chunk in its own transaction.
    Scoring the same day twice writes nothing the second time. Scores of organizations that are
    no longer active, or no longer show any signal, are removed.
    """
    day = day_of(today)
    policy = get_policy()
    result = ScoringResult()
    last = 0
    # Stored explanations are written in the site language whoever runs the scoring.
    with translation.override(settings.LANGUAGE_CODE):
        for after, rows in active_chunks(chunk_size):
            with transaction.atomic():
                result.add(_score_chunk(after, rows, day, policy))
            last = rows[-1].id
        with transaction.atomic():
            result.deleted += DormancyScore.objects.filter(organization_id__gt=last).delete()[0]
            result.cases_advanced = exit_case_sync(today=day)
            _record_run(day, result, actor)
    return result


def _record_run(day: dt.date, result: ScoringResult, actor: Any) -> None:
    counts = result.as_dict()
    run, created = DormancyRun.objects.get_or_create(run_on=day, defaults=counts)
    if not created and not result.changed:
        return  # the same day again with nothing new: nothing to record
    if not created:
        for name in ("created", "updated", "deleted", "cases_advanced"):
            setattr(run, name, getattr(run, name) + counts[name])
        run.organizations, run.scored = result.organizations, result.scored
        run.save()
    audit_record(
        actor=actor,
        action="dormancy.score_all",
        obj=run,
        after={"run_on": day, **counts},
        category=AuditEvent.Category.SYSTEM,
    )
