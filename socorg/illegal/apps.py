from django.apps import AppConfig


class IllegalConfig(AppConfig):
    name = "socorg.illegal"
    label = "illegal"
    verbose_name = "非法社会组织"
