from django.utils.translation import gettext_lazy as _

from kinerja.core.extensions import NavItem
from kinerja.core.permissions import Peran

NAV = [
    NavItem(_("Tindak lanjut"), "followup_hasil", frozenset({Peran.PEGAWAI})),
    NavItem(_("Keberatan"), "followup_keberatan_list", frozenset({Peran.ATASAN})),
    NavItem(
        _("Penghargaan & talenta"), "followup_kandidat", frozenset({Peran.ADMIN, Peran.PIMPINAN})
    ),  # fmt: skip
]
