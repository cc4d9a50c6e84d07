"""Demo data for the public's voice: services at the demo agency's front offices with their
officers, months of survey answers (bulk, with a planted burst) and complaints, one of
them overdue. Deterministic for a seed and a ``today``."""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from kinerja.citizen.complaints import move_complaint, submit_complaint
from kinerja.citizen.models import (
    ELEMENT_FIELDS,
    JawabanSurvei,
    Layanan,
    PetugasLayanan,
)
from kinerja.citizen.register import claim_public_code
from kinerja.citizen.survey import BURST_REASON, create_tokens
from kinerja.org.models import Pegawai, UnitKerja

# (unit code or prefix, service code, name, yearly population, quality 1–4)
SERVICES = (
    ("DISDUKCAPIL", "ktp", "Loket perekaman KTP-el", 18_000, 3.2),
    ("DISDUKCAPIL", "kk", "Loket Kartu Keluarga", 12_000, 3.05),
    ("DISDUKCAPIL", "akta", "Loket akta kelahiran", 6_000, 3.4),
    ("DINKES-PKM-0001", "pkm1-rajal", "Rawat jalan Puskesmas", 9_000, 3.3),
    ("DINKES-PKM-0002", "pkm2-rajal", "Rawat jalan Puskesmas", 7_000, 2.9),
    ("DISHUB", "kir", "Uji KIR kendaraan", 3_000, 2.7),
    ("DPMPTSP", "izin", "Perizinan berusaha", 2_500, 3.5),
)
COMPLAINTS = (
    "Antrean sangat panjang dan nomor antrean tidak dipanggil berurutan.",
    "Petugas meminta biaya tambahan yang tidak tercantum di standar pelayanan.",
    "Loket tutup lebih awal dari jadwal yang diumumkan.",
    "Berkas saya dinyatakan hilang dan harus mengulang dari awal.",
    "Ruang tunggu panas, kipas angin tidak berfungsi.",
    "Informasi persyaratan di situs berbeda dengan yang diminta di loket.",
)
MONTHS = 6


def _unit(instansi, code) -> UnitKerja | None:
    return (
        UnitKerja.objects.filter(instansi=instansi, kode=code).first()
        or UnitKerja.objects.filter(instansi=instansi, kode__startswith=code)
        .order_by("kode")
        .first()
    )


def _answer(rng: random.Random, quality: float, offsets: list[float]) -> list[int]:
    return [max(1, min(4, round(rng.gauss(quality + offset, 0.6)))) for offset in offsets]


def build_citizen_data(instansi, *, seed: int, today: date | None = None) -> dict:
    """Create the demo services and their data in one transaction; returns the counts.

    Units missing from the agency are skipped, so any size of demo agency works.
    """
    rng = random.Random(seed)
    today = today or timezone.localdate()
    with transaction.atomic():
        # The holiday calendar fills itself per year on the first complaint (libur.py).
        services = []
        for unit_code, kode, nama, populasi, quality in SERVICES:
            unit = _unit(instansi, unit_code)
            if unit is None:
                continue
            label = (
                nama if "Puskesmas" not in nama else f"Rawat jalan {unit.nama.replace('UPTD ', '')}"
            )
            layanan = Layanan.objects.filter(instansi=instansi, kode=kode).first()
            if layanan is None:
                layanan = Layanan.objects.create(
                    instansi=instansi, kode=kode, unit=unit, nama=label, populasi=populasi,
                    kode_publik=claim_public_code(instansi, kode),
                )  # fmt: skip
            staff = Pegawai.objects.filter(
                instansi=instansi, unit__kode__startswith=unit.kode, aktif=True
            ).exclude(pk=unit.kepala_id)
            staff = list(staff.order_by("nip")[:40])
            for number, pegawai in enumerate(rng.sample(staff, min(3, len(staff))), start=1):
                PetugasLayanan.objects.get_or_create(
                    instansi=instansi, layanan=layanan, pegawai=pegawai,
                    defaults={"kode": f"p{number:02d}"},
                )  # fmt: skip
            services.append((layanan, quality))
        answers = _answers(instansi, services, rng, today)
        complaints = _complaints(instansi, services, rng, today)
        if services:
            create_tokens(services[-1][0], jumlah=20, by=None)
    return {"layanan": len(services), "jawaban": answers, "aduan": complaints}


