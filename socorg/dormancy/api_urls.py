from django.urls import path

from socorg.dormancy.api import (
    DormancyCaseActApi,
    DormancyCaseDetailApi,
    DormancyCaseListCreateApi,
    DormancyScoreListApi,
    DormancyStatisticsApi,
)

urlpatterns = [
    path("dormancy/scores/", DormancyScoreListApi.as_view(), name="api-dormancy-score-list"),
    path("dormancy/cases/", DormancyCaseListCreateApi.as_view(), name="api-dormancy-case-list"),
    path(
        "dormancy/cases/<int:pk>/",
        DormancyCaseDetailApi.as_view(),
        name="api-dormancy-case-detail",
    ),
    path(
        "dormancy/cases/<int:pk>/act/",
        DormancyCaseActApi.as_view(),
        name="api-dormancy-case-act",
    ),
    path(
        "dormancy/statistics/",
        DormancyStatisticsApi.as_view(),
        name="api-dormancy-statistics",
    ),
]
