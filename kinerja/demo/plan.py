"""The demo agency laid out without touching the database: units, people, posts, titles, NIPs
and supervisors, every random choice drawn from one ``random.Random(seed)``
(``plan_agency``)."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from kinerja.demo.names import TEMPAT, L, P, person_name
from kinerja.demo.pangkat import (
    GELAR_KUMULATIF,
    GOL_JABATAN,
    GOL_PELAKSANA_MAX,
    LAHIR_JABATAN,
    PENDIDIKAN,
    PNS,
    PPPK,
    Jenis,
    jenjang,
)
from kinerja.demo.struktur import KINDS, KOTA, STAF_PER_SALINAN, UnitSpec
from kinerja.org.models import GOLONGAN_PNS, GOLONGAN_PPPK
from kinerja.org.nip import format_nip

MIN_PEGAWAI = 60

# The last year anyone was appointed. Fixed, so a seed gives the same agency in any year.
REFERENCE_YEAR = 2025
FIRST_PPPK_YEAR = 2019
PPPK_CODE = 21  # the two digits after the year in a Nomor Induk PPPK: never a month
STAFF_BIRTH = (1966, 2000)
PPPK_BIRTH = (1965, 2000)


class DemoError(Exception):
    """The demo cannot be built as asked; the message says what to do, in Indonesian."""


@dataclass(slots=True)
class UnitPlan:
    kode: str
    nama: str
    induk: int | None  # index into AgencyPlan.units
    kepala: int = -1  # index into AgencyPlan.people


@dataclass(slots=True)
class PersonPlan:
    unit: int
    atasan: int | None
    jabatan: tuple[str, str]  # (nama, jenis)
    nip: str
    gelar_depan: str
    nama: str
    gelar_belakang: str
    status: str
    golongan: str


@dataclass
class AgencyPlan:
    units: list[UnitPlan]
    people: list[PersonPlan]
    kepala_dinas: int  # the demo persona of each role, as indexes into people
    atasan: int
    pegawai: int


def copies_for(pegawai: int) -> dict[str, int]:
    """How many puskesmas, SD and SMP an agency of this size has."""
    shares = {"puskesmas": 0.21, "sd": 0.32, "smp": 0.15}
    return {
        key: max(1, round(pegawai * shares[key] / per)) for key, per in STAF_PER_SALINAN.items()
    }


def plan_agency(*, pegawai: int, seed: int) -> AgencyPlan:
    """Lay out an agency of ``pegawai`` employees; the same arguments give the same plan."""
    if pegawai < MIN_PEGAWAI:
        raise DemoError(f"Instansi demo membutuhkan paling sedikit {MIN_PEGAWAI} pegawai.")
    rng = random.Random(seed)
    builder = _PlanBuilder(rng)
    copies = copies_for(pegawai)
    slots: list[tuple[int, UnitSpec, float]] = []  # (unit index, spec, weight) for staff
    builder.add_units(KOTA, None, copies, slots)
    staff_total = pegawai - len(builder.people)
    if staff_total < 0:
        raise DemoError(f"Instansi demo membutuhkan paling sedikit {len(builder.people)} pegawai.")
    counts = _apportion(staff_total, [weight for _, _, weight in slots])
    for (unit, spec, _), count in zip(slots, counts, strict=True):
        builder.add_staff(unit, spec, count)
    return builder.finish()


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` by ``weights`` into whole numbers (largest remainder, stable)."""
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


