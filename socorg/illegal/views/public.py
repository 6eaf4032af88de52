"""The public tip form (/illegal/tip/): no login, CSRF-protected, limited per address per hour.

Anyone may report an organization acting without registration; the reporter may stay
anonymous. A required consent box and an hourly limit per client address keep abuse down.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from socorg.core.errors import ApplicationError
from socorg.illegal import services
from socorg.illegal.forms import PublicTipForm, add_service_errors
from socorg.illegal.policy import get_policy
from socorg.illegal.throttle import public_tip_give_back, public_tip_take


def _client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: a forwarded header is set by the client and would dodge the limit. Behind
    # a reverse proxy, the proxy must set REMOTE_ADDR (e.g. uWSGI/gunicorn forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@csrf_protect
@require_http_methods(["GET", "POST"])
def public_tip(request: HttpRequest) -> HttpResponse:
    form = PublicTipForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            ip = _client_ip(request)
            if not public_tip_take(ip):
                status = 429
                form.add_error(
                    None,
                    _(
                        "提交过于频繁：同一网络每小时最多提交 %(n)s 条举报，本次举报未被记录，请稍后再试。"
                    )
                    % {"n": get_policy().public_tips_per_ip_per_hour},
                )
            else:
                try:
                    services.tip_submit(actor=request.user, data=form.tip_input(), public=True)
                except ApplicationError as exc:
                    public_tip_give_back(ip)
                    add_service_errors(form, exc)
                else:
                    return redirect("illegal:public_tip_done")
    return render(request, "illegal/public_tip.html", {"form": form}, status=status)


@require_GET
def public_tip_done(request: HttpRequest) -> HttpResponse:
    return render(request, "illegal/public_tip_done.html")
