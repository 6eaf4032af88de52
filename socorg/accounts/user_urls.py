"""Account administration, mounted at /users/."""

from django.urls import path

from socorg.accounts import user_views

app_name = "users"
urlpatterns = [
    path("", user_views.user_list, name="user_list"),
    path("new/", user_views.user_create, name="user_create"),
    path("<int:pk>/", user_views.user_detail, name="user_detail"),
    path("<int:pk>/edit/", user_views.user_edit, name="user_edit"),
    path("<int:pk>/unlock/", user_views.user_unlock, name="user_unlock"),
    path("<int:pk>/deactivate/", user_views.user_deactivate, name="user_deactivate"),
    path("<int:pk>/reset-password/", user_views.user_reset_password, name="user_reset_password"),
]
