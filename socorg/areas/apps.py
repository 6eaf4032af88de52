from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "socorg.areas"
    label = "areas"
    verbose_name = "行政区划"
