"""HR's pages for the register: services, their officers, holidays and receipt codes.

Every page is for the agency's admin kepegawaian only (403 for anyone else); another
agency's service or holiday is not found (404). A refused change re-shows the form with
the message on the field at fault and writes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from kinerja.citizen import export, libur, qr, register
from kinerja.citizen.access import require_hr
from kinerja.citizen.errors import Refused
from kinerja.citizen.forms import HariLiburForm, LayananForm, PetugasForm, TokenForm
from kinerja.citizen.models import HariLibur, Layanan, PetugasLayanan, TahunLibur, TokenSurvei
from kinerja.citizen.survey import create_tokens
from kinerja.core.formatting import tanggal
from kinerja.core.permissions import Peran
from kinerja.core.spreadsheet import wants_xlsx, xlsx_response
from kinerja.core.tenancy import agency_required, for_agency, get_for_agency_or_404

TOKENS_SHOWN = 1000


def _show_refusal(form, refused: Refused) -> None:
    form.add_error(refused.kolom if refused.kolom in form.fields else None, refused.pesan)


def _hr_layanan(request, pk) -> Layanan:
    require_hr(request.user)
    return get_for_agency_or_404(Layanan.objects.select_related("unit"), request.user, pk=pk)


@agency_required()
def layanan_new(request):
    require_hr(request.user)
    form = LayananForm(request.POST or None, instansi_id=request.user.instansi_id)
    if request.method == "POST" and form.is_valid():
        try:
            layanan = register.save_layanan(
                request.user.instansi, by=request.user, values=form.values()
            )
        except Refused as refused:
            _show_refusal(form, refused)
        else:
            messages.success(request, f"Layanan {layanan.nama} dibuat. Tambahkan petugasnya.")
            return redirect("citizen_layanan_edit", pk=layanan.pk)
    status = 400 if form.errors else 200
    return render(request, "citizen/layanan_form.html", {"form": form}, status=status)


@agency_required()
def layanan_edit(request, pk):
    layanan = _hr_layanan(request, pk)
    initial = {**{n: getattr(layanan, n) for n in register.LAYANAN_FIELDS}}
    initial |= {"unit": layanan.unit_id, "version": layanan.version}
    form = LayananForm(request.POST or None, initial=initial, instansi_id=layanan.instansi_id)
    if request.method == "POST" and form.is_valid():
        try:
            register.save_layanan(
                request.user.instansi, by=request.user, values=form.values(), layanan=layanan,
                version=form.cleaned_data["version"],
            )  # fmt: skip
        except Refused as refused:
            _show_refusal(form, refused)
        else:
            messages.success(request, "Perubahan layanan disimpan.")
            return redirect("citizen_layanan_edit", pk=layanan.pk)
    return _edit_page(request, layanan, form=form, officer_form=PetugasForm())


def _edit_page(request, layanan, *, form, officer_form):
    officers = (
        PetugasLayanan.objects.filter(layanan=layanan, aktif=True)
        .select_related("pegawai")
        .order_by("kode")
    )
    context = {"layanan": layanan, "form": form, "officer_form": officer_form}
    context["officers"] = officers
    status = 400 if form.errors or officer_form.errors else 200
    return render(request, "citizen/layanan_form.html", context, status=status)


@require_POST
@agency_required()
def officer_add(request, pk):
    layanan = _hr_layanan(request, pk)
    officer_form = PetugasForm(request.POST)
    if officer_form.is_valid():
        try:
            officer = register.add_officer(
                layanan, nip=officer_form.cleaned_data["nip"], by=request.user,
                kode=officer_form.cleaned_data["kode"],
            )  # fmt: skip
        except Refused as refused:
            _show_refusal(officer_form, refused)
        else:
            messages.success(request, f"{officer.pegawai.nama} menjadi petugas ({officer.kode}).")
            return redirect("citizen_layanan_edit", pk=layanan.pk)
    form = LayananForm(
        initial={**{n: getattr(layanan, n) for n in register.LAYANAN_FIELDS},
                 "unit": layanan.unit_id, "version": layanan.version},
        instansi_id=layanan.instansi_id,
    )  # fmt: skip
    return _edit_page(request, layanan, form=form, officer_form=officer_form)


@require_POST
@agency_required()
def officer_remove(request, pk, officer_pk):
    layanan = _hr_layanan(request, pk)
    officer = get_for_agency_or_404(
        PetugasLayanan.objects.select_related("pegawai"), request.user, pk=officer_pk,
        layanan=layanan,
    )  # fmt: skip
    register.remove_officer(officer, by=request.user)
    messages.success(request, f"{officer.pegawai.nama} tidak lagi menjadi petugas layanan ini.")
    return redirect("citizen_layanan_edit", pk=layanan.pk)


def _year(request, default: int) -> int:
    raw = request.GET.get("tahun", "")
    if raw.isdigit() and libur.FIRST_YEAR <= int(raw) <= libur.LAST_YEAR:
        return int(raw)
    return default


def _holidays_url(year: int) -> str:
    return f"{reverse('citizen_holidays')}?tahun={year}"


@agency_required(Peran.ADMIN)
def holidays(request):
    """The agency's days off for one year: those filled from the national list and the
    joint-leave file, and those HR entered; add, remove, or fill a year again."""
    require_hr(request.user)
    instansi = request.user.instansi
    this_year = libur.agency_today(instansi).year
    year = _year(request, this_year)
    form = HariLiburForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = register.add_holiday(
                instansi, tanggal=form.cleaned_data["tanggal"],
                nama=form.cleaned_data["nama"], by=request.user,
            )  # fmt: skip
        except Refused as refused:
            _show_refusal(form, refused)
        else:
            messages.success(request, f"Hari libur {tanggal(row.tanggal)} dicatat.")
            return redirect(_holidays_url(row.tanggal.year))
    rows = for_agency(HariLibur.objects.filter(tanggal__year=year), request.user)
    if wants_xlsx(request):
        return xlsx_response(
            f"hari-libur-{year}",
            [export.holidays_sheet(rows.order_by("tanggal"), tahun=year)],
            instansi=instansi,
        )
    filled = for_agency(TahunLibur.objects.filter(tahun=year), request.user).first()
    context = {
        "form": form, "rows": rows.order_by("tanggal"), "tahun": year, "diisi": filled,
        "tahun_pilihan": sorted({this_year - 1, this_year, this_year + 1, year}),
        "catatan": libur.year_note(year),
    }  # fmt: skip
    status = 400 if form.errors else 200
    return render(request, "citizen/holidays.html", context, status=status)


@require_POST
@agency_required()
def holidays_fill(request):
    """Enter a year's national holidays and joint-leave days the agency does not have."""
    require_hr(request.user)
    raw = request.POST.get("tahun", "")
    if not raw.isdigit():
        messages.error(request, f"Tahun harus berupa angka, misalnya 2027; tertulis '{raw}'.")
        return redirect("citizen_holidays")
    year = int(raw)
    try:
        added = libur.fill_year(request.user.instansi, year, by=request.user)
    except Refused as refused:
        messages.error(request, refused.pesan)
        return redirect("citizen_holidays")
    if added:
        messages.success(
            request, f"{added} hari libur nasional dan cuti bersama {year} ditambahkan."
        )
    else:
        messages.info(request, f"Semua hari libur nasional dan cuti bersama {year} sudah ada.")
    return redirect(_holidays_url(year))


