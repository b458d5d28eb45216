from django.urls import path

from api import views

app_name = "api"

urlpatterns = [
    path("v1/zones/", views.ZoneList.as_view(), name="zone-list"),
    path("v1/zones/<str:key>/", views.ZoneDetail.as_view(), name="zone-detail"),
    path("v1/industries/", views.IndustryList.as_view(), name="industry-list"),
    path("v1/indicators/", views.IndicatorList.as_view(), name="indicator-list"),
    path("v1/platforms/", views.PlatformList.as_view(), name="platform-list"),
    path("v1/projects/", views.ProjectList.as_view(), name="project-list"),
    path("v1/projects/<str:key>/", views.ProjectDetail.as_view(), name="project-detail"),
    path("v1/enterprises/", views.EnterpriseList.as_view(), name="enterprise-list"),
    path("v1/enterprises/<str:key>/", views.EnterpriseDetail.as_view(), name="enterprise-detail"),
    path("v1/policies/", views.PolicyList.as_view(), name="policy-list"),
    path("v1/policies/<str:key>/", views.PolicyDetail.as_view(), name="policy-detail"),
    path("v1/spaces/", views.SpaceList.as_view(), name="space-list"),
    path("v1/spaces/<str:key>/", views.SpaceDetail.as_view(), name="space-detail"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
]
