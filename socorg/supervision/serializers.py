"""Output shapes of the supervision API (read-only)."""

from __future__ import annotations

from rest_framework import serializers

from socorg.supervision.models import DailyRun


class DailyRunOutputSerializer(serializers.ModelSerializer):
    step_label = serializers.CharField(source="get_step_display")
    summary = serializers.CharField()

    class Meta:
        model = DailyRun
        fields = [
            "id",
            "run_on",
            "step",
            "step_label",
            "summary",
            "counts",
            "changed",
            "seconds",
            "queries",
            "runs",
            "started_at",
            "finished_at",
        ]


class InspectionRateSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    required = serializers.IntegerField()
    filed = serializers.IntegerField()
    late = serializers.IntegerField()
    missed = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=7, decimal_places=4, allow_null=True)


class StreetDormancySerializer(serializers.Serializer):
    street = serializers.IntegerField(allow_null=True)
    label = serializers.CharField()
    scored = serializers.IntegerField()
    candidates = serializers.IntegerField()
    open_cases = serializers.IntegerField()


class OpenCasesSerializer(serializers.Serializer):
    state = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class PartyCoverageSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    organization_rate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    work_rate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    missing = serializers.IntegerField()


class SupervisionDashboardOutputSerializer(serializers.Serializer):
    today = serializers.DateField()
    inspection = InspectionRateSerializer(many=True)
    level_3a_plus = serializers.IntegerField()
    levels = serializers.DictField(child=serializers.IntegerField())
    abnormal = serializers.IntegerField()
    serious = serializers.IntegerField()
    dormancy_by_street = StreetDormancySerializer(many=True)
    open_cases = OpenCasesSerializer(many=True)
    party = PartyCoverageSerializer()
    runs = DailyRunOutputSerializer(many=True)
