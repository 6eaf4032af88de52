app_name = "matters"
urlpatterns: list = []
