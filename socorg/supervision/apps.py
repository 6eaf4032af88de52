from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "socorg.supervision"
    label = "supervision"
    verbose_name = "监管工作台"
