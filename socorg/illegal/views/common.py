"""What the staff pages share: permission answers as 403s, records outside the scope as 404s."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404
from django.utils.translation import gettext as _

from socorg.illegal import permissions, selectors
from socorg.illegal.models import InvestigationCase, Tip

PAGE_SIZE = 20


def require(decision: tuple[bool, str]) -> None:
    """A permission answer of no becomes a 403 naming the reason."""
    allowed, reason = decision
    if not allowed:
        raise Forbidden(reason)


def tip_or_404(user: Any, pk: int) -> Tip:
    tip = selectors.tip_detail(user=user, pk=pk)
    if tip is None:
        raise Http404(_("未找到该线索，或该线索不在您的查看范围内。"))
    require(permissions.can_view_tip(user, tip))
    return tip


def case_or_404(user: Any, pk: int) -> InvestigationCase:
    case = selectors.case_detail(user=user, pk=pk)
    if case is None:
        raise Http404(_("未找到该案件，或该案件不在您的查看范围内。"))
    require(permissions.can_view_case(user, case))
    return case


def form_status(form: Any) -> int:
    """400 for a submitted form with errors, so tests and clients see the refusal."""
    return 400 if form.is_bound and form.errors else 200
