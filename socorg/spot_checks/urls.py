from django.urls import path

from socorg.spot_checks import views

app_name = "spot_checks"
urlpatterns = [
    # Public, no login.
    path("results/", views.public_results, name="public_results"),
    # Staff and inspectors.
    path("", views.campaign_list, name="campaign_list"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/draw/", views.campaign_draw, name="campaign_draw"),
    path("<int:pk>/assign/", views.campaign_assign, name="campaign_assign"),
    path("<int:pk>/publish/", views.campaign_publish, name="campaign_publish"),
    path("checks/<int:pk>/", views.sampled_detail, name="sampled_detail"),
    path("checks/<int:pk>/finding/", views.sampled_finding, name="sampled_finding"),
    path(
        "checks/<int:pk>/rectification/", views.sampled_rectification, name="sampled_rectification"
    ),
    path("checks/<int:pk>/verify/", views.sampled_verify, name="sampled_verify"),
    path("mine/", views.my_inspections, name="my_inspections"),
    path("pool/", views.pool_list, name="pool_list"),
    path("pool/<int:pk>/remove/", views.pool_remove, name="pool_remove"),
    path("conflicts/", views.conflict_list, name="conflict_list"),
]
