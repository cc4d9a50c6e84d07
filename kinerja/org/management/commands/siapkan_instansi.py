"""manage.py siapkan_instansi: the agency and its first HR admin on an empty server.

    siapkan_instansi --kode KOTA-DEMO --nama "Pemerintah Kota Demo" --tingkat kabupaten_kota \\
        --zona WITA --tempat "Kota Demo" [--logo logo.png] --admin-username admin.bkpsdm \\
        [--admin-email bkpsdm@demo.go.id] [--tambah]
    siapkan_instansi --token      one-time token for the first-run page /mulai/ (24 hours)

The admin's password is random, printed once, and must be changed at the first login.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinerja.org import setup
from kinerja.org.models import Instansi

LABELS = {
    "__all__": "",
    "kode": "--kode",
    "nama": "--nama",
    "tingkat": "--tingkat",
    "zona_waktu": "--zona",
    "tempat": "--tempat",
    "logo": "--logo",
    "admin_username": "--admin-username",
    "admin_email": "--admin-email",
}


class Command(BaseCommand):
    help = (
        "Menyiapkan instansi dan admin kepegawaian pertamanya pada basis data kosong, atau "
        "(--token) mencetak token sekali pakai untuk halaman /mulai/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--token", action="store_true",
            help="cetak token sekali pakai (berlaku 24 jam) untuk halaman /mulai/",
        )  # fmt: skip
        parser.add_argument("--kode", help="kode instansi, mis. KOTA-DEMO")
        parser.add_argument("--nama", help="nama instansi, mis. 'Pemerintah Kota Demo'")
        parser.add_argument(
            "--tingkat", default=Instansi.Tingkat.KABUPATEN_KOTA.value,
            help="pusat, provinsi atau kabupaten_kota (bawaan: kabupaten_kota)",
        )  # fmt: skip
        parser.add_argument("--zona", help="zona waktu: WIB, WITA atau WIT")
        parser.add_argument("--tempat", default="", help="nama tempat untuk tanda tangan")
        parser.add_argument("--logo", help="berkas logo PNG, JPEG atau SVG, paling besar 1 MB")
        parser.add_argument("--admin-username", help="nama pengguna admin kepegawaian pertama")
        parser.add_argument("--admin-email", default="", help="alamat surel admin (opsional)")
        parser.add_argument(
            "--tambah", action="store_true",
            help="tambah instansi walau server ini sudah berisi instansi lain",
        )  # fmt: skip

    def handle(self, *args, **options):
        if options["token"]:
            return self._token()
        missing = [
            flag
            for flag, key in (
                ("--kode", "kode"),
                ("--nama", "nama"),
                ("--zona", "zona"),
                ("--admin-username", "admin_username"),
            )  # fmt: skip
            if not (options[key] or "").strip()
        ]
        if missing:
            raise CommandError(
                f"Isian wajib belum diberikan: {', '.join(missing)}. Atau jalankan dengan "
                "--token untuk menyiapkan lewat halaman /mulai/."
            )
        try:
            logo = self._logo(options["logo"]) if options["logo"] else None
            result = setup.create_agency(
                kode=options["kode"], nama=options["nama"], tingkat=options["tingkat"],
                zona=setup.parse_zona(options["zona"]), tempat=options["tempat"], logo=logo,
                admin_username=options["admin_username"], admin_email=options["admin_email"],
                actor_label="perintah siapkan_instansi", tambah=options["tambah"],
            )  # fmt: skip
        except setup.SetupInvalid as exc:
            raise CommandError(_describe(exc.errors, options)) from exc
        instansi, admin = result.instansi, result.admin
        self.stdout.write(
            self.style.SUCCESS(f"Instansi “{instansi.nama}” ({instansi.kode}) siap.")
            + f"\nZona waktu: {instansi.zona_label}. Tempat: {instansi.tempat or '—'}.\n"
            f"Admin kepegawaian: {admin.username}\n"
            f"Kata sandi awal  : {result.password}\n"
            "Catat kata sandi ini sekarang: tidak ditampilkan lagi. Admin wajib menggantinya "
            "saat masuk pertama kali, lalu mengimpor unit dan pegawai di /org/impor/."
        )

    def _token(self):
        if not setup.setup_open():
            raise CommandError(
                "Server ini sudah berisi instansi; halaman /mulai/ tidak tersedia lagi. Tambah "
                "instansi lain dengan siapkan_instansi --tambah --kode ... (lihat docs/operasi.md)."
            )
        token = setup.issue_token()
        self.stdout.write(
            f"Token penyiapan (sekali pakai, berlaku 24 jam):\n{token}\n"
            "Buka /mulai/ di peramban dan tempelkan token ini. Token tidak disimpan; "
            "bila hilang, jalankan perintah ini lagi (token lama tidak berlaku)."
        )

    def _logo(self, path: str) -> setup.Logo:
        file = Path(path)
        if not file.is_file():
            raise setup.SetupInvalid({"logo": [f"Berkas logo “{path}” tidak ditemukan."]})
        if file.stat().st_size > setup.LOGO_MAX_BYTES:
            size_kb = (file.stat().st_size + 1023) // 1024
            raise setup.SetupInvalid(
                {"logo": [f"Berkas logo {size_kb} KB; paling besar 1 MB (1024 KB)."]}
            )
        return setup.check_logo(file.name, file.read_bytes())


def _describe(errors: dict[str, list[str]], options) -> str:
    lines = ["Tidak ada yang disimpan:"]
    for field, messages in errors.items():
        if field == "zona_waktu":
            messages = [f"Zona waktu “{options['zona']}” tidak dikenal; pilih WIB, WITA atau WIT."]
        label = LABELS.get(field, field)
        lines += [f"  {label}: {m}" if label else f"  {m}" for m in messages]
    return "\n".join(lines)
