"""Reading import jobs: each importer sees their own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from socorg.registry.models import ImportJob


def import_job_list(*, user: Any) -> QuerySet[ImportJob]:
    """The user's own jobs, newest first, without the stored rows or the full report."""
    return (
        ImportJob.objects.filter(uploaded_by_id=user.pk).defer("payload", "report").order_by("-id")
    )


def import_job_get(*, user: Any, pk: int) -> ImportJob | None:
    """One of the user's own jobs (None for anyone else's)."""
    return ImportJob.objects.filter(uploaded_by_id=user.pk, pk=pk).defer("payload").first()
