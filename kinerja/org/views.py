from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kinerja.core.errors import DomainError
from kinerja.core.permissions import (
    AGENCY_WIDE,
    Peran,
    can_manage_org,
    can_reset_password,
    can_view_pegawai,
    has_role,
    subordinate_ids,
)
from kinerja.core.spreadsheet import Sheet, wants_xlsx, xlsx_response
from kinerja.core.tenancy import agency_required, for_agency, get_for_agency_or_404
from kinerja.org import queries, services
from kinerja.org.forms import AtasanForm, NewPasswordForm
from kinerja.org.models import Pegawai, UnitKerja, User
from kinerja.org.nip import normalise_nip


def _visible_ids(user, pegawai_ids) -> set[int]:
    """Which of these employees' profiles the user may open (one query at most)."""
    if has_role(user, *AGENCY_WIDE):
        return set(pegawai_ids)
    visible = subordinate_ids(user.pegawai_id) if user.pegawai_id else set()
    visible.add(user.pegawai_id)
    return visible & set(pegawai_ids)


def _get_pegawai(request, nip) -> Pegawai:
    """An employee the user may see; anyone else's is not found (404)."""
    pegawai = get_for_agency_or_404(queries.pegawai_list(), request.user, nip=normalise_nip(nip))
    if not can_view_pegawai(request.user, pegawai):
        raise Http404
    return pegawai


@agency_required()
def org_tree(request):
    tree = queries.unit_tree(request.user.instansi_id)
    return render(request, "org/tree.html", {"tree": tree})


@agency_required()
def unit_detail(request, unit_id):
    unit = get_for_agency_or_404(
        UnitKerja.objects.select_related("induk", "kepala"), request.user, pk=unit_id
    )
    if wants_xlsx(request):
        members = list(queries.unit_members(unit))
        visible = _visible_ids(request.user, [p.pk for p in members])
        sheet = Sheet(
            "Anggota unit",
            ["NIP", "Nama", "Jabatan", "Unit"],
            (
                [
                    p.nip if p.pk in visible else "",
                    p.nama_lengkap,
                    str(p.jabatan or ""),
                    str(p.unit),
                ]
                for p in members
            ),
            subtitle=unit.nama,
        )
        return xlsx_response(f"anggota-{unit.kode}", [sheet], instansi=request.user.instansi)
    page = Paginator(queries.unit_members(unit), 100).get_page(request.GET.get("halaman"))
    children = list(unit.anak.order_by("kode"))
    visible = _visible_ids(request.user, [p.pk for p in page])
    return render(
        request,
        "org/unit.html",
        {"unit": unit, "page": page, "children": children, "visible": visible},
    )


@agency_required()
def pegawai_detail(request, nip):
    pegawai = _get_pegawai(request, nip)
    bawahan = list(queries.pegawai_list().filter(atasan=pegawai, aktif=True).order_by("nama"))
    account = User.objects.filter(pegawai=pegawai).first()
    context = {
        "pegawai": pegawai,
        "bawahan": bawahan,
        "akun": account,
        "boleh_kelola": can_manage_org(request.user),
        "atasan_form": AtasanForm(
            initial={
                "nip_atasan": pegawai.atasan.nip if pegawai.atasan else "",
                "version": pegawai.version,
            }
        ),  # fmt: skip
        "sandi_form": NewPasswordForm(user=account),
    }
    return render(request, "org/pegawai.html", context)


@require_POST
@agency_required(Peran.ADMIN)
def pegawai_set_atasan(request, nip):
    pegawai = _get_pegawai(request, nip)
    form = AtasanForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Isian tidak lengkap; muat ulang halaman lalu coba lagi.")
        return redirect("pegawai_detail", nip=pegawai.nip)
    nip_atasan = normalise_nip(form.cleaned_data["nip_atasan"] or "")
    atasan = None
    if nip_atasan:
        atasan = for_agency(Pegawai.objects.all(), request.user).filter(nip=nip_atasan).first()
        if atasan is None:
            messages.error(request, f"Pegawai dengan NIP {nip_atasan} tidak ada di instansi ini.")
            return redirect("pegawai_detail", nip=pegawai.nip)
    try:
        services.set_atasan(
            pegawai, atasan=atasan, by=request.user, version=form.cleaned_data["version"]
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Atasan langsung disimpan.")
    return redirect("pegawai_detail", nip=pegawai.nip)


@require_POST
@agency_required(Peran.ADMIN)
def pegawai_reset_password(request, nip):
    pegawai = _get_pegawai(request, nip)
    account = get_for_agency_or_404(User.objects.all(), request.user, pegawai=pegawai)
    if not can_reset_password(request.user, account):
        raise PermissionDenied
    form = NewPasswordForm(request.POST, user=account)
    if form.is_valid():
        services.reset_password(
            account, by=request.user, new_password=form.cleaned_data["password1"]
        )
        messages.success(request, f"Kata sandi {account.username} telah diatur ulang.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("pegawai_detail", nip=pegawai.nip)


@require_POST
@agency_required(Peran.ADMIN)
def pegawai_set_aktif(request, nip):
    """Make an employee inactive (offboarding: the account closes at once) or active again."""
    pegawai = _get_pegawai(request, nip)
    aktif = request.POST.get("aktif") == "1"
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        messages.error(request, "Isian tidak lengkap; muat ulang halaman lalu coba lagi.")
        return redirect("pegawai_detail", nip=pegawai.nip)
    try:
        services.set_aktif(pegawai, aktif=aktif, by=request.user, version=version)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        if aktif:
            messages.success(
                request,
                f"{pegawai.nama} aktif kembali. Akunnya tetap nonaktif sampai Anda "
                "mengaktifkannya di halaman Akun.",
            )
        else:
            messages.success(
                request,
                f"{pegawai.nama} dinonaktifkan. Akunnya tidak dapat dipakai lagi: semua sesi "
                "berakhir dan semua token API dicabut.",
            )
    return redirect("pegawai_detail", nip=pegawai.nip)


@agency_required()
def search(request):
    text = request.GET.get("q", "")
    found = queries.search_pegawai(for_agency(queries.pegawai_list(), request.user), text)
    visible = _visible_ids(request.user, [p.pk for p in found])
    template = "org/_search_results.html" if request.htmx else "org/search.html"
    return render(request, template, {"q": text, "found": found, "visible": visible})
