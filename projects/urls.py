from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    path("<str:key>/", views.ProjectDetailView.as_view(), name="detail"),
]
