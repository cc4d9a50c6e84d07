"""Settings for bench_survey_load: the product settings plus the baseline URL and a
trusted client-address header, so each simulated respondent has its own address."""

from kinerja.settings import *  # noqa: F403

ROOT_URLCONF = "bench.survey_urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
KINERJA_IP_HEADER = "HTTP_X_REAL_IP"
# The load generator is one "service" answered thousands of times a minute; the per-service
# flood guard would (rightly) stop it, so it is turned off here (count 0). Per-address
# limits, receipt codes and burst detection still run on every request.
KINERJA_SURVEI_BATAS_LAYANAN = (0, 60)
