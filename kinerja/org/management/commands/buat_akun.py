"""manage.py buat_akun --instansi KODE [--nip NIP ...] --pdf F.pdf [--xlsx F.xlsx] [--email]"""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from kinerja.org import accounts
from kinerja.org.models import Instansi


class Command(BaseCommand):
    help = (
        "Membuat akun (nama pengguna = NIP, kata sandi awal acak, wajib diganti saat pertama "
        "masuk) untuk pegawai aktif yang belum memiliki akun, dan menulis slip PDF (satu per "
        "orang) serta XLSX untuk surat massal. Kata sandi hanya ada di berkas itu."
    )

    def add_arguments(self, parser):
        parser.add_argument("--instansi", required=True, help="kode instansi")
        parser.add_argument(
            "--nip", nargs="+", help="hanya pegawai ini (NIP, boleh bertanda spasi dalam kutip)"
        )
        parser.add_argument("--pdf", required=True, help="berkas slip PDF yang ditulis")
        parser.add_argument("--xlsx", help="berkas XLSX untuk surat massal (opsional)")
        parser.add_argument("--url", help="alamat masuk di slip (bawaan: KINERJA_PUBLIC_URL)")
        parser.add_argument(
            "--email", action="store_true", help="kirim juga slip lewat email bila alamat diketahui"
        )

    def handle(self, *args, instansi, nip, pdf, xlsx, url, email, **options):
        agency = Instansi.objects.filter(kode=instansi).first()
        if agency is None:
            raise CommandError(f"Instansi dengan kode {instansi} tidak ada.")
        targets = [Path(p) for p in (pdf, xlsx) if p]
        for target in targets:
            if target.exists():
                raise CommandError(
                    f"Berkas {target} sudah ada; pilih nama lain agar slip lama tidak tertimpa."
                )
            if not target.parent.is_dir():
                raise CommandError(f"Folder {target.parent} tidak ada.")
        login = url.rstrip("/") + reverse("login") if url else accounts.login_url()
        try:
            with transaction.atomic():
                slips = accounts.create_accounts(agency, by="perintah buat_akun", nips=nip)
                if not slips:
                    self.stdout.write("Semua pegawai aktif sudah memiliki akun; tidak ada slip.")
                    return
                # Written before the accounts commit: no account without its slip.
                _write(Path(pdf), accounts.slips_pdf(slips, url=login))
                if xlsx:
                    _write(Path(xlsx), accounts.slips_xlsx(slips, url=login))
        except accounts.AccountError as exc:
            raise CommandError(f"{exc} Tidak ada akun yang dibuat.") from exc
        except OSError as exc:
            for target in targets:
                target.unlink(missing_ok=True)
            raise CommandError(
                f"Slip tidak dapat ditulis ({exc.strerror}); tidak ada akun yang dibuat."
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(slips)} akun dibuat. Slip: {pdf}" + (f", XLSX: {xlsx}" if xlsx else "")
            )
        )
        self.stdout.write(
            "Berkas berisi kata sandi: cetak, serahkan langsung, lalu hapus berkasnya."
        )
        if email:
            sent, skipped = accounts.email_slips(slips, url=login)
            self.stdout.write(f"Email terkirim: {sent}; tanpa alamat atau gagal: {skipped}.")


def _write(path: Path, content: bytes) -> None:
    """Readable by the owner only: the file holds passwords."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as stream:
        stream.write(content)
