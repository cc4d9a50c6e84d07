"""Data-error warnings (spec §8 [policy]): shown to the rater before verifying and to HR before
closing. Each rule is a function returning :class:`Peringatan` rows that say why they fired,
with the numbers; each can be dismissed with a reason (:func:`dismiss_warning`, audited).

Rules and their parameters (a period may override any of them in ``periode.parameter``
under the key in brackets):

- ``realisasi_melampaui_target``: a realisation above ``faktor`` (``faktor_realisasi``,
  default 3) times its slice target (the year's target divided by the number of slices for
  quantity and cost, the target itself otherwise); indicators "higher is better" or "exact";
- ``realisasi_tidak_wajar``: a negative value, or above 100 where the unit is a percentage;
- ``nilai_kembar_pegawai``: the same non-whole value in one slice, same unit, from at least
  ``min_pegawai_kembar`` (default 5) employees of one rater (whole numbers coincide
  honestly, and so do percentages across a large agency; a report copied within a team
  does not);
- ``nilai_kembar_periode``: one indicator with the same non-whole value in at least
  ``min_bagian_kembar`` (default 3) slices;
- ``bukti_kosong``: a submitted or verified realisation entered by hand without evidence;
- ``bukti_duplikat``: one file (same SHA-256) attached by two or more employees;
- ``target_berubah``: an indicator whose target differs from the first approved revision;
- ``lonjakan_survei``: survey answers flagged as a burst by the citizen app and not reviewed;
- ``sampel_kurang``: a value fed from the IKM of a service with fewer respondents than the
  minimum sample (Krejcie–Morgan, §4), or than ``min_responden`` (default 30) when the
  population served is not recorded.

Each rule runs a fixed number of queries; lists are capped at :data:`LIMIT` per rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from kinerja.citizen.models import JawabanSurvei
from kinerja.core import audit, formatting
from kinerja.core.errors import DomainError, NotAllowed
from kinerja.core.formatting import angka
from kinerja.insight.models import PeringatanDitutup
from kinerja.skp.models import BuktiDukung, Indikator, Periode, Realisasi, Skp, SkpRevisi

LIMIT = 200
DEFAULTS = {
    "faktor_realisasi": Decimal(3),
    "min_pegawai_kembar": 5,
    "min_bagian_kembar": 3,
    "min_responden": 30,
}
PERCENT_UNITS = {"%", "persen", "percent", "prosen"}
SUMMED = (Indikator.Aspek.KUANTITAS, Indikator.Aspek.BIAYA)
MIN_ALASAN = 10

TITLES = {
    "realisasi_melampaui_target": "Realisasi jauh di atas target",
    "realisasi_tidak_wajar": "Realisasi tidak wajar untuk satuannya",
    "nilai_kembar_pegawai": "Nilai sama persis pada banyak pegawai",
    "nilai_kembar_periode": "Nilai sama persis di banyak bagian periode",
    "bukti_kosong": "Realisasi tanpa bukti dukung",
    "bukti_duplikat": "Bukti dukung yang sama dipakai beberapa pegawai",
    "target_berubah": "Target berubah setelah disetujui",
    "lonjakan_survei": "Lonjakan jawaban survei belum direview",
    "sampel_kurang": "Responden survei di bawah sampel minimal",
}


@dataclass(slots=True)
class Subjek:
    """A person a warning is about, with the page where their data can be fixed."""

    skp_id: int
    nama: str
    nip: str
    unit_id: int
    unit: str
    tautan: str


@dataclass
class Peringatan:
    kode: str
    kunci: str
    alasan: str
    skp_ids: tuple[int, ...] = ()
    realisasi_id: int | None = None
    ditutup: PeringatanDitutup | None = None
    indikator_id: int | None = None
    rhk_id: int | None = None
    bagian: dict[int, int] = field(default_factory=dict)
    """Slice number per SKP id, where the warning is about one slice's realisations."""
    layanan_id: int | None = None
    indikator: str = ""
    subjek: list[Subjek] = field(default_factory=list)

    @property
    def judul(self) -> str:
        return TITLES[self.kode]

    @property
    def pilihan(self) -> str:
        """The value of this warning's checkbox in the dismiss form."""
        return f"{self.kode}|{self.kunci}"

    @property
    def unit_ids(self) -> set[int]:
        return {s.unit_id for s in self.subjek}

    @property
    def tautan(self) -> str:
        """Where to fix it: the realisation's slice or the plan (one person), the review
        queue (survey bursts); empty when several people are concerned (each has a link)."""
        if self.kode == "lonjakan_survei":
            return reverse("citizen_review")
        return self.subjek[0].tautan if len(self.subjek) == 1 else ""

    @property
    def tautan_label(self) -> str:
        if self.kode == "lonjakan_survei":
            return "Buka antrean review survei"
        if self.bagian:
            return "Buka realisasi"
        return "Buka rencana SKP"


