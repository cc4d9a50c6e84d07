"""The warning rules, one function each (see the package docstring for what fires them); each
runs a fixed number of queries and lists at most LIMIT rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.utils import timezone

from kinerja.citizen.models import JawabanSurvei
from kinerja.core import formatting
from kinerja.core.formatting import angka
from kinerja.insight.warnings.common import (
    LIMIT,
    PERCENT_UNITS,
    SUMMED,
    Peringatan,
    parameter,
)
from kinerja.skp.models import BuktiDukung, Indikator, Periode, Realisasi, SkpRevisi


def _num(value: Decimal) -> str:
    return angka(value)


def _realisations(periode: Periode, skp_ids, realisasi_ids):
    qs = Realisasi.objects.filter(skp__periode=periode)
    if skp_ids is not None:
        qs = qs.filter(skp_id__in=list(skp_ids))
    if realisasi_ids is not None:
        qs = qs.filter(pk__in=list(realisasi_ids))
    return qs


def beyond_target(periode: Periode, *, skp_ids=None, realisasi_ids=None) -> list[Peringatan]:
    factor = parameter(periode, "faktor_realisasi")
    slices = Decimal(periode.bagian.count() or 1)
    slice_target = ExpressionWrapper(
        F("indikator__target") / slices, output_field=DecimalField(max_digits=20, decimal_places=6)
    )
    qs = (
        _realisations(periode, skp_ids, realisasi_ids)
        .filter(indikator__arah__in=["naik", "tepat"], indikator__target__gt=0)
        .filter(
            Q(indikator__aspek__in=SUMMED, nilai__gt=slice_target * factor)
            | (~Q(indikator__aspek__in=SUMMED) & Q(nilai__gt=F("indikator__target") * factor))
        )
        .values_list("pk", "skp_id", "nilai", "indikator__target", "indikator__aspek",
                     "indikator__satuan", "indikator__uraian", "bagian__nomor", "indikator_id")
        .order_by("pk")[:LIMIT]
    )  # fmt: skip
    found = []
    for pk, skp_id, nilai, target, aspek, satuan, uraian, nomor, ind in qs:
        per_slice = target / slices if aspek in SUMMED else target
        found.append(Peringatan(
            "realisasi_melampaui_target", f"realisasi:{pk}",
            f"Realisasi {_num(nilai)} {satuan} pada bagian {nomor} untuk \"{uraian[:60]}\" adalah "
            f"{_num(round(nilai / per_slice, 1))}× target bagian itu ({_num(round(per_slice, 2))}"
            f" {satuan}); batas {_num(factor)}×.",
            (skp_id,), pk, indikator_id=ind, bagian={skp_id: nomor},
        ))  # fmt: skip
    return found


def implausible(periode: Periode, *, skp_ids=None, realisasi_ids=None) -> list[Peringatan]:
    percent = Q()
    for unit in PERCENT_UNITS:
        percent |= Q(indikator__satuan__iexact=unit)
    qs = (
        _realisations(periode, skp_ids, realisasi_ids)
        .filter(Q(nilai__lt=0) | (percent & Q(nilai__gt=100)))
        .values_list("pk", "skp_id", "nilai", "indikator__satuan", "indikator__uraian",
                     "indikator_id", "bagian__nomor")
        .order_by("pk")[:LIMIT]
    )  # fmt: skip
    found = []
    for pk, skp_id, nilai, satuan, uraian, ind, nomor in qs:
        why = "bernilai negatif" if nilai < 0 else "melebihi 100 padahal satuannya persen"
        found.append(Peringatan(
            "realisasi_tidak_wajar", f"realisasi:{pk}",
            f"Realisasi {_num(nilai)} {satuan} untuk \"{uraian[:60]}\" {why}.", (skp_id,), pk,
            indikator_id=ind, bagian={skp_id: nomor},
        ))  # fmt: skip
    return found


def _fractional(qs):
    """Rows whose value is not a whole number (done in Python on the few candidates)."""
    return [row for row in qs if row[-1] != row[-1].to_integral()]


def same_across_people(periode: Periode, *, skp_ids=None, realisasi_ids=None) -> list[Peringatan]:
    minimum = parameter(periode, "min_pegawai_kembar")
    groups = (
        Realisasi.objects.filter(skp__periode=periode).exclude(status=Realisasi.Status.DRAF)
        .filter(dihitung_sistem=False).order_by()
        .values("skp__penilai_id", "bagian__nomor", "indikator__satuan", "nilai")
        .annotate(n=Count("skp__pegawai_id", distinct=True)).filter(n__gte=minimum)
        .values_list("skp__penilai_id", "bagian__nomor", "indikator__satuan", "n", "nilai")
    )  # fmt: skip
    candidates = _fractional(groups)
    if not candidates:
        return []
    members = defaultdict(list)
    cond = Q()
    for penilai, nomor, satuan, _n, nilai in candidates:
        cond |= Q(skp__penilai_id=penilai, bagian__nomor=nomor, indikator__satuan=satuan,
                  nilai=nilai)  # fmt: skip
    rows = Realisasi.objects.filter(cond, skp__periode=periode, dihitung_sistem=False).exclude(
        status=Realisasi.Status.DRAF
    )
    for pk, skp_id, penilai, nomor, satuan, nilai in rows.values_list(
        "pk", "skp_id", "skp__penilai_id", "bagian__nomor", "indikator__satuan", "nilai"
    ):
        members[(penilai, nomor, satuan, nilai)].append((pk, skp_id))
    found = []
    for penilai, nomor, satuan, n, nilai in candidates[:LIMIT]:
        items = members[(penilai, nomor, satuan, nilai)]
        if skp_ids is not None and not {s for _p, s in items} & set(skp_ids):
            continue
        if realisasi_ids is not None and not {p for p, _s in items} & set(realisasi_ids):
            continue
        found.append(Peringatan(
            "nilai_kembar_pegawai", f"bagian:{nomor}:{satuan}:{nilai}:penilai:{penilai}",
            f"{n} pegawai dengan pejabat penilai yang sama melaporkan nilai yang sama persis, "
            f"{_num(nilai)} {satuan}, pada bagian {nomor} (batas {minimum} pegawai); periksa "
            "apakah laporan disalin.",
            tuple(sorted({s for _p, s in items})), bagian={s: nomor for _p, s in items},
        ))  # fmt: skip
    return found


def same_across_slices(periode: Periode, *, skp_ids=None, realisasi_ids=None) -> list[Peringatan]:
    minimum = parameter(periode, "min_bagian_kembar")
    qs = Realisasi.objects.filter(skp__periode=periode, dihitung_sistem=False).exclude(
        status=Realisasi.Status.DRAF
    )
    if skp_ids is not None:
        qs = qs.filter(skp_id__in=list(skp_ids))
    if realisasi_ids is not None:
        qs = qs.filter(indikator__realisasi__pk__in=list(realisasi_ids))
    groups = (
        qs.order_by().values("indikator_id", "indikator__rhk_id", "skp_id", "indikator__uraian",
                             "nilai")
        .annotate(n=Count("pk", distinct=True)).filter(n__gte=minimum)
        .values_list("indikator_id", "indikator__rhk_id", "skp_id", "indikator__uraian", "n",
                     "nilai")
    )  # fmt: skip
    return [
        Peringatan(
            "nilai_kembar_periode", f"indikator:{ind}:{nilai}",
            f"Realisasi \"{uraian[:60]}\" bernilai sama persis ({_num(nilai)}) di {n} bagian "
            f"periode (batas {minimum}).",
            (skp_id,), indikator_id=ind, rhk_id=rhk,
        )
        for ind, rhk, skp_id, uraian, n, nilai in _fractional(groups)[:LIMIT]
    ]  # fmt: skip


def missing_evidence(periode: Periode, *, skp_ids=None, realisasi_ids=None) -> list[Peringatan]:
    has_evidence = Exists(BuktiDukung.objects.filter(realisasi=OuterRef("pk")))
    qs = (
        _realisations(periode, skp_ids, realisasi_ids)
        .filter(status__in=[Realisasi.Status.DIAJUKAN, Realisasi.Status.DIVERIFIKASI],
                dihitung_sistem=False)
        .filter(~has_evidence)
        .values_list("pk", "skp_id", "indikator__uraian", "bagian__nomor", "status",
                     "indikator_id")
        .order_by("pk")[:LIMIT]
    )  # fmt: skip
    return [
        Peringatan(
            "bukti_kosong", f"realisasi:{pk}",
            f"Realisasi \"{uraian[:60]}\" bagian {nomor} ({status}) tidak memiliki bukti dukung.",
            (skp_id,), pk, indikator_id=ind, bagian={skp_id: nomor},
        )
        for pk, skp_id, uraian, nomor, status, ind in qs
    ]  # fmt: skip


def duplicated_evidence(periode: Periode, *, skp_ids=None, realisasi_ids=None) -> list[Peringatan]:
    shared = (
        BuktiDukung.objects.filter(instansi_id=periode.instansi_id).exclude(sha256="")
        .order_by().values("sha256")
        .annotate(n=Count("realisasi__skp__pegawai_id", distinct=True)).filter(n__gte=2)
        .values_list("sha256", flat=True)[:LIMIT]
    )  # fmt: skip
    digests = list(shared)
    if not digests:
        return []
    rows = BuktiDukung.objects.filter(
        instansi_id=periode.instansi_id, sha256__in=digests, realisasi__skp__periode=periode
    ).values_list("sha256", "nama", "realisasi_id", "realisasi__skp_id",
                  "realisasi__skp__pegawai__nama", "realisasi__bagian__nomor")  # fmt: skip
    groups = defaultdict(list)
    for row in rows:
        groups[row[0]].append(row)
    found = []
    for sha, items in groups.items():
        skps = tuple(sorted({i[3] for i in items}))
        if skp_ids is not None and not set(skps) & set(skp_ids):
            continue
        if realisasi_ids is not None and not {i[2] for i in items} & set(realisasi_ids):
            continue
        people = sorted({i[4] for i in items})
        found.append(Peringatan(
            "bukti_duplikat", f"sha256:{sha}",
            f"Berkas \"{items[0][1]}\" (SHA-256 {sha[:12]}…) dilampirkan oleh {len(people)} "
            f"pegawai: {', '.join(people[:5])}.",
            skps, bagian={i[3]: i[5] for i in items},
        ))  # fmt: skip
    return found


def target_changed(periode: Periode, *, skp_ids=None, realisasi_ids=None) -> list[Peringatan]:
    if realisasi_ids is not None:
        skp_ids = set(_realisations(periode, None, realisasi_ids).values_list("skp_id", flat=True))
    first = (
        SkpRevisi.objects.filter(skp__periode=periode).order_by("skp_id", "nomor")
        .values_list("skp_id", "nomor", "isi", "disetujui_pada")
    )  # fmt: skip
    if skp_ids is not None:
        first = first.filter(skp_id__in=list(skp_ids))
    approved: dict[int, dict[int, tuple]] = {}
    when: dict[int, datetime] = {}
    for skp_id, _nomor, isi, at in first:
        if skp_id in approved:
            continue
        approved[skp_id] = {
            ind["id"]: (str(ind.get("target")), str(ind.get("target_atas")))
            for rhk in isi.get("rhk", []) for ind in rhk.get("indikator", [])
        }  # fmt: skip
        when[skp_id] = at
    if not approved:
        return []
    current = Indikator.objects.filter(rhk__skp_id__in=list(approved)).values_list(
        "pk", "rhk__skp_id", "uraian", "target", "target_atas", "satuan", "rhk_id"
    )
    found = []
    for pk, skp_id, uraian, target, atas, satuan, rhk in current:
        before = approved[skp_id].get(pk)
        if before is None:
            continue
        if _same(before, target, atas):
            continue
        found.append(Peringatan(
            "target_berubah", f"indikator:{pk}",
            f"Target \"{uraian[:60]}\" disetujui {_num(Decimal(before[0]))} {satuan} pada "
            f"{formatting.tanggal_id(when[skp_id])}, sekarang {_num(target)} {satuan}.",
            (skp_id,), indikator_id=pk, rhk_id=rhk,
        ))  # fmt: skip
        if len(found) >= LIMIT:
            break
    return found


def _same(before: tuple, target: Decimal, atas: Decimal | None) -> bool:
    old_atas = None if before[1] in ("None", "") else Decimal(before[1])
    return Decimal(before[0]) == target and old_atas == atas


def _year(periode: Periode) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(date(periode.tahun, 1, 1), time.min, tzinfo=tz)
    return start, start.replace(year=periode.tahun + 1)


def survey_bursts(periode: Periode, *, skp_ids=None, realisasi_ids=None) -> list[Peringatan]:
    if skp_ids is not None or realisasi_ids is not None:
        return []
    start, end = _year(periode)
    rows = (
        JawabanSurvei.objects.filter(instansi_id=periode.instansi_id, ditandai=True, review="",
                                     diterima_pada__gte=start, diterima_pada__lt=end)
        .order_by().values("layanan_id", "layanan__nama", "alasan_tanda").annotate(n=Count("pk"))
        .order_by("layanan__nama")[:LIMIT]
    )  # fmt: skip
    return [
        Peringatan(
            "lonjakan_survei", f"layanan:{r['layanan_id']}:{r['alasan_tanda'][:60]}",
            f"{r['n']} jawaban survei layanan \"{r['layanan__nama']}\" ditandai "
            f"({r['alasan_tanda'] or 'lonjakan'}) dan belum direview; IKM layanan ini belum "
            "menghitungnya sampai direview.", layanan_id=r["layanan_id"],
        )
        for r in rows
    ]  # fmt: skip


def small_sample(periode: Periode, *, skp_ids=None, realisasi_ids=None) -> list[Peringatan]:
    minimum = parameter(periode, "min_responden")
    qs = (
        _realisations(periode, skp_ids, realisasi_ids)
        .filter(dihitung_sistem=True, indikator__sumber=Indikator.Sumber.IKM_LAYANAN)
        .values_list("pk", "skp_id", "indikator__sumber_kode", "bagian__nomor",
                     "penjelasan_sistem", "indikator_id")
        .order_by("pk")
    )  # fmt: skip
    found = []
    for pk, skp_id, kode, nomor, why, ind in qs.iterator(chunk_size=2000):
        why = why or {}
        responden = why.get("responden")
        needed = why.get("sampel_minimal") or minimum
        if responden is None or responden >= needed:
            continue
        basis = "sampel minimal Krejcie–Morgan" if why.get("sampel_minimal") else "batas instansi"
        found.append(Peringatan(
            "sampel_kurang", f"realisasi:{pk}",
            f"IKM dari \"{kode}\" pada bagian {nomor} dihitung dari {responden} responden; "
            f"{basis} {needed}.",
            (skp_id,), pk, indikator_id=ind, bagian={skp_id: nomor},
        ))  # fmt: skip
        if len(found) >= LIMIT:
            break
    return found


RULES = (
    beyond_target, implausible, same_across_people, same_across_slices, missing_evidence,
    duplicated_evidence, target_changed, survey_bursts, small_sample,
)  # fmt: skip
