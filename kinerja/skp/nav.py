from django.utils.translation import gettext_lazy as _

from kinerja.core.extensions import NavItem
from kinerja.core.permissions import Peran

NAV = [
    NavItem(_("SKP saya"), "skp_saya", frozenset({Peran.PEGAWAI}), section="saya"),
    NavItem(_("Rencana & realisasi tim"), "skp_tim", frozenset({Peran.ATASAN}), section="tim"),
    NavItem(
        _("Periode kinerja"),
        "skp_periode_list",
        frozenset({Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR}),
        section="penilaian",
    ),
]