def parameter(periode: Periode, name: str):
    raw = (periode.parameter or {}).get(name)
    default = DEFAULTS[name]
    if raw in (None, ""):
        return default
    return type(default)(str(raw)) if isinstance(default, Decimal) else int(raw)


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


def find_warnings(
    periode: Periode,
    *,
    skp_ids: Iterable[int] | None = None,
    realisasi_ids: Iterable[int] | None = None,
    include_dismissed: bool = False,
) -> list[Peringatan]:
    """Every warning of ``periode`` (HR before closing), or only those about some SKPs or
    realisations (the rater before verifying). Dismissed ones are left out unless asked.
    Each names its people (with unit and the page to fix their data) and its indicator."""
    skp_ids = set(skp_ids) if skp_ids is not None else None
    realisasi_ids = set(realisasi_ids) if realisasi_ids is not None else None
    found = [w for rule in RULES for w in rule(periode, skp_ids=skp_ids,
                                               realisasi_ids=realisasi_ids)]  # fmt: skip
    dismissed = {
        (d.kode, d.kunci): d
        for d in PeringatanDitutup.objects.filter(periode=periode).select_related("oleh")
    }
    for warning in found:
        warning.ditutup = dismissed.get((warning.kode, warning.kunci))
    _name_subjects(found)
    return found if include_dismissed else [w for w in found if w.ditutup is None]


def _name_subjects(found: list[Peringatan]) -> None:
    """Fill each warning's people and indicator text: two queries for the whole list."""
    skp_ids = {s for w in found for s in w.skp_ids}
    people = {
        pk: (nama, nip, unit_id, unit)
        for pk, nama, nip, unit_id, unit in Skp.objects.filter(pk__in=skp_ids).values_list(
            "pk", "pegawai__nama", "pegawai__nip", "unit_id", "unit__nama"
        )
    } if skp_ids else {}  # fmt: skip
    indicator_ids = {w.indikator_id for w in found if w.indikator_id}
    texts = dict(
        Indikator.objects.filter(pk__in=indicator_ids).values_list("pk", "uraian")
    ) if indicator_ids else {}  # fmt: skip
    for warning in found:
        warning.indikator = texts.get(warning.indikator_id, "")
        warning.subjek = []
        for skp_id in warning.skp_ids:
            if skp_id not in people:
                continue
            nama, nip, unit_id, unit = people[skp_id]
            warning.subjek.append(Subjek(skp_id, nama, nip, unit_id, unit,
                                         _fix_url(warning, skp_id)))  # fmt: skip
        warning.subjek.sort(key=lambda s: (s.unit, s.nama))


def _fix_url(warning: Peringatan, skp_id: int) -> str:
    """The realisation's slice page (at its indicator) or the SKP plan (at its RHK)."""
    nomor = warning.bagian.get(skp_id)
    if nomor is not None:
        url = reverse("skp_bagian", args=[skp_id, nomor])
        return f"{url}#ind-{warning.indikator_id}" if warning.indikator_id else url
    url = reverse("skp_detail", args=[skp_id])
    return f"{url}#rhk-{warning.rhk_id}" if warning.rhk_id else url


