"""The 'hasil menunggu konfirmasi' panel on the home page, for raters."""

from kinerja.core.extensions import Panel
from kinerja.core.permissions import Peran
from kinerja.scoring.queries import waiting_count


def panels(request, roles) -> list[Panel]:
    if Peran.ATASAN not in roles and Peran.PIMPINAN not in roles:
        return []
    count = waiting_count(request.user)
    if not count:
        return []
    return [Panel("scoring/_menunggu_panel.html", {"jumlah_menunggu": count})]
