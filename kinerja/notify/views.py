"""The inbox, the bell and the preferences page; each person sees only their own rows."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from kinerja.core.tenancy import agency_required
from kinerja.notify import queries
from kinerja.notify.models import DEFAULT_CARA, Jenis, Notifikasi, Preferensi


def _own(request):
    return Notifikasi.objects.filter(penerima=request.user, instansi_id=request.user.instansi_id)


@agency_required()
def inbox(request):
    only_unread = request.GET.get("tampil") == "belum"
    rows = _own(request)
    if only_unread:
        rows = rows.filter(dibaca_pada__isnull=True)
    page = Paginator(rows.order_by("-dibuat", "-pk"), 50).get_page(request.GET.get("halaman"))
    context = {
        "page": page,
        "belum": only_unread,
        "jumlah_belum": queries.unread_count(request.user),
    }
    return render(request, "notify/inbox.html", context)


@agency_required()
def open_notification(request, pk: int):
    """Mark the notification read and go to the thing it is about."""
    row = get_object_or_404(_own(request), pk=pk)
    if row.dibaca_pada is None:
        _own(request).filter(pk=row.pk).update(dibaca_pada=timezone.now())
    if not url_has_allowed_host_and_scheme(row.url, allowed_hosts={request.get_host()}):
        return redirect("notify_inbox")
    return redirect(row.url)


@agency_required()
@require_POST
def mark_all_read(request):
    done = _own(request).filter(dibaca_pada__isnull=True).update(dibaca_pada=timezone.now())
    messages.success(request, f"{done} pemberitahuan ditandai sudah dibaca.")
    return redirect("notify_inbox")


def bell(request):
    """The header's bell, loaded by htmx after the page (so pages' own queries are
    unchanged): the unread count, or nothing for a visitor."""
    if not request.user.is_authenticated or not request.user.instansi_id:
        return render(request, "notify/_bell.html", {"jumlah": None})
    return render(request, "notify/_bell.html", {"jumlah": queries.unread_count(request.user)})


@agency_required()
def preferences(request):
    user = request.user
    saved = dict(Preferensi.objects.filter(pengguna=user).values_list("jenis", "cara"))
    chosen = {jenis: saved.get(jenis, DEFAULT_CARA) for jenis in Jenis.values}
    email = user.email
    errors: dict[str, str] = {}
    if request.method == "POST":
        chosen = {jenis: request.POST.get(f"cara_{jenis}", "") for jenis in Jenis.values}
        email = request.POST.get("email", "").strip()
        for jenis, cara in chosen.items():
            if cara not in Preferensi.Cara.values:
                errors[jenis] = f"Pilih cara pemberitahuan untuk «{Jenis(jenis).label}»."
        if email:
            from django.core.exceptions import ValidationError
            from django.core.validators import validate_email

            try:
                validate_email(email)
            except ValidationError:
                errors["email"] = (
                    f"Alamat email «{email}» tidak valid; tulis seperti nama@instansi.go.id."
                )
        wants_email = any(c != Preferensi.Cara.APLIKASI for c in chosen.values())
        if not errors:
            with transaction.atomic():
                Preferensi.objects.filter(pengguna=user).delete()
                Preferensi.objects.bulk_create(
                    [Preferensi(instansi_id=user.instansi_id, pengguna=user, jenis=j, cara=c)
                     for j, c in chosen.items() if c != DEFAULT_CARA]
                )  # fmt: skip
                if email != user.email:
                    user.email = email
                    user.save(update_fields=["email"])
            if wants_email and not email:
                messages.warning(request, "Pengaturan disimpan. Isi alamat email agar email "
                                          "pemberitahuan dapat dikirim.")  # fmt: skip
            else:
                messages.success(request, "Pengaturan pemberitahuan disimpan.")
            return redirect("notify_preferences")
    rows = [(jenis, Jenis(jenis).label, chosen[jenis], errors.get(jenis)) for jenis in Jenis.values]
    context = {"rows": rows, "cara": Preferensi.Cara.choices, "email": email,
               "errors": errors}  # fmt: skip
    return render(request, "notify/preferences.html", context, status=400 if errors else 200)