def _answers(instansi, services, rng, today) -> int:
    rows = []
    start = today - timedelta(days=30 * MONTHS)
    officers = {
        layanan.pk: list(layanan.penugasan.values_list("pegawai_id", flat=True))
        for layanan, _q in services
    }
    for layanan, quality in services:
        offsets = [rng.uniform(-0.3, 0.3) for _ in ELEMENT_FIELDS]
        offsets[3] += 0.5  # biaya: most services are free
        day = start
        while day <= today:
            if day.weekday() < 5:
                trend = (day - start).days / (30 * MONTHS) * 0.15  # slowly improving
                for _ in range(rng.randint(2, 12)):
                    moment = timezone.make_aware(
                        datetime.combine(day, time(8)) + timedelta(minutes=rng.randint(0, 420))
                    )
                    values = _answer(rng, quality + trend, offsets)
                    staff = officers[layanan.pk]
                    rows.append(JawabanSurvei(
                        instansi=instansi, layanan=layanan, diterima_pada=moment,
                        petugas_id=rng.choice(staff) if staff and rng.random() < 0.6 else None,
                        jenis_kelamin=rng.choice("LP"), usia=rng.randint(18, 70),
                        pendidikan=rng.choice(JawabanSurvei.Pendidikan.values),
                        pekerjaan=rng.choice(JawabanSurvei.Pekerjaan.values),
                        ip_hash=hashlib.sha256(f"{seed_ip(rng)}".encode()).hexdigest()[:32],
                        saluran=JawabanSurvei.Saluran.IMPOR,
                        **dict(zip(ELEMENT_FIELDS, values, strict=True)),
                    ))  # fmt: skip
            day += timedelta(days=1)
    if services:
        # A planted burst: 15 identical "all 4" answers in three minutes, from one address.
        layanan = services[0][0]
        at = timezone.make_aware(datetime.combine(today - timedelta(days=3), time(13)))
        reason = BURST_REASON.format(n=15, menit=5)
        rows += [
            JawabanSurvei(
                instansi=instansi,
                layanan=layanan,
                diterima_pada=at + timedelta(seconds=12 * i),
                ip_hash="b" * 32,
                ditandai=True,
                dihitung=False,
                alasan_tanda=reason,
                saluran=JawabanSurvei.Saluran.IMPOR,
                **dict.fromkeys(ELEMENT_FIELDS, 4),
            )  # fmt: skip
            for i in range(15)
        ]
    JawabanSurvei.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def seed_ip(rng) -> str:
    return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def _complaints(instansi, services, rng, today) -> int:
    """Older complaints are closed (mostly resolved, some rejected); two recent ones are
    still open within their due dates; one, a month old and never verified, is overdue."""
    count = 0
    rejected = ("ditolak", {"alasan": "Bukan kewenangan unit ini; diteruskan ke instansi terkait."})
    for index, (layanan, _quality) in enumerate(services):
        officer = Pegawai.objects.filter(pk__in=layanan.penugasan.values("pegawai_id")).first()
        if officer is None:
            continue
        full = [
            ("diverifikasi", {}), ("diteruskan", {"petugas": officer}),
            ("direspons", {"tanggapan": "Terima kasih, sudah kami tindak lanjuti."}),
            ("selesai", {}),
        ]  # fmt: skip
        for n in range(rng.randint(3, 7)):
            age = rng.choice([1, 2]) if n == 0 and index < 2 else rng.randint(25, 170)
            received = timezone.make_aware(
                datetime.combine(today - timedelta(days=age), time(9))
            ) + timedelta(minutes=rng.randint(0, 400))
            aduan = submit_complaint(
                instansi, layanan=layanan, isi=rng.choice(COMPLAINTS), ip_hash=f"demo-{index}-{n}",
                nama_pelapor=rng.choice(["", "Warga", "Andi", "Sri"]), now=received,
            )  # fmt: skip
            count += 1
            if age < 3:
                plan = full[: rng.randint(0, 1)]
            elif rng.random() < 0.12:
                plan = [rejected]
            else:
                plan = full
            moment = received
            for ke, extra in plan:
                moment = min(moment + timedelta(hours=rng.randint(2, 50)), timezone.now())
                aduan = move_complaint(aduan, ke=ke, by=None, now=moment, **extra)
        if index == 0:
            received = timezone.make_aware(datetime.combine(today - timedelta(days=30), time(10)))
            submit_complaint(
                instansi, layanan=layanan, ip_hash="demo-lewat", now=received,
                isi="Sudah sebulan KTP-el saya belum dicetak tanpa kabar apa pun.",
            )  # fmt: skip
            count += 1
    return count
