from django.urls import path

from kinerja.org import account_views, layanan_views, setup_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("masuk/", account_views.LoginView.as_view(), name="login"),
    path("mulai/", setup_views.mulai, name="setup_start"),
    path("keluar/", account_views.logout_view, name="logout"),
    path("akun/sandi/", account_views.password_change, name="password_change"),
    path("akun/token/", account_views.api_tokens, name="api_tokens"),
    path(
        "akun/token/<int:token_id>/cabut/", account_views.api_token_revoke, name="api_token_revoke"
    ),
    path("akun/layanan/", layanan_views.akun_layanan_list, name="akun_layanan_list"),
    path("akun/layanan/<int:pk>/", layanan_views.akun_layanan_detail, name="akun_layanan_detail"),
    path(
        "akun/layanan/<int:pk>/aktif/", layanan_views.akun_layanan_aktif, name="akun_layanan_aktif"
    ),  # fmt: skip
    path(
        "akun/layanan/<int:pk>/token/<int:token_id>/cabut/",
        layanan_views.akun_layanan_token_cabut,
        name="akun_layanan_token_cabut",
    ),  # fmt: skip
]
