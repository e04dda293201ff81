from django.urls import path

from . import views

app_name = "investments"

urlpatterns = [
    path("investeringen/", views.investment_list, name="investment_list"),
    path("interventies/", views.intervention_list, name="intervention_list"),
    path("interventies/<slug:slug>/", views.intervention_detail, name="intervention_detail"),
]
