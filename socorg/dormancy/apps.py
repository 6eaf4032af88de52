from django.apps import AppConfig


class DormancyConfig(AppConfig):
    name = "socorg.dormancy"
    label = "dormancy"
    verbose_name = "僵尸型组织清理"
