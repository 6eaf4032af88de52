import pytest
from django.urls import reverse

from socorg.core.errors import PermissionDenied
from socorg.notifications.selectors import notification_visible
from socorg.notifications.services import notification_mark_read, notification_send


def test_agency_notification_reaches_its_officers_only(world, client):
    note = notification_send(
        kind="credit.listed", title="某组织被列入活动异常名录", agency=world.unit
    )
    officer = world.user("department_officer")
    assert list(notification_visible(user=officer)) == [note]
    assert not notification_visible(user=world.user("street_officer")).exists()
    with pytest.raises(PermissionDenied):
        notification_mark_read(actor=world.user("street_officer"), notification=note)
    client.force_login(officer)
    page = client.get(reverse("notifications:inbox"))
    assert "某组织被列入活动异常名录" in page.content.decode()
    client.post(reverse("notifications:mark_read", args=[note.pk]))
    note.refresh_from_db()
    assert note.read_at is not None


def test_no_recipient_sends_nothing(world):
    assert notification_send(kind="x", title="y") is None
