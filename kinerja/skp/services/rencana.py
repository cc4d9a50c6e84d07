"""The SKP plan's content: create or copy last year's, RHK and indicators, attachments. Its
approval workflow is in persetujuan.py."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import ProtectedError

from kinerja.core import audit
from kinerja.core.errors import DomainError, NotAllowed
from kinerja.core.versioning import bump
from kinerja.org.models import Pegawai
from kinerja.skp.models import Indikator, Periode, Rhk, Skp
from kinerja.skp.permissions import can_edit_skp, is_owner
from kinerja.skp.services.common import ensure_open

LAMPIRAN_FIELDS = ("dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi")
INDIKATOR_FIELDS = (
    "uraian",
    "aspek",
    "target",
    "target_atas",
    "satuan",
    "arah",
    "sumber",
    "sumber_kode",
    "bobot",
)


def ensure_editable(skp: Skp, by) -> None:
    """Refuses unless the period is open, ``by`` owns ``skp`` and the plan may still be edited."""
    ensure_open(skp.periode)
    if not is_owner(by, skp):
        raise NotAllowed("Hanya pemilik SKP yang dapat mengubah rencananya.")
    if not can_edit_skp(by, skp):
        raise DomainError(
            f"SKP berstatus {skp.get_status_display()} tidak dapat diubah. "
            "SKP yang sudah disetujui diubah melalui revisi."
        )


def jenis_for(pegawai: Pegawai) -> str:
    jabatan = pegawai.jabatan
    return Skp.Jenis.JPT if jabatan is not None and jabatan.is_jpt else Skp.Jenis.NON_JPT


def snapshot(skp: Skp) -> dict:
    """The content of an SKP as plain data: what a revision freezes and the audit shows."""
    rhk = []
    for r in skp.rhk.prefetch_related("indikator").order_by("jenis", "urutan", "id"):
        rhk.append(
            {
                "id": r.pk,
                "jenis": r.jenis,
                "uraian": r.uraian,
                "intervensi_id": r.intervensi_id,
                "indikator": [
                    {"id": i.pk, **{f: getattr(i, f) for f in INDIKATOR_FIELDS}}
                    for i in r.indikator.all()
                ],
            }
        )
    return {
        "revisi": skp.revisi,
        "penilai_id": skp.penilai_id,
        "jenis": skp.jenis,
        "rhk": rhk,
        **{f: getattr(skp, f) for f in LAMPIRAN_FIELDS},
    }


@transaction.atomic
def create_skp(pegawai: Pegawai, *, periode: Periode, by) -> Skp:
    """Start a draft SKP; the rater is the employee's supervisor now, kept from then on."""
    ensure_open(periode)
    if by.pegawai_id != pegawai.pk:
        raise NotAllowed("SKP disusun sendiri oleh pegawai yang bersangkutan.")
    if periode.instansi_id != pegawai.instansi_id:
        raise NotAllowed("Periode ini bukan milik instansi Anda.")
    if periode.status not in (Periode.Status.PERENCANAAN, Periode.Status.PELAKSANAAN):
        raise DomainError("SKP baru hanya dapat disusun pada tahap perencanaan atau pelaksanaan.")
    existing = Skp.objects.filter(periode=periode, pegawai=pegawai).first()
    if existing is not None:
        return existing
    skp = Skp.objects.create(
        instansi_id=pegawai.instansi_id,
        periode=periode,
        pegawai=pegawai,
        penilai_id=pegawai.atasan_id,
        unit_id=pegawai.unit_id,
        jenis=jenis_for(pegawai),
    )
    audit.record(
        pegawai.instansi,
        actor=by,
        action="skp.buat",
        obj=skp,
        after={"periode": periode.tahun, "penilai_id": skp.penilai_id},
    )
    return skp


@transaction.atomic
def copy_last_year(pegawai: Pegawai, *, periode: Periode, by) -> Skp:
    """A new draft for ``periode`` with last year's RHK, indicators and attachments.

    Cascade links are not copied: the supervisor's RHK of the new year are different rows,
    so the employee picks them again before submitting.
    """
    source = (
        Skp.objects.filter(pegawai=pegawai, periode__tahun__lt=periode.tahun)
        .order_by("-periode__tahun")
        .first()
    )
    if source is None:
        raise DomainError("Belum ada SKP tahun sebelumnya untuk disalin; susun SKP baru.")
    if Skp.objects.filter(periode=periode, pegawai=pegawai).exists():
        raise DomainError(f"SKP {periode.tahun} sudah ada; salinan hanya untuk SKP yang belum ada.")
    skp = create_skp(pegawai, periode=periode, by=by)
    Skp.objects.filter(pk=skp.pk).update(**{f: getattr(source, f) for f in LAMPIRAN_FIELDS})
    for old in source.rhk.prefetch_related("indikator").order_by("jenis", "urutan", "id"):
        rhk = Rhk.objects.create(
            instansi_id=skp.instansi_id,
            skp=skp,
            jenis=old.jenis,
            uraian=old.uraian,
            urutan=old.urutan,
        )
        Indikator.objects.bulk_create(
            Indikator(
                instansi_id=skp.instansi_id,
                rhk=rhk,
                urutan=i.urutan,
                **{f: getattr(i, f) for f in INDIKATOR_FIELDS},
            )
            for i in old.indikator.all()
        )
    audit.record(
        skp.instansi,
        actor=by,
        action="skp.salin_tahun_lalu",
        obj=skp,
        after={"dari_skp": source.pk, "tahun_asal": source.periode.tahun},
    )
    skp.refresh_from_db()
    return skp


