from django.urls import path

from socorg.illegal.api import (
    CaseDecideApi,
    CaseDetailApi,
    CaseEvidenceApi,
    CaseListCreateApi,
    CasePublishApi,
    PublishedIllegalOrganizationListApi,
    TipAssignApi,
    TipCloseApi,
    TipDetailApi,
    TipListCreateApi,
    TipReporterApi,
)

urlpatterns = [
    path("illegal/tips/", TipListCreateApi.as_view(), name="api-illegal-tip-list"),
    path("illegal/tips/<int:pk>/", TipDetailApi.as_view(), name="api-illegal-tip-detail"),
    path("illegal/tips/<int:pk>/assign/", TipAssignApi.as_view(), name="api-illegal-tip-assign"),
    path("illegal/tips/<int:pk>/close/", TipCloseApi.as_view(), name="api-illegal-tip-close"),
    path(
        "illegal/tips/<int:pk>/reporter/",
        TipReporterApi.as_view(),
        name="api-illegal-tip-reporter",
    ),
    path("illegal/cases/", CaseListCreateApi.as_view(), name="api-illegal-case-list"),
    path("illegal/cases/<int:pk>/", CaseDetailApi.as_view(), name="api-illegal-case-detail"),
    path(
        "illegal/cases/<int:pk>/evidence/",
        CaseEvidenceApi.as_view(),
        name="api-illegal-case-evidence",
    ),
    path("illegal/cases/<int:pk>/decide/", CaseDecideApi.as_view(), name="api-illegal-case-decide"),
    path(
        "illegal/cases/<int:pk>/publish/",
        CasePublishApi.as_view(),
        name="api-illegal-case-publish",
    ),
    path(
        "public/illegal-organizations/",
        PublishedIllegalOrganizationListApi.as_view(),
        name="api-public-illegal-organizations",
    ),
]
