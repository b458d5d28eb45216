from django.urls import path

from api import enterprises, figures, news, policies, projects, reference, spaces, views

app_name = "api"

urlpatterns = [
    path("v1/zones/", reference.ZoneList.as_view(), name="zone-list"),
    path("v1/zones/<str:key>/", reference.ZoneDetail.as_view(), name="zone-detail"),
    path("v1/industries/", reference.IndustryList.as_view(), name="industry-list"),
    path("v1/targets/", reference.TargetList.as_view(), name="target-list"),
    path("v1/targets/<str:key>/", reference.TargetDetail.as_view(), name="target-detail"),
    path("v1/indicators/", reference.IndicatorList.as_view(), name="indicator-list"),
    path("v1/platforms/", reference.PlatformList.as_view(), name="platform-list"),
    path("v1/projects/", projects.ProjectList.as_view(), name="project-list"),
    path("v1/projects/<str:key>/", projects.ProjectDetail.as_view(), name="project-detail"),
    path("v1/enterprises/", enterprises.EnterpriseList.as_view(), name="enterprise-list"),
    path("v1/enterprises/<str:key>/", enterprises.EnterpriseDetail.as_view(), name="enterprise-detail"),
    path("v1/policies/", policies.PolicyList.as_view(), name="policy-list"),
    path("v1/policies/<str:key>/", policies.PolicyDetail.as_view(), name="policy-detail"),
    path("v1/spaces/", spaces.SpaceList.as_view(), name="space-list"),
    path("v1/spaces/<str:key>/", spaces.SpaceDetail.as_view(), name="space-detail"),
    path("v1/news/", news.NewsList.as_view(), name="news-list"),
    path("v1/news/<str:key>/", news.NewsDetail.as_view(), name="news-detail"),
    path("v1/events/", news.EventList.as_view(), name="event-list"),
    path("v1/events/<str:key>/", news.EventDetail.as_view(), name="event-detail"),
    path("v1/figures/", figures.Figures.as_view(), name="figures"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
]
