from core.sitemaps import PublishedSitemap

from .models import Municipality


class MunicipalitySitemap(PublishedSitemap):
    model = Municipality
