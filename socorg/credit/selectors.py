"""Reading the credit lists: the gate other modules call, the lists staff see, the published lists.

``credit_standing`` / ``is_in_good_standing`` are the one way other apps (funding, evaluation)
ask whether an organization is on a list (民政部令第60号 punishments, domain.md §2.7).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from socorg.core.i18n import render
from socorg.credit import rules
from socorg.credit.models import (
    AdministrativePenalty,
    CourtDishonestRecord,
    CreditEntry,
    CreditList,
    CreditStatus,
    Objection,
    RectificationNotice,
    RectificationVerification,
    RemovalApplication,
    TriggerFact,
    UnreachableLetter,
)
from socorg.registry.models import Organization
from socorg.registry.selectors import apply_text_search, organization_visible

LISTED = (CreditList.ABNORMAL, CreditList.SERIOUS)
LISTING_KINDS = (CreditEntry.Kind.ENTER, CreditEntry.Kind.ESCALATE)


# -- the gate -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Where an organization stands on the credit lists today."""

    list_kind: str = CreditList.NORMAL
    listed_on: dt.date | None = None
    since: dt.date | None = None
    codes: tuple[str, ...] = ()

    @property
    def good(self) -> bool:
        """Not on the abnormal list nor on the serious list."""
        return self.list_kind == CreditList.NORMAL

    @property
    def serious(self) -> bool:
        return self.list_kind == CreditList.SERIOUS


GOOD_STANDING = Standing()
_STANDING_BATCH = 10_000


def credit_standing(org_ids: Iterable[int]) -> dict[int, Standing]:
    """Each organization's standing (an organization never listed is in good standing), in one
    query per 10,000 ids."""
    ids = list(dict.fromkeys(org_ids))
    standing = dict.fromkeys(ids, GOOD_STANDING)
    for start in range(0, len(ids), _STANDING_BATCH):
        rows = CreditStatus.objects.filter(
            organization_id__in=ids[start : start + _STANDING_BATCH], list_kind__in=LISTED
        ).values_list("organization_id", "list_kind", "listed_on", "since", "codes")
        for org_id, kind, listed_on, since, codes in rows:
            standing[org_id] = Standing(kind, listed_on, since, tuple(codes))
    return standing


def is_in_good_standing(organization: Organization | int) -> bool:
    """Whether the organization is on neither list (the gate for funding and evaluation)."""
    pk = organization if isinstance(organization, int) else organization.pk
    return credit_standing([pk])[pk].good


# -- labels -------------------------------------------------------------------------------------


def code_label(code: str) -> str:
    """A trigger or removal code in words: 'A5' → 受到警告或者不满5万元罚款的行政处罚."""
    if code in rules.Trigger.__members__:
        return render(rules.TRIGGER_LABELS[rules.Trigger(code)])
    if code in rules.RemovalCode.__members__:
        return render(rules.REMOVAL_LABELS[rules.RemovalCode(code)])
    return code


def end_label(code: str) -> str:
    """Why a listing ended: a removal, or the move to the serious list (an S-code)."""
    if code in rules.Trigger.__members__:
        return _("移入严重违法失信名单：%(label)s") % {"label": code_label(code)}
    return code_label(code)


# -- staff lists --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreditListFilters:
    list_kind: str = ""
    street: int | None = None
    org_type: str = ""
    q: str = ""


CREDIT_LIST_ORDER = ("-listed_on", "-pk")


def credit_list(*, user: Any, filters: CreditListFilters) -> QuerySet[CreditStatus]:
    """Listed organizations the user may see, newest listing first."""
    visible = organization_visible(user=user)
    if filters.street:
        visible = visible.filter(street_id=filters.street)
    if filters.org_type:
        visible = visible.filter(org_type=filters.org_type)
    if filters.q.strip():
        visible = apply_text_search(visible, filters.q)
    kinds = [filters.list_kind] if filters.list_kind in LISTED else list(LISTED)
    return (
        CreditStatus.objects.filter(list_kind__in=kinds, organization__in=visible.values("id"))
        .select_related("organization", "organization__street", "organization__community")
        .order_by(*CREDIT_LIST_ORDER)
    )


