from kinerja.core.extensions import nav_items
from kinerja.core.permissions import PERAN_LABEL, Peran, roles_of


def navigation(request):
    """The signed-in user's roles and the navigation links those roles may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"peran": frozenset(), "peran_label": [], "nav": [], "periode_dipilih": ""}
    roles = roles_of(user)
    # The year a page shows (?periode= or ?tahun=) travels with the navigation links, so
    # a person looking at last year stays there from page to page.
    year = request.GET.get("periode") or request.GET.get("tahun") or ""
    return {
        "periode_dipilih": year if year.isdigit() else "",
        "peran": {r.value for r in roles},
        "peran_label": [PERAN_LABEL[r] for r in Peran if r in roles],
        "nav": [i for i in nav_items() if roles and (not i.roles or i.roles & roles)],
    }
