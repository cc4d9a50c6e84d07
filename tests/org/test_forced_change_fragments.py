"""A forced password change redirects pages, but the fragments a page loads by itself (the
inbox bell) get nothing: the change page must not be swapped into the header."""

import pytest
from django.urls import reverse

from tests.factories import PegawaiFactory, UserFactory


@pytest.mark.django_db
def test_a_forced_change_answers_fragments_with_nothing_and_pages_with_the_change_page(client):
    user = UserFactory(pegawai=PegawaiFactory())
    user.wajib_ganti_sandi = True
    user.save()
    client.force_login(user)
    bell = client.get(reverse("notify_bell"), HTTP_HX_REQUEST="true")
    assert bell.status_code == 204 and bell.content == b""
    page = client.get(reverse("notify_inbox"))
    assert page.status_code == 302 and page["Location"] == reverse("password_change")
    user.wajib_ganti_sandi = False
    user.save()
    assert client.get(reverse("notify_bell"), HTTP_HX_REQUEST="true").status_code == 200
