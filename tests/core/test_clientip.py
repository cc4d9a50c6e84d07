"""The client's real address: believed from the configured header only through a trusted
proxy, taken from the right of X-Forwarded-For, and used by the rate limits and the lockout."""

import logging

import pytest
from django.test import RequestFactory

from kinerja.citizen.protection import client_network
from kinerja.core import clientip
from kinerja.core.clientip import ProxyAddressWarningMiddleware, client_ip, meta_key

rf = RequestFactory()


def request(remote="127.0.0.1", **headers):
    return rf.get("/", REMOTE_ADDR=remote, **headers)


def test_without_a_header_the_socket_peer_is_the_client(settings):
    settings.KINERJA_IP_HEADER = ""
    assert client_ip(request("203.0.113.7", HTTP_X_FORWARDED_FOR="1.1.1.1")) == "203.0.113.7"


def test_header_names_are_accepted_as_written_or_as_meta_keys():
    assert meta_key("X-Forwarded-For") == "HTTP_X_FORWARDED_FOR"
    assert meta_key("x-real-ip") == "HTTP_X_REAL_IP"
    assert meta_key("HTTP_X_REAL_IP") == "HTTP_X_REAL_IP"
    assert meta_key("") == ""


def test_forwarded_for_takes_the_address_the_trusted_proxy_appended(settings):
    settings.KINERJA_IP_HEADER = "X-Forwarded-For"
    # the client forged "6.6.6.6"; nginx on 127.0.0.1 appended the real peer 198.51.100.4
    forged = request("127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4")
    assert client_ip(forged) == "198.51.100.4"


def test_forwarded_for_skips_every_trusted_hop_from_the_right(settings):
    settings.KINERJA_IP_HEADER = "X-Forwarded-For"
    settings.KINERJA_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    chain = request("127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4, 10.1.2.3")
    assert client_ip(chain) == "198.51.100.4"


def test_a_forged_garbage_entry_does_not_replace_the_proxy_seen_address(settings):
    settings.KINERJA_IP_HEADER = "X-Forwarded-For"
    assert client_ip(request("127.0.0.1", HTTP_X_FORWARDED_FOR="bukan-ip, 127.0.0.1")) == (
        "127.0.0.1"
    )


def test_the_header_from_an_untrusted_peer_is_ignored(settings):
    settings.KINERJA_IP_HEADER = "X-Forwarded-For"
    direct = request("203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert client_ip(direct) == "203.0.113.9"


def test_real_ip_header_is_taken_as_it_is_from_a_trusted_proxy(settings):
    settings.KINERJA_IP_HEADER = "X-Real-IP"
    assert client_ip(request("::1", HTTP_X_REAL_IP="198.51.100.4")) == "198.51.100.4"
    assert client_ip(request("::1", HTTP_X_REAL_IP="bukan-ip")) == "::1"


def test_ports_brackets_and_mapped_ipv4_are_understood(settings):
    settings.KINERJA_IP_HEADER = "X-Forwarded-For"
    assert client_ip(request("127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4:5123")) == (
        "198.51.100.4"
    )
    assert client_ip(request("127.0.0.1", HTTP_X_FORWARDED_FOR="[2001:db8::5]:443")) == (
        "2001:db8::5"
    )
    assert client_ip(request("::ffff:127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4")) == (
        "198.51.100.4"
    )


def test_the_public_forms_count_the_forwarded_client_not_the_proxy(settings):
    settings.KINERJA_IP_HEADER = "X-Forwarded-For"
    one = client_network(request("127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4"))
    two = client_network(request("127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.5"))
    assert (one, two) == ("198.51.100.4", "198.51.100.5")
    v6 = client_network(request("127.0.0.1", HTTP_X_FORWARDED_FOR="2001:db8::5"))
    assert v6 == "2001:db8::/64"


def test_the_login_lockout_reads_the_same_address(settings):
    from axes.helpers import get_client_ip_address

    settings.KINERJA_IP_HEADER = "X-Forwarded-For"
    assert settings.AXES_CLIENT_IP_CALLABLE == "kinerja.core.clientip.client_ip"
    forged = request("127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4")
    assert get_client_ip_address(forged) == "198.51.100.4"


def test_a_bad_trusted_proxy_setting_stops_the_start():
    import os
    import subprocess
    import sys

    from tests.worker_process import ROOT

    env = {**os.environ, "KINERJA_TRUSTED_PROXIES": "127.0.0.1,nginx"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "KINERJA_TRUSTED_PROXIES: 'nginx' bukan alamat IP" in result.stderr


@pytest.fixture
def production(settings):
    settings.PRODUCTION = True
    settings.KINERJA_IP_HEADER = ""


def _serve(middleware, remotes):
    for remote in remotes:
        middleware(request(remote))


def test_production_warns_once_when_every_request_comes_from_the_proxy(production, caplog):
    middleware = ProxyAddressWarningMiddleware(lambda r: None)
    with caplog.at_level(logging.WARNING, logger="kinerja.clientip"):
        _serve(middleware, ["127.0.0.1"] * (clientip.WARNING_SAMPLE * 3))
    warnings = [r for r in caplog.records if r.name == "kinerja.clientip"]
    assert len(warnings) == 1
    assert "KINERJA_IP_HEADER" in warnings[0].getMessage()


def test_no_warning_when_clients_reach_the_app_directly(production, caplog):
    middleware = ProxyAddressWarningMiddleware(lambda r: None)
    with caplog.at_level(logging.WARNING, logger="kinerja.clientip"):
        _serve(middleware, ["127.0.0.1", "203.0.113.9"] + ["127.0.0.1"] * 40)
    assert not [r for r in caplog.records if r.name == "kinerja.clientip"]


def test_no_warning_once_the_header_is_configured(production, settings, caplog):
    settings.KINERJA_IP_HEADER = "X-Real-IP"
    middleware = ProxyAddressWarningMiddleware(lambda r: None)
    with caplog.at_level(logging.WARNING, logger="kinerja.clientip"):
        _serve(middleware, ["127.0.0.1"] * 40)
    assert not [r for r in caplog.records if r.name == "kinerja.clientip"]
