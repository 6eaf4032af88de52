from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "socorg.notifications"
    label = "notifications"
    verbose_name = "通知"
