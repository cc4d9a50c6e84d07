"""``{% istilah "rhk" %}``: a "?" beside a term that opens its one glossary entry."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from kinerja.belajar.glosarium import ENTRI

register = template.Library()


@register.simple_tag
def istilah(kode: str):
    entri = ENTRI[kode]  # a wrong code is a programming error: fail loudly in tests
    return format_html(
        '<a class="istilah" href="{}" title="{}" aria-label="Apa itu {}?">?</a>',
        reverse("belajar_istilah", args=[kode]),
        entri.judul,
        entri.judul,
    )


@register.filter
def get_item(mapping, key):
    """``mapping|get_item:key`` for dicts keyed by strings (answers per case)."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def label_penilaian(code):
    from kinerja.belajar.latihan import LABEL

    return LABEL.get(code or "", "—")


@register.filter
def angka_latihan(value):
    """A case's number in Indonesian writing (85,5; 1.200)."""
    from decimal import Decimal, InvalidOperation

    from django.utils.formats import number_format

    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError):
        return value if value not in (None, "") else "—"
    places = 0 if number == number.to_integral() else 2
    text = number_format(number, places, use_l10n=True, force_grouping=True)
    return text.rstrip("0").rstrip(",") if places else text


@register.filter
def label_aspek(code):
    from kinerja.skp.models import Indikator

    return dict(Indikator.Aspek.choices).get(code, code)
