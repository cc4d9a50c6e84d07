"""``{% tautan_xlsx %}``: the link that downloads the table a page shows, as XLSX.

It keeps the page's filters (the query string) and adds ``unduh=xlsx``; the view answers
with :func:`kinerja.core.spreadsheet.xlsx_response` built from the same rows it shows.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def tautan_xlsx(context, label=""):
    request = context["request"]
    query = request.GET.copy()
    query.pop("halaman", None)
    query.pop("page", None)
    query["unduh"] = "xlsx"
    return format_html(
        '<a class="unduh-xlsx" href="?{}" download>{}</a>',
        query.urlencode(),
        label or _("Unduh XLSX"),
    )
