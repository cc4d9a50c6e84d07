"""Education, titles and rank of the demo's people: what each education allows at appointment,
the academic titles per profession with their weights, the rank range of structural posts and
the birth years of who holds them, and the level of a fungsional post for a rank."""

from dataclasses import dataclass

from kinerja.org.models import Jabatan, Pegawai

Jenis = Jabatan.Jenis
PNS = Pegawai.Status.PNS.value
PPPK = Pegawai.Status.PPPK.value


@dataclass(frozen=True)
class Pendidikan:
    min_age: int  # youngest age at appointment with this education
    gol_start: int  # index into GOLONGAN_PNS on appointment
    gol_cap: int  # highest regular rank outside structural posts
    gol_pppk: int  # index into GOLONGAN_PPPK
    ahli: bool  # fungsional career line: ahli (S1/D4 and up) or terampil (D3)


PENDIDIKAN = {
    "sma": Pendidikan(18, 4, 10, 4, False),  # II/a .. III/c, PPPK V
    "d3": Pendidikan(21, 6, 11, 6, False),  # II/c .. III/d, PPPK VII
    "d4": Pendidikan(22, 8, 12, 8, True),  # III/a .. IV/a, PPPK IX
    "s1": Pendidikan(22, 8, 12, 8, True),
    "profesi": Pendidikan(24, 9, 13, 9, True),  # dokter, apoteker, ners: III/b, PPPK X
    "s2": Pendidikan(25, 9, 14, 9, True),
    "s3": Pendidikan(28, 10, 16, 10, True),
}

# profile: (weight, gelar depan, gelar belakang, pendidikan)
GELAR: dict[str, tuple[tuple[float, str, str, str], ...]] = {
    "pelaksana": (
        (5, "", "", "sma"), (2, "", "A.Md.", "d3"), (1, "", "S.E.", "s1"),
        (0.5, "", "S.Sos.", "s1"), (0.5, "", "S.Kom.", "s1"), (0.4, "", "S.M.", "s1"),
    ),
    "pelaksana_s1": (
        (2, "", "S.E.", "s1"), (2, "", "S.Sos.", "s1"), (1, "", "S.H.", "s1"),
        (1, "", "S.Kom.", "s1"), (1, "", "A.Md.", "d3"), (0.5, "", "S.A.P.", "s1"),
    ),
    "pelaksana_teknik": (
        (3, "", "", "sma"), (2, "", "A.Md.T.", "d3"), (1, "", "S.T.", "s1"),
        (1, "", "A.Md.Kom.", "d3"),
    ),
    "umum_s1": (
        (2, "", "S.E.", "s1"), (2, "", "S.Sos.", "s1"), (1.5, "", "S.H.", "s1"),
        (1.5, "", "S.I.P.", "s1"), (1, "", "S.A.P.", "s1"), (1, "", "S.Kom.", "s1"),
        (1, "", "S.Ak.", "s1"), (1, "", "S.E., M.M.", "s2"), (0.5, "", "S.Sos., M.Si.", "s2"),
    ),
    "umum_s2": (
        (3, "", "S.E., M.Si.", "s2"), (3, "", "S.Sos., M.Si.", "s2"), (2, "", "S.H., M.H.", "s2"),
        (2, "", "S.I.P., M.A.P.", "s2"), (1, "", "S.E., M.M.", "s2"), (1, "", "S.T., M.T.", "s2"),
        (0.5, "Dr.", "S.Sos., M.Si.", "s3"),
    ),
    "sekda": (
        (2, "Dr.", "S.H., M.Si.", "s3"), (2, "Dr.", "S.Sos., M.Si.", "s3"),
        (1, "Dr. Ir.", "M.M.", "s3"), (2, "", "S.E., M.Si.", "s2"),
    ),
    "sdm": (
        (2, "", "S.Psi.", "s1"), (2, "", "S.E.", "s1"), (2, "", "S.A.P.", "s1"),
        (1, "", "S.H.", "s1"), (1, "", "S.Sos., M.Si.", "s2"),
    ),
    "psikolog": ((3, "", "S.Psi., M.Psi., Psikolog", "s2"), (1, "", "S.Psi.", "s1")),
    "d3_umum": ((3, "", "A.Md.", "d3"), (1, "", "A.Md.Kom.", "d3")),
    "arsiparis": (
        (2, "", "A.Md.", "d3"), (1, "", "S.I.P.", "s1"), (1, "", "S.Hum.", "s1"),
        (1, "", "S.Sos.", "s1"),
    ),
    "informatika": ((2, "", "S.Kom.", "s1"), (1, "", "S.T.", "s1"), (1, "", "A.Md.Kom.", "d3")),
    "dokter": ((6, "dr.", "", "profesi"), (1, "dr.", "M.Kes.", "s2"), (0.5, "dr.", "M.K.M.", "s2")),
    "dokter_s2": (
        (3, "dr.", "M.Kes.", "s2"), (1, "dr.", "M.K.M.", "s2"), (1, "dr.", "M.M.", "s2"),
        (0.5, "dr.", "Sp.KKLP", "s2"),
    ),
    "dokter_gigi": ((4, "drg.", "", "profesi"), (1, "drg.", "M.Kes.", "s2")),
    "kepala_puskesmas": (
        (3, "dr.", "", "profesi"), (1, "dr.", "M.Kes.", "s2"), (2, "", "S.K.M.", "s1"),
        (1, "", "S.K.M., M.Kes.", "s2"), (1, "drg.", "", "profesi"),
        (0.5, "Ns.", "S.Kep.", "profesi"),
    ),
    "kesmas": (
        (3, "", "S.K.M.", "s1"), (1, "", "S.K.M., M.Kes.", "s2"), (1, "", "S.K.M., M.K.M.", "s2"),
    ),
    "kesmas_s2": (
        (3, "", "S.K.M., M.Kes.", "s2"), (1, "", "S.K.M., M.K.M.", "s2"),
        (1, "dr.", "M.Kes.", "s2"),
    ),
    "perawat": ((5, "", "A.Md.Kep.", "d3"), (4, "Ns.", "S.Kep.", "profesi")),
    "bidan": (
        (6, "", "A.Md.Keb.", "d3"), (2, "", "S.Tr.Keb.", "d4"), (1, "", "S.Keb., Bd.", "profesi"),
    ),
    "apoteker": ((1, "apt.", "S.Farm.", "profesi"),),
    "asisten_apoteker": ((1, "", "A.Md.Farm.", "d3"),),
    "sanitarian": ((3, "", "A.Md.KL.", "d3"), (1, "", "S.K.M.", "s1"), (1, "", "S.Tr.KL.", "d4")),
    "nutrisionis": ((3, "", "A.Md.Gz.", "d3"), (2, "", "S.Gz.", "s1")),
    "analis_lab": ((3, "", "A.Md.AK.", "d3"), (1, "", "S.Tr.Kes.", "d4")),
    "perekam_medis": ((3, "", "A.Md.Kes.", "d3"), (1, "", "S.Tr.Kes.", "d4")),
    "guru": (
        (8, "", "S.Pd.", "s1"), (2, "", "S.Pd., M.Pd.", "s2"), (1, "", "S.Pd.I.", "s1"),
        (0.5, "", "S.Ag.", "s1"), (0.5, "", "S.Si.", "s1"), (0.5, "", "S.Pd., Gr.", "profesi"),
    ),
    "kepala_sekolah": (
        (5, "", "S.Pd., M.Pd.", "s2"), (3, "", "S.Pd.", "s1"), (1, "", "S.Pd.I., M.Pd.I.", "s2"),
    ),
    "pendidikan_s2": (
        (3, "", "S.Pd., M.Pd.", "s2"), (1, "Dr.", "S.Pd., M.Pd.", "s3"),
        (1, "", "S.Sos., M.Si.", "s2"),
    ),
    "pustakawan": ((2, "", "A.Md.", "d3"), (1, "", "S.I.P.", "s1"), (1, "", "S.Hum.", "s1")),
    "perhubungan": ((3, "", "A.Md.T.", "d3"), (2, "", "S.Tr.T.", "d4"), (1, "", "S.T.", "s1")),
    "teknik_s2": (
        (3, "", "S.T., M.T.", "s2"), (1, "", "S.Si.T., M.T.", "s2"), (1, "", "S.E., M.Si.", "s2"),
        (1, "", "A.T.D., M.T.", "s2"),
    ),
}  # fmt: skip

