from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kinerja.org.auth import normalise_username


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("NIP atau nama pengguna"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "NIP/nama pengguna atau kata sandi salah. Periksa kembali; setelah beberapa "
            "kali gagal, akun dikunci sementara."
        ),
        "inactive": _("Akun ini tidak aktif. Hubungi admin kepegawaian."),
    }

    def clean_username(self):
        return normalise_username(self.cleaned_data.get("username"))


class NewPasswordForm(forms.Form):
    """A new password typed twice, checked by Django's validators."""

    password1 = forms.CharField(label=_("Kata sandi baru"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Ulangi kata sandi baru"), widget=forms.PasswordInput)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Kedua isian kata sandi tidak sama."))
        if p1:
            try:
                password_validation.validate_password(p1, self.user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class ChangePasswordForm(NewPasswordForm):
    old_password = forms.CharField(label=_("Kata sandi lama"), widget=forms.PasswordInput)
    field_order = ["old_password", "password1", "password2"]

    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError(_("Kata sandi lama salah."))
        return old


class AtasanForm(forms.Form):
    nip_atasan = forms.CharField(
        label=_("NIP atasan langsung"), required=False,
        help_text=_("Kosongkan bila pegawai tidak memiliki atasan di instansi ini."),
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput)