def check_intervensi(skp: Skp, *, jenis: str, intervensi: Rhk | None) -> None:
    """Cascade rule: a non-head's main RHK intervenes on one of the rater's RHK, same period."""
    if intervensi is None:
        if jenis == Rhk.Jenis.UTAMA and skp.jenis == Skp.Jenis.NON_JPT and skp.penilai_id:
            raise DomainError(
                "RHK utama harus mengintervensi salah satu RHK atasan; pilih RHK atasan "
                "yang didukung hasil kerja ini.",
                kolom="intervensi",
            )
        return
    parent = intervensi.skp
    if parent.pegawai_id != skp.penilai_id or parent.periode_id != skp.periode_id:
        raise DomainError(
            "RHK yang diintervensi harus RHK dari SKP pejabat penilai Anda pada periode yang sama.",
            kolom="intervensi",
        )


def _clean_decimal(value, kolom: str, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise DomainError(f"{label} harus berupa angka.", kolom=kolom) from None


def clean_indikator(data: dict) -> dict:
    """Check an indicator's fields; the message says which field and what to enter."""
    clean = {f: data.get(f) for f in INDIKATOR_FIELDS if f in data}
    if not (clean.get("uraian") or "").strip():
        raise DomainError("Uraian indikator wajib diisi.", kolom="uraian")
    target = _clean_decimal(clean.get("target"), "target", "Target")
    if target is None:
        raise DomainError("Target wajib diisi.", kolom="target")
    if target == 0:
        raise DomainError(
            "Target tidak boleh 0 karena capaian dihitung dari pembagian dengan target. "
            "Untuk indikator 'sebanyak mungkin nol' (mis. jumlah aduan) pakai arah "
            "'makin rendah makin baik' dengan target kecil, mis. 1.",
            kolom="target",
        )
    if target < 0:
        raise DomainError("Target tidak boleh negatif.", kolom="target")
    clean["target"] = target
    atas = _clean_decimal(clean.get("target_atas"), "target_atas", "Batas atas target")
    if atas is not None and atas <= target:
        raise DomainError(
            "Untuk target rentang a–b, batas atas harus lebih besar dari target (a).",
            kolom="target_atas",
        )
    clean["target_atas"] = atas
    bobot = _clean_decimal(clean.get("bobot"), "bobot", "Bobot")
    clean["bobot"] = Decimal(1) if bobot is None else bobot
    if clean["bobot"] <= 0:
        raise DomainError("Bobot harus lebih dari 0.", kolom="bobot")
    if not (clean.get("satuan") or "").strip():
        raise DomainError("Satuan target wajib diisi (mis. dokumen, %, hari).", kolom="satuan")
    clean.setdefault("aspek", Indikator.Aspek.KUANTITAS)
    clean.setdefault("arah", Indikator.Arah.NAIK)
    clean["sumber"] = clean.get("sumber") or Indikator.Sumber.MANUAL
    clean["sumber_kode"] = (clean.get("sumber_kode") or "").strip()
    for field, enum in (
        ("aspek", Indikator.Aspek),
        ("arah", Indikator.Arah),
        ("sumber", Indikator.Sumber),
    ):
        if clean[field] not in enum.values:
            raise DomainError(f"Pilihan {field} tidak dikenal.", kolom=field)
    if clean["sumber"] != Indikator.Sumber.MANUAL and not clean["sumber_kode"]:
        raise DomainError(
            "Indikator yang dihitung dari layanan publik membutuhkan kode layanan/unit/petugas "
            "sumbernya; isi kode sumber atau pilih sumber 'Diisi pegawai'.",
            kolom="sumber_kode",
        )
    if clean["sumber"] != Indikator.Sumber.MANUAL and clean["aspek"] in Indikator.ASPEK_DIJUMLAH:
        sumber = Indikator.Sumber(clean["sumber"]).label
        aspek = Indikator.Aspek(clean["aspek"]).label
        saran = Indikator.Aspek(Indikator.ASPEK_SUMBER[clean["sumber"]]).label
        raise DomainError(
            f"Indikator bersumber '{sumber}' dihitung sistem sebagai nilai per triwulan/bagian "
            f"(indeks, rata-rata atau persentase), sehingga tidak boleh memakai aspek {aspek} "
            f"yang dijumlahkan antarbagian. Pilih aspek {saran}.",
            kolom="aspek",
        )
    return clean


@transaction.atomic
def add_rhk(
    skp: Skp, *, by, uraian: str, jenis: str = Rhk.Jenis.UTAMA, intervensi: Rhk | None = None
) -> Rhk:
    ensure_editable(skp, by)
    if not (uraian or "").strip():
        raise DomainError("Uraian RHK wajib diisi.", kolom="uraian")
    if jenis not in Rhk.Jenis.values:
        raise DomainError("Jenis RHK harus utama atau tambahan.", kolom="jenis")
    check_intervensi(skp, jenis=jenis, intervensi=intervensi)
    urutan = skp.rhk.count() + 1
    rhk = Rhk.objects.create(
        instansi_id=skp.instansi_id,
        skp=skp,
        jenis=jenis,
        uraian=uraian.strip(),
        intervensi=intervensi,
        urutan=urutan,
    )
    audit.record(
        skp.instansi,
        actor=by,
        action="skp.rhk_tambah",
        obj=rhk,
        after={
            "skp": skp.pk,
            "jenis": jenis,
            "uraian": rhk.uraian,
            "intervensi_id": rhk.intervensi_id,
        },
    )
    return rhk


@transaction.atomic
def update_rhk(
    rhk: Rhk, *, by, version: int, uraian: str, jenis: str, intervensi: Rhk | None
) -> Rhk:
    ensure_editable(rhk.skp, by)
    if not (uraian or "").strip():
        raise DomainError("Uraian RHK wajib diisi.", kolom="uraian")
    check_intervensi(rhk.skp, jenis=jenis, intervensi=intervensi)
    before = {"uraian": rhk.uraian, "jenis": rhk.jenis, "intervensi_id": rhk.intervensi_id}
    bump(
        rhk, version=version, what="RHK", uraian=uraian.strip(), jenis=jenis, intervensi=intervensi
    )
    audit.record(
        rhk.instansi,
        actor=by,
        action="skp.rhk_ubah",
        obj=rhk,
        before=before,
        after={"uraian": rhk.uraian, "jenis": jenis, "intervensi_id": rhk.intervensi_id},
    )
    return rhk


@transaction.atomic
def delete_rhk(rhk: Rhk, *, by) -> None:
    ensure_editable(rhk.skp, by)
    before = {"uraian": rhk.uraian, "jenis": rhk.jenis}
    try:
        with transaction.atomic():
            rhk.delete()
    except ProtectedError:
        raise DomainError(
            "RHK ini tidak dapat dihapus karena sudah diintervensi bawahan atau sudah memiliki "
            "realisasi. Ubah uraiannya, atau minta bawahan memilih RHK lain dahulu."
        ) from None
    audit.record(
        rhk.skp.instansi,
        actor=by,
        action="skp.rhk_hapus",
        obj=None,
        before=before,
        object_repr=before["uraian"][:80],
    )


@transaction.atomic
def add_indikator(rhk: Rhk, *, by, **data) -> Indikator:
    ensure_editable(rhk.skp, by)
    clean = clean_indikator(data)
    indikator = Indikator.objects.create(
        instansi_id=rhk.instansi_id, rhk=rhk, urutan=rhk.indikator.count() + 1, **clean
    )
    audit.record(
        rhk.instansi,
        actor=by,
        action="skp.indikator_tambah",
        obj=indikator,
        after={"rhk": rhk.pk, **clean},
    )
    return indikator


@transaction.atomic
def update_indikator(indikator: Indikator, *, by, version: int, **data) -> Indikator:
    ensure_editable(indikator.rhk.skp, by)
    clean = clean_indikator(data)
    before = {f: getattr(indikator, f) for f in INDIKATOR_FIELDS}
    bump(indikator, version=version, what="Indikator", **clean)
    audit.record(
        indikator.instansi,
        actor=by,
        action="skp.indikator_ubah",
        obj=indikator,
        before=before,
        after=clean,
    )
    return indikator


@transaction.atomic
def delete_indikator(indikator: Indikator, *, by) -> None:
    ensure_editable(indikator.rhk.skp, by)
    before = {f: getattr(indikator, f) for f in INDIKATOR_FIELDS}
    try:
        with transaction.atomic():
            indikator.delete()
    except ProtectedError:
        raise DomainError(
            "Indikator yang sudah memiliki realisasi tidak dapat dihapus; ubah saja isinya."
        ) from None
    audit.record(
        indikator.rhk.instansi,
        actor=by,
        action="skp.indikator_hapus",
        obj=None,
        before=before,
        object_repr=before["uraian"][:80],
    )


@transaction.atomic
def update_lampiran(skp: Skp, *, by, version: int, **lampiran) -> Skp:
    ensure_editable(skp, by)
    changes = {f: (lampiran.get(f) or "").strip() for f in LAMPIRAN_FIELDS if f in lampiran}
    before = {f: getattr(skp, f) for f in changes}
    bump(skp, version=version, what="SKP", **changes)
    audit.record(
        skp.instansi, actor=by, action="skp.lampiran_ubah", obj=skp, before=before, after=changes
    )
    return skp
