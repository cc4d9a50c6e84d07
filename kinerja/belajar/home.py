"""The first-week checklist on the home page, until it is closed or every step is done."""

from kinerja.belajar import langkah
from kinerja.belajar.models import Orientasi
from kinerja.core.extensions import Panel


def panels(request, roles) -> list[Panel]:
    if not roles:
        return []
    user = request.user
    orientasi = Orientasi.objects.filter(user=user).first()
    if orientasi is not None and orientasi.ditutup_pada is not None:
        return []
    steps = langkah.untuk(user, roles, orientasi)
    if not steps or all(done for _, done in steps):
        return []
    return [
        Panel(
            "belajar/_minggu_pertama.html",
            {"steps": steps, "selesai": sum(1 for _, d in steps if d), "jumlah": len(steps)},
        )
    ]
