from django.contrib.sitemaps import Sitemap


class PortalSitemap(Sitemap):
    """Every page in Dutch and English, with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True


class PublishedSitemap(PortalSitemap):
    """The published records of `model`; drafts never reach a sitemap."""

    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at
