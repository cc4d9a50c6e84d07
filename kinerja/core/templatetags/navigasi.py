"""``{% subnav %}``: a page's sub-navigation, drawn from the same registry and checks as the
top menu (core.navigation), so it never links to a page its viewer may not open."""

from django import template

from kinerja.core.navigation import section_for

register = template.Library()


@register.inclusion_tag("core/_subnav.html", takes_context=True)
def subnav(context, url_name: str = ""):
    """The viewer's section holding this page, else the one holding ``url_name`` (for a
    page outside the menu such as a detail page: the list it belongs to)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else ""
    menus = list(context.get("nav") or [])
    menu = section_for(menus, current) or (section_for(menus, url_name) if url_name else None)
    if menu is None or len(menu.links) < 2:
        return {"menu": None}
    return {"menu": menu, "current": current}
