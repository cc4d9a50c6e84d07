"""``python -m kinerja.scoring``: the rules on CSV/XLSX files, without a database (spec §7).

Reads one table (CSV in UTF-8 with a comma or semicolon, or XLSX; one header row; columns in
any order, names case-insensitive), writes one JSON object per line on stdout in order of
first appearance, and problems on stderr as ``baris N: kolom X: alasan`` (the header is row
1). Exit status: 0 all good, 1 some row or the file was bad (no line is printed for a
person or group with a bad row), 2 usage error. See ``docs/cli.md``.
"""

from kinerja.scoring.cli.parser import main

__all__ = ["main"]
