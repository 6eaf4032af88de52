from django.urls import path

from socorg.accounts.api import AuthTokenApi, MeApi

urlpatterns = [
    path("me/", MeApi.as_view(), name="api-me"),
    path("auth/token/", AuthTokenApi.as_view(), name="api-auth-token"),
]
