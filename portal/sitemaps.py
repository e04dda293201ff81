from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from investments.models import Intervention
from lessons.models import Bottleneck, Lesson
from municipalities.models import Municipality


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPageSitemap(PortalSitemap):
    def items(self):
        return [
            "home",
            "municipalities:list",
            "investments:investment_list",
            "investments:intervention_list",
            "lessons:lesson_list",
            "lessons:bottleneck_list",
            "compare",
            "about",
            "open_data",
            "accessibility",
            "privacy",
        ]

    def location(self, item):
        return reverse(item)


class PublishedSitemap(PortalSitemap):
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


class MunicipalitySitemap(PublishedSitemap):
    model = Municipality


class InterventionSitemap(PublishedSitemap):
    model = Intervention


class LessonSitemap(PublishedSitemap):
    model = Lesson


class BottleneckSitemap(PublishedSitemap):
    model = Bottleneck


SITEMAPS = {
    "pages": StaticPageSitemap,
    "gemeenten": MunicipalitySitemap,
    "interventies": InterventionSitemap,
    "lessen": LessonSitemap,
    "knelpunten": BottleneckSitemap,
}
