import pytest

from tests.followup.conftest import closed, kepala  # noqa: F401 - fixtures reused here
from tests.skp.conftest import atasan_skp, periode  # noqa: F401 - fixtures reused here


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def with_emails(personas):
    """Every persona has an email address (the default preference is "email segera")."""
    for user in (personas.pegawai, personas.atasan, personas.rekan, personas.admin,
                 personas.pimpinan, personas.auditor, personas.outsider):  # fmt: skip
        user.email = f"{user.username}@contoh.go.id"
        user.save(update_fields=["email"])
    return personas
