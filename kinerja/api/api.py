"""The HTTP API at /api/v1 (django-ninja, OpenAPI at /api/v1/docs).

Each app may have an ``api.py`` with a ``router`` (a ninja Router); they are
mounted here under the app's label, in the order of INSTALLED_APPS. Endpoints
call the same services and queries as the pages.
"""

from importlib import import_module

from django.apps import apps
from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(
    title="Kinerja API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    auth=django_auth,
    description=(
        "API Kinerja: organisasi, SKP, penilaian, survei dan aduan. "
        "Pesan galat berbahasa Indonesia."
    ),
)


def _mount_routers() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("kinerja.") or config.name == "kinerja.api":
            continue
        try:
            module = import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api":
                raise
            continue
        api.add_router(f"/{config.label}/", module.router)


_mount_routers()
