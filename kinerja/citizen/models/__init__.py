"""Public services, their satisfaction survey (SKM) and complaints (aduan).

Spec §4 (SKM → IKM, PermenPANRB 14/2017) and §5 (complaint deadlines). The index itself
is computed by the pure functions in :mod:`kinerja.scoring.rules.ikm`; these models only hold
the answers and the complaint trail.

One module per subject (layanan, survei, aduan); every model is importable from
``kinerja.citizen.models`` as before (and Django finds them here).
"""

from kinerja.citizen.models.aduan import Aduan, TransisiAduan
from kinerja.citizen.models.layanan import (
    DEFAULT_TENGGAT_RESPONS,
    DEFAULT_TENGGAT_SELESAI,
    DEFAULT_TENGGAT_VERIFIKASI,
    HariLibur,
    KodePublik,
    Layanan,
    PetugasLayanan,
    TahunLibur,
    new_qr_code,
)
from kinerja.citizen.models.survei import ELEMENT_FIELDS, JawabanSurvei, TahananSurvei, TokenSurvei

__all__ = [
    "Aduan",
    "DEFAULT_TENGGAT_RESPONS",
    "DEFAULT_TENGGAT_SELESAI",
    "DEFAULT_TENGGAT_VERIFIKASI",
    "ELEMENT_FIELDS",
    "HariLibur",
    "JawabanSurvei",
    "KodePublik",
    "Layanan",
    "PetugasLayanan",
    "TahananSurvei",
    "TahunLibur",
    "TokenSurvei",
    "TransisiAduan",
    "new_qr_code",
]
