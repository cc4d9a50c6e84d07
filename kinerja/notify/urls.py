from django.urls import path

from kinerja.notify import views

urlpatterns = [
    path("", views.inbox, name="notify_inbox"),
    path("lonceng/", views.bell, name="notify_bell"),
    path("pengaturan/", views.preferences, name="notify_preferences"),
    path("tandai-dibaca/", views.mark_all_read, name="notify_mark_all_read"),
    path("<int:pk>/", views.open_notification, name="notify_open"),
]
