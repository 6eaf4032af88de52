"""Reading level evaluation: rounds and applications each role may see, an expert's tasks, the
public notice, the level each organization holds, how many hold 3A+ on any date, dashboards.

Statistics are set-based: one aggregate query whatever the number of organizations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from socorg.accounts.roles import Role
from socorg.evaluation import rules
from socorg.evaluation.facts import current_results
from socorg.evaluation.models import (
    Application,
    EvaluationRound,
    ExpertAffiliation,
    ExpertAssignment,
    IndicatorTemplate,
    Objection,
    Result,
    Score,
)
from socorg.evaluation.permissions import own_organization_id
from socorg.registry.models import Organization
from socorg.registry.rules.lifecycle import ACTIVE_STATUSES
from socorg.registry.selectors import organization_visible

ACTIVE = [s.value for s in ACTIVE_STATUSES]
ROUND_ORDER = ("-opened_on", "-id")
APPLICATION_ORDER = ("id",)
ASSIGNMENT_ORDER = ("-id",)
RESULT_ORDER = ("-total", "id")
ANNOUNCED_ORDER = ("-announced_on", "-id")
LEVELS = [level.value for level in rules.Level]


def levels_at_least(minimum: str) -> list[str]:
    """'3A' → ['3A', '4A', '5A']."""
    floor = rules.Level(minimum).rank
    return [level.value for level in rules.Level if level.rank >= floor]


# --- templates ---------------------------------------------------------------------------------


def template_as_rule(template: IndicatorTemplate) -> rules.IndicatorTemplate:
    """A stored template as the rules read it."""
    return rules.IndicatorTemplate(
        version=template.version,
        org_type=rules.OrgType(template.org_type),
        indicators=tuple(
            rules.Indicator(str(i["code"]), str(i["name"]), Decimal(str(i["max_points"])))
            for i in template.indicators
        ),
    )


def template_in_force(*, org_type: str, on: dt.date) -> IndicatorTemplate | None:
    """The latest template version of a type in force on ``on``."""
    return (
        IndicatorTemplate.objects.filter(org_type=org_type, valid_from__lte=on)
        .order_by("-valid_from", "-id")
        .first()
    )


def template_list() -> QuerySet[IndicatorTemplate]:
    return IndicatorTemplate.objects.order_by("org_type", "-valid_from", "-id")


# --- rounds ------------------------------------------------------------------------------------


def round_visible(*, user: Any) -> QuerySet[EvaluationRound]:
    """Rounds the user may see: the bureau and auditors those of their districts; an
    organization those of its district once opened; an expert those it has tasks in."""
    qs = EvaluationRound.objects.select_related("district")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    role = user.role
    if role in (Role.DISTRICT_ADMIN, Role.AUDITOR):
        area = user.area
        if area is None:
            return qs.none()
        if area.level == "district":
            return qs.filter(district_id=area.id)
        if area.level == "city":
            return qs.filter(district__parent_id=area.id)
        if area.level == "province":
            return qs.filter(district__code__startswith=area.code)
        return qs.none()
    if role == Role.ORGANIZATION:
        own = own_organization_id(user)
        if own is None:
            return qs.none()
        district = Organization.objects.filter(pk=own).values("district_id")
        return qs.filter(district_id__in=district).exclude(state=EvaluationRound.State.DRAFT)
    if role == Role.EXPERT:
        return qs.filter(pk__in=ExpertAssignment.objects.filter(expert=user).values("round_id"))
    return qs.none()


def round_list(*, user: Any, state: str = "", year: int | None = None) -> QuerySet[EvaluationRound]:
    qs = round_visible(user=user)
    if state:
        qs = qs.filter(state=state)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by(*ROUND_ORDER)


def round_detail(*, user: Any, pk: int) -> EvaluationRound | None:
    return round_visible(user=user).prefetch_related("templates").filter(pk=pk).first()


def open_rounds_for(*, organization: Organization, today: dt.date) -> QuerySet[EvaluationRound]:
    """Rounds of the organization's district that take applications on ``today``."""
    return EvaluationRound.objects.filter(
        district_id=organization.district_id,
        state=EvaluationRound.State.OPEN,
        application_deadline__gte=today,
    ).order_by("application_deadline", "id")


@dataclass(frozen=True)
class RoundDashboard:
    applications: int
    withdrawn: int
    self_assessed: int
    assigned: int  # applications with at least one expert not recused
    scored: int  # applications with at least one complete score sheet
    recused: int
    levels: dict[str, int]  # level → results ("" = 不予评定)
    pending_objections: int


