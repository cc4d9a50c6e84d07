"""Survey answers waiting for review (flagged, held batches) and the public survey's target
(a service and, optionally, its officer) read from a public code."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from kinerja.citizen import directory
from kinerja.citizen.models import JawabanSurvei, Layanan, TahananSurvei


def flagged_queue(instansi_id: int, unit_ids: set[int] | None = None) -> QuerySet[JawabanSurvei]:
    """Flagged answers waiting for a decision one by one (held batches are decided whole,
    see :func:`held_batches`)."""
    rows = JawabanSurvei.objects.filter(
        instansi_id=instansi_id, ditandai=True, review="", tahanan__isnull=True
    )
    if unit_ids is not None:
        rows = rows.filter(layanan__unit_id__in=unit_ids)
    return rows.select_related("layanan", "petugas").order_by("-diterima_pada")


def held_batches(
    instansi_id: int, unit_ids: set[int] | None = None, *, terbuka: bool = True
) -> QuerySet[TahananSurvei]:
    """Batches of answers the anomaly check held, with the officer and the answer count:
    the open ones (oldest first), or the decided ones (latest first)."""
    rows = TahananSurvei.objects.filter(instansi_id=instansi_id)
    if unit_ids is not None:
        rows = rows.filter(petugas__unit_id__in=unit_ids)
    if terbuka:
        rows = rows.filter(status=TahananSurvei.Status.DITAHAN).order_by("dibuat_pada")
    else:
        rows = rows.exclude(status=TahananSurvei.Status.DITAHAN).order_by("-diputus_pada")
    return rows.select_related("petugas", "diputus_oleh").annotate(n_jawaban=Count("jawaban"))


_SURVEY_TARGET_SQL = (
    "SELECT l.id, l.wajib_token, p.pegawai_id, p.kode_qr = %s "  # noqa: S608 - model tables
    f"FROM {Layanan._meta.db_table} l LEFT JOIN citizen_petugaslayanan p "
    "ON p.instansi_id = l.instansi_id AND p.layanan_id = l.id AND p.aktif "
    "AND (p.kode_qr = %s OR p.kode = %s OR p.pegawai_id IN "
    "(SELECT g.id FROM org_pegawai g WHERE g.nip = %s AND g.instansi_id = l.instansi_id)) "
    "WHERE l.instansi_id = %s AND l.kode_publik = %s AND l.aktif "
    "ORDER BY CASE WHEN p.kode_qr = %s THEN 0 WHEN p.kode = %s THEN 1 ELSE 2 END LIMIT 1"
)


_SERVICE_ONLY_SQL = (
    "SELECT id, wajib_token, NULL, NULL "  # noqa: S608 - model table
    f"FROM {Layanan._meta.db_table} WHERE instansi_id = %s AND kode_publik = %s AND aktif"
)


def survey_target(kode: str, petugas: str = "") -> tuple[Layanan, int | None] | None:
    """The active service by public code and its active officer's employee id (the QR's
    code, the card's short code, or NIP, in that order), for the API's hot path; the
    service's ``petugas_kode_pendek`` says whether the officer was named by a short code.
    The code's agency (from this process's memory of the directory, else the directory),
    then one precomputed query in that agency. None when the service, or the officer asked
    for, is not there."""
    remembered = directory.remembered(kode, directory.Jenis.LAYANAN)
    instansi_id = remembered or directory.resolve(kode, directory.Jenis.LAYANAN)
    if instansi_id is None:
        return None
    row = _survey_row(instansi_id, kode, petugas.strip())
    if row is None and remembered is not None:
        # Not there in the remembered agency: ask the directory itself (a code never moves
        # between agencies, but a test database or a restore may hold other rows).
        instansi_id = directory.resolve(kode, directory.Jenis.LAYANAN)
        if instansi_id is None:
            return None
        if instansi_id != remembered:
            row = _survey_row(instansi_id, kode, petugas.strip())
    if row is None:
        return None
    directory.remember(kode, directory.Jenis.LAYANAN, instansi_id)
    layanan = Layanan(pk=row[0], instansi_id=instansi_id, wajib_token=bool(row[1]), aktif=True)
    # Named by a short code or NIP (not the QR's code): the answer needs a receipt code.
    layanan.petugas_kode_pendek = row[2] is not None and not row[3]
    return layanan, row[2]


def _survey_row(instansi_id: int, kode: str, code: str) -> tuple | None:
    """(service id, needs a receipt, officer's employee id) or None (no such active service,
    or the officer asked for is not one of its active officers)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if code:
            params = [code, code, code.lower(), code, instansi_id, kode, code, code.lower()]
            cursor.execute(_SURVEY_TARGET_SQL, params)
        else:  # most answers name no officer: a plan PostgreSQL makes in a tenth of the time
            cursor.execute(_SERVICE_ONLY_SQL, [instansi_id, kode])
        row = cursor.fetchone()
    if row is None or (code and row[2] is None):
        return None
    return row