GELAR_KUMULATIF = {
    key: (options, tuple(sum(o[0] for o in options[: i + 1]) for i in range(len(options))))
    for key, options in GELAR.items()
}

# Structural posts: the rank range they are held at, and the birth years of who holds them.
GOL_JABATAN = {
    Jenis.JPT_MADYA: (14, 16),  # IV/c .. IV/e
    Jenis.JPT_PRATAMA: (13, 15),  # IV/b .. IV/d
    Jenis.ADMINISTRATOR: (11, 13),  # III/d .. IV/b
    Jenis.PENGAWAS: (9, 11),  # III/b .. III/d
    Jenis.FUNGSIONAL: (11, 14),  # a school principal: Guru Ahli Muda or Madya
}
GOL_PELAKSANA_MAX = 11  # III/d: the top of a pelaksana's regular promotions
LAHIR_JABATAN = {
    Jenis.JPT_MADYA: (1966, 1971),
    Jenis.JPT_PRATAMA: (1966, 1976),
    Jenis.ADMINISTRATOR: (1967, 1982),
    Jenis.PENGAWAS: (1968, 1990),
    Jenis.FUNGSIONAL: (1967, 1985),
}


def jenjang(golongan: int, status: str, ahli: bool) -> str:
    """The level of a fungsional post that fits the rank (PermenPANRB 1/2023 levels)."""
    if status == PPPK:
        return "Ahli Pertama" if ahli else "Terampil"
    if ahli:
        if golongan <= 9:
            return "Ahli Pertama"
        if golongan <= 11:
            return "Ahli Muda"
        return "Ahli Madya" if golongan <= 14 else "Ahli Utama"
    if golongan <= 7:
        return "Terampil"
    return "Mahir" if golongan <= 9 else "Penyelia"
