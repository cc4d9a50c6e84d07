from django.utils.translation import gettext_lazy as _

from kinerja.core.extensions import NavItem
from kinerja.core.permissions import Peran

NAV = [
    NavItem(_("Struktur organisasi"), "org_tree"),
    NavItem(_("Cari pegawai"), "org_search"),
    NavItem(_("Impor / ekspor pegawai"), "org_import"),
    NavItem(_("Akun"), "akun_list"),
    NavItem(_("Akun layanan API"), "akun_layanan_list", frozenset({Peran.ADMIN})),
    NavItem(_("Pengaturan instansi"), "org_instansi"),
    NavItem(_("Log audit"), "audit_log"),
]
