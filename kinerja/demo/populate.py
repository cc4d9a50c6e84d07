"""The demo agency's performance data, built by each app's own demo function.

Order follows the flow of data: last year's SKP year with its results, closed and
followed up (objection, awards, plans, talent grid); then this year in progress with
the public's voice feeding some indicators, results for the slices that have ended,
and the anomalies the insight warnings must find.
"""

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from time import perf_counter

from django.utils import timezone

from kinerja.citizen.demo import build_citizen_data
from kinerja.citizen.feeding import compute_fed_realisations
from kinerja.followup.demo import build_followup
from kinerja.insight.demo import plant_anomalies
from kinerja.scoring.demo import build_results
from kinerja.skp.demo import build_skp_year
from kinerja.skp.models import Indikator


@dataclass
class Step:
    nama: str
    detik: float
    hasil: str


@dataclass
class Populated:
    langkah: list[Step] = field(default_factory=list)

    def run(self, nama: str, action) -> object:
        started = perf_counter()
        result = action()
        self.langkah.append(Step(nama, perf_counter() - started, _summary(result)))
        return result


def _summary(result) -> str:
    """What a step made, as ``name: count`` pairs of its plain figures (never a repr)."""
    if dataclasses.is_dataclass(result):
        result = {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}
    elif hasattr(result, "_asdict"):
        result = result._asdict()
    if isinstance(result, dict):
        return ", ".join(f"{k}: {v}" for k, v in result.items() if isinstance(v, int | float | str))
    if isinstance(result, list | tuple | set):
        return f"{len(result)} butir"
    return str(result)[:160]


def populate(instansi, *, seed: int, today: date | None = None) -> Populated:
    today = today or timezone.localdate()
    done = Populated()
    new_year = date(today.year, 1, 2)
    last = done.run(
        "SKP tahun lalu",
        lambda: build_skp_year(instansi, seed=seed + 1, today=new_year, tahun=today.year - 1),
    )
    done.run("Pegawai berprestasi tahun lalu", lambda: _high_performers(last.periode, seed + 1))
    done.run("Hasil tahun lalu", lambda: build_results(instansi, today=new_year, seed=seed))
    done.run("Predikat organisasi tahun lalu", lambda: _org_predikat(last.periode, "baik"))
    done.run(
        "Tindak lanjut tahun lalu",
        lambda: build_followup(instansi, today=date(today.year, 1, 10)),
    )
    year = done.run("SKP tahun berjalan", lambda: build_skp_year(instansi, seed=seed, today=today))
    done.run("Pegawai berprestasi tahun berjalan", lambda: _high_performers(year.periode, seed))
    done.run("Survei dan aduan", lambda: build_citizen_data(instansi, seed=seed, today=today))
    done.run("Indikator dari suara masyarakat", lambda: _feed(year.periode, today))
    done.run("Hasil tahun berjalan", lambda: build_results(instansi, today=today, seed=seed))
    done.run("Pratinjau hasil tahunan", lambda: _annual_preview(year.periode))
    done.run("Predikat organisasi tahun berjalan", lambda: _org_predikat(year.periode, "baik"))
    done.run("Anomali untuk peringatan", lambda: plant_anomalies(instansi, seed=seed))
    return done


def _hr(periode):
    return periode.instansi.akun.filter(is_admin_kepegawaian=True, is_active=True).first()


def _org_predikat(periode, predikat: str) -> str:
    """The agency's own predikat, which selects the distribution pattern (spec §2.5)."""
    from kinerja.scoring.services.organisasi import set_org_predikat

    set_org_predikat(periode, by=_hr(periode), predikat=predikat)
    return predikat


def _annual_preview(periode):
    """The year's proposals so far, so HR can look at the curve before closing."""
    from kinerja.scoring.services.results import compute_results

    return compute_results(periode, by=_hr(periode))


HIGH_PERFORMER_SHARE = 0.12


