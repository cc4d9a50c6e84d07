from django.urls import reverse


def test_home_page_shows_the_employee_their_own_data(personas, login):
    client = login(personas.pegawai)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert personas.pegawai_pegawai.nip_tertulis in response.content.decode()
