from django.urls import reverse

from core.sitemaps import PortalSitemap
from investments.sitemaps import InterventionSitemap
from lessons.sitemaps import BottleneckSitemap, LessonSitemap
from municipalities.sitemaps import MunicipalitySitemap


class StaticPageSitemap(PortalSitemap):
    def items(self):
        return [
            "home",
            "municipalities:list",
            "investments:investment_list",
            "investments:intervention_list",
            "lessons:lesson_list",
            "lessons:bottleneck_list",
            "lessons:tip_list",
            "lessons:quote_list",
            "compare",
            "about",
            "open_data",
            "accessibility",
            "privacy",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": StaticPageSitemap,
    "gemeenten": MunicipalitySitemap,
    "interventies": InterventionSitemap,
    "lessen": LessonSitemap,
    "knelpunten": BottleneckSitemap,
}
