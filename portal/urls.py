from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import health, views
from pages import sitemaps
from pages import urls as pages

admin.site.site_header = _("Beheer aanpak eenzaamheid")
admin.site.site_title = _("Beheer aanpak eenzaamheid")
admin.site.index_title = _("Onderzoeksgegevens")

urlpatterns = [
    path("beheer/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    *pages.root_patterns,
]
if settings.PORTAL_BENCHMARK:
    # Only while measuring (make bench): the reference the pages are compared with.
    urlpatterns.append(path("__bench__/bare/<int:size>/", views.bare_bytes))

# Dutch at the root, English under /en/: the URL alone says which language a page is in.
urlpatterns += i18n_patterns(
    *pages.site_patterns,
    path("gemeenten/", include(pages.municipality_patterns)),
    path("rondes/", include(pages.round_patterns)),
    path("", include(pages.investment_patterns)),
    path("", include(pages.lesson_patterns)),
    path("", include("opendata.urls")),
    path("rapporteren/", include("selfreport.urls")),
    prefix_default_language=False,
)

handler400 = "core.views.bad_request"
handler404 = "pages.views.site.page_not_found"
handler500 = "pages.views.site.server_error"
