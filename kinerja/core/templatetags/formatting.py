"""The formatting layer in templates: ``{% load formatting %}``.

{{ hasil.capaian|persen }}          91,71%
{{ x.rerata_hari|angka:1 }}         4,5
{{ realisasi.nilai|angka }}         86,6   (a stored 86.6000)
{{ jumlah|ribuan }}                 92.118
{{ berkas.ukuran|ukuran }}          11 MB
{{ entry.at|waktu }}                6 Des 2026 14.05 WITA  (the active agency zone)
{{ aduan.dibuat|waktu:instansi }}   in that agency's zone
{{ entry.at|waktu:"detik" }}        6 Des 2026 14.05.09 WITA
{{ tanggal|tanggal }}               6 Desember 2026
{{ code|label:labels }}             Di Atas Ekspektasi
{{ pegawai.nip|nip }}               19750207 200602 1 002
"""

from django import template

from kinerja.core import formatting

register = template.Library()


@register.filter(name="angka")
def angka(value, places=2):
    """Half up to ``places`` decimals (2 unless given, as every figure of a result is shown);
    ``|angka:""`` keeps the value's own decimals (a target typed as 40 stays 40)."""
    return formatting.angka(value, None if places in (None, "") else int(places))


@register.filter
def angka_ringkas(value, places=1):
    """Half up to ``places`` decimals, trailing zeros dropped: 4,5 · 11."""
    return formatting.angka(value, int(places), ringkas=True)


@register.filter
def persen(value, places=2):
    return formatting.persen(value, int(places))


@register.filter
def ribuan(value):
    return formatting.ribuan(value)


@register.filter
def isian(value):
    return formatting.isian(value)


@register.filter
def ukuran(value):
    return formatting.ukuran_berkas(value)


@register.filter(expects_localtime=False)
def waktu(value, arg=None):
    """``|waktu``, ``|waktu:instansi`` or ``|waktu:"detik"``."""
    if arg == "detik":
        return formatting.waktu(value, detik=True)
    return formatting.waktu(value, arg if hasattr(arg, "zona_waktu") else None)


@register.filter(expects_localtime=False)
def tanggal(value, pola="j F Y"):
    return formatting.tanggal(value, pola)


@register.filter
def triwulan(nomor):
    return formatting.triwulan(int(nomor))


@register.filter
def label(code, labels):
    """The label of a code from a scheme's labels (``di_atas`` → "Di Atas Ekspektasi");
    "—" when empty; never the raw code when a label exists."""
    if code is None or code == "":
        return formatting.KOSONG
    if not labels:
        return code
    return labels.get(code) or labels.get(f"pp:{code}") or code


@register.filter
def satuan(text, unit):
    """``{{ x.nilai|angka|satuan:i.satuan }}``: "85,5%", "5,1 hari"."""
    return formatting.dengan_satuan(str(text), unit)


@register.filter
def tindakan(code):
    """An audit action code as the audit page names it: ``penilaian.predikat_organisasi`` →
    "Penilaian: predikat organisasi" (``kinerja.core.auditlog.action_label``)."""
    from kinerja.core.auditlog import action_label

    return action_label(str(code or ""))


@register.filter(name="nip")
def nip(value):
    """An 18-digit NIP in its four parts (``kinerja.core.formatting.nip``)."""
    return formatting.nip(value)