class _PlanBuilder:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.units: list[UnitPlan] = []
        self.people: list[PersonPlan] = []
        self.nips: set[str] = set()
        self.staff_by_unit: dict[int, list[int]] = {}
        self.unit_by_kode: dict[str, int] = {}

    def add_units(self, spec: UnitSpec, induk: int | None, copies, slots) -> None:
        if spec.ulang:
            count = copies[spec.ulang]
            for n in range(1, count + 1):
                kode = f"{spec.kode}-{n:04d}"
                if spec.ulang == "puskesmas":
                    place = TEMPAT[(n - 1) % len(TEMPAT)]
                    round_ = (n - 1) // len(TEMPAT)
                    nama = f"{spec.nama} {place}" + (f" {round_ + 1}" if round_ else "")
                else:
                    nama = f"{spec.nama} {n}"
                weight = spec.share / count * self.rng.uniform(0.7, 1.3)
                unit = self._add_unit(spec, kode, nama, induk)
                slots.append((unit, spec, weight))
            return
        unit = self._add_unit(spec, spec.kode, spec.nama, induk)
        if spec.staf:
            slots.append((unit, spec, spec.share))
        for child in spec.anak:
            self.add_units(child, unit, copies, slots)

    def _add_unit(self, spec: UnitSpec, kode: str, nama: str, induk: int | None) -> int:
        index = len(self.units)
        self.units.append(UnitPlan(kode=kode, nama=nama, induk=induk))
        self.unit_by_kode[kode] = index
        atasan = self.units[induk].kepala if induk is not None else None
        head = spec.kepala
        person, _, _ = self._person(
            unit=index, atasan=atasan, gelar=head.gelar, female=0.35, status=PNS,
            birth=LAHIR_JABATAN[head.jenis], span=5, gol_range=GOL_JABATAN[head.jenis],
        )  # fmt: skip
        person.jabatan = (head.jabatan, str(head.jenis))
        self.units[index].kepala = len(self.people)
        self.people.append(person)
        return index

    def add_staff(self, unit: int, spec: UnitSpec, count: int) -> None:
        rng = self.rng
        kinds = [KINDS[key] for key, _ in spec.staf]
        cum = []
        running = 0.0
        for _, weight in spec.staf:
            running += weight
            cum.append(running)
        head = self.units[unit].kepala
        members = self.staff_by_unit.setdefault(unit, [])
        for _ in range(count):
            (kind,) = rng.choices(kinds, cum_weights=cum)
            status = PPPK if rng.random() < kind.pppk else PNS
            person, gol, ahli = self._person(
                unit=unit, atasan=head, gelar=kind.gelar, female=kind.female, status=status,
                birth=PPPK_BIRTH if status == PPPK else STAFF_BIRTH, span=15, gol_range=None,
                pelaksana=kind.jenis == Jenis.PELAKSANA,
            )  # fmt: skip
            if kind.jenjang:
                level = jenjang(gol, status, ahli)
                person.jabatan = (f"{kind.nama} {level}", str(kind.jenis))
            else:
                person.jabatan = (kind.nama, str(kind.jenis))
            members.append(len(self.people))
            self.people.append(person)

    def _person(
        self, *, unit, atasan, gelar, female, status, birth, span, gol_range, pelaksana=False
    ) -> tuple[PersonPlan, int, bool]:
        """One person with a NIP unique in the plan; also their rank index and career line."""
        rng = self.rng
        options, cum = GELAR_KUMULATIF[gelar]
        (_, depan, belakang, edu) = rng.choices(options, cum_weights=cum)[0]
        pendidikan = PENDIDIKAN[edu]
        sex = P if rng.random() < female else L
        nama = person_name(rng, sex)
        if status == PPPK:
            year = rng.randint(FIRST_PPPK_YEAR, REFERENCE_YEAR)
            born = _birth_date(rng, birth[0], min(birth[1], year - pendidikan.min_age - 1))
            block = PPPK_CODE
            gol = pendidikan.gol_pppk
            golongan = GOLONGAN_PPPK[gol]
        else:
            born = _birth_date(
                rng, birth[0], min(birth[1], REFERENCE_YEAR - pendidikan.min_age - 1)
            )
            # Months since year 0; the first month one may be appointed at this education.
            earliest = born.year * 12 + born.month - 1 + pendidikan.min_age * 12 + 1
            latest = min(REFERENCE_YEAR * 12 + 11, earliest + span * 12)
            year, month0 = divmod(rng.randint(earliest, latest), 12)
            block = month0 + 1
            gol = min(pendidikan.gol_start + (REFERENCE_YEAR - year) // 4, pendidikan.gol_cap)
            if pelaksana:
                gol = min(gol, GOL_PELAKSANA_MAX)
            if gol_range:
                gol = max(gol_range[0], min(gol, gol_range[1]))
            golongan = GOLONGAN_PNS[gol]
        serial = rng.randint(1, 120)
        nip = format_nip(born, year, block, sex, serial)
        while nip in self.nips:
            serial = serial % 999 + 1
            nip = format_nip(born, year, block, sex, serial)
        self.nips.add(nip)
        person = PersonPlan(
            unit=unit, atasan=atasan, jabatan=("", ""), nip=nip, gelar_depan=depan, nama=nama,
            gelar_belakang=belakang, status=status, golongan=golongan,
        )  # fmt: skip
        return person, gol, pendidikan.ahli

    def finish(self) -> AgencyPlan:
        kepala_dinas = self.units[self.unit_by_kode["DINKES"]].kepala
        atasan_unit = next(
            (u for u, staff in self.staff_by_unit.items()
             if staff and self.units[u].kode.startswith("DINKES-PKM")),
            next(u for u, staff in self.staff_by_unit.items() if staff),
        )  # fmt: skip
        return AgencyPlan(
            units=self.units,
            people=self.people,
            kepala_dinas=kepala_dinas,
            atasan=self.units[atasan_unit].kepala,
            pegawai=self.staff_by_unit[atasan_unit][0],
        )


def _birth_date(rng: random.Random, first_year: int, last_year: int) -> date:
    start = date(first_year, 1, 1)
    return start + timedelta(days=rng.randint(0, (date(last_year, 12, 31) - start).days))