def warnings_for_verification(skp: Skp, realisasi_ids: Iterable[int] | None = None):
    """For the skp verification page: the open warnings about this SKP's realisations
    (optionally only those about to be verified), grouped by realisation id (None for
    warnings about the SKP as a whole)."""
    found = find_warnings(skp.periode, skp_ids={skp.pk}, realisasi_ids=realisasi_ids)
    grouped: dict[int | None, list[Peringatan]] = defaultdict(list)
    for warning in found:
        grouped[warning.realisasi_id].append(warning)
    return dict(grouped)


def can_dismiss(user, periode: Periode, warning_skp_ids) -> bool:
    return dismisser(user, periode)(warning_skp_ids)


def dismisser(user, periode: Periode):
    """Who may dismiss what: HR any warning of the agency; a rater those whose SKPs are all
    theirs to rate. Returns a test on a warning's SKP ids (one query for a rater)."""
    from kinerja.core.permissions import Peran, has_role

    if user.instansi_id != periode.instansi_id:
        return lambda skp_ids: False
    if has_role(user, Peran.ADMIN):
        return lambda skp_ids: True
    if not user.pegawai_id:
        return lambda skp_ids: False
    own = set(
        Skp.objects.filter(periode=periode, penilai_id=user.pegawai_id).values_list("pk", flat=True)
    )
    return lambda skp_ids: bool(skp_ids) and set(skp_ids) <= own


def dismiss_warning(
    periode: Periode, *, kode: str, kunci: str, by, alasan: str
) -> PeringatanDitutup:
    """Dismiss one warning with a written reason (see :func:`dismiss_warnings`)."""
    return dismiss_warnings(periode, keys=[(kode, kunci)], by=by, alasan=alasan)[0]


@transaction.atomic
def dismiss_warnings(
    periode: Periode, *, keys: Iterable[tuple[str, str]], by, alasan: str
) -> list[PeringatanDitutup]:
    """Dismiss several warnings with one written reason, all or none; one audit entry per
    warning. HR may dismiss any; a rater only those about the people they rate. Refused
    when a warning is not (or no longer) found."""
    reason = " ".join((alasan or "").split())
    keys = list(dict.fromkeys(keys))
    if not keys:
        raise DomainError("Pilih minimal satu peringatan yang akan ditutup.", kolom="pilih")
    if len(reason) < MIN_ALASAN:
        raise DomainError(
            f"Tuliskan alasan menutup, minimal {MIN_ALASAN} karakter (tertulis {len(reason)}).",
            kolom="alasan",
        )
    current = {(w.kode, w.kunci): w for w in find_warnings(periode, include_dismissed=True)}
    missing = [key for key in keys if key not in current]
    if missing:
        raise DomainError(
            f"{len(missing)} peringatan yang dipilih tidak ditemukan lagi (datanya sudah "
            "berubah); muat ulang halaman lalu pilih lagi."
        )
    allowed = dismisser(by, periode)
    if not all(allowed(current[key].skp_ids) for key in keys):
        raise NotAllowed("Hanya admin kepegawaian atau pejabat penilai yang dapat menutupnya.")
    rows = []
    now = timezone.now()
    for kode, kunci in keys:
        warning = current[(kode, kunci)]
        row, created = PeringatanDitutup.objects.get_or_create(
            periode=periode, kode=kode, kunci=kunci,
            defaults={"instansi_id": periode.instansi_id, "alasan": reason, "oleh": by,
                      "pada": now},
        )  # fmt: skip
        if created:
            audit.record(
                periode.instansi, actor=by, action="peringatan.tutup", obj=row,
                after={"kode": kode, "kunci": kunci, "alasan": reason, "isi": warning.alasan,
                       "pegawai": [f"{s.nama} ({s.nip})" for s in warning.subjek][:10]},
                object_repr=f"Peringatan “{warning.judul}” {periode.tahun}",
            )  # fmt: skip
        rows.append(row)
    return rows


def counts(found: list[Peringatan]) -> list[tuple[str, str, int]]:
    tally: dict[str, int] = defaultdict(int)
    for warning in found:
        tally[warning.kode] += 1
    return [(kode, TITLES[kode], tally[kode]) for kode in TITLES]
