from django.utils.functional import SimpleLazyObject

from kinerja.core.navigation import menus_for, person_name, role_labels
from kinerja.core.permissions import roles_of


def navigation(request):
    """The signed-in user's roles, name and the menu of pages they may open (computed only
    when a template draws it: htmx fragments do not)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"peran": frozenset(), "peran_label": [], "nav": [], "periode_dipilih": ""}
    roles = roles_of(user)
    # The year a page shows (?periode= or ?tahun=) travels with the navigation links, so
    # a person looking at last year stays there from page to page.
    year = request.GET.get("periode") or request.GET.get("tahun") or ""
    year = year if year.isdigit() else ""
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else ""
    return {
        "periode_dipilih": year,
        "peran": {r.value for r in roles},
        "peran_label": SimpleLazyObject(lambda: role_labels(user)),
        "nama_orang": SimpleLazyObject(lambda: person_name(user)),
        "nav": SimpleLazyObject(lambda: menus_for(user, current_url_name=current, year=year)),
    }
