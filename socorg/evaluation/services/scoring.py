"""Expert scores: one whole sheet per assignment, each indicator within its range."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socorg.audit.services import audit_record
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.evaluation.models import Application, EvaluationRound, ExpertAssignment, Score
from socorg.evaluation.permissions import can_score
from socorg.evaluation.policy import get_policy
from socorg.evaluation.selectors import template_as_rule
from socorg.evaluation.services._common import add, check, day_of, raise_if, score_sheet
from socorg.evaluation.services.experts import recusal_for, recusal_text

MAX_COMMENT = 2000


@transaction.atomic
def score_submit(
    *,
    actor: Any,
    assignment: ExpertAssignment,
    scores: Any,
    comments: Any = None,
    today: dt.date | None = None,
) -> list[Score]:
    """An assigned expert's points on every first-level indicator (replacing an earlier sheet
    while the round is in expert review). A score outside 0..the indicator's maximum is an error
    on that indicator and nothing is written; an expert who must recuse cannot score."""
    day = day_of(today)
    assignment = (
        ExpertAssignment.objects.select_for_update()
        .select_related("application", "application__template", "application__round")
        .get(pk=assignment.pk)
    )
    check(can_score(actor, assignment))
    application = assignment.application
    if application.round.state != EvaluationRound.State.SCORING:
        raise ApplicationError.for_field("round", _("只能在专家评审阶段评分。"))
    if application.state == Application.State.WITHDRAWN:
        raise ApplicationError.for_field("application", _("该申报已撤回，无需评分。"))
    # Affiliations recorded after the assignment count too.
    decision = recusal_for(expert=actor, organization_id=application.organization_id, on=day)
    if decision.must_recuse:
        raise PermissionDenied(
            _("您应当回避此申报，不能评分：%(reason)s") % {"reason": recusal_text(decision)}
        )
    policy = get_policy()
    problems: dict[str, list[str]] = {}
    sheet = score_sheet(
        template_as_rule(application.template),
        scores,
        prefix="scores",
        places=policy.score_places,
        problems=problems,
    )
    notes: dict[str, str] = {}
    if comments is not None and not isinstance(comments, dict):
        add(problems, "comments", _("评语须按指标逐项填写。"))
    for code, text in (comments or {}).items() if isinstance(comments, dict) else ():
        text = str(text or "").strip()
        if code not in sheet and f"scores.{code}" not in problems:
            add(
                problems,
                f"comments.{code}",
                _("指标“%(code)s”不在本次评估的指标体系中。") % {"code": code},
            )
        elif len(text) > MAX_COMMENT:
            add(problems, f"comments.{code}", _("评语不能超过 %(n)s 个字。") % {"n": MAX_COMMENT})
        else:
            notes[str(code)] = text
    raise_if(problems)
    existing = {s.indicator: s for s in Score.objects.filter(assignment=assignment)}
    before = {code: str(s.points) for code, s in existing.items()}
    new: list[Score] = []
    changed: list[Score] = []
    now = timezone.now()
    for code, points in sheet.items():
        score = existing.get(code) or Score(assignment=assignment, indicator=code)
        score.points = points
        score.scored_at = now
        score.comment = notes.get(code, score.comment if score.pk else "")
        (changed if score.pk else new).append(score)
    Score.objects.bulk_create(new)
    Score.objects.bulk_update(changed, ["points", "comment", "scored_at"])
    assignment.scored_on = day
    assignment.save(update_fields=["scored_on", "updated_at"])
    audit_record(
        actor=actor,
        action="evaluation.score.submit",
        obj=assignment,
        before=before or None,
        after={code: str(points) for code, points in sheet.items()},
    )
    return new + changed
