from django.urls import path

from socorg.matters import views

app_name = "matters"
urlpatterns = [
    path("", views.matter_list, name="matter_list"),
    path("new/", views.matter_create, name="matter_create"),
    path("<int:pk>/", views.matter_detail, name="matter_detail"),
    path("<int:pk>/handle/", views.matter_handle, name="matter_handle"),
    path("<int:pk>/resubmit/", views.matter_resubmit, name="matter_resubmit"),
]
