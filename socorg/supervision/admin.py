from django.contrib import admin

from socorg.supervision.models import DailyRun


@admin.register(DailyRun)
class DailyRunAdmin(admin.ModelAdmin):
    """The run log is written by the daily run only: read here, never edited."""

    list_display = ("run_on", "step", "changed", "seconds", "queries", "runs", "finished_at")
    list_filter = ("step",)
    date_hierarchy = "run_on"
    ordering = ("-run_on", "step")
    show_full_result_count = False
    readonly_fields = [f.name for f in DailyRun._meta.fields]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
