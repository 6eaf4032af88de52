from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("sysadmin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("", include("socorg.accounts.urls")),
    path("registry/", include("socorg.registry.urls")),
    path("registry/imports/", include("socorg.registry.import_urls")),
    path("users/", include("socorg.accounts.user_urls")),
    path("audit/", include("socorg.audit.urls")),
    path("notifications/", include("socorg.notifications.urls")),
    path("annual-reports/", include("socorg.annual_reports.urls")),
    path("party/", include("socorg.party.urls")),
    path("matters/", include("socorg.matters.urls")),
    path("credit/", include("socorg.credit.urls")),
    path("evaluation/", include("socorg.evaluation.urls")),
    path("spot-checks/", include("socorg.spot_checks.urls")),
    path("dormancy/", include("socorg.dormancy.urls")),
    path("illegal/", include("socorg.illegal.urls")),
    path("supervision/", include("socorg.supervision.urls")),
]
