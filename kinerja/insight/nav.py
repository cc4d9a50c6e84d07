from django.utils.translation import gettext_lazy as _

from kinerja.core.extensions import NavItem
from kinerja.core.permissions import Peran

# Unit heads are supervisors (atasan); the dashboard refuses supervisors who head no unit.
NAV = [
    NavItem(
        _("Dasbor"),
        "insight_dasbor",
        frozenset({Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR, Peran.ATASAN}),
    ),
    NavItem(
        _("Kalibrasi"), "insight_kalibrasi", frozenset({Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR})
    ),
    NavItem(_("Peringatan data"), "insight_peringatan", frozenset({Peran.ADMIN})),
]
