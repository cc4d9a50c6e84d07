from django.utils.translation import gettext_lazy as _

from kinerja.core.extensions import NavItem
from kinerja.core.permissions import Peran

# Unit heads are supervisors (atasan); the pages refuse supervisors who head no unit. The
# audience spares other employees' pages the question "does this person head a unit?".
_INSIDE = frozenset({Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR, Peran.ATASAN})

NAV = [
    NavItem(
        _("Aduan untuk saya"), "citizen_my_complaints", frozenset({Peran.PEGAWAI}), section="saya"
    ),
    NavItem(_("Indeks kepuasan (IKM)"), "citizen_ikm", _INSIDE, section="layanan"),
    NavItem(_("Tren IKM"), "citizen_trend", _INSIDE, section="layanan"),
    NavItem(_("Aduan"), "citizen_complaints", section="layanan"),
    NavItem(_("Kinerja penanganan aduan"), "citizen_complaint_stats", _INSIDE, section="layanan"),
    NavItem(_("Layanan & QR"), "citizen_services", _INSIDE, section="layanan"),
    NavItem(_("Review jawaban"), "citizen_review", _INSIDE, section="layanan"),
    NavItem(_("Hari libur"), "citizen_holidays", _INSIDE, section="layanan"),
]
