"""`{% fragment "name" value … %}…{% endfragment %}`: the markup inside, kept once per content
version, language, name and values.

Cards, quote blocks and tip blocks are templates; a page of fifty cards renders in tens of
milliseconds, and the same cards render the same until public content changes. So a page wraps
them in this tag, and the values name what the markup shows (the records, the options). Model
instances count by their primary key, lists by their items, so `page` (a page of records) names
its records.

Researchers previewing drafts always get the markup rendered: it shows unpublished work. With
`PORTAL_PRECOMPUTE` off (the tests' default, where the version never moves) nothing is kept.
"""

import functools
import hashlib
from pathlib import Path

from django import template
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.derived import TIMEOUT_SECONDS, _schema, current_version, key_part
from core.models import previews_drafts

register = template.Library()


@functools.cache
def _release() -> str:
    """What markup is made with in this release: the project's templates, its template tags and the
    models' shape. The shared cache outlives a deploy, and the content version does not move with
    one: a new release must not serve the markup the old one kept."""
    digest = hashlib.sha256(_schema().encode())
    roots = [Path(root) for engine in settings.TEMPLATES for root in engine.get("DIRS", [])]
    roots += [Path(config.path) / "templatetags" for config in apps.get_app_configs()]
    for root in roots:
        if not Path(root).resolve().is_relative_to(settings.BASE_DIR):
            continue  # a library's own templates: an upgrade that changes them needs the cache cleared
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in {".html", ".txt", ".py"}:
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def fragment_key(name, values) -> str:
    named = repr((name, tuple(key_part(value) for value in values)))
    digest = hashlib.sha256(named.encode()).hexdigest()[:32]
    return f"fragment:{current_version()}:{_release()}:{get_language()}:{digest}"


def keeps_fragments(context) -> bool:
    request = context.get("request")
    return bool(settings.PORTAL_PRECOMPUTE and request is not None and not previews_drafts(request.user))


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist, self.name, self.values = nodelist, name, values

    def render(self, context):
        if not keeps_fragments(context):
            return self.nodelist.render(context)
        key = fragment_key(self.name.resolve(context), [value.resolve(context) for value in self.values])
        markup = cache.get(key)
        if markup is None:
            markup = self.nodelist.render(context)
            cache.set(key, str(markup), TIMEOUT_SECONDS)
        return mark_safe(markup)  # noqa: S308 - rendered (and escaped) by the template above


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("fragment takes a name and the values the markup depends on")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]])
