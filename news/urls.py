from django.urls import path

from news import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.NewsListView.as_view(), name="list"),
    path("feeds/<slug:kind>.<slug:fmt>", feeds.feed, name="feed"),
    path("<str:key>/", views.NewsDetailView.as_view(), name="detail"),
]
