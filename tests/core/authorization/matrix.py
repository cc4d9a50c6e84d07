"""Every URL's expected answer per persona: the apps' rows together."""

from tests.core.authorization import api, citizen, core, followup, insight, org, scoring, skp

_APPS = (org, skp, scoring, citizen, followup, insight, core, api)

MATRIX: dict[str, dict[str, str]] = {name: row for app in _APPS for name, row in app.ROWS.items()}
assert len(MATRIX) == sum(len(app.ROWS) for app in _APPS), "a URL has rows in two apps"
