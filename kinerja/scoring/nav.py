from django.utils.translation import gettext_lazy as _

from kinerja.core.extensions import NavItem
from kinerja.core.permissions import Peran

NAV = [
    NavItem(_("Hasil saya"), "scoring_saya", frozenset({Peran.PEGAWAI}), section="saya"),
    NavItem(_("Penilaian tim"), "scoring_tim", frozenset({Peran.ATASAN}), section="tim"),
    NavItem(
        _("Kurva distribusi"),
        "scoring_kurva",
        frozenset({Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR}),
        section="penilaian",
    ),
    NavItem(
        _("Penutupan periode"),
        "scoring_tutup",
        frozenset({Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR}),
        section="penilaian",
    ),
]
