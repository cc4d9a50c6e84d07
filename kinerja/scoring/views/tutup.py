"""Computing, the close with its checklist and lists, and the SIASN download."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kinerja.core import extensions, jobs
from kinerja.core.errors import DomainError
from kinerja.core.permissions import Peran
from kinerja.core.spreadsheet import xlsx_response
from kinerja.core.tenancy import agency_required, for_agency
from kinerja.org.models import Pegawai
from kinerja.scoring import queries, services, siasn
from kinerja.scoring import tasks as close_tasks
from kinerja.scoring.models import Hasil, PenutupanPeriode
from kinerja.scoring.permissions import (
    can_close,
    can_compute,
)
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.views.common import LABELS, bagian_asked
from kinerja.skp.models import Periode
from kinerja.skp.services.periode import tanggal
from kinerja.skp.views.common import periode_for, today


@require_POST
@agency_required(Peran.ADMIN)
def hitung(request):
    periode = periode_for(request)
    if periode is None:
        raise Http404
    bagian = bagian_asked(request, periode)
    try:
        stored = services.compute_results(periode, by=request.user, bagian=bagian)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        what = bagian.label if bagian else "tahunan"
        messages.success(
            request,
            f"Hasil {what} dihitung: {stored.baru} baru, {stored.diubah} berubah, "
            f"{stored.tetap} tetap.",
        )
    back = request.POST.get("kembali") or "scoring_kurva"
    if back not in ("scoring_kurva", "scoring_tutup"):
        back = "scoring_kurva"
    return redirect(f"{reverse(back)}?periode={periode.tahun}")


def _checklist(request, periode) -> list[queries.CheckItem]:
    """The pre-close checklist: each open matter with its count and the list behind it."""
    tahun = periode.tahun
    lists = reverse("scoring_tutup_daftar", args=["belum-diputuskan"])
    unverified = reverse("scoring_tutup_daftar", args=["belum-diverifikasi"])
    slices = queries.open_slices(periode, today())
    items = [
        queries.CheckItem(
            "belum_diputuskan", "Hasil menunggu keputusan penilai",
            queries.undecided_results(periode).count(), f"{lists}?periode={tahun}",
        ),
        queries.CheckItem(
            "belum_diverifikasi", "Realisasi belum diverifikasi",
            queries.unverified_realisations(periode).count(), f"{unverified}?periode={tahun}",
            "Tidak ikut dihitung sampai diverifikasi penilai.",
        ),
        queries.CheckItem(
            "bagian_berjalan", "Bagian periode belum berakhir", len(slices),
            reverse("skp_periode", args=[periode.pk]),
            ", ".join(f"{b.label} sampai {tanggal(b.selesai)}" for b in slices),
        ),
    ]  # fmt: skip
    for answer in extensions.collect("close_checklist", periode=periode, user=request.user):
        items.extend(queries.CheckItem(**line) for line in answer)
    return items


@agency_required(Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR)
def tutup(request):
    periode = periode_for(request)
    if periode is None:
        return render(request, "scoring/tutup.html", {"periode": None})
    error = None
    if request.method == "POST" and not can_close(request.user):
        raise PermissionDenied("Hanya admin kepegawaian yang dapat menutup periode.")
    run = PenutupanPeriode.objects.filter(periode=periode).select_related("oleh").first()
    tugas = jobs.latest(periode.instansi_id, close_tasks.objek(periode), close_tasks.JENIS)
    if tugas is not None:
        tugas = jobs.snapshot(tugas)
        if not tugas.aktif and (tugas.status != tugas.Status.GAGAL or periode.ditutup):
            tugas = None  # a finished close shows as the period's close record below
    # While a close runs, its checklist and what-if would only wait for it.
    sedang = tugas is not None and tugas.aktif
    checklist = _checklist(request, periode) if not (periode.ditutup or sedang) else []
    # The what-if of the close, computed once per data state (services.close_preview).
    computed = services.close_preview(periode) if not (periode.ditutup or sedang) else None
    preview = computed.scopes if computed else []
    violated = sum(1 for scope in preview if scope.check and not scope.check.compliant)
    if preview:
        checklist.append(queries.CheckItem(
            "kurva", "Cakupan yang melanggar kurva distribusi bila ditutup sekarang", violated,
            f"{reverse('scoring_kurva')}?periode={periode.tahun}",
        ))  # fmt: skip
    if computed is not None and periode.skema == Periode.Skema.PERMENPANRB_6_2022:
        checklist.append(queries.CheckItem(
            "tanpa_predikat", "Hasil tahunan yang belum dapat dihitung (dibekukan tanpa predikat)",
            computed.tanpa_predikat, "",
            "; ".join(f"{nama} ({Pegawai(nip=nip).nip_tertulis}): {galat}"
                      for nama, nip, galat in computed.contoh_tanpa_predikat)
            + ("; …" if computed.tanpa_predikat > len(computed.contoh_tanpa_predikat) else ""),
        ))  # fmt: skip
    terbuka = {item.kode: item.jumlah for item in checklist if item.terbuka}
    if request.method == "POST" and periode.ditutup:
        messages.info(request, f"Periode {periode.tahun} sudah ditutup; tidak ada yang diubah.")
        return redirect(close_tasks.close_url(periode))
    if request.method == "POST":
        try:
            if sedang:
                raise jobs.SedangBerjalan(tugas)
            _check_close_form(request, periode, terbuka)
            if periode.status != Periode.Status.PENILAIAN:
                raise DomainError(
                    f"Periode {periode.tahun} masih pada tahap {periode.get_status_display()}; "
                    "pindahkan ke tahap Penilaian dulu, lalu tutup."
                )
            started = close_tasks.start_close(
                periode, by=request.user, terbuka=terbuka,
                alasan=" ".join(request.POST.get("alasan", "").split()),
            )  # fmt: skip
        except jobs.SedangBerjalan as exc:
            error = DomainError(str(exc))
        except DomainError as exc:
            error = exc
        else:
            _told(request, started)
            return redirect(close_tasks.close_url(periode))
    counts = {
        row["status"]: row["n"]
        for row in for_agency(Hasil.objects.filter(periode=periode), request.user)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
    }
    context = {
        "periode": periode,
        "run": run,
        "counts": counts,
        "jumlah": sum(counts.values()),
        "boleh": can_close(request.user) and not periode.ditutup and not sedang,
        "tugas": tugas,
        "sedang": sedang,
        "siap": periode.status == Periode.Status.PENILAIAN,
        "boleh_hitung": can_compute(request.user) and not periode.ditutup,
        "checklist": checklist,
        "terbuka": terbuka,
        "preview": preview,
        "agency_preview": next((s for s in preview if s.unit is None), None),
        "unit_violations": [
            s for s in preview if s.unit is not None and s.check and not s.check.compliant
        ],
        "unit_count": sum(1 for s in preview if s.unit is not None and s.check),
        "predikat_order": [(p.value, p.label) for p in pmp.PREDIKAT_ORDER],
        "labels": LABELS,
        "error": error,
        "post": request.POST if error else {},
        "min_alasan": services.MIN_ALASAN,
        "siasn": periode.ditutup
        and periode.skema == Periode.Skema.PERMENPANRB_6_2022
        and can_close(request.user),
    }
    return render(request, "scoring/tutup.html", context, status=400 if error else 200)


def _told(request, started) -> None:
    """The message after the close button: done already (the immediate backend), refused or
    failed, or started in the background (its progress is on the page)."""
    if started.status == started.Status.SELESAI:
        messages.success(request, started.langkah.rstrip("."))
    elif started.status == started.Status.GAGAL:
        messages.error(request, started.galat)
    else:
        messages.info(
            request,
            "Penutupan dimulai di latar. Kemajuannya tampil di halaman ini; halaman boleh "
            "dimuat ulang atau ditinggalkan, penutupan tetap berjalan.",
        )


def _check_close_form(request, periode, terbuka: dict) -> None:
    """The close form: the period's name typed exactly; with open matters, a reason."""
    if terbuka and len(" ".join(request.POST.get("alasan", "").split())) < services.MIN_ALASAN:
        raise DomainError(
            f"Masih ada {len(terbuka)} hal terbuka di daftar periksa. Bila tetap menutup, "
            f"tuliskan alasannya (minimal {services.MIN_ALASAN} karakter); alasan dicatat di "
            "log audit.",
            kolom="alasan",
        )
    if request.POST.get("nama", "").strip() != str(periode):
        raise DomainError(
            f'Ketik nama periode persis "{periode}" untuk menutupnya; yang tertulis '
            f'"{request.POST.get("nama", "").strip()}".',
            kolom="nama",
        )


