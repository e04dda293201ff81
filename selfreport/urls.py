from django.urls import path

from . import views

app_name = "selfreport"

urlpatterns = [
    path("<str:token>/", views.questionnaire, name="questionnaire"),
    path("<str:token>/ingediend/", views.submitted, name="submitted"),
]
