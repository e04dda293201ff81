from core.sitemaps import PublishedSitemap

from .models import Intervention


class InterventionSitemap(PublishedSitemap):
    model = Intervention
