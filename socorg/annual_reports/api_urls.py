from django.urls import path

from socorg.annual_reports.api import (
    AnnualReportActApi,
    AnnualReportDetailApi,
    AnnualReportListCreateApi,
    AnnualReportMissedApi,
    AnnualReportStatisticsApi,
    AnnualReportSubmitApi,
    AnnualReportTrendApi,
)

urlpatterns = [
    path("annual-reports/", AnnualReportListCreateApi.as_view(), name="api-annual-report-list"),
    path(
        "annual-reports/statistics/",
        AnnualReportStatisticsApi.as_view(),
        name="api-annual-report-statistics",
    ),
    path("annual-reports/trend/", AnnualReportTrendApi.as_view(), name="api-annual-report-trend"),
    path(
        "annual-reports/missed/", AnnualReportMissedApi.as_view(), name="api-annual-report-missed"
    ),
    path(
        "annual-reports/<int:pk>/",
        AnnualReportDetailApi.as_view(),
        name="api-annual-report-detail",
    ),
    path(
        "annual-reports/<int:pk>/submit/",
        AnnualReportSubmitApi.as_view(),
        name="api-annual-report-submit",
    ),
    path(
        "annual-reports/<int:pk>/act/",
        AnnualReportActApi.as_view(),
        name="api-annual-report-act",
    ),
]
