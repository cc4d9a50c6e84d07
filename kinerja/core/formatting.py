"""One formatting layer: numbers, sizes, dates and times as Indonesian writes them.

Pages (through the ``formatting`` template library), PDFs, XLSX headers and messages built
in Python all call these functions, so a figure reads the same everywhere: a dot per
thousand and a decimal comma ("92.118", "85,5"), half-up rounding for official figures
("91,71%"), dates in words ("6 Desember 2026") and times in the agency's zone with its
label ("6 Des 2026 14.05 WITA").

The separators come from Django's localisation of the active language (Indonesian unless
the person picks another), so a page never mixes two styles. Values typed back into a form
use :func:`isian` (decimal comma, no thousands dot), which every number parser accepts.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.utils import numberformat, timezone, translation
from django.utils.formats import date_format, get_format

KOSONG = "—"
"""What a table cell or a fact shows for no value."""

ZONA_LABEL = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}

TRIWULAN = ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV")


def as_decimal(value) -> Decimal | None:
    """``value`` as a finite Decimal (ints, floats, Decimals and Python-style numeric text);
    None for nothing or for text that is not a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


def round_half_up(value: Decimal, places: int) -> Decimal:
    """``places`` decimals, half up (spec §3: round only for display, and half up)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _trimmed(number: Decimal) -> Decimal:
    """86.6000 → 86.6 and 11.0 → 11, never into exponent notation (100 stays 100)."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def _decimals(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def angka(value, places: int | None = None, *, ringkas: bool = False) -> str:
    """A number for people to read: "92.118", "85,5", "91,71"; "—" for nothing.

    ``places`` None: the value's own decimals without trailing zeros (a stored 86.6000 reads
    "86,6"). ``places`` n: rounded half up to n decimals, zeros kept ("91,70"), unless
    ``ringkas`` drops them after rounding ("4,50" → "4,5", "11,0" → "11"). Text that is not
    a number is returned as written.
    """
    number = as_decimal(value)
    if number is None:
        return KOSONG if value is None or value == "" else str(value)
    if places is None:
        number = _trimmed(number)
    else:
        number = round_half_up(number, places)
        if ringkas:
            number = _trimmed(number)
    if number == 0:
        number = abs(number)
    return numberformat.format(
        number,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=_decimals(number),
        grouping=get_format("NUMBER_GROUPING"),
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


def ribuan(value) -> str:
    """A count with a dot per thousand: ``92118`` → "92.118"."""
    return angka(value, 0)


def persen(value, places: int = 2, *, ringkas: bool = False) -> str:
    """A percentage, half up: "91,71%", "—" for nothing."""
    if as_decimal(value) is None:
        return angka(value)
    return f"{angka(value, places, ringkas=ringkas)}%"


def isian(value) -> str:
    """A number as typed into a form field: decimal comma, no thousands dot ("1250,5");
    empty for nothing. Parsers read it back unchanged."""
    number = as_decimal(value)
    if number is None:
        return ""
    return format(_trimmed(number), "f").replace(".", get_format("DECIMAL_SEPARATOR"))


def dengan_satuan(text: str, satuan: str) -> str:
    """A written number with its unit: "85,5%" (a percent sign sticks), "5,1 hari"."""
    satuan = (satuan or "").strip()
    if not satuan or text == KOSONG:
        return text
    return f"{text}{satuan}" if satuan.startswith("%") else f"{text} {satuan}"


def ukuran_berkas(size) -> str:
    """A file size: "850 B", "12,5 KB", "11 MB" (1 KB = 1024 bytes)."""
    number = as_decimal(size)
    if number is None:
        return KOSONG
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if abs(number) >= scale:
            return f"{angka(number / scale, 1, ringkas=True)} {unit}"
    return f"{angka(number, 0)} B"


def tanggal(value: date | datetime | None, pola: str = "j F Y") -> str:
    """A date in words: "6 Desember 2026" (``pola`` "j M Y": "6 Des 2026")."""
    if not isinstance(value, date):
        return KOSONG
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, pola)


def tanggal_id(value: date | datetime | None, pola: str = "j F Y") -> str:
    """:func:`tanggal` in Indonesian whatever the active language: for text written once and
    read later by someone else (notifications, reminders, e-mails, official documents), whose
    sentences are Indonesian. "31 Maret 2026"."""
    with translation.override("id"):
        return tanggal(value, pola)


def tempat_tanggal(tempat: str, value: date | datetime) -> str:
    """The place-and-date line of an official letter: "Kota Demo, 6 Desember 2026".

    Official documents are Indonesian whatever language the page is in."""
    written = tanggal_id(value)
    return f"{tempat}, {written}" if tempat else written


def rentang_tanggal(mulai: date | None, selesai: date | None) -> str:
    """A span of days: "1 Jan–31 Mar" within one year, "1 Des 2026–28 Feb 2027" across
    two; "—" when either end is missing."""
    if not isinstance(mulai, date) or not isinstance(selesai, date):
        return KOSONG
    pola = "j M" if mulai.year == selesai.year else "j M Y"
    return f"{tanggal(mulai, pola)}–{tanggal(selesai, pola)}"


def zona_label(zone_name: str) -> str:
    """WIB/WITA/WIT for an Indonesian zone; the zone's own name for any other."""
    return ZONA_LABEL.get(zone_name, zone_name)


def waktu(value, instansi=None, *, detik: bool = False) -> str:
    """A moment as the agency reads it: "6 Des 2026 14.05 WITA".

    In ``instansi``'s zone when given (anything with ``zona_waktu``), else in the active
    zone (the signed-in agency's, see ``kinerja.org.zona``). ``detik`` adds seconds."""
    if not isinstance(value, datetime):
        return ""
    if instansi is not None:
        zone_name = getattr(instansi, "zona_waktu", "") or "Asia/Jakarta"
        local = (
            timezone.localtime(value, ZoneInfo(zone_name)) if timezone.is_aware(value) else value
        )
    else:
        zone_name = timezone.get_current_timezone_name()
        local = timezone.localtime(value) if timezone.is_aware(value) else value
    pattern = "j M Y H.i.s" if detik else "j M Y H.i"
    return f"{date_format(local, pattern)} {zona_label(zone_name)}"


def triwulan(nomor: int) -> str:
    """The quarter's name: "Triwulan I" … "Triwulan IV" for 1–4; "Bagian n" beyond."""
    if 1 <= nomor <= len(TRIWULAN):
        return TRIWULAN[nomor - 1]
    return f"Bagian {nomor}"


def nip(value) -> str:
    """An 18-digit NIP as it is written on pages and official documents, in its four parts:
    ``197502072006021002`` → "19750207 200602 1 002" (birth date, appointment, sex,
    serial). Anything else is returned as it is."""
    text = "" if value is None else str(value)
    if len(text) != 18 or not text.isdigit():
        return text
    return f"{text[:8]} {text[8:14]} {text[14]} {text[15:]}"
