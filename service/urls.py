from django.urls import path

from service import views

app_name = "service"
urlpatterns = [
    path("", views.service_home, name="home"),
    path("request/", views.request_form, name="request"),
    path("request/thanks/", views.request_thanks, name="thanks"),
    path("status/", views.request_status, name="status"),
]
