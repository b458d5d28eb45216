from django.urls import path

from policies import views

app_name = "policies"

urlpatterns = [
    path("", views.PolicyListView.as_view(), name="list"),
    path("check/", views.check, name="check"),
    path("<str:key>/", views.PolicyDetailView.as_view(), name="detail"),
]
