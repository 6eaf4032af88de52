from django.urls import path

from socorg.matters.api import (
    MatterAcknowledgeApi,
    MatterDetailApi,
    MatterListCreateApi,
    MatterResubmitApi,
    MatterReturnApi,
)

urlpatterns = [
    path("matters/", MatterListCreateApi.as_view(), name="api-matter-list"),
    path("matters/<int:pk>/", MatterDetailApi.as_view(), name="api-matter-detail"),
    path(
        "matters/<int:pk>/acknowledge/",
        MatterAcknowledgeApi.as_view(),
        name="api-matter-acknowledge",
    ),
    path("matters/<int:pk>/return/", MatterReturnApi.as_view(), name="api-matter-return"),
    path("matters/<int:pk>/resubmit/", MatterResubmitApi.as_view(), name="api-matter-resubmit"),
]
