from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "socorg.evaluation"
    label = "evaluation"
    verbose_name = "等级评估"
