from django.urls import path

from . import views

# No namespace: these names predate the apps and are part of the contract.
urlpatterns = [
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/catalogus.jsonld", views.catalogue, name="open_data_catalogue"),
    path("open-data/<slug:name>.<str:extension>", views.open_data_file, name="open_data_file"),
]
