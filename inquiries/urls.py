from django.urls import path

from inquiries import views

app_name = "inquiries"

urlpatterns = [
    path("", views.inquiry_form, name="form"),
    path("thanks/", views.inquiry_thanks, name="thanks"),
    path("status/", views.inquiry_status, name="status"),
]
