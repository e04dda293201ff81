from core.sitemaps import PublishedSitemap

from .models import Bottleneck, Lesson


class LessonSitemap(PublishedSitemap):
    model = Lesson


class BottleneckSitemap(PublishedSitemap):
    model = Bottleneck
