from kinerja.core.permissions import PERAN_LABEL, Peran, roles_of


def navigation(request):
    """The roles of the signed-in user, for the role-based navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"peran": frozenset(), "peran_label": []}
    roles = roles_of(user)
    return {
        "peran": {r.value for r in roles},
        "peran_label": [PERAN_LABEL[r] for r in Peran if r in roles],
    }
