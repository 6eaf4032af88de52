from django.apps import AppConfig


class SpotChecksConfig(AppConfig):
    name = "socorg.spot_checks"
    label = "spot_checks"
    verbose_name = "双随机抽查"
