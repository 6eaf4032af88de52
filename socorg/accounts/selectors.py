"""Reading accounts: the administration list, one account, and who is locked out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from socorg.accounts.models import User


@dataclass(frozen=True)
class UserFilters:
    q: str = ""
    role: str = ""
    status: str = ""  # "", "active" or "inactive"


def user_list(*, filters: UserFilters) -> QuerySet[User]:
    """Accounts for the administration list, newest first, with their scope joined."""
    qs = User.objects.select_related("area", "agency")
    q = filters.q.strip()
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q) | Q(phone__icontains=q))
    if filters.role:
        qs = qs.filter(role=filters.role)
    if filters.status == "active":
        qs = qs.filter(is_active=True)
    elif filters.status == "inactive":
        qs = qs.filter(is_active=False)
    return qs.order_by("-id")


def user_get(*, pk: int) -> User | None:
    """One account with its scope."""
    return User.objects.select_related("area", "agency").filter(pk=pk).first()


def user_locked_usernames(*, usernames: Iterable[str]) -> set[str]:
    """Which of these accounts are locked out now by repeated failed logins (django-axes).

    Lockout is per account (``AXES_LOCKOUT_PARAMETERS = ["username"]``): failures from every
    address count together within the cool-off period, as axes itself counts them.
    """
    names = [u for u in usernames if u]
    if not names:
        return set()
    attempts = AccessAttempt.objects.filter(username__in=names)
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    limit = get_failure_limit(None, None)
    return {
        row["username"]
        for row in attempts.values("username").annotate(n=Sum("failures_since_start"))
        if row["n"] >= limit
    }


def user_is_locked(*, username: str) -> bool:
    """Whether this account is locked out now."""
    return username in user_locked_usernames(usernames=[username])
