"""The auditor's reading of the audit chain: filters, human names and exports.

The chain stores what happened as it was written (``object_repr`` such as "Hasil 962/tahunan",
values such as "86.6000"); both are hashed, so they stay as they are. This module names the
objects for people when a page or an export is read (the person, the period, the indicator),
and writes the before/after values the Indonesian way. Other apps' models are reached by
their label (``apps.get_model``), never imported, so core stays first in the flow.

Filters: a date range (the agency's days), the actor (part of the name), the action (one
action or one family such as ``akun.``), the object type, the object's name, and the unit
(that unit and the units under it), resolved through the objects that belong to a unit.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from kinerja.core.formatting import nip
from kinerja.core.models import AuditEntry

FAILED_LOGIN_ACTIONS = ("akun.masuk_gagal", "akun.terkunci")

OBJECT_TYPES = {
    "skp.skp": "SKP",
    "skp.rhk": "RHK",
    "skp.indikator": "Indikator",
    "skp.realisasi": "Realisasi",
    "skp.buktidukung": "Bukti dukung",
    "skp.periode": "Periode",
    "scoring.hasil": "Hasil penilaian",
    "followup.keberatan": "Keberatan",
    "org.pegawai": "Pegawai",
    "org.user": "Akun",
    "org.unitkerja": "Unit kerja",
    "org.instansi": "Instansi",
    "insight.peringatanditutup": "Peringatan data",
}

UNIT_PATHS = {
    "skp.skp": "unit_id",
    "skp.rhk": "skp__unit_id",
    "skp.indikator": "rhk__skp__unit_id",
    "skp.realisasi": "skp__unit_id",
    "skp.buktidukung": "realisasi__skp__unit_id",
    "scoring.hasil": "skp__unit_id",
    "followup.keberatan": "hasil__skp__unit_id",
    "org.pegawai": "unit_id",
    "org.user": "pegawai__unit_id",
    "org.unitkerja": "pk",
}
"""How an audited object of each type belongs to a unit (for the unit filter)."""

KEY_LABELS = {
    "nilai": "Nilai", "status": "Status", "bagian": "Bagian", "alasan": "Alasan",
    "predikat": "Predikat", "hasil_kerja": "Hasil kerja", "perilaku": "Perilaku kerja",
    "penilai": "Pejabat penilai", "pegawai": "Pegawai", "atasan": "Atasan",
    "target": "Target", "target_atas": "Target atas", "satuan": "Satuan", "uraian": "Uraian",
    "kode": "Kode", "kunci": "Kunci", "isi": "Isi", "catatan": "Catatan",
    "nama_pengguna": "Nama pengguna", "alamat_ip": "Alamat IP", "tahun": "Tahun",
    "capaian": "Capaian", "komentar": "Komentar", "tahap": "Tahap", "aktif": "Aktif",
}  # fmt: skip
HIDDEN_KEYS = {"kunci", "kode"}
"""Internal keys a person cannot act on (a warning's rule code and key: its text says it)."""
PERSON_KEYS = {"penilai", "pegawai", "atasan", "penilai_id", "pegawai_id", "atasan_id"}
DECIMAL_TEXT = re.compile(r"^-?\d+\.\d+$")


@dataclass
class Filters:
    dari: date | None = None
    sampai: date | None = None
    pelaku: str = ""
    tindakan: str = ""
    objek: str = ""
    cari: str = ""
    unit: int | None = None
    errors: dict[str, str] = field(default_factory=dict)

    def query(self) -> dict[str, str]:
        """The filters as URL parameters (for paging and export links)."""
        found = {
            "dari": self.dari.isoformat() if self.dari else "",
            "sampai": self.sampai.isoformat() if self.sampai else "",
            "pelaku": self.pelaku, "tindakan": self.tindakan, "objek": self.objek,
            "cari": self.cari, "unit": str(self.unit) if self.unit else "",
        }  # fmt: skip
        return {k: v for k, v in found.items() if v}


def parse_filters(params) -> Filters:
    """Read the filters from a query string; a bad date is named beside its field."""
    chosen = Filters(
        pelaku=params.get("pelaku", "").strip()[:100],
        tindakan=params.get("tindakan", "").strip()[:80],
        objek=params.get("objek", "") if params.get("objek", "") in OBJECT_TYPES else "",
        cari=params.get("cari", "").strip()[:100],
        unit=int(params["unit"]) if params.get("unit", "").isdigit() else None,
    )
    for name in ("dari", "sampai"):
        raw = params.get(name, "").strip()
        if not raw:
            continue
        try:
            setattr(chosen, name, date.fromisoformat(raw))
        except ValueError:
            chosen.errors[name] = f"Tanggal “{raw}” tidak dikenal; tulis sebagai TTTT-BB-HH."
    if chosen.dari and chosen.sampai and chosen.sampai < chosen.dari:
        chosen.errors["sampai"] = "Tanggal akhir sebelum tanggal awal; tukar keduanya."
    return chosen


def entries(instansi_id: int, chosen: Filters) -> QuerySet[AuditEntry]:
    """The agency's entries matching the filters, newest first."""
    rows = AuditEntry.objects.filter(instansi_id=instansi_id)
    zone = timezone.get_current_timezone()
    if chosen.dari and "dari" not in chosen.errors:
        rows = rows.filter(at__gte=datetime.combine(chosen.dari, time.min, tzinfo=zone))
    if chosen.sampai and "sampai" not in chosen.errors:
        end = datetime.combine(chosen.sampai + timedelta(days=1), time.min, tzinfo=zone)
        rows = rows.filter(at__lt=end)
    if chosen.pelaku:
        rows = rows.filter(actor_label__icontains=chosen.pelaku)
    if chosen.tindakan == "masuk_gagal":
        rows = rows.filter(action__in=FAILED_LOGIN_ACTIONS)
    elif chosen.tindakan.endswith("."):
        rows = rows.filter(action__startswith=chosen.tindakan)
    elif chosen.tindakan:
        rows = rows.filter(action=chosen.tindakan)
    if chosen.objek:
        rows = rows.filter(object_type=chosen.objek)
    if chosen.cari:
        rows = rows.filter(object_repr__icontains=chosen.cari)
    if chosen.unit:
        rows = rows.filter(_in_units(instansi_id, chosen.unit))
    return rows.order_by("-seq")


def _in_units(instansi_id: int, unit_id: int) -> Q:
    """Entries about objects of the unit or of any unit below it."""
    Unit = apps.get_model("org", "UnitKerja")
    parents = dict(Unit.objects.filter(instansi_id=instansi_id).values_list("pk", "induk_id"))
    if unit_id not in parents:
        return Q(pk__in=[])
    children = defaultdict(list)
    for pk, parent in parents.items():
        children[parent].append(pk)
    wanted, todo = set(), [unit_id]
    while todo:
        step = todo.pop()
        wanted.add(step)
        todo.extend(children[step])
    condition = Q(pk__in=[])
    for label, path in UNIT_PATHS.items():
        model = _model(label)
        if model is None:
            continue
        ids = (
            model.objects.filter(instansi_id=instansi_id, **{f"{path}__in": wanted})
            .annotate(text_id=Cast("pk", CharField()))
            .values("text_id")
        )
        condition |= Q(object_type=label, object_id__in=ids)
    return condition


def _model(label: str):
    app_label, model_name = label.split(".")
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def actions(instansi_id: int) -> list[tuple[str, str]]:
    """The actions recorded in the agency's chain, as (code, label) for a choice list."""
    codes = (
        AuditEntry.objects.filter(instansi_id=instansi_id)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )
    return [(code, action_label(code)) for code in codes]


FAMILY_LABELS = {
    "citizen": "Layanan publik",
    "insight": "Wawasan",
    "skp": "SKP",
    "akun_layanan": "Akun layanan API",
    "bukti": "Bukti dukung",
    "demo": "Data demo",
}
"""Families whose code is not the Indonesian word a person reads (app names in English,
abbreviations)."""


def action_label(code: str) -> str:
    """``realisasi.verifikasi`` → "Realisasi: verifikasi"; ``citizen.aduan.direspons`` →
    "Layanan publik: aduan direspons"; ``insight.demo`` → "Wawasan: data demo"."""
    family, _, verb = code.partition(".")
    family = FAMILY_LABELS.get(family) or family.replace("_", " ").capitalize()
    verb = "data demo" if verb == "demo" else verb.replace("_", " ").replace(".", " ")
    return f"{family}: {verb}" if verb else family


# --------------------------------------------------------------------- naming objects


def _join(*parts) -> str:
    return " · ".join(str(p) for p in parts if p not in (None, ""))


def _short(text: str, limit: int = 60) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _slice(nomor, tahun) -> str:
    return f"bagian {nomor} {tahun}" if nomor else f"tahunan {tahun}"


NAMERS = {
    "skp.skp": (
        ("pegawai__nama", "pegawai__nip", "periode__tahun"),
        lambda r: f"SKP {r[0]} ({nip(r[1])}), {r[2]}",
    ),
    "skp.rhk": (
        ("uraian", "skp__pegawai__nama", "skp__periode__tahun"),
        lambda r: f"RHK “{_short(r[0])}” · SKP {r[1]}, {r[2]}",
    ),
    "skp.indikator": (
        ("uraian", "rhk__skp__pegawai__nama", "rhk__skp__periode__tahun"),
        lambda r: f"Indikator “{_short(r[0])}” · SKP {r[1]}, {r[2]}",
    ),
    "skp.realisasi": (
        (
            "skp__pegawai__nama",
            "skp__pegawai__nip",
            "indikator__uraian",
            "bagian__nomor",
            "skp__periode__tahun",
        ),
        lambda r: f"Realisasi {r[0]} ({nip(r[1])}) · “{_short(r[2])}” · {_slice(r[3], r[4])}",
    ),  # fmt: skip
    "skp.buktidukung": (
        ("nama", "realisasi__skp__pegawai__nama", "realisasi__indikator__uraian"),
        lambda r: f"Bukti “{_short(r[0], 40)}” · {r[1]} · “{_short(r[2], 40)}”",
    ),
    "scoring.hasil": (
        ("skp__pegawai__nama", "skp__pegawai__nip", "bagian__nomor", "periode__tahun"),
        lambda r: f"Hasil penilaian {r[0]} ({nip(r[1])}) · {_slice(r[2], r[3])}",
    ),
    "followup.keberatan": (
        ("pegawai__nama", "pegawai__nip", "hasil__periode__tahun"),
        lambda r: f"Keberatan {r[0]} ({nip(r[1])}), {r[2]}",
    ),
    "org.pegawai": (("nama", "nip"), lambda r: f"{r[0]} ({nip(r[1])})"),
    "org.user": (
        ("username", "pegawai__nama"),
        lambda r: f"Akun {r[0]}" + (f" ({r[1]})" if r[1] and r[1] != r[0] else ""),
    ),
    "org.unitkerja": (("nama",), lambda r: f"Unit {r[0]}"),
}
"""Per object type: the fields to read and how to name the object for a person."""


def object_names(rows: list[AuditEntry]) -> dict[tuple[str, str], str]:
    """Names of the objects of ``rows`` (entries of one agency): one query per object type
    present, scoped to that agency."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for entry in rows:
        if entry.object_type in NAMERS and entry.object_id.isdigit():
            wanted[entry.object_type].add(int(entry.object_id))
    names = {}
    for label, ids in wanted.items():
        model = _model(label)
        if model is None:
            continue
        fields, name = NAMERS[label]
        found_rows = model.objects.filter(instansi_id=rows[0].instansi_id, pk__in=ids)
        for found in found_rows.values_list("pk", *fields):
            names[(label, str(found[0]))] = name(found[1:])
    return names


def person_names(rows: list[AuditEntry]) -> dict[int, str]:
    """Names of the employees referred to by id in before/after values (one query, scoped
    to the entries' agency)."""
    ids = set()
    for entry in rows:
        for values in (entry.before, entry.after):
            if isinstance(values, dict):
                ids |= {v for k, v in values.items() if k in PERSON_KEYS and isinstance(v, int)}
    if not ids:
        return {}
    Pegawai = apps.get_model("org", "Pegawai")
    return {pk: f"{n} ({nip(number)})" for pk, n, number in
            Pegawai.objects.filter(instansi_id=rows[0].instansi_id, pk__in=ids)
            .values_list("pk", "nama", "nip")}  # fmt: skip


def _code_labels() -> dict[str, str]:
    from kinerja.scoring.rules import permenpanrb_6_2022 as rules

    labels = {str(k): v for k, v in rules.PREDIKAT_LABELS.items()}
    labels.update({str(k): v for k, v in rules.RATING_LABELS.items()})
    return labels


def value_text(value, key: str = "", persons: dict[int, str] | None = None) -> str:
    """One before/after value as a person reads it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if key in PERSON_KEYS and isinstance(value, int) and persons and value in persons:
        return persons[value]
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float | Decimal) or (isinstance(value, str) and DECIMAL_TEXT.match(value)):
        return _decimal(value)
    if isinstance(value, list):
        return "; ".join(value_text(v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{key_label(k)}: {value_text(v, k)}" for k, v in value.items()) or "—"
    text = str(value)
    return _code_labels().get(text, text)


def _decimal(value) -> str:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-') or 0):,}".replace(",", ".")
    return f"{sign}{whole},{frac}" if frac else f"{sign}{whole}"


def key_label(key: str) -> str:
    return KEY_LABELS.get(key, key.replace("_", " ").capitalize())


@dataclass(frozen=True, slots=True)
class Change:
    label: str
    before: str
    after: str


def changes(entry: AuditEntry, persons: dict[int, str] | None = None) -> list[Change]:
    """The entry's before/after as rows "what: before → after" (unchanged keys left out)."""
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    rows = []
    for key in dict.fromkeys([*before, *after]):
        if key in HIDDEN_KEYS and entry.action == "peringatan.tutup":
            continue
        old, new = before.get(key), after.get(key)
        if key in before and key in after and old == new:
            continue
        was = value_text(old, key, persons) if key in before else ""
        now = value_text(new, key, persons) if key in after else ""
        rows.append(Change(key_label(key), was, now))
    return rows


@dataclass
class Row:
    entry: AuditEntry
    objek: str
    tindakan: str
    perubahan: list[Change]


def readable(page_entries: list[AuditEntry]) -> list[Row]:
    """The entries of one page, named and written for people (a fixed number of queries)."""
    names = object_names(page_entries)
    persons = person_names(page_entries)
    return [
        Row(entry=e, objek=names.get((e.object_type, e.object_id), e.object_repr),
            tindakan=action_label(e.action), perubahan=changes(e, persons))
        for e in page_entries
    ]  # fmt: skip


EXPORT_HEADER = ["No.", "Waktu", "Pelaku", "Tindakan", "Kode tindakan", "Objek", "Perubahan",
                 "Hash"]  # fmt: skip


def export_rows(rows: QuerySet[AuditEntry], chunk: int = 2000) -> Iterator[list]:
    """Every filtered entry as one spreadsheet row, named as on the page."""
    batch: list[AuditEntry] = []
    for entry in rows.iterator(chunk_size=chunk):
        batch.append(entry)
        if len(batch) == chunk:
            yield from _export_batch(batch)
            batch = []
    yield from _export_batch(batch)


def _export_batch(batch: list[AuditEntry]) -> Iterator[list]:
    for row in readable(batch):
        e = row.entry
        local = timezone.localtime(e.at)
        change = "; ".join(
            f"{c.label}: {c.before} → {c.after}" if c.before else f"{c.label}: {c.after}"
            for c in row.perubahan
        )
        yield [e.seq, local.strftime("%d-%m-%Y %H.%M.%S"), e.actor_label, row.tindakan,
               e.action, row.objek, change, e.hash]  # fmt: skip
