"""NIP and Nomor Induk PPPK validation (spec/regulasi.md §1, Perka BKN 22/2007).

Pure functions: no Django, so the importer, forms and API share one rule.
"""

from dataclasses import dataclass, field
from datetime import date

from kinerja.core.errors import DomainError

PNS = "pns"
PPPK = "pppk"
MIN_APPOINTMENT_AGE = 18


class NipError(DomainError):
    """The number cannot be a NIP; the message says what to fix, in Indonesian."""


@dataclass(frozen=True)
class Nip:
    nip: str
    tanggal_lahir: date
    tahun_pengangkatan: int
    bulan_pengangkatan: int | None
    jenis_kelamin: str  # "L" or "P"
    nomor_urut: int
    peringatan: tuple[str, ...] = field(default=())

    @property
    def tertulis(self) -> str:
        """The NIP as it is written: ``YYYYMMDD YYYYMM S NNN``."""
        n = self.nip
        return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"


def normalise_nip(raw: str) -> str:
    """Strip spaces (and the dots some spreadsheets add); keep only what was typed otherwise."""
    return "".join(str(raw).split()).replace(".", "")


def parse_nip(raw: str, status: str = PNS, *, today: date | None = None) -> Nip:
    """Validate a NIP (PNS) or Nomor Induk PPPK and return its parts.

    Raises NipError with an Indonesian message naming the wrong part.
    """
    today = today or date.today()
    nip = normalise_nip(raw)
    if not nip:
        raise NipError("NIP wajib diisi.")
    if not nip.isdigit() or not nip.isascii():
        raise NipError(f"NIP hanya boleh berisi angka; {raw!r} berisi karakter lain.")
    if len(nip) != 18:
        raise NipError(f"NIP harus 18 digit angka; isian ini {len(nip)} digit.")

    try:
        born = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise NipError(
            f"Digit 1–8 NIP ({nip[0:8]}) harus tanggal lahir yang sah (TTTTBBHH)."
        ) from None
    if born.year < 1900 or born > today:
        raise NipError(f"Tanggal lahir pada NIP ({born:%d-%m-%Y}) tidak masuk akal.")

    sex_digit = nip[14]
    if sex_digit not in "12":
        raise NipError(
            f"Digit ke-15 NIP menandai jenis kelamin: 1 (laki-laki) atau 2 (perempuan), "
            f"bukan {sex_digit}."
        )
    serial = int(nip[15:18])
    year = int(nip[8:12])
    two = int(nip[12:14])
    warnings: list[str] = []
    if serial == 0:
        # §1: the serial is 001–999 for a NIP and a Nomor Induk PPPK alike (Perka BKN 22/2007).
        what = "Nomor Induk PPPK" if status == PPPK else "NIP"
        raise NipError(f"Digit 16–18 {what} (nomor urut) harus 001 sampai 999; isian ini 000.")

    if status == PPPK:
        if year < born.year or year > today.year + 1:
            raise NipError(
                f"Digit 9–12 Nomor Induk PPPK ({year}) harus tahun pengangkatan "
                f"setelah tahun lahir dan tidak di masa depan."
            )
        month = None
    else:
        if not 1 <= two <= 12:
            raise NipError(
                f"Digit 9–14 NIP ({nip[8:14]}) harus tahun dan bulan pengangkatan CPNS "
                f"(TTTTBB) dengan bulan 01–12."
            )
        if (year, two) <= (born.year, born.month):
            raise NipError(
                f"Bulan pengangkatan pada NIP ({nip[8:14]}) harus setelah tanggal lahir "
                f"({nip[0:8]})."
            )
        if year > today.year + 1:
            raise NipError(f"Tahun pengangkatan pada NIP ({year}) ada di masa depan.")
        month = two
        age_months = (year - born.year) * 12 + (two - born.month)
        if age_months < MIN_APPOINTMENT_AGE * 12:
            warnings.append(
                f"Usia saat pengangkatan menurut NIP kurang dari {MIN_APPOINTMENT_AGE} tahun; "
                "periksa kembali."
            )

    return Nip(
        nip=nip,
        tanggal_lahir=born,
        tahun_pengangkatan=year,
        bulan_pengangkatan=month,
        jenis_kelamin="L" if sex_digit == "1" else "P",
        nomor_urut=serial,
        peringatan=tuple(warnings),
    )


def format_nip(
    tanggal_lahir: date, tahun: int, bulan: int, jenis_kelamin: str, nomor_urut: int
) -> str:
    """Compose a NIP from its parts (for generators and tests); ``bulan`` is the
    appointment month for PNS, or any two digits above 12 for a PPPK number."""
    sex = "1" if jenis_kelamin == "L" else "2"
    return f"{tanggal_lahir:%Y%m%d}{tahun:04d}{bulan:02d}{sex}{nomor_urut:03d}"
