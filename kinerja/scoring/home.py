"""The 'hasil menunggu konfirmasi' figure on the home page, for raters (shown even at zero,
so a supervisor sees where they stand)."""

from kinerja.core.extensions import Panel
from kinerja.core.permissions import Peran
from kinerja.scoring.queries import waiting_count


def panels(request, roles) -> list[Panel]:
    if Peran.ATASAN not in roles:
        return []
    return [Panel("scoring/_menunggu_panel.html", {"jumlah_menunggu": waiting_count(request.user)})]
