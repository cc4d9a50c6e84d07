"""The arguments (messages in Indonesian) and :func:`main`."""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

from kinerja.scoring.cli.commands import COMMANDS
from kinerja.scoring.cli.table import (
    EXIT_BAD_DATA,
    EXIT_OK,
    EXIT_USAGE,
    REQUIRED,
    CellError,
    FileProblem,
    Report,
    UsageError,
    parse_decimal_text,
    read_table,
    to_json,
)
from kinerja.scoring.rules import kurva as kurva_rules
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import pp_46_2011 as pp46
from kinerja.scoring.rules.common import RuleInputError

# ---------------------------------------------------------------- arguments


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(
            usage, actions, groups, prefix="penggunaan: " if prefix is None else prefix
        )


_ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (.*)"), r"argumen wajib belum diisi: \1"),
    (
        re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
        r"argumen \1: pilihan \2 tidak dikenal; pilih salah satu: \3",
    ),
    (re.compile(r"unrecognized arguments: (.*)"), r"argumen tidak dikenal: \1"),
    (re.compile(r"argument (\S+): expected one argument"), r"argumen \1 memerlukan satu nilai"),
    (re.compile(r"argument (\S+): invalid \S+ value: (.*)"), r"argumen \1: nilai \2 tidak sah"),
)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = "argumen"
        self._optionals.title = "opsi"
        self.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")

    def error(self, message: str) -> NoReturn:
        for pattern, replacement in _ARGPARSE_MESSAGES:
            message = pattern.sub(replacement, message)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: kesalahan penggunaan: {message}\n")


def _percent(text: str) -> Decimal:
    try:
        return parse_decimal_text(text, percent=True)
    except CellError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _weight(text: str) -> Decimal:
    value = _percent(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("bobot harus lebih dari 0, misalnya 0,111")
    return value


def _organisation(text: str) -> kurva_rules.OrgPredikat:
    try:
        return kurva_rules.parse_org_predikat(text)
    except RuleInputError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m kinerja.scoring",
        description=(
            "Menghitung aturan kinerja dari berkas CSV/XLSX tanpa basis data. Keluaran: satu "
            "objek JSON per baris di stdout; masalah di stderr sebagai 'baris N: kolom X: "
            "alasan'. Status keluar: 0 berhasil, 1 ada data salah, 2 salah penggunaan."
        ),
        epilog="Panduan lengkap: docs/cli.md",
    )
    commands = parser.add_subparsers(
        dest="command", required=True, title="perintah", metavar="PERINTAH", parser_class=_Parser
    )

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("file", metavar="BERKAS", type=Path, help="berkas .csv atau .xlsx")
        return sub

    command("predikat", "predikat per pegawai dari hasil_kerja dan perilaku (§2.1)")
    capaian = command("capaian", "capaian indikator dan usulan hasil kerja per NIP (§2.2–2.3)")
    capaian.add_argument(
        "--batas-atas",
        type=_percent,
        default=pmp.UPPER_THRESHOLD,
        metavar="PERSEN",
        help="usulan di_atas bila capaian ≥ nilai ini (110)",
    )
    capaian.add_argument(
        "--batas-bawah",
        type=_percent,
        default=pmp.LOWER_THRESHOLD,
        metavar="PERSEN",
        help="usulan di_bawah bila capaian < nilai ini (90)",
    )
    capaian.add_argument(
        "--batas-capaian",
        type=_percent,
        default=pmp.CAPAIAN_CAP,
        metavar="PERSEN",
        help="batas capaian tiap indikator sebelum digabung (120)",
    )
    skp = command("skp", "nilai SKP PP 46/2011 per NIP (§3)")
    skp.add_argument(
        "--scheme",
        choices=[pp46.SCHEME],
        default=pp46.SCHEME,
        help="skema penilaian; saat ini hanya pp-46-2011 (bawaan)",
    )
    kurva = command("kurva", "pemeriksaan kurva distribusi predikat (§2.5)")
    kurva.add_argument(
        "--organisasi",
        required=True,
        type=_organisation,
        metavar="KODE",
        help="predikat organisasi: istimewa, baik, butuh_perbaikan, kurang, sangat_kurang",
    )
    ikm = command("ikm", "indeks kepuasan masyarakat per layanan (§4)")
    ikm.add_argument(
        "--bobot",
        type=_weight,
        default=None,
        metavar="BOBOT",
        help="bobot tiap unsur; bawaan 1/9 tepat, misalnya 0,111 seperti di lembar kerja",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "capaian":
        try:
            args.params = pmp.Parameters(
                capaian_cap=args.batas_capaian, upper=args.batas_atas, lower=args.batas_bawah
            )
        except RuleInputError as error:
            parser.error(str(error))
    try:
        table = read_table(args.file)
        missing = [name for name in REQUIRED[args.command] if name not in table.columns]
        if missing:
            for name in missing:
                print(
                    f"baris 1: kolom {name}: kolom wajib tidak ada; tambahkan kolom {name!r} "
                    "pada baris judul",
                    file=sys.stderr,
                )
            return EXIT_BAD_DATA
        report = Report()
        COMMANDS[args.command](table, args, report)
    except UsageError as error:
        print(f"{parser.prog}: kesalahan penggunaan: {error}", file=sys.stderr)
        return EXIT_USAGE
    except FileProblem as error:
        print(f"kesalahan: {error}", file=sys.stderr)
        return EXIT_BAD_DATA
    for number, column, reason in sorted(report.problems, key=lambda p: p[0]):
        print(f"baris {number}: kolom {column}: {reason}", file=sys.stderr)
    try:
        for group, line in report.output:
            if group not in report.bad_groups:
                print(to_json(line))
        sys.stdout.flush()
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    return EXIT_BAD_DATA if report.problems else EXIT_OK
