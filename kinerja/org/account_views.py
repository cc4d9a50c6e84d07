from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kinerja.core import auditlog
from kinerja.core.extensions import home_panels
from kinerja.core.models import AuditEntry
from kinerja.core.permissions import Peran, has_role, roles_of
from kinerja.org import lockout, queries, services, setup, tokens
from kinerja.org.forms import ChangePasswordForm, LoginForm
from kinerja.org.models import ApiToken


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # An empty server: point the operator to the first-run page instead of a dead end.
        return super().get_context_data(**kwargs) | {"setup_open": setup.setup_open()}


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, "Anda telah keluar.")
    return redirect("login")


@login_required
def home(request):
    """Each role's starting page: what is theirs to look at and to do."""
    user = request.user
    roles = roles_of(user)
    context = {"roles": roles}
    if Peran.PEGAWAI in roles:
        context["saya"] = queries.pegawai_list().get(pk=user.pegawai_id)
    if Peran.ATASAN in roles:
        context["tim"] = list(
            queries.pegawai_list().filter(atasan_id=user.pegawai_id, aktif=True).order_by("nama")
        )
    if roles & {Peran.ADMIN, Peran.PIMPINAN}:
        context["ringkasan"] = queries.agency_summary(user.instansi_id)
    if Peran.ADMIN in roles:
        context["akun"] = queries.account_figures(user.instansi_id)
    if roles & {Peran.ADMIN, Peran.AUDITOR}:
        context["audit_terakhir"] = auditlog.readable(
            list(AuditEntry.objects.filter(instansi_id=user.instansi_id).order_by("-seq")[:5])
        )
    context["panels"] = home_panels(request, roles)
    return render(request, "org/home.html", context)


@login_required
def password_change(request):
    """Guessing the old password here is limited like the login (kinerja/org/lockout.py):
    each wrong old password is a failed login of the account from this address."""
    username = request.user.username
    if request.method == "POST" and lockout.password_change_locked(request, username):
        return render(request, "registration/locked.html", status=429)
    form = ChangePasswordForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            services.change_own_password(request.user, new_password=form.cleaned_data["password1"])
            update_session_auth_hash(request, request.user)
            messages.success(request, "Kata sandi berhasil diganti.")
            return redirect("home")
        if "old_password" in form.errors:
            lockout.record_password_change_failure(request, username)
            if lockout.password_change_locked(request, username):
                return render(request, "registration/locked.html", status=429)
    return render(request, "registration/password_change.html", {"form": form})


@login_required
def api_tokens(request):
    """The user's own API tokens; a new token's secret is shown once, on this response."""
    new_secret = None
    if request.method == "POST":
        hari = request.POST.get("hari", "90").strip()
        try:
            if not hari.isdigit():
                raise ValueError("Masa berlaku diisi jumlah hari, berupa angka (mis. 90).")
            _token, new_secret = tokens.create_token(
                request.user, nama=request.POST.get("nama", ""), hari=int(hari)
            )
        except ValueError as exc:
            messages.error(request, str(exc))
    own = ApiToken.objects.filter(user=request.user).order_by("-dibuat")
    context = {"tokens": own, "secret": new_secret, "layanan": has_role(request.user, Peran.ADMIN)}
    return render(request, "org/api_tokens.html", context)


@require_POST
@login_required
def api_token_revoke(request, token_id):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    tokens.revoke_token(token, by=request.user)
    messages.success(request, f"Token “{token.nama}” dicabut.")
    return redirect("api_tokens")
