"""The public pages' URLs. Each group keeps the namespace its names have always had (a contract)."""

from django.urls import path

from .feeds import ChangesFeed, MunicipalityFeed, RoundFeed, ThemeFeed
from .views import country, investments, lessons, municipalities, rounds, site

municipality_patterns = (
    [
        path("", municipalities.municipality_list, name="list"),
        path("<slug:slug>/", municipalities.municipality_detail, name="detail"),
        path("<slug:slug>/feiten/", country.municipality_facts, name="facts"),
    ],
    "municipalities",
)

investment_patterns = (
    [
        path("investeringen/", investments.investment_list, name="investment_list"),
        path("interventies/", investments.intervention_list, name="intervention_list"),
        path("interventies/<slug:slug>/", investments.intervention_detail, name="intervention_detail"),
    ],
    "investments",
)

lesson_patterns = (
    [
        path("lessen/", lessons.lesson_list, name="lesson_list"),
        path("lessen/<slug:slug>/", lessons.lesson_detail, name="lesson_detail"),
        path("knelpunten/", lessons.bottleneck_list, name="bottleneck_list"),
        path("knelpunten/<slug:slug>/", lessons.bottleneck_detail, name="bottleneck_detail"),
        path("tips/", lessons.tip_list, name="tip_list"),
        path("citaten/", lessons.quote_list, name="quote_list"),
    ],
    "lessons",
)

round_patterns = (
    [
        path("", rounds.round_list, name="list"),
        path("<slug:slug>/", rounds.round_detail, name="detail"),
    ],
    "rounds",
)

site_patterns = [
    path("", site.home, name="home"),
    path("vergelijken/", site.compare, name="compare"),
    path("kaart/", country.country_map, name="map"),
    path("zoeken/", site.search, name="search"),
    path("over/", site.about, name="about"),
    path("toegankelijkheid/", site.accessibility, name="accessibility"),
    path("privacy/", site.privacy, name="privacy"),
    path("contact/", site.contact, name="contact"),
    # What is new: a page and Atom feeds (issue 23), all under recent/ so the namespaces stay as they are.
    path("recent/", site.recent, name="recent"),
    path("recent/feed/", ChangesFeed(), name="feed"),
    path("recent/gemeente/<slug:slug>/feed/", MunicipalityFeed(), name="municipality_feed"),
    path("recent/thema/<slug:slug>/feed/", ThemeFeed(), name="theme_feed"),
    path("recent/ronde/<slug:slug>/feed/", RoundFeed(), name="round_feed"),
]

root_patterns = [
    path(".well-known/security.txt", site.security_txt, name="security_txt"),
    path("robots.txt", site.robots_txt, name="robots_txt"),
    path("favicon.ico", site.favicon, name="favicon"),
]
