"""The 'menunggu saya' panel on the home page."""

from kinerja.core.extensions import Panel
from kinerja.core.permissions import Peran
from kinerja.skp.queries import work_list


def panels(request, roles) -> list[Panel]:
    if Peran.PEGAWAI not in roles:
        return []
    return [Panel("skp/_menunggu_panel.html", {"kerja": work_list(request.user)})]
