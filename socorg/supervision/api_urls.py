from django.urls import path

from socorg.supervision.api import DailyRunListApi, SupervisionDashboardApi

urlpatterns = [
    path(
        "supervision/dashboard/",
        SupervisionDashboardApi.as_view(),
        name="api-supervision-dashboard",
    ),
    path("supervision/runs/", DailyRunListApi.as_view(), name="api-supervision-run-list"),
]
