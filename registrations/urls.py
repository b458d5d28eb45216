"""Mounted at /events/ before the news app's event pages, whose `<slug>/` would otherwise take
"registered" and "registration" (news.models.RESERVED_SLUGS keeps them free)."""

from django.urls import path

from registrations import views

app_name = "registrations"

urlpatterns = [
    path("registered/", views.thanks, name="thanks"),
    path("registration/", views.status, name="status"),
    path("<slug:slug>/register/", views.register, name="register"),
]
