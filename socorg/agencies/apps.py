from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "socorg.agencies"
    label = "agencies"
    verbose_name = "机关单位"
