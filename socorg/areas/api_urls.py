from django.urls import path

from socorg.areas.api import AreaDetailApi, AreaListApi

urlpatterns = [
    path("areas/", AreaListApi.as_view(), name="api-area-list"),
    path("areas/<str:code>/", AreaDetailApi.as_view(), name="api-area-detail"),
]
