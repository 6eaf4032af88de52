app_name = "spot_checks"
urlpatterns: list = []
