"""HR's view of the rater training: who completed it (never the answers) and who calibration
flagged, and the invitation of flagged raters who have not completed it."""

from django.urls import reverse

from kinerja.belajar.models import JawabanLatihan
from kinerja.core.tenancy import for_agency
from kinerja.org.models import Pegawai, User


def _flagged_ids(user) -> tuple[set[int], object]:
    """Employee ids of the raters calibration flags in the latest period with results."""
    from kinerja.insight.calibration import calibrate
    from kinerja.scoring.models import Hasil
    from kinerja.skp.models import Periode

    periode = (
        for_agency(Periode.objects.order_by("-tahun"), user)
        .filter(pk__in=Hasil.objects.filter(instansi_id=user.instansi_id).values("periode_id"))
        .first()
    )
    if periode is None:
        return set(), None
    return {r.penilai_id for r in calibrate(periode).standing_out}, periode


def daftar_peserta(user) -> dict:
    atasan_ids = set(
        Pegawai.objects.filter(instansi_id=user.instansi_id, aktif=True, atasan__isnull=False)
        .values_list("atasan_id", flat=True)
        .distinct()
    )
    flagged, periode = _flagged_ids(user)
    accounts = {
        u.pegawai_id: u
        for u in User.objects.filter(
            instansi_id=user.instansi_id, pegawai_id__in=atasan_ids, is_active=True
        )
    }
    done = dict(
        JawabanLatihan.objects.filter(instansi_id=user.instansi_id)
        .order_by("user_id", "selesai_pada")
        .values_list("user_id", "selesai_pada")
    )
    rows = []
    for p in Pegawai.objects.filter(pk__in=atasan_ids).select_related("unit").order_by("nama"):
        account = accounts.get(p.pk)
        rows.append(
            {
                "pegawai": p,
                "selesai_pada": done.get(account.pk) if account else None,
                "ditandai": p.pk in flagged,
                "akun": account is not None,
            }
        )
    return {
        "rows": rows,
        "periode": periode,
        "selesai": sum(1 for r in rows if r["selesai_pada"]),
        "diundang": [r for r in rows if r["ditandai"] and not r["selesai_pada"] and r["akun"]],
    }


def undang(user) -> int:
    """Tell every flagged rater who has not completed the training; returns how many."""
    from kinerja.notify.services import notify

    info = daftar_peserta(user)
    ids = list(
        User.objects.filter(
            instansi_id=user.instansi_id,
            pegawai_id__in=[r["pegawai"].pk for r in info["diundang"]],
        ).values_list("pk", flat=True)
    )
    if ids:
        notify(
            user.instansi_id,
            ids,
            jenis="pengingat",
            teks="Anda diundang mengikuti Latihan penilai: sepuluh kasus latihan dengan umpan "
            "balik atas jawaban Anda sendiri.",
            url=reverse("belajar_latihan"),
        )
    return len(ids)
