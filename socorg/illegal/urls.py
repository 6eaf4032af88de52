app_name = "illegal"
urlpatterns: list = []
