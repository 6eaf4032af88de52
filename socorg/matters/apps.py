from django.apps import AppConfig


class MattersConfig(AppConfig):
    name = "socorg.matters"
    label = "matters"
    verbose_name = "重大事项报告"
