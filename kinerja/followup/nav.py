from django.utils.translation import gettext_lazy as _

from kinerja.core.extensions import NavItem
from kinerja.core.permissions import Peran

_HR_HEAD = frozenset({Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR})

NAV = [
    NavItem(
        _("Hasil & transparansi"), "followup_hasil", frozenset({Peran.PEGAWAI}), section="saya"
    ),
    NavItem(_("Keberatan"), "followup_keberatan_list", frozenset({Peran.PEGAWAI}), section="saya"),
    NavItem(
        _("Rencana pengembangan"),
        "followup_pengembangan",
        frozenset({Peran.PEGAWAI}),
        section="saya",
    ),
    NavItem(
        _("Cara penilaian dihitung"), "followup_panduan", frozenset({Peran.PEGAWAI}), section="saya"
    ),
    NavItem(
        _("Keberatan tim"), "followup_keberatan_list", frozenset({Peran.ATASAN}), section="tim"
    ),
    NavItem(_("Kandidat penghargaan"), "followup_kandidat", section="tindak_lanjut"),
    NavItem(_("Manajemen talenta"), "followup_talenta", section="tindak_lanjut"),
    NavItem(_("Rencana pengembangan"), "followup_pengembangan", _HR_HEAD, section="tindak_lanjut"),
    NavItem(_("Keberatan"), "followup_keberatan_list", _HR_HEAD, section="tindak_lanjut"),
    NavItem(_("Pengaturan tindak lanjut"), "followup_pengaturan", section="tindak_lanjut"),
    NavItem(_("Cara penilaian dihitung"), "followup_panduan", _HR_HEAD, section="tindak_lanjut"),
]
