"""Running ``python -m kinerja.scoring`` as a process on files the tests write, and reading
its JSON lines back."""

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

REPO = Path(__file__).resolve().parents[2]


def run(*args) -> subprocess.CompletedProcess:
    """The CLI run with ``args``; it never ends in a traceback."""
    result = subprocess.run(  # noqa: S603 - fixed interpreter and module, test arguments
        [sys.executable, "-m", "kinerja.scoring", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )
    assert "Traceback" not in result.stderr
    return result


def lines(result) -> list[dict]:
    """The JSON lines the CLI printed, numbers as Decimal."""
    return [json.loads(line, parse_float=Decimal) for line in result.stdout.splitlines()]


def write_csv(path, rows, delimiter=",", bom=False, encoding="utf-8"):
    text = "\n".join(delimiter.join(row) for row in rows) + "\n"
    path.write_bytes(("\ufeff" if bom else "").encode(encoding) + text.encode(encoding))
    return path


def write_xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path
