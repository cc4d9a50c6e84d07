"""While the database cannot be reached the app answers 503 with Retry-After, in the API's
error shape under /api/, and answers normally again as soon as the database is back."""

import re
from contextlib import contextmanager

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse

from kinerja.core.unavailable import RETRY_AFTER_SECONDS, server_error
from kinerja.org.tokens import create_token


@contextmanager
def database_down(error=OperationalError, only: str | None = None):
    """Every query (or every query matching ``only``) fails as it does while PostgreSQL
    restarts: the driver's error, raised before the statement reaches the server."""

    def refuse(execute, sql, params, many, context):
        if only is None or re.search(only, sql, re.IGNORECASE):
            raise error("connection to server at 127.0.0.1 failed: Connection refused")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


def test_page_answers_503_with_retry_after_while_the_database_is_down(personas, login):
    client = login(personas.pegawai)
    with database_down():
        response = client.get(reverse("home"))
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Sedang tidak tersedia" in response.content.decode()


def test_page_answers_again_once_the_database_is_back(personas, login):
    client = login(personas.pegawai)
    with database_down():
        assert client.get(reverse("home")).status_code == 503
    assert client.get(reverse("home")).status_code == 200


def test_api_answers_503_in_its_error_shape(personas):
    _, raw = create_token(personas.pegawai, nama="uji")
    client = Client(headers={"authorization": f"Bearer {raw}"})
    with database_down():
        response = client.get("/api/v1/org/saya")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.json()["kode"] == "basis_data_tidak_tersedia"
    assert client.get("/api/v1/org/saya").status_code == 200


def test_broken_connection_mid_request_is_503_too(personas, login):
    client = login(personas.pegawai)
    with database_down(error=InterfaceError):
        response = client.get(reverse("home"))
    assert response.status_code == 503


def test_public_survey_answers_503_while_the_database_is_down(db):
    client = Client()
    with database_down():
        response = client.post(
            "/api/v1/citizen/survei/TIDAKADA/",
            {f"u{i}": 3 for i in range(1, 10)},
            content_type="application/json",
        )
    assert response.status_code == 503
    assert response.json()["kode"] == "basis_data_tidak_tersedia"


def test_health_check_reports_the_database_down(db):
    with database_down():
        response = Client().get(reverse("health"))
    assert response.status_code == 503


def test_other_errors_stay_500(rf):
    request = rf.get("/")
    try:
        raise ValueError("bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_handler500_turns_database_errors_into_503(rf, error):
    request = rf.get("/api/v1/org/saya")
    try:
        raise error("server closed the connection unexpectedly")
    except error:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
