from django.apps import AppConfig


class AnnualReportsConfig(AppConfig):
    name = "socorg.annual_reports"
    label = "annual_reports"
    verbose_name = "年检年报"
