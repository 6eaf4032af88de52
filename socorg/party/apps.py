from django.apps import AppConfig


class PartyConfig(AppConfig):
    name = "socorg.party"
    label = "party"
    verbose_name = "党建"