def credit_list_counts(*, user: Any) -> dict[str, int]:
    """How many visible organizations are on each list."""
    visible = organization_visible(user=user).values("id")
    counts = dict.fromkeys((str(k) for k in LISTED), 0)
    rows = (
        CreditStatus.objects.filter(list_kind__in=LISTED, organization__in=visible)
        .values("list_kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["list_kind"]] = row["n"]
    return counts


def credit_organization(*, user: Any, pk: int) -> Organization | None:
    """One organization the user may see, with what the credit page shows."""
    return (
        organization_visible(user=user)
        .select_related("street", "registration_authority", "supervisory_unit")
        .filter(pk=pk)
        .first()
    )


def credit_status_of(*, organization: Organization) -> CreditStatus | None:
    return CreditStatus.objects.filter(organization=organization).first()


def credit_entries(*, organization: Organization) -> QuerySet[CreditEntry]:
    """The organization's credit history, oldest first."""
    return (
        CreditEntry.objects.filter(organization=organization)
        .select_related("authority")
        .order_by("effective_on", "id")
    )


def credit_entry_visible(*, user: Any, pk: int) -> CreditEntry | None:
    return (
        CreditEntry.objects.filter(pk=pk, organization__in=organization_visible(user=user))
        .select_related("organization", "authority")
        .first()
    )


def credit_facts_of(*, organization: Organization) -> dict[str, list[Any]]:
    """Every fact recorded about the organization, voided ones included, newest first."""
    org = Q(organization=organization)
    return {
        "penalties": list(AdministrativePenalty.objects.filter(org).select_related("authority")),
        "court_records": list(CourtDishonestRecord.objects.filter(org)),
        "notices": list(RectificationNotice.objects.filter(org).select_related("authority")),
        "letters": list(UnreachableLetter.objects.filter(org)),
        "triggers": list(TriggerFact.objects.filter(org).select_related("authority")),
        "verifications": list(RectificationVerification.objects.filter(org)),
    }


def objection_list(*, user: Any, state: str = "") -> QuerySet[Objection]:
    """Objections about organizations the user may see."""
    qs = Objection.objects.filter(organization__in=organization_visible(user=user))
    if state:
        qs = qs.filter(state=state)
    return qs.select_related("organization", "entry", "filed_by", "resolved_by").order_by("-id")


def objection_visible(*, user: Any, pk: int) -> Objection | None:
    return objection_list(user=user).filter(pk=pk).first()


def removal_application_list(*, user: Any, state: str = "") -> QuerySet[RemovalApplication]:
    """Removal applications of organizations the user may see."""
    qs = RemovalApplication.objects.filter(organization__in=organization_visible(user=user))
    if state:
        qs = qs.filter(state=state)
    return qs.select_related("organization", "filed_by", "examined_by").order_by("-id")


def removal_application_visible(*, user: Any, pk: int) -> RemovalApplication | None:
    return removal_application_list(user=user).filter(pk=pk).first()


# -- published lists ----------------------------------------------------------------------------

PUBLISHED_ORDER = ("-effective_on", "-id")


def published_list(*, list_kind: str = "", current_only: bool = False) -> QuerySet[CreditEntry]:
    """Published listings (信息公开): each row one listing, with its removal once it ended."""
    qs = CreditEntry.objects.filter(
        published=True, withdrawn_at__isnull=True, kind__in=LISTING_KINDS
    )
    if list_kind:
        qs = qs.filter(list_kind=list_kind)
    if current_only:
        qs = qs.filter(ended_on__isnull=True)
    return qs.select_related("organization", "authority").order_by(*PUBLISHED_ORDER)


def abnormal_list_published(*, current_only: bool = False) -> QuerySet[CreditEntry]:
    """The published 活动异常名录."""
    return published_list(list_kind=CreditList.ABNORMAL, current_only=current_only)


def serious_list_published(*, current_only: bool = False) -> QuerySet[CreditEntry]:
    """The published 严重违法失信名单."""
    return published_list(list_kind=CreditList.SERIOUS, current_only=current_only)


def published_row(entry: CreditEntry) -> dict[str, Any]:
    """What is published about one listing: the fields of domain.md §2.6, nothing else."""
    org = entry.organization
    return {
        "list_kind": entry.list_kind,
        "list_label": CreditList(entry.list_kind).label,
        "name": org.name,
        "uscc": org.uscc or "",
        "listed_on": entry.effective_on,
        "reason_code": entry.code,
        "reason_label": code_label(entry.code),
        "authority": entry.authority.name if entry.authority else "",
        "removed_on": entry.ended_on,
        "removal_code": entry.end_code,
        "removal_label": end_label(entry.end_code) if entry.end_code else "",
    }