def _high_performers(periode, seed: int) -> dict:
    """About one in eight employees clearly exceed their targets and are rated above
    expectation on most core values, so the demo shows Sangat Baik where it is earned."""
    import random
    from decimal import Decimal

    from django.db.models import F, Q, Value
    from django.db.models.functions import Ceil, Least

    from kinerja.skp.models import PenilaianPerilaku, Realisasi, Skp

    rng = random.Random(seed)
    skp_ids = sorted(Skp.objects.filter(periode=periode).values_list("pk", flat=True))
    top = sorted(rng.sample(skp_ids, k=int(len(skp_ids) * HIGH_PERFORMER_SHARE)))
    up = Realisasi.objects.filter(skp_id__in=top, dihitung_sistem=False)
    naik = up.filter(indikator__arah=Indikator.Arah.NAIK)
    # A percentage cannot pass 100; other units simply exceed their target.
    percent = Q(indikator__satuan__contains="%") | Q(indikator__satuan__icontains="persen")
    raised = naik.filter(percent).update(nilai=Least(F("nilai") * Decimal("1.3"), Value(100)))
    # Counted outputs stay whole numbers (3 documents × 1.3 is 4 documents, not 3.9).
    counted = Q(indikator__aspek=Indikator.Aspek.KUANTITAS)
    rest = naik.exclude(percent)
    raised += rest.filter(counted).update(nilai=Ceil(F("nilai") * Decimal("1.3")))
    raised += rest.exclude(counted).update(nilai=F("nilai") * Decimal("1.3"))
    lowered = up.filter(indikator__arah=Indikator.Arah.TURUN).update(
        nilai=F("nilai") * Decimal("0.75")
    )
    rated = PenilaianPerilaku.objects.filter(skp_id__in=top).update(
        berorientasi_pelayanan="di_atas", akuntabel="di_atas", kompeten="di_atas",
        harmonis="di_atas", loyal="di_atas", adaptif="sesuai", kolaboratif="sesuai",
    )  # fmt: skip
    return {"pegawai": len(top), "realisasi": raised + lowered, "penilaian_perilaku": rated}


def _feed(periode, today: date) -> dict:
    """Point the front-office officers' first indicator at their service's IKM, then compute
    the fed realisations for the slices that have ended."""
    from kinerja.citizen.models import PetugasLayanan

    linked = 0
    for petugas in PetugasLayanan.objects.filter(layanan__instansi=periode.instansi).select_related(
        "layanan"
    )[:40]:
        indikator = (
            Indikator.objects.filter(
                rhk__skp__periode=periode, rhk__skp__pegawai=petugas.pegawai_id
            )
            .order_by("rhk__urutan", "pk")
            .first()
        )
        if indikator is None:
            continue
        Indikator.objects.filter(pk=indikator.pk).update(
            sumber=Indikator.Sumber.IKM_LAYANAN, sumber_kode=petugas.layanan.kode,
            aspek=Indikator.ASPEK_SUMBER[Indikator.Sumber.IKM_LAYANAN],
            uraian=f"Indeks kepuasan masyarakat layanan {petugas.layanan.nama}",
            target=80, target_atas=None, satuan="nilai IKM", arah=Indikator.Arah.NAIK,
        )  # fmt: skip
        linked += 1
    computed = 0
    for bagian in periode.bagian.filter(selesai__lt=today).order_by("nomor"):
        report = compute_fed_realisations(periode, bagian, by=None)
        computed += report.dihitung
    return {"indikator_terhubung": linked, "realisasi_dihitung": computed}


def purge_performance(instansi) -> None:
    """Delete every row the later apps keep for an agency (before its organisation is
    deleted on ``demo --reset``). Models are tried latest app first; one that is still
    protected by another's rows is tried again in the next pass."""
    from django.apps import apps
    from django.db import transaction
    from django.db.models import ProtectedError

    from kinerja.skp.demo import delete_skp_year

    keep = {"core", "org", "auth", "contenttypes", "sessions", "axes"}
    models = [
        m
        for config in reversed(list(apps.get_app_configs()))
        if config.label not in keep
        for m in config.get_models()
        if any(f.name == "instansi" for f in m._meta.get_fields())
    ]
    with transaction.atomic():
        for _ in range(len(models) + 1):
            pending = []
            for model in models:
                if model._meta.label == "skp.Skp":
                    continue
                try:
                    with transaction.atomic():
                        model.objects.filter(instansi=instansi).delete()
                except ProtectedError:
                    pending.append(model)
            models = pending
            if not models:
                break
        delete_skp_year(instansi)
