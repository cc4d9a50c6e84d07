"""HR's accounts page: create accounts with printed slips, reissue, disable, revoke, unlock."""

import base64

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from kinerja.core.permissions import Peran
from kinerja.core.tenancy import agency_required, get_for_agency_or_404
from kinerja.org import accounts, tasks
from kinerja.org.models import AkunLayanan, Pegawai, User
from kinerja.org.nip import normalise_nip
from kinerja.org.queries import STATUS_FILTERS

PER_PAGE = 50


def _agency_users(request):
    # Service accounts have an account of their own that never signs in: not listed here.
    return User.objects.filter(instansi_id=request.user.instansi_id).exclude(
        pk__in=AkunLayanan.objects.filter(instansi_id=request.user.instansi_id).values("akun_id")
    )


@agency_required(Peran.ADMIN)
def akun_list(request):
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    instansi_id = request.user.instansi_id
    names = Pegawai.objects.filter(instansi_id=instansi_id, pk=OuterRef("pegawai_id"))
    found = _agency_users(request).annotate(
        token_aktif=Count("api_tokens", filter=Q(api_tokens__dicabut__isnull=True)),
        urut=Coalesce(Subquery(names.values("nama")[:1]), "username"),
    )
    if q:
        compact = normalise_nip(q)
        if compact.isdigit():
            found = found.filter(username__startswith=compact)
        else:
            named = Pegawai.objects.filter(instansi_id=instansi_id, nama__icontains=q)
            found = found.filter(Q(pegawai__in=named.values("pk")) | Q(username__icontains=q))
    if status in STATUS_FILTERS:
        found = found.filter(STATUS_FILTERS[status])
    page = Paginator(found.order_by("urut", "username"), PER_PAGE).get_page(
        request.GET.get("halaman")
    )
    users = list(page)
    # The employees in a query of their own, scoped by the agency (User is a shared table).
    people = Pegawai.objects.filter(instansi_id=instansi_id, pk__in=[u.pegawai_id for u in users])
    by_id = {p.pk: p for p in people.select_related("unit")}
    for u in users:
        u.orang = by_id.get(u.pegawai_id)
    gagal = accounts.failed_logins([u.username for u in users])
    rows = [(u, gagal.get(u.username, 0)) for u in users]
    context = {
        "page": page, "rows": rows, "q": q, "status": status,
        "tanpa_akun": accounts.without_account(request.user.instansi).count(),
    }  # fmt: skip
    return render(request, "org/akun.html", context)


def _slip_page(request, slips, *, judul, kirim_email):
    """The only time the passwords leave the server: two downloads on this response (nothing is
    kept), and the emails when asked for."""
    url = accounts.login_url(request)
    pdf = accounts.slips_pdf(slips, url=url)
    xlsx = accounts.slips_xlsx(slips, url=url)
    terkirim = tanpa_email = 0
    if kirim_email:
        terkirim, tanpa_email = accounts.email_slips(slips, url=url)
    kode = request.user.instansi.kode.lower()
    context = {
        "judul": judul, "jumlah": len(slips), "kirim_email": kirim_email,
        "terkirim": terkirim, "tanpa_email": tanpa_email,
        "pdf_uri": "data:application/pdf;base64," + base64.b64encode(pdf).decode(),
        "xlsx_uri": f"data:{accounts.XLSX_CONTENT_TYPE};base64," + base64.b64encode(xlsx).decode(),
        "pdf_nama": f"slip-akun-{kode}.pdf", "xlsx_nama": f"akun-{kode}.xlsx",
        "sisa": accounts.without_account(request.user.instansi).count(),
    }  # fmt: skip
    response = render(request, "org/akun_slip.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@agency_required(Peran.ADMIN)
def akun_buat(request):
    """Accounts for all the agency's active employees without one, made by a background job
    (the page shows its progress, then the download of the slips)."""
    if not accounts.without_account(request.user.instansi).exists():
        messages.info(request, "Semua pegawai aktif sudah memiliki akun.")
        return redirect("akun_list")
    job = tasks.start_accounts(
        by=request.user, kirim_email=request.POST.get("email") == "1",
        url=accounts.login_url(request),
    )  # fmt: skip
    return redirect("pekerjaan", job.pk)


def _account(request, user_id) -> User:
    services = AkunLayanan.objects.filter(instansi_id=request.user.instansi_id)
    return get_for_agency_or_404(
        User.objects.exclude(pk__in=services.values("akun_id")), request.user, pk=user_id
    )


@require_POST
@agency_required(Peran.ADMIN)
def akun_slip(request, user_id):
    """A new slip for one person: new password, change forced, sessions and tokens ended."""
    account = _account(request, user_id)
    try:
        with transaction.atomic():
            slip = accounts.reissue_slip(account, by=request.user)
            return _slip_page(
                request, [slip], judul=f"Slip baru untuk {slip.nama}",
                kirim_email=request.POST.get("email") == "1",
            )  # fmt: skip
    except accounts.AccountError as exc:
        messages.error(request, str(exc))
        return redirect("akun_list")


def _back(request):
    """Back to the list as HR left it (its search, filter and page)."""
    keep = {k: request.POST[k] for k in ("q", "status", "halaman") if request.POST.get(k)}
    url = reverse("akun_list")
    return redirect(f"{url}?{urlencode(keep)}" if keep else url)


@require_POST
@agency_required(Peran.ADMIN)
def akun_status(request, user_id):
    account = _account(request, user_id)
    aktif = request.POST.get("aktif") == "1"
    try:
        accounts.set_account_active(account, aktif=aktif, by=request.user)
    except accounts.AccountError as exc:
        messages.error(request, str(exc))
    else:
        if aktif:
            messages.success(request, f"Akun {account.username} diaktifkan kembali.")
        else:
            messages.success(
                request,
                f"Akun {account.username} dinonaktifkan: tidak dapat masuk, semua sesi "
                "berakhir dan semua token API dicabut.",
            )
    return _back(request)


@require_POST
@agency_required(Peran.ADMIN)
def akun_cabut_token(request, user_id):
    account = _account(request, user_id)
    try:
        count = accounts.revoke_tokens_of(account, by=request.user)
    except accounts.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{count} token API milik {account.username} dicabut.")
    return _back(request)


@require_POST
@agency_required(Peran.ADMIN)
def akun_buka_kunci(request, user_id):
    account = _account(request, user_id)
    try:
        accounts.unlock_account(account, by=request.user)
    except accounts.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Kunci masuk akun {account.username} dibuka.")
    return _back(request)
