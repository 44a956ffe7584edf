from django.urls import path

from . import views

app_name = "mobilisation"
urlpatterns = [
    path("mobilisatie/", views.home, name="home"),
    path("mobilisatie/segment/<int:segment_id>/", views.segment, name="segment"),
    path("mobilisatie/campagne/<int:campaign_id>/", views.campaign, name="campaign"),
    path("mobilisatie/campagne/<int:campaign_id>/versturen/", views.send, name="send"),
    path("mobilisatie/campagne/<int:campaign_id>/plannen/", views.schedule, name="schedule"),
    path("mobilisatie/taken/", views.tasks, name="tasks"),
    path("mobilisatie/mijn-berichten/", views.my_messages, name="my_messages"),
    path("mobilisatie/taken/<int:task_id>/klaar/", views.task_done, name="task_done"),
    path("mobilisatie/campagne/<int:campaign_id>/brieven.pdf", views.letters, name="letters"),
    path("mobilisatie/meldingen/brieven.pdf", views.notice_letters, name="notice_letters"),
    path("mobilisatie/m/<str:token>/", views.follow, name="follow"),
    path("dev/inbox/", views.inbox, name="inbox"),
]