DAFTAR = {
    "belum-diputuskan": "Hasil menunggu keputusan penilai",
    "belum-diverifikasi": "Realisasi belum diverifikasi",
}
DAFTAR_LIMIT = 500


@agency_required(Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR)
def tutup_daftar(request, jenis):
    """The list behind a checklist count (the first :data:`DAFTAR_LIMIT` rows)."""
    if jenis not in DAFTAR:
        raise Http404
    periode = periode_for(request)
    if periode is None:
        raise Http404
    if jenis == "belum-diputuskan":
        qs = queries.undecided_results(periode).order_by(
            "skp__penilai__nama", "skp__pegawai__nama", "bagian__nomor"
        )
    else:
        qs = queries.unverified_realisations(periode).order_by(
            "skp__penilai__nama", "skp__pegawai__nama", "bagian__nomor", "pk"
        )
    qs = for_agency(qs, request.user)
    context = {
        "periode": periode,
        "jenis": jenis,
        "judul": DAFTAR[jenis],
        "jumlah": qs.count(),
        "rows": list(qs[:DAFTAR_LIMIT]),
        "limit": DAFTAR_LIMIT,
    }
    return render(request, "scoring/tutup_daftar.html", context)


@agency_required(Peran.ADMIN)
def siasn_unduh(request):
    """A closed period's results in SIASN's kinerja periodik shape, as JSON (``?format=json``)
    or XLSX (the default): the same records as the API (``scoring.siasn``), every result of
    the year and of each slice. An open period (or a PP 46/2011 one) is refused with a
    message on the close page; nothing is written."""
    periode = periode_for(request)
    if periode is None:
        raise Http404
    try:
        siasn.check_exportable(periode)
    except (siasn.BelumDitutup, siasn.SkemaTidakDidukung) as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('scoring_tutup')}?periode={periode.tahun}")
    baris, skipped = siasn.rows(periode, siasn.results(periode, semua=True))
    name = f"siasn-kinerja-periodik-{periode.tahun}"
    if request.GET.get("format") == "json":
        body = json.dumps(siasn.envelope(periode, baris, len(skipped)), ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    sheets = siasn.sheets(periode, baris, skipped)
    return xlsx_response(name, sheets, instansi=request.user.instansi)