@require_POST
@agency_required()
def holiday_remove(request, pk):
    require_hr(request.user)
    holiday = get_for_agency_or_404(HariLibur.objects.select_related("instansi"), request.user,
                                    pk=pk)  # fmt: skip
    register.remove_holiday(holiday, by=request.user)
    messages.success(request, f"Hari libur {tanggal(holiday.tanggal)} dihapus.")
    return redirect(_holidays_url(holiday.tanggal.year))


def _unused_tokens(layanan, shown: int):
    """The newest unused receipt codes of a service (the batch just made comes first)."""
    return list(
        TokenSurvei.objects.filter(layanan=layanan, jawaban__isnull=True).order_by("-pk")[:shown]
    )


def _shown(request) -> int:
    value = request.GET.get("n", "")
    return min(int(value), TOKENS_SHOWN) if value.isdigit() and int(value) > 0 else TOKENS_SHOWN


@agency_required()
def tokens(request, pk):
    layanan = _hr_layanan(request, pk)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = create_tokens(layanan, jumlah=form.cleaned_data["jumlah"], by=request.user)
        except Refused as refused:
            _show_refusal(form, refused)
        else:
            messages.success(request, f"{len(made)} kode struk dibuat; cetak daftar di bawah.")
            return redirect(f"{request.path}?n={len(made)}")
    shown = _shown(request)
    context = {
        "layanan": layanan, "form": form, "tokens": _unused_tokens(layanan, shown),
        "n": shown if request.GET.get("n") else "", "url": qr.survey_url(layanan, request=request),
    }  # fmt: skip
    return render(request, "citizen/tokens.html", context, status=400 if form.errors else 200)


@agency_required()
def tokens_pdf(request, pk):
    from weasyprint import HTML

    layanan = _hr_layanan(request, pk)
    context = {
        "layanan": layanan, "tokens": _unused_tokens(layanan, _shown(request)),
        "url": qr.survey_url(layanan, request=request),
    }  # fmt: skip
    pdf = HTML(string=render_to_string("citizen/tokens_print.html", context)).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kode-struk-{layanan.kode}.pdf"'
    return response
