from django.utils.translation import gettext_lazy as _

from kinerja.core.extensions import NavItem
from kinerja.core.permissions import Peran

NAV = [
    NavItem(_("Hasil saya"), "scoring_saya", frozenset({Peran.PEGAWAI})),
    NavItem(_("Penilaian tim"), "scoring_tim", frozenset({Peran.ATASAN})),
    NavItem(
        _("Kurva & penutupan"),
        "scoring_kurva",
        frozenset({Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR}),
    ),  # fmt: skip
]
