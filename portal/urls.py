from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import health, open_data_views, views
from .sitemaps import SITEMAPS

admin.site.site_header = _("Beheer aanpak eenzaamheid")
admin.site.site_title = _("Beheer aanpak eenzaamheid")
admin.site.index_title = _("Onderzoeksgegevens")

urlpatterns = [
    path("beheer/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

# Dutch at the root, English under /en/: the URL alone says which language a page is in.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("gemeenten/", include("municipalities.urls")),
    path("", include("investments.urls")),
    path("", include("lessons.urls")),
    path("vergelijken/", views.compare, name="compare"),
    path("zoeken/", views.search, name="search"),
    path("over/", views.about, name="about"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("open-data/", open_data_views.open_data, name="open_data"),
    path("open-data/catalogus.jsonld", open_data_views.catalogue, name="open_data_catalogue"),
    path("open-data/<slug:name>.<str:extension>", open_data_views.open_data_file, name="open_data_file"),
    prefix_default_language=False,
)

handler400 = "portal.views.bad_request"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
