"""The first-run page (/mulai/) and HR's agency settings (/org/instansi/)."""

import mimetypes

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from kinerja.core.permissions import Peran
from kinerja.core.tenancy import agency_required
from kinerja.org import setup, zona
from kinerja.org.forms import NewPasswordForm
from kinerja.org.models import Instansi, User

ZONA_CHOICES = [(value, label) for value, label in Instansi.ZonaWaktu.choices]
# Errors of the service, by field, onto the form's own field names.
FIELD_OF = {"admin_password": "password1", "__all__": None}


class LogoField(forms.FileField):
    """An optional PNG/JPEG/SVG of at most 1 MB, checked before anything is stored."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Logo (opsional)"))
        kwargs.setdefault("help_text", _("PNG, JPEG atau SVG, paling besar 1 MB."))
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": ".png,.jpg,.jpeg,.svg"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        if upload.size > setup.LOGO_MAX_BYTES:
            size_kb = (upload.size + 1023) // 1024
            raise forms.ValidationError(
                _("Berkas logo %(kb)s KB; paling besar 1 MB (1024 KB). Perkecil gambar."),
                params={"kb": size_kb},
            )
        try:
            return setup.check_logo(upload.name, upload.read())
        except setup.SetupInvalid as exc:
            raise forms.ValidationError(exc.errors["logo"]) from exc


class AgencyFields(forms.Form):
    nama = forms.CharField(
        label=_("Nama instansi"), max_length=200,
        help_text=_("Mis. Pemerintah Kota Demo."),
    )  # fmt: skip
    zona_waktu = forms.ChoiceField(label=_("Zona waktu"), choices=ZONA_CHOICES)
    tempat = forms.CharField(
        label=_("Nama tempat untuk tanda tangan"), max_length=100, required=False,
        help_text=_("Ditulis di dokumen resmi, mis. “Kota Demo, 6 Desember 2026”."),
    )  # fmt: skip
    logo = LogoField()


class SetupForm(AgencyFields, NewPasswordForm):
    token = forms.CharField(
        label=_("Token penyiapan"),
        help_text=_("Dicetak oleh perintah manage.py siapkan_instansi --token di server."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    kode = forms.CharField(
        label=_("Kode instansi"), max_length=20,
        help_text=_("2–20 huruf, angka, titik, garis bawah atau tanda hubung; mis. KOTA-DEMO."),
    )  # fmt: skip
    tingkat = forms.ChoiceField(label=_("Tingkat"), choices=Instansi.Tingkat.choices)
    admin_username = forms.CharField(
        label=_("Nama pengguna admin kepegawaian"), max_length=150,
        help_text=_("Untuk masuk; huruf, angka dan @ . + - _ tanpa spasi, mis. admin.bkpsdm."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )  # fmt: skip
    admin_email = forms.EmailField(label=_("Surel admin (opsional)"), required=False)

    field_order = [
        "token", "nama", "kode", "tingkat", "zona_waktu", "tempat", "logo",
        "admin_username", "admin_email", "password1", "password2",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("password1", "password2"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not setup.token_valid(token):
            raise forms.ValidationError(
                _(
                    "Token salah atau kedaluwarsa (berlaku 24 jam). Jalankan "
                    "“manage.py siapkan_instansi --token” di server untuk token baru."
                )
            )
        return token

    def clean(self):
        # The password validators compare the password with the admin's name and email.
        self.user = User(
            username=self.cleaned_data.get("admin_username", ""),
            email=self.cleaned_data.get("admin_email", ""),
        )
        cleaned = super().clean()
        # The service's own checks, so that every wrong field is named at once.
        found = setup.check_agency_fields(
            nama=cleaned.get("nama", "x"), zona=setup.parse_zona(cleaned.get("zona_waktu")),
            tempat=cleaned.get("tempat", ""), kode=cleaned.get("kode", "").strip() or None,
            tingkat=cleaned.get("tingkat"),
        ) | setup.check_admin_fields(
            username=cleaned.get("admin_username", "").strip() or "-",
            email=cleaned.get("admin_email", ""), password=None,
        )  # fmt: skip
        for field, messages_ in found.items():
            if field in self.fields and field not in self.errors:
                for message in messages_:
                    self.add_error(field, message)
        return cleaned


def _show_errors(form, exc: setup.SetupInvalid) -> None:
    for field, found in exc.errors.items():
        name = FIELD_OF.get(field, field)
        for message in found:
            form.add_error(name if name in form.fields else None, message)


@never_cache
def mulai(request):
    """First run: only while the server has no agency; guarded by the one-time token."""
    if not setup.setup_open():
        raise Http404
    form = SetupForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = setup.create_agency(
                kode=data["kode"], nama=data["nama"], tingkat=data["tingkat"],
                zona=setup.parse_zona(data["zona_waktu"]), tempat=data["tempat"],
                logo=data["logo"], admin_username=data["admin_username"],
                admin_email=data["admin_email"], admin_password=data["password1"],
                actor_label="halaman /mulai/ (token penyiapan)",
            )  # fmt: skip
        except setup.SetupInvalid as exc:
            _show_errors(form, exc)
        else:
            login(request, result.admin, backend="kinerja.org.auth.NipBackend")
            messages.success(
                request,
                f"Instansi “{result.instansi.nama}” siap dan Anda masuk sebagai admin "
                "kepegawaian. Langkah berikutnya: impor unit kerja, lalu pegawai.",
            )
            return redirect("org_import")
    status = 400 if request.method == "POST" else 200
    return render(request, "org/mulai.html", {"form": form}, status=status)


class SettingsForm(AgencyFields):
    logo = LogoField(label=_("Ganti logo"))
    hapus_logo = forms.BooleanField(label=_("Hapus logo"), required=False)


@agency_required(Peran.ADMIN)
def pengaturan(request):
    """HR edits the agency's name, time zone, place name and logo."""
    instansi = Instansi.objects.get(pk=request.user.instansi_id)
    initial = {"nama": instansi.nama, "zona_waktu": instansi.zona_waktu, "tempat": instansi.tempat}
    form = SettingsForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = setup.update_agency(
                instansi, by=request.user, nama=data["nama"],
                zona=setup.parse_zona(data["zona_waktu"]), tempat=data["tempat"],
                logo=data["logo"], hapus_logo=data["hapus_logo"],
            )  # fmt: skip
        except setup.SetupInvalid as exc:
            _show_errors(form, exc)
        else:
            if changed:
                zona.remember(request, instansi.zona_waktu)
                messages.success(request, "Pengaturan instansi disimpan.")
            else:
                messages.info(request, "Tidak ada yang berubah.")
            return redirect("org_instansi")
    status = 400 if request.method == "POST" else 200
    return render(request, "org/instansi.html", {"form": form, "instansi": instansi}, status=status)


@login_required
def logo(request):
    """The signed-in user's own agency logo (for the settings page and documents)."""
    instansi = Instansi.objects.filter(pk=request.user.instansi_id).first()
    if instansi is None or not instansi.logo:
        raise Http404
    content_type = mimetypes.guess_type(instansi.logo.name)[0] or "application/octet-stream"
    response = FileResponse(instansi.logo.open("rb"), content_type=content_type)
    # An SVG opened on its own must not run anything, whatever slipped past the checks.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "private, max-age=300"
    return response
