"""Django's admin at /admin/: the operator's tool, for superusers only.

Agency staff (HR included) never enter it, whatever their flags: they work in the
application's own pages, which scope everything by agency. The operator sees every agency,
so each list filters by agency, a related object must belong to the same agency as the
row (a unit's parent, an employee's unit, position and supervisor, an account's employee),
and every save or delete is written to that agency's audit chain as well as the admin's log.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext_lazy as _

from kinerja.core import audit
from kinerja.org.models import ApiToken, Instansi, Jabatan, Pegawai, UnitKerja, User
from kinerja.org.nip import NipError, parse_nip
from kinerja.org.services import OrgError, check_supervisor


class OperatorAdminSite(admin.AdminSite):
    site_header = _("Kinerja — administrasi operator")
    site_title = _("Operator Kinerja")
    index_title = _("Data organisasi semua instansi")

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_staff and user.is_superuser


site = OperatorAdminSite(name="admin")


class SameAgencyForm(forms.ModelForm):
    """Refuses a related object of another agency than the row's own."""

    same_agency = ()

    def clean(self):
        cleaned = super().clean()
        instansi = cleaned.get("instansi") or getattr(self.instance, "instansi", None)
        for name in self.same_agency:
            related = cleaned.get(name)
            if related is not None and instansi is not None and related.instansi_id != instansi.pk:
                self.add_error(name, _("Harus dari instansi yang sama (%s).") % instansi.kode)
        return cleaned


class AuditedAdmin(admin.ModelAdmin):
    """Saves and deletions go to the row's agency audit chain, with the operator as actor."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        instansi = obj if isinstance(obj, Instansi) else getattr(obj, "instansi", None)
        if instansi is not None:
            audit.record(
                instansi, actor=request.user, action="admin.ubah" if change else "admin.tambah",
                obj=obj, after={"kolom": sorted(form.changed_data)},
            )  # fmt: skip

    def get_actions(self, request):
        # Bulk deletion skips delete_model, so it would leave no audit entry: one row at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        instansi = obj if isinstance(obj, Instansi) else getattr(obj, "instansi", None)
        if instansi is not None and not isinstance(obj, Instansi):
            audit.record(instansi, actor=request.user, action="admin.hapus", obj=obj)
        super().delete_model(request, obj)


@admin.register(Instansi, site=site)
class InstansiAdmin(AuditedAdmin):
    list_display = ("kode", "nama", "tingkat", "zona_waktu", "tempat")
    list_filter = ("tingkat", "zona_waktu")
    search_fields = ("kode", "nama")

    def has_delete_permission(self, request, obj=None):
        # An agency takes its whole history with it; Kinerja never deletes one.
        return False


class UnitForm(SameAgencyForm):
    same_agency = ("induk", "kepala")


@admin.register(UnitKerja, site=site)
class UnitKerjaAdmin(AuditedAdmin):
    form = UnitForm
    list_display = ("kode", "nama", "instansi", "induk", "kepala")
    list_filter = ("instansi",)
    search_fields = ("kode", "nama")
    list_select_related = ("instansi", "induk", "kepala")
    raw_id_fields = ("induk", "kepala")
    show_full_result_count = False


@admin.register(Jabatan, site=site)
class JabatanAdmin(AuditedAdmin):
    list_display = ("nama", "jenis", "instansi")
    list_filter = ("jenis", "instansi")
    search_fields = ("nama",)
    list_select_related = ("instansi",)


class PegawaiForm(SameAgencyForm):
    same_agency = ("unit", "jabatan", "atasan")
    nip_warnings: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        nip = cleaned.get("nip")
        if nip and "nip" in self.changed_data:
            # Spec §1: a new or changed NIP is checked as the import checks it; what §1 says to
            # warn about (appointed before 18) is shown after saving, never refused.
            try:
                parsed = parse_nip(nip, cleaned.get("status") or Pegawai.Status.PNS)
            except NipError as exc:
                self.add_error("nip", str(exc))
            else:
                cleaned["nip"] = parsed.nip
                self.nip_warnings = parsed.peringatan
        atasan = cleaned.get("atasan")
        if atasan is not None and "atasan" not in self.errors:
            try:
                check_supervisor(self.instance, atasan)
            except OrgError as exc:
                self.add_error("atasan", str(exc))
        return cleaned


@admin.register(Pegawai, site=site)
class PegawaiAdmin(AuditedAdmin):
    form = PegawaiForm
    list_display = ("nip", "nama", "status", "golongan", "unit", "instansi", "aktif")
    list_filter = ("instansi", "status", "aktif")
    search_fields = ("nip", "nama")
    list_select_related = ("instansi", "unit")
    raw_id_fields = ("unit", "jabatan", "atasan")
    readonly_fields = ("version", "diubah")
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in getattr(form, "nip_warnings", ()):
            self.message_user(request, f"Peringatan NIP {obj.nip}: {warning}", messages.WARNING)


class AkunForm(SameAgencyForm, UserChangeForm):
    same_agency = ("pegawai",)

    class Meta(UserChangeForm.Meta):
        model = User


@admin.register(User, site=site)
class AkunAdmin(AuditedAdmin, UserAdmin):
    form = AkunForm
    list_display = (
        "username", "instansi", "pegawai", "is_admin_kepegawaian", "is_pimpinan", "is_auditor",
        "is_active", "is_superuser",
    )  # fmt: skip
    list_filter = (
        "instansi", "is_admin_kepegawaian", "is_pimpinan", "is_auditor", "is_active",
        "is_superuser",
    )  # fmt: skip
    search_fields = ("username", "email", "pegawai__nip", "pegawai__nama")
    list_select_related = ("instansi", "pegawai")
    raw_id_fields = ("pegawai",)
    show_full_result_count = False
    # Groups and model permissions play no part: the admin is for superusers only, and the
    # application's roles are the flags below.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Data pribadi"), {"fields": ("first_name", "last_name", "email")}),
        (
            _("Kinerja"),
            {
                "fields": (
                    "instansi",
                    "pegawai",
                    "is_admin_kepegawaian",
                    "is_pimpinan",
                    "is_auditor",
                    "wajib_ganti_sandi",
                )  # fmt: skip
            },
        ),
        (_("Status"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Tanggal penting"), {"fields": ("last_login", "date_joined")}),
    )
    filter_horizontal = ()


@admin.register(ApiToken, site=site)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: secrets are made by their owners; revoke from the application."""

    list_display = ("nama", "prefix", "user", "instansi", "dibuat", "kedaluwarsa", "dicabut")
    list_filter = ("instansi",)
    search_fields = ("nama", "prefix", "user__username")
    list_select_related = ("user", "instansi")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
