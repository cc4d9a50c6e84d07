"""What the result pages share: labels of the codes, the result a viewer may read, the slice
asked for."""

from django.http import Http404

from kinerja.core.tenancy import get_for_agency_or_404
from kinerja.scoring import queries
from kinerja.scoring.models import Hasil
from kinerja.scoring.permissions import (
    can_view_hasil,
)
from kinerja.scoring.rules import kurva
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import pp_46_2011 as pp46

LABELS = {
    **{r.value: r.label for r in pmp.Rating},
    **{p.value: p.label for p in pmp.Predikat},
    **{f"pp:{c.value}": c.label for c in pp46.Category},
}
ORG_LABELS = {o.value: o.label for o in kurva.OrgPredikat}


def get_hasil(request, pk) -> Hasil:
    """A result the user may read; another agency's or a stranger's is not found."""
    hasil = get_for_agency_or_404(queries.hasil_list(), request.user, pk=pk)
    if not can_view_hasil(request.user, hasil):
        raise Http404
    return hasil


def bagian_asked(request, periode):
    """The slice asked for (?bagian=N), or None for the year."""
    nomor = request.GET.get("bagian") or request.POST.get("bagian") or ""
    if not nomor.isdigit():
        return None
    return periode.bagian.filter(nomor=int(nomor)).first()
