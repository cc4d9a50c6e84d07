from django.utils.translation import gettext_lazy as _

from kinerja.core.extensions import NavItem
from kinerja.core.permissions import Peran

# The dashboard is also a unit head's (an atasan heading a unit; its view refuses others).
_INSIDE = frozenset({Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR, Peran.ATASAN})

NAV = [
    NavItem(_("Dasbor"), "insight_dasbor", _INSIDE, section="penilaian"),
    NavItem(_("Kalibrasi penilai"), "insight_kalibrasi", section="penilaian"),
    NavItem(
        _("Peringatan data"), "insight_peringatan", frozenset({Peran.ADMIN}), section="penilaian"
    ),
    NavItem(_("Cetak massal"), "insight_cetak", section="penilaian"),
]
