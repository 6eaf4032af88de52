from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "socorg.audit"
    label = "audit"
    verbose_name = "审计"
