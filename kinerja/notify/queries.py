"""Reads the inbox pages share."""

from kinerja.notify.models import Notifikasi


def unread_count(user) -> int:
    """How many of the user's notifications are unread (one query)."""
    return Notifikasi.objects.filter(
        penerima=user, instansi_id=user.instansi_id, dibaca_pada__isnull=True
    ).count()
