from django.urls import path

from news import feeds, views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("calendar.ics", feeds.events_calendar, name="calendar"),
    path("<str:key>/", views.EventDetailView.as_view(), name="detail"),
]
