"""Import and export pages (placeholder until the importer lands)."""

from django.http import Http404


def import_page(request):
    raise Http404


def export(request, kind, fmt):
    raise Http404
