"""Save the HTML of a set of public pages, to compare before and after a change that must not alter them.

Usage: python tools/page_snapshots.py SOURCE.sqlite3 OUTPUT_DIR
       diff -r BEFORE_DIR AFTER_DIR

SOURCE is a SQLite database with the report and the reference data loaded (`manage.py load_report`,
`load_reference_data`); the tool works on a copy beside OUTPUT_DIR, where it makes a few records
drafts, so that a researcher's preview differs from the public page. Every page is requested as the
public and as a researcher, in Dutch and English, twice (the second from the values and fragments
the first kept), with the page cache off; CSRF tokens are blanked. Run it from the old and the new
code against the same SOURCE and compare the folders. Write OUTPUT_DIR outside the repository.
"""

import os
import re
import shutil
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def _draft(model, **lookup):
    pks = list(model.objects.filter(**lookup).values_list("pk", flat=True)[:1])
    model.objects.filter(pk__in=pks).update(publication_status="draft")


def _paths():
    from investments.models import Intervention
    from lessons.models import Bottleneck, Lesson
    from municipalities.models import Municipality

    studied = sorted(set(Municipality.objects.filter(interviews__isnull=False).values_list("slug", flat=True)))
    paths = [f"/gemeenten/{slug}/" for slug in studied]
    paths += ["/gemeenten/s-hertogenbosch/", "/gemeenten/aalsmeer/", "/gemeenten/heerlen/feiten/"]
    paths += [f"/gemeenten/{query}" for query in LIST_QUERIES]
    paths += [f"/lessen/{slug}/" for slug in Lesson.objects.values_list("slug", flat=True)]
    paths += [f"/knelpunten/{slug}/" for slug in Bottleneck.objects.values_list("slug", flat=True)]
    paths += [f"/interventies/{slug}/" for slug in Intervention.objects.values_list("slug", flat=True)]
    return paths + OTHER_PAGES


LIST_QUERIES = [
    *("", "?pagina=2", "?thema=training", "?provincie=limburg", "?sorteer=-gedaan", "?sorteer=provincie"),
    *("?sorteer=aanpak&pagina=2", "?deelname=alle&pagina=3", "?deelname=2019", "?provincie=nergens"),
    *("?thema=bestaat-niet&sorteer=x", "?provincie=zuid-holland&thema=training&sorteer=-gedaan"),
]
OTHER_PAGES = [
    *("/", "/?kaartindicator=eenzaam", "/?kaartthema=training", "/kaart/", "/kaart/?indicator=inwoners"),
    *("/lessen/", "/knelpunten/", "/tips/", "/tips/?pagina=2", "/citaten/", "/citaten/?gemeente=heerlen"),
    *("/rondes/", "/rondes/2019/", "/interventies/", "/interventies/?q=maat", "/investeringen/"),
    *("/investeringen/?pagina=2", "/investeringen/?thema=training&status=gedaan", "/investeringen/?ronde=2019"),
    *("/investeringen/?q=compaan", "/investeringen/?status=bestaat-niet", "/investeringen/?sorteer=titel"),
]


def main(source, output):
    output = Path(output)
    copy = output.with_suffix(".sqlite3")
    shutil.copy(source, copy)
    os.environ["DATABASE_URL"] = f"sqlite:///{copy}"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ["PORTAL_CACHE"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.test import Client

    from core import content_version
    from investments.models import Investment
    from lessons.models import Bottleneck, Lesson, Quote, Tip
    from municipalities.models import Municipality

    settings.ALLOWED_HOSTS = ["*"]
    _draft(Quote, municipality__slug="heerlen")
    _draft(Tip)
    _draft(Lesson, slug="integrale-aanpak")
    _draft(Bottleneck, slug="community-building")
    _draft(Investment, municipality__slug="heerlen")
    _draft(Municipality, slug="aalsmeer")
    content_version.bump()
    researcher = User.objects.create_superuser("snapshots", "snapshots@example.org", "-")
    paths = _paths()
    output.mkdir(parents=True, exist_ok=True)
    csrf = re.compile(rb'(csrfmiddlewaretoken" value=")[^"]*')
    cache.clear()
    for who in ("public", "researcher"):
        client = Client()
        if who == "researcher":
            client.force_login(researcher)
        for prefix in ("", "/en"):
            for attempt in ("cold", "warm"):
                for path in paths:
                    response = client.get(prefix + path)
                    name = re.sub(r"[^a-z0-9]+", "_", (prefix + path).lower()).strip("_") or "home"
                    body = csrf.sub(rb"\1X", response.content)
                    (output / f"{who}-{attempt}-{name}.html").write_bytes(f"{response.status_code}\n".encode() + body)
    print(f"{len(paths) * 8} pages in {output}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
