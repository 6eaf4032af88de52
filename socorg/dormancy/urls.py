app_name = "dormancy"
urlpatterns: list = []