def unscored_applications(round_: EvaluationRound) -> QuerySet[Application]:
    """Applications still in the round without one complete score sheet from an expert who
    has not recused."""
    complete = ExpertAssignment.objects.filter(
        round=round_, recused=False, scored_on__isnull=False
    ).values("application_id")
    return (
        Application.objects.filter(round=round_)
        .exclude(state=Application.State.WITHDRAWN)
        .exclude(pk__in=complete)
    )


def round_dashboard(round_: EvaluationRound) -> RoundDashboard:
    """Counts for a round's page (four aggregate queries)."""
    apps = Application.objects.filter(round=round_).aggregate(
        total=Count("id", filter=~Q(state=Application.State.WITHDRAWN)),
        withdrawn=Count("id", filter=Q(state=Application.State.WITHDRAWN)),
        self_assessed=Count(
            "id",
            filter=~Q(state=Application.State.WITHDRAWN) & Q(self_assessed_on__isnull=False),
        ),
    )
    live = ExpertAssignment.objects.filter(round=round_).exclude(
        application__state=Application.State.WITHDRAWN
    )
    assignments = live.aggregate(
        assigned=Count("application_id", filter=Q(recused=False), distinct=True),
        scored=Count(
            "application_id", filter=Q(recused=False, scored_on__isnull=False), distinct=True
        ),
        recused=Count("id", filter=Q(recused=True)),
    )
    levels = dict(
        Result.objects.filter(round=round_)
        .values_list("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    pending = Objection.objects.filter(result__round=round_, state=Objection.State.PENDING).count()
    return RoundDashboard(
        applications=apps["total"],
        withdrawn=apps["withdrawn"],
        self_assessed=apps["self_assessed"],
        assigned=assignments["assigned"],
        scored=assignments["scored"],
        recused=assignments["recused"],
        levels=levels,
        pending_objections=pending,
    )


# --- applications ------------------------------------------------------------------------------


def application_visible(*, user: Any) -> QuerySet[Application]:
    """Applications the user may see (the same cut as the permissions)."""
    qs = Application.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    role = user.role
    if role in (Role.DISTRICT_ADMIN, Role.AUDITOR):
        return qs.filter(round__in=round_visible(user=user).values("id"))
    if role == Role.ORGANIZATION:
        own = own_organization_id(user)
        return qs.filter(organization_id=own) if own else qs.none()
    if role == Role.EXPERT:
        return qs.filter(
            pk__in=ExpertAssignment.objects.filter(expert=user).values("application_id")
        )
    return qs.none()


APPLICATION_RELATED = ("organization", "organization__street", "round", "template")


def application_list(
    *, user: Any, round_: EvaluationRound, state: str = ""
) -> QuerySet[Application]:
    qs = application_visible(user=user).filter(round=round_)
    if state:
        qs = qs.filter(state=state)
    return qs.select_related(*APPLICATION_RELATED, "result").order_by(*APPLICATION_ORDER)


def application_detail(*, user: Any, pk: int) -> Application | None:
    return (
        application_visible(user=user)
        .select_related(*APPLICATION_RELATED, "round__district", "applied_by")
        .filter(pk=pk)
        .first()
    )


def applications_of(*, organization_id: int) -> QuerySet[Application]:
    """An organization's applications, newest first, with their round and result."""
    return (
        Application.objects.filter(organization_id=organization_id)
        .select_related("round", "template", "result")
        .order_by("-id")
    )


def application_assignments(*, application: Application) -> QuerySet[ExpertAssignment]:
    return (
        ExpertAssignment.objects.filter(application=application)
        .select_related("expert", "assigned_by")
        .prefetch_related("scores")
        .order_by("id")
    )


def application_result(*, application: Application) -> Result | None:
    return Result.objects.filter(application=application).first()


def result_objections(*, result: Result) -> QuerySet[Objection]:
    return Objection.objects.filter(result=result).select_related("filed_by", "resolved_by")


def objection_visible(*, user: Any, pk: int) -> Objection | None:
    return (
        Objection.objects.filter(
            pk=pk, result__application__in=application_visible(user=user).values("id")
        )
        .select_related("result", "result__round", "result__round__district", "organization")
        .first()
    )


# --- experts -----------------------------------------------------------------------------------


def assignments_of(*, expert: Any) -> QuerySet[ExpertAssignment]:
    """An expert's tasks, newest first, with the application, organization and round."""
    return (
        ExpertAssignment.objects.filter(expert=expert)
        .select_related(
            "application",
            "application__organization",
            "application__template",
            "round",
        )
        .order_by(*ASSIGNMENT_ORDER)
    )


def assignment_visible(*, user: Any, pk: int) -> ExpertAssignment | None:
    """One assignment: the expert's own, or any in a round the bureau manages."""
    qs = ExpertAssignment.objects.select_related(
        "application",
        "application__organization",
        "application__template",
        "application__round",
        "application__round__district",
        "round",
        "expert",
    )
    role = getattr(user, "role", None)
    if role == Role.EXPERT:
        return qs.filter(pk=pk, expert=user).first()
    if role in (Role.DISTRICT_ADMIN, Role.AUDITOR):
        return qs.filter(pk=pk, round__in=round_visible(user=user).values("id")).first()
    return None


def assignment_scores(*, assignment: ExpertAssignment) -> dict[str, Score]:
    return {s.indicator: s for s in Score.objects.filter(assignment=assignment)}


def expert_candidates() -> QuerySet[Any]:
    """Active accounts with the expert role (to assign)."""
    return (
        get_user_model()
        .objects.filter(role=Role.EXPERT, is_active=True)
        .order_by("full_name", "id")
    )


def affiliations_of(*, expert: Any) -> QuerySet[ExpertAffiliation]:
    return (
        ExpertAffiliation.objects.filter(expert=expert)
        .select_related("organization")
        .order_by("-started_on", "id")
    )


# --- notice and results ------------------------------------------------------------------------


def notice_results() -> QuerySet[Result]:
    """Results under public notice now (公示): every result of every round in the notice state."""
    return (
        Result.objects.filter(round__state=EvaluationRound.State.NOTICE)
        .select_related("organization", "round", "round__district")
        .order_by("round_id", *RESULT_ORDER)
    )


def announced_results(*, on: dt.date | None = None) -> QuerySet[Result]:
    """Announced levels (公告), valid on ``on`` when given, newest announcement first."""
    qs = Result.objects.filter(announced_on__isnull=False).exclude(level="")
    if on is not None:
        qs = qs.filter(valid_from__lte=on, valid_to__gte=on).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on)
        )
    return qs.select_related("organization", "round").order_by(*ANNOUNCED_ORDER)


