"""The matrix's columns and the shorthands its rows are written with.

Columns: anonymous, pegawai, atasan, admin, pimpinan, auditor, outsider. URL objects are the
pegawai persona's (see world.py); "outsider" is the other agency's admin with every flag, so
agency-level pages answer "ok" for their own agency and the demo agency's objects are "404".
"""

PERSONAS = ("anonymous", "pegawai", "atasan", "admin", "pimpinan", "auditor", "outsider")

ALL_OK = dict.fromkeys(PERSONAS, "ok")


def row(anonymous, pegawai, atasan, admin, pimpinan, auditor, outsider) -> dict[str, str]:
    """One URL's expected answers, in the order of PERSONAS."""
    return dict(
        zip(PERSONAS, (anonymous, pegawai, atasan, admin, pimpinan, auditor, outsider), strict=True)
    )
