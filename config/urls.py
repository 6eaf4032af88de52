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
]
