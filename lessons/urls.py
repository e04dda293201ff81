from django.urls import path

from . import views

app_name = "lessons"

urlpatterns = [
    path("lessen/", views.lesson_list, name="lesson_list"),
    path("lessen/<slug:slug>/", views.lesson_detail, name="lesson_detail"),
    path("knelpunten/", views.bottleneck_list, name="bottleneck_list"),
    path("knelpunten/<slug:slug>/", views.bottleneck_detail, name="bottleneck_detail"),
]