def round_results(*, round_: EvaluationRound) -> QuerySet[Result]:
    return (
        Result.objects.filter(round=round_)
        .select_related("organization", "application")
        .order_by(*RESULT_ORDER)
    )


# --- statistics --------------------------------------------------------------------------------


def _valid_at_q(on: dt.date) -> Q:
    return (
        Q(announced_on__isnull=False, valid_from__lte=on, valid_to__gte=on)
        & (Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        # An organization deregistered or revoked by then no longer counts.
        & (Q(organization__status__in=ACTIVE) | Q(organization__status_changed_on__gt=on))
    )


def count_valid_at(
    on: dt.date,
    min_level: str = "3A",
    *,
    organizations: QuerySet[Organization] | None = None,
) -> int:
    """How many organizations hold a valid level of ``min_level`` or above on ``on``: announced,
    within validity, not superseded by then, and not deregistered or revoked by then (one
    COUNT DISTINCT; ``rules.count_valid`` over each organization's effective validity)."""
    qs = Result.objects.filter(_valid_at_q(on), level__in=levels_at_least(min_level))
    if organizations is not None:
        qs = qs.filter(organization__in=organizations.values("id"))
    return qs.values("organization_id").distinct().count()


def count_valid_by_level(
    on: dt.date, *, organizations: QuerySet[Organization] | None = None
) -> dict[str, int]:
    """Organizations per level valid on ``on`` (one GROUP BY); an organization is counted at
    the level of its latest announced result."""
    qs = Result.objects.filter(_valid_at_q(on)).exclude(level="")
    if organizations is not None:
        qs = qs.filter(organization__in=organizations.values("id"))
    counts = dict.fromkeys(LEVELS, 0)
    for level, n in (
        qs.values_list("level")
        .annotate(n=Count("organization_id", distinct=True))
        .values_list("level", "n")
    ):
        counts[level] = n
    return counts


def level_statistics(*, user: Any, on: dt.date, min_level: str = "3A") -> dict[str, Any]:
    """The counts a staff member sees, over the organizations they may see."""
    scope = organization_visible(user=user)
    return {
        "on": on,
        "min_level": min_level,
        "count": count_valid_at(on, min_level, organizations=scope),
        "by_level": count_valid_by_level(on, organizations=scope),
    }


@dataclass(frozen=True)
class CurrentLevel:
    level: str
    valid_from: dt.date
    valid_to: dt.date
    result_id: int


def current_levels(org_ids: Iterable[int], *, on: dt.date | None = None) -> dict[int, CurrentLevel]:
    """The level each organization holds on ``on`` (today by default); organizations without a
    valid level are absent. One query per call."""
    day = on or timezone.localdate()
    return {
        org_id: CurrentLevel(r.level, r.valid_from, r.effective_to or r.valid_to, r.pk)
        for org_id, r in current_results(org_ids, day).items()
        if r.valid_from is not None and r.valid_to is not None
    }
