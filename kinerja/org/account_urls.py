from django.urls import path

from kinerja.org import account_views, setup_views

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
]
