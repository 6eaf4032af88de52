from django.urls import path

from socorg.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.organization_list, name="organization_list"),
    path("new/", views.organization_create, name="organization_create"),
    path("<int:pk>/", views.organization_detail, name="organization_detail"),
    path("<int:pk>/change/", views.organization_change, name="organization_change"),
    path("<int:pk>/contact/", views.organization_contact, name="organization_contact"),
    path("<int:pk>/terminate/", views.organization_terminate, name="organization_terminate"),
    path("<int:pk>/convert/", views.organization_convert, name="organization_convert"),
    path("<int:pk>/account/", views.organization_account, name="organization_account"),
]
