"""Pages of service accounts (akun layanan) and their tokens, for HR only."""

from django.contrib import messages
from django.db.models import Count, Max, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kinerja.core.permissions import Peran
from kinerja.core.tenancy import agency_required, get_for_agency_or_404
from kinerja.org import layanan
from kinerja.org.models import AkunLayanan, ApiToken


def _accounts(request):
    return AkunLayanan.objects.filter(instansi_id=request.user.instansi_id)


@agency_required(Peran.ADMIN)
def akun_layanan_list(request):
    """The agency's service accounts; HR makes a new one here."""
    form = {"nama": "", "keterangan": ""}
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in form}
        try:
            account = layanan.create_account(request.user, **form)
        except layanan.LayananError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"Akun layanan “{account.nama}” dibuat. Buat tokennya di sini."
            )
            return redirect("akun_layanan_detail", account.pk)
    now = timezone.now()
    live = Q(token__dicabut__isnull=True, token__kedaluwarsa__gt=now)
    accounts = _accounts(request).annotate(
        token_aktif=Count("token", filter=live), terakhir_dipakai=Max("token__terakhir_dipakai")
    )
    return render(request, "org/akun_layanan_list.html", {"accounts": accounts, "form": form})


@agency_required(Peran.ADMIN)
def akun_layanan_detail(request, pk):
    """One account: its tokens (when and where last used), a new token shown once."""
    account = get_for_agency_or_404(AkunLayanan.objects.all(), request.user, pk=pk)
    secret = None
    chosen: list[str] = []
    if request.method == "POST":
        chosen = request.POST.getlist("cakupan")
        hari = request.POST.get("hari", "90").strip()
        try:
            if not hari.isdigit():
                raise layanan.LayananError(
                    "Masa berlaku diisi jumlah hari, berupa angka (mis. 90)."
                )
            _token, secret = layanan.create_token(
                account, by=request.user, nama=request.POST.get("nama", ""), cakupan=chosen,
                hari=int(hari),
            )  # fmt: skip
        except layanan.LayananError as exc:
            messages.error(request, str(exc))
        else:
            chosen = []
    tokens = list(ApiToken.objects.filter(akun_layanan=account).order_by("dicabut", "-dibuat"))
    for token in tokens:
        token.cakupan_label = [(c, layanan.CAKUPAN.get(c, c)) for c in token.cakupan]
    now = timezone.now()
    active = [t for t in tokens if t.dicabut is None and t.kedaluwarsa > now]
    context = {
        "account": account, "tokens": tokens, "secret": secret, "now": now,
        "cakupan": [(code, label, code in chosen) for code, label in layanan.CAKUPAN.items()],
        "penuh": len(active) >= layanan.MAX_AKTIF,
        "max_aktif": layanan.MAX_AKTIF,
    }  # fmt: skip
    return render(request, "org/akun_layanan_detail.html", context)


@require_POST
@agency_required(Peran.ADMIN)
def akun_layanan_token_cabut(request, pk, token_id):
    account = get_for_agency_or_404(AkunLayanan.objects.all(), request.user, pk=pk)
    token = get_for_agency_or_404(ApiToken.objects.all(), request.user, pk=token_id,
                                  akun_layanan=account)  # fmt: skip
    try:
        layanan.revoke_token(token, by=request.user)
    except layanan.LayananError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Token “{token.nama}” dicabut.")
    return redirect("akun_layanan_detail", account.pk)


@require_POST
@agency_required(Peran.ADMIN)
def akun_layanan_aktif(request, pk):
    account = get_for_agency_or_404(AkunLayanan.objects.all(), request.user, pk=pk)
    aktif = request.POST.get("aktif") == "1"
    try:
        layanan.set_active(account, aktif=aktif, by=request.user)
    except layanan.LayananError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"Akun layanan “{account.nama}” diaktifkan." if aktif
            else f"Akun layanan “{account.nama}” dinonaktifkan; tokennya tidak berlaku lagi.",
        )  # fmt: skip
    return redirect("akun_layanan_detail", account.pk)
