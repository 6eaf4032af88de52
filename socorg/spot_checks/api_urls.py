from django.urls import path

from socorg.spot_checks.api import (
    CampaignAssignApi,
    CampaignDetailApi,
    CampaignDrawApi,
    CampaignListCreateApi,
    CampaignPublishApi,
    CampaignSampleApi,
    ConflictListCreateApi,
    FindingRecordApi,
    InspectionDetailApi,
    MyInspectionListApi,
    PoolListCreateApi,
    PoolRemoveApi,
    PublishedResultListApi,
    RectificationSetApi,
    RectificationVerifyApi,
)

urlpatterns = [
    path("spot-checks/campaigns/", CampaignListCreateApi.as_view(), name="api-spot-campaign-list"),
    path(
        "spot-checks/campaigns/<int:pk>/",
        CampaignDetailApi.as_view(),
        name="api-spot-campaign-detail",
    ),
    path(
        "spot-checks/campaigns/<int:pk>/draw/",
        CampaignDrawApi.as_view(),
        name="api-spot-campaign-draw",
    ),
    path(
        "spot-checks/campaigns/<int:pk>/assign/",
        CampaignAssignApi.as_view(),
        name="api-spot-campaign-assign",
    ),
    path(
        "spot-checks/campaigns/<int:pk>/publish/",
        CampaignPublishApi.as_view(),
        name="api-spot-campaign-publish",
    ),
    path(
        "spot-checks/campaigns/<int:pk>/sample/",
        CampaignSampleApi.as_view(),
        name="api-spot-campaign-sample",
    ),
    path("spot-checks/inspections/", MyInspectionListApi.as_view(), name="api-spot-inspections"),
    path(
        "spot-checks/inspections/<int:pk>/",
        InspectionDetailApi.as_view(),
        name="api-spot-inspection-detail",
    ),
    path(
        "spot-checks/inspections/<int:pk>/finding/",
        FindingRecordApi.as_view(),
        name="api-spot-inspection-finding",
    ),
    path(
        "spot-checks/inspections/<int:pk>/rectification/",
        RectificationSetApi.as_view(),
        name="api-spot-inspection-rectification",
    ),
    path(
        "spot-checks/inspections/<int:pk>/verify/",
        RectificationVerifyApi.as_view(),
        name="api-spot-inspection-verify",
    ),
    path("spot-checks/pool/", PoolListCreateApi.as_view(), name="api-spot-pool"),
    path("spot-checks/pool/<int:pk>/remove/", PoolRemoveApi.as_view(), name="api-spot-pool-remove"),
    path("spot-checks/conflicts/", ConflictListCreateApi.as_view(), name="api-spot-conflicts"),
    path(
        "public/spot-checks/",
        PublishedResultListApi.as_view(),
        name="api-public-spot-checks",
    ),
]
