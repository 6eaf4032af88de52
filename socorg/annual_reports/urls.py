app_name = "annual_reports"
urlpatterns: list = []
