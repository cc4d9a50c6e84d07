from django.utils.translation import gettext_lazy as _

from kinerja.core.extensions import NavItem
from kinerja.core.permissions import Peran

# Unit heads are supervisors (atasan); the pages refuse supervisors who head no unit.
NAV = [
    NavItem(
        _("Layanan publik"),
        "citizen_ikm",
        frozenset({Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR, Peran.ATASAN}),
    ),
    NavItem(_("Aduan"), "citizen_complaints", frozenset({Peran.ADMIN, Peran.ATASAN})),
    NavItem(_("Aduan untuk saya"), "citizen_my_complaints", frozenset({Peran.PEGAWAI})),
    NavItem(_("Kelola layanan"), "citizen_services", frozenset({Peran.ADMIN})),
    NavItem(_("Hari libur"), "citizen_holidays", frozenset({Peran.ADMIN})),
]
