"""The world the authorization matrix asks in: the personas, the objects its URLs point at
and the request bodies that pass the API's schemas."""

from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.core.files.base import ContentFile
from django.test import TestCase
from django.utils import timezone

from kinerja.core.models import PekerjaanLatar
from kinerja.demo.generator import build_agency, demo_logins
from kinerja.demo.populate import populate
from kinerja.org.models import User


@dataclass
class World:
    users: dict[str, User | None]
    demo_id: int
    kwargs: dict[str, dict]
    bodies: dict[str, dict]


def _user(username: str) -> User:
    return User.objects.select_related("pegawai").get(username=username)


def build_world() -> World:
    """The demo agency (60 employees, every app's data) and another agency whose head of a
    dinas holds every flag; the URL arguments pointing at the pegawai persona's objects and
    bodies that pass the API's schemas."""
    Skp = apps.get_model("skp", "Skp")
    Realisasi = apps.get_model("skp", "Realisasi")
    BuktiDukung = apps.get_model("skp", "BuktiDukung")
    Permintaan360 = apps.get_model("skp", "Permintaan360")
    Periode = apps.get_model("skp", "Periode")
    Hasil = apps.get_model("scoring", "Hasil")
    Layanan = apps.get_model("citizen", "Layanan")
    HariLibur = apps.get_model("citizen", "HariLibur")
    JawabanSurvei = apps.get_model("citizen", "JawabanSurvei")
    TahananSurvei = apps.get_model("citizen", "TahananSurvei")
    Aduan = apps.get_model("citizen", "Aduan")
    Keberatan = apps.get_model("followup", "Keberatan")
    RencanaPengembangan = apps.get_model("followup", "RencanaPengembangan")
    PekerjaanLaporan = apps.get_model("insight", "PekerjaanLaporan")
    from kinerja.followup.services.pengembangan import request_plan
    from kinerja.org import layanan as akun_layanan
    from kinerja.org.tokens import create_token

    with TestCase.captureOnCommitCallbacks(execute=True):
        demo = build_agency(pegawai=60, seed=1, kode="DEMO").instansi
        populate(demo, seed=1)
        lain = build_agency(pegawai=60, seed=2, kode="LAIN").instansi
    logins = {x.peran: x.username for x in demo_logins(demo)}
    users = {
        "anonymous": None,
        "pegawai": _user(logins["Pegawai"]),
        "atasan": _user(logins["Atasan (kepala puskesmas)"]),
        "admin": _user(logins["Admin kepegawaian (BKPSDM)"]),
        "pimpinan": _user(logins["Pimpinan (Wali Kota)"]),
        "auditor": _user(logins["Auditor (Inspektorat)"]),
    }
    # The outsider: the other agency's head of a dinas (so also pegawai and atasan there)
    # holding every flag.
    outsider = _user({x.peran: x.username for x in demo_logins(lain)}["Kepala dinas"])
    outsider.is_admin_kepegawaian = outsider.is_pimpinan = outsider.is_auditor = True
    outsider.save()
    users["outsider"] = outsider

    pegawai = users["pegawai"].pegawai
    assert pegawai.atasan_id == users["atasan"].pegawai_id, "the demo's atasan is not the pegawai's"
    year = timezone.localdate().year
    periode = Periode.objects.get(instansi=demo, tahun=year)
    closed = Periode.objects.get(instansi=demo, tahun=year - 1)
    skp = Skp.objects.get(pegawai=pegawai, periode=periode)
    rhk = skp.rhk.first()
    indikator = rhk.indikator.first()
    realisasi = Realisasi.objects.filter(skp=skp).first()
    bukti = BuktiDukung.objects.filter(realisasi__skp=skp).first()
    bukti_pdf = BuktiDukung.objects.create(
        instansi=demo, realisasi=realisasi, nama="matriks.pdf", tipe="pdf",
        berkas=ContentFile(b"%PDF-1.4\n%%EOF\n", name="matriks.pdf"),
    )  # fmt: skip
    revised = Skp.objects.filter(instansi=demo, riwayat__isnull=False)
    revisi_skp = revised.filter(pegawai=pegawai).first() or revised.first()
    revisi = revisi_skp.riwayat.first()
    # A 360 request to the pegawai persona about a colleague: only the respondent may answer.
    colleague_skp = Skp.objects.filter(periode=periode, pegawai__atasan=pegawai.atasan).exclude(
        pegawai=pegawai
    )[0]
    permintaan = Permintaan360.objects.create(
        instansi=demo,
        skp=colleague_skp,
        bagian=periode.bagian.get(nomor=1),
        responden=pegawai,
        hubungan=Permintaan360.Hubungan.REKAN,
    )
    hasil = Hasil.objects.filter(skp__pegawai=pegawai, periode=periode).order_by("pk").first()
    hasil_closed = (
        Hasil.objects.filter(skp__pegawai=pegawai, periode=closed).order_by("-pk").first()
    )
    layanan = Layanan.objects.filter(instansi=demo, aktif=True).first()
    officer = layanan.penugasan.filter(aktif=True).first()
    # A complaint not forwarded to the pegawai persona (an officer in the demo), with an
    # attachment for the preview.
    aduan = Aduan.objects.filter(instansi=demo).exclude(petugas=pegawai).first()
    aduan.lampiran.save("matriks.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    jawaban = JawabanSurvei.objects.filter(instansi=demo).exclude(alasan_tanda="").first()
    jawaban = jawaban or JawabanSurvei.objects.filter(instansi=demo).first()
    keberatan = Keberatan.objects.filter(instansi=demo).first()
    lampiran_keberatan = apps.get_model("followup", "LampiranKeberatan").objects.create(
        instansi=demo, keberatan=keberatan, nama="matriks.pdf", ukuran=15, tipe="pdf",
        sha256="0" * 64, berkas=ContentFile(b"%PDF-1.4\n%%EOF\n", name="matriks.pdf"),
    )  # fmt: skip
    tahanan = TahananSurvei.objects.create(
        instansi=demo, petugas=officer.pegawai, tanggal=timezone.localdate()
    )
    # The demo proposes plans to the low-rated; which employees those are depends on the
    # database's ids, so the pegawai persona asks for one when the demo gave none.
    rencana = RencanaPengembangan.objects.filter(instansi=demo, pegawai=pegawai).first()
    rencana = rencana or request_plan(pegawai, closed, by=users["pegawai"])
    job = PekerjaanLaporan.objects.create(
        instansi=demo,
        periode=periode,
        jenis=PekerjaanLaporan.Jenis.choices[0][0],
        dibuat_oleh=users["admin"],
    )
    # A finished background job of the pegawai persona (an IKM workbook), with its file.
    own_job = PekerjaanLatar.objects.create(
        instansi=demo, dibuat_oleh=users["pegawai"], jenis=PekerjaanLatar.Jenis.EKSPOR_IKM,
        status=PekerjaanLatar.Status.SELESAI, selesai_pada=timezone.now(),
        nama_keluaran="ikm.xlsx",
    )  # fmt: skip
    own_job.keluaran.save("matriks.xlsx", ContentFile(b"PK\x03\x04"))
    notice = apps.get_model("notify", "Notifikasi").objects.create(
        instansi=demo, penerima=users["pegawai"], jenis="pengingat", teks="Uji", url="/skp/"
    )
    token, _raw = create_token(users["pegawai"], nama="matriks")
    service = akun_layanan.create_account(users["admin"], nama="Matriks")
    service_token, _raw = akun_layanan.create_token(
        service, by=users["admin"], nama="matriks", cakupan=["baca"]
    )

    kwargs = {
        "api_token_revoke": {"token_id": token.pk},
        "akun_layanan_detail": {"pk": service.pk},
        "akun_layanan_aktif": {"pk": service.pk},
        "akun_layanan_token_cabut": {"pk": service.pk, "token_id": service_token.pk},
        "unit_detail": {"unit_id": pegawai.unit_id},
        "pegawai_detail": {"nip": pegawai.nip},
        "pegawai_set_atasan": {"nip": pegawai.nip},
        "pegawai_reset_password": {"nip": pegawai.nip},
        "pegawai_set_aktif": {"nip": pegawai.nip},
        "akun_slip": {"user_id": users["pegawai"].pk},
        "akun_status": {"user_id": users["pegawai"].pk},
        "akun_cabut_token": {"user_id": users["pegawai"].pk},
        "akun_buka_kunci": {"user_id": users["pegawai"].pk},
        "org_export": {"kind": "pegawai", "fmt": "csv"},
        "skp_create": {"periode_pk": periode.pk},
        "skp_detail": {"pk": skp.pk},
        "skp_rhk_add": {"pk": skp.pk},
        "skp_lampiran": {"pk": skp.pk},
        "skp_revisi": {"pk": revisi_skp.pk, "nomor": revisi.nomor},
        "skp_transition": {"pk": skp.pk, "verb": "ajukan"},
        "skp_rhk_edit": {"pk": rhk.pk},
        "skp_indikator_add": {"pk": rhk.pk},
        "skp_indikator_edit": {"pk": indikator.pk},
        "skp_indikator_periksa": {"pk": skp.pk},
        "belajar_istilah": {"kode": "rhk"},
        "belajar_panduan": {"peran": "admin"},
        "belajar_langkah": {"kode": "baca_skp"},
        "skp_kaskade": {"unit_pk": pegawai.unit_id},
        "skp_bagian": {"pk": skp.pk, "nomor": 1},
        "skp_perilaku": {"pk": skp.pk, "nomor": 1},
        "skp_minta_360": {"pk": skp.pk, "nomor": 1},
        "skp_dialog": {"pk": skp.pk, "nomor": 1},
        "skp_bagian_simpan": {"pk": skp.pk, "nomor": 1},
        "skp_bagian_verifikasi": {"pk": skp.pk, "nomor": 1},
        "skp_bukti": {"pk": bukti.pk},
        "skp_bukti_lihat": {"pk": bukti_pdf.pk},
        "skp_bukti_hapus": {"pk": bukti.pk},
        "skp_jawab_360": {"pk": permintaan.pk},
        "skp_tim_action": {"pk": skp.pk, "nomor": 1, "verb": "setujui"},
        "skp_periode": {"pk": periode.pk},
        "skp_periode_update": {"pk": periode.pk, "what": "tahap"},
        "scoring_hasil": {"pk": hasil.pk},
        "scoring_konfirmasi": {"pk": hasil.pk},
        "scoring_ubah": {"pk": hasil.pk},
        "scoring_tutup_daftar": {"jenis": "belum-diverifikasi"},
        "citizen_survey": {"kode": layanan.kode_publik},
        "citizen_survey_thanks": {"kode": layanan.kode_publik},
        "citizen_survey_officer": {"kode": layanan.kode_publik, "petugas": officer.kode},
        "citizen_complaint_status": {"kode": aduan.kode_lacak},
        "citizen_complaint_rate": {"kode": aduan.kode_lacak},
        "citizen_complaint_reopen": {"kode": aduan.kode_lacak},
        "citizen_complaint_attachment": {"kode": aduan.kode_lacak},
        "citizen_agency_entry": {"kode": "demo"},
        "citizen_qr_png": {"pk": layanan.pk},
        "citizen_qr_officer_png": {"pk": layanan.pk, "petugas": officer.kode},
        "citizen_layanan_edit": {"pk": layanan.pk},
        "citizen_officer_add": {"pk": layanan.pk},
        "citizen_officer_remove": {"pk": layanan.pk, "officer_pk": officer.pk},
        "citizen_tokens": {"pk": layanan.pk},
        "citizen_tokens_pdf": {"pk": layanan.pk},
        "citizen_holiday_remove": {"pk": HariLibur.objects.filter(instansi=demo).first().pk},
        "citizen_review_decide": {"pk": jawaban.pk},
        "citizen_held_batch": {"pk": tahanan.pk},
        "citizen_complaint_detail": {"kode": aduan.kode_lacak},
        "citizen_complaint_move": {"kode": aduan.kode_lacak},
        "followup_ajukan": {"hasil_pk": hasil_closed.pk},
        "followup_keberatan": {"pk": keberatan.pk},
        "followup_keberatan_lampiran": {"pk": lampiran_keberatan.pk},
        "followup_tpp": {"fmt": "csv"},
        "followup_rencana": {"pk": rencana.pk},
        "followup_talenta_kotak": {"box": 5},
        "insight_skp_pdf": {"skp_id": skp.pk},
        "insight_evaluasi_pdf": {"skp_id": skp.pk},
        "insight_rekap_unit": {"unit_id": pegawai.unit_id},
        "insight_cetak_status": {"job_id": job.pk},
        "insight_cetak_unduh": {"job_id": job.pk},
        "notify_open": {"pk": notice.pk},
        "pekerjaan": {"job_id": own_job.pk},
        "pekerjaan_unduh": {"job_id": own_job.pk},
        "pekerjaan_hapus_berkas": {"job_id": own_job.pk},
        "api:satu_pegawai": {"nip": pegawai.nip},
        "api:satu_skp": {"skp_id": skp.pk},
        "api:realisasi_skp": {"skp_id": skp.pk},
        "api:satu_hasil": {"pk": hasil.pk},
        "api:ekspor_siasn": {"periode_id": closed.pk},
        "api:putuskan": {"pk": hasil.pk},
        "api:kirim_survei": {"kode": layanan.kode_publik},
        "api:status_aduan": {"kode": aduan.kode_lacak},
        "api:baca_aduan_dalam": {"kode": aduan.kode_lacak},
        "api:pindah_aduan": {"kode": aduan.kode_lacak},
        "api:tinjau_realisasi": {"realisasi_id": realisasi.pk},
        "api:tambah_rhk": {"skp_id": skp.pk},
        "api:tambah_indikator": {"rhk_id": rhk.pk},
        "api:transisi_skp": {"skp_id": skp.pk},
        "api:dokumen_evaluasi": {"skp_id": skp.pk},
        "api:dokumen_skp": {"skp_id": skp.pk},
        "api:baca_keberatan": {"pk": keberatan.pk},
    }
    realisasi_in = {"indikator_id": indikator.pk, "bagian": 1, "nilai": "1", "catatan": ""}
    # Bodies that pass the API's schema, so that the permission check is what answers.
    bodies = {
        "api:upsert_pegawai": {"pegawai": [], "uji_coba": True},
        "api:simpan_realisasi": realisasi_in,
        "api:simpan_realisasi_massal": {"realisasi": [realisasi_in]},
        "api:putuskan": {"aksi": "konfirmasi", "version": 0},
        "api:kirim_survei": {f"u{i}": 4 for i in range(1, 10)},
        "api:kirim_aduan": {"layanan": layanan.kode_publik, "isi": "Antrean terlalu lama."},
        "api:pindah_aduan": {"ke": "diverifikasi", "version": 0},
        "api:tinjau_realisasi": {"aksi": "verifikasi", "version": 0},
        "api:buat_skp": {"tahun": year},
        "api:tambah_rhk": {"uraian": "Uji matriks"},
        "api:tambah_indikator": {"uraian": "Uji", "target": "1", "satuan": "dokumen"},
        "api:transisi_skp": {"aksi": "ajukan", "version": 0},
        "api:ajukan_keberatan": {"hasil_id": hasil_closed.pk, "alasan": "Uji matriks."},
        "api:catat_penghargaan": {
            "nip": pegawai.nip,
            "jenis": "satyalancana",
            "tanggal": date(year, 1, 2).isoformat(),
            "dasar": "Uji matriks",
        },
    }
    return World(users=users, demo_id=demo.pk, kwargs=kwargs, bodies=bodies)
