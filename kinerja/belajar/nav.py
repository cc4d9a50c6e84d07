from django.utils.translation import gettext_lazy as _

from kinerja.core.extensions import NavItem
from kinerja.core.permissions import Peran

NAV = [
    NavItem(_("Bantuan dan istilah"), "belajar_bantuan", section="saya"),
    NavItem(
        _("Latihan penilai"),
        "belajar_latihan",
        frozenset({Peran.ATASAN, Peran.PIMPINAN}),
        section="tim",
    ),
    NavItem(
        _("Peserta latihan penilai"),
        "belajar_latihan_peserta",
        frozenset({Peran.ADMIN}),
        section="organisasi",
    ),
]
