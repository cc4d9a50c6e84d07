from django.urls import path

from kinerja.org import account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("masuk/", account_views.LoginView.as_view(), name="login"),
    path("keluar/", account_views.logout_view, name="logout"),
    path("akun/sandi/", account_views.password_change, name="password_change"),
]
