from django.utils.translation import gettext_lazy as _

from kinerja.core.extensions import NavItem
from kinerja.core.permissions import Peran

NAV = [
    NavItem(_("Organisasi"), "org_tree"),
    NavItem(_("Cari pegawai"), "org_search"),
    NavItem(_("Impor"), "org_import", frozenset({Peran.ADMIN})),
    NavItem(_("Instansi"), "org_instansi", frozenset({Peran.ADMIN})),
    NavItem(_("Akun"), "akun_list", frozenset({Peran.ADMIN})),
    NavItem(_("Log audit"), "audit_log", frozenset({Peran.ADMIN, Peran.AUDITOR})),
]
