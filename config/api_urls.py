from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("v1/", include("socorg.areas.api_urls")),
    path("v1/", include("socorg.accounts.api_urls")),
    path("v1/", include("socorg.registry.api_urls")),
    path("v1/", include("socorg.notifications.api_urls")),
    path("v1/", include("socorg.annual_reports.api_urls")),
    path("v1/", include("socorg.party.api_urls")),
    path("v1/", include("socorg.matters.api_urls")),
    path("v1/", include("socorg.credit.api_urls")),
    path("v1/", include("socorg.evaluation.api_urls")),
    path("v1/", include("socorg.spot_checks.api_urls")),
    path("v1/", include("socorg.dormancy.api_urls")),
    path("v1/", include("socorg.illegal.api_urls")),
    path("v1/", include("socorg.supervision.api_urls")),
]
