"""/open-data/: the dataset page, every dataset as JSON, CSV and XLSX, and the DCAT catalogue."""

import hashlib
import mmap
import shutil

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_GET

from core.derived import per_content_version

from . import store
from .datasets import DATASETS, FilterError, dataset_counts, model_states
from .formats import ROW_FORMATS, csv_chunks, json_chunks, selected_rows, write_rows, xlsx_file

FORMATS = {
    "json": {"media_type": "application/json", "label": "JSON"},
    "csv": {"media_type": "text/csv", "label": "CSV"},
    "xlsx": {"media_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "label": "XLSX"},
}
CACHE_SECONDS = 300


def _file_url(name, extension):
    return reverse("open_data_file", kwargs={"name": name, "extension": extension})


def _dataset_facts() -> dict:
    """{name: (number of records, last modified)} of every dataset, once per content version.

    Counting every dataset and measuring every model's state is the page's whole cost (two
    queries, but built from fifteen subqueries and counted over everything). Open data holds only
    published content, whoever asks, so the staff's previews need no exception here.
    """

    def build():
        states, counts = model_states(DATASETS.values()), dataset_counts(DATASETS.values())
        return {name: (counts[name], dataset.fingerprint(states)[0]) for name, dataset in DATASETS.items()}

    return per_content_version("open-data:facts", build)


def _fingerprint(dataset) -> tuple:
    """(last modified, version) of one dataset: its files' Last-Modified and ETag."""
    return per_content_version(f"open-data:fingerprint:{dataset.name}", dataset.fingerprint)


def _dataset_listing():
    facts = _dataset_facts()
    listing = []
    for name, dataset in DATASETS.items():
        count, last_modified = facts[name]
        listing.append(
            {
                "dataset": dataset,
                "count": count,
                "last_modified": last_modified,
                "downloads": [
                    {"url": _file_url(name, extension), "label": spec["label"], "extension": extension}
                    for extension, spec in FORMATS.items()
                ],
            }
        )
    return listing


def open_data(request):
    return render(
        request,
        "portal/open_data.html",
        {
            "datasets": _dataset_listing(),
            "catalogue_url": reverse("open_data_catalogue"),
            "licence_name": settings.OPEN_DATA_LICENCE_NAME,
            "licence_url": settings.OPEN_DATA_LICENCE_URL,
        },
    )


def _filter_error_response(error: FilterError):
    body = "\n".join(
        [
            _("De filters in het adres kloppen niet; er zijn geen gegevens geleverd."),
            error.message("nl"),
            "",
            "The filters in the address are not valid; no data was returned.",
            error.message("en"),
        ]
    )
    return HttpResponse(body + "\n", status=400, content_type="text/plain; charset=utf-8")


@require_GET
def open_data_file(request, name, extension):
    dataset = DATASETS.get(name)
    if dataset is None or extension not in FORMATS:
        raise Http404
    try:
        queryset = dataset.filtered_queryset(dict(request.GET.items()))
    except FilterError as error:
        return _filter_error_response(error)

    last_modified, version = _fingerprint(dataset)
    query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:12]
    etag = f'"{version}-{extension}-{query}"'
    # HTTP dates have whole seconds; with the fraction, If-Modified-Since (the header's own value
    # sent back) would compare as older than the data and never give 304.
    timestamp = int(last_modified.timestamp()) if last_modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if not_modified is not None:
        # A 304 names the version it confirms, as the 200 it stands for would.
        not_modified["ETag"] = etag
        return not_modified

    date = timezone.localdate(last_modified) if last_modified else timezone.localdate()
    filename = f"{name}-{date.isoformat()}.{extension}"
    if request.GET:
        response = _selection_of_whole_file(request, dataset, name, extension, version, queryset)
        if response is None:
            response = _streamed_file(request, dataset, name, extension, queryset)
    else:
        response = _whole_file(request, dataset, name, extension, version)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _content_type(extension):
    media_type = FORMATS[extension]["media_type"]
    return media_type if extension == "xlsx" else f"{media_type}; charset=utf-8"


def _file_body(dataset, name, extension, rows):
    """The file as chunks: JSON and CSV stream as they are written; XLSX needs the whole workbook."""
    if extension == "json":
        return json_chunks(rows)
    if extension == "csv":
        return csv_chunks(dataset.field_names, rows)
    return xlsx_file(name, dataset.field_names, rows)


def _streamed_file(request, dataset, name, extension, queryset):
    """A filtered selection, written from the database as it is sent: memory stays flat. For what
    `_selection_of_whole_file` cannot cut out of the whole file."""
    body = _file_body(dataset, name, extension, dataset.rows(request.build_absolute_uri, queryset))
    if extension == "xlsx":
        return FileResponse(body, content_type=_content_type(extension))
    return StreamingHttpResponse(body, content_type=_content_type(extension))


def _whole_file(request, dataset, name, extension, version):
    # FileResponse sends the file in blocks and sets Content-Length from its size.
    handle = _open_whole_file(request, dataset, name, extension, version)
    return FileResponse(handle, content_type=_content_type(extension))


def _open_whole_file(request, dataset, name, extension, version):
    """A whole dataset: written to disk once per version of its published content, then read from there.

    Whatever PORTAL_CACHE says (see opendata.store). The file's name holds the version (from the
    dataset's own fingerprint) and the origin, since rows carry absolute URLs. A dataset with a key
    field has its JSON and CSV rows' places recorded beside the file, for `_selection_of_whole_file`.
    """

    def write(handle):
        rows = dataset.rows(request.build_absolute_uri, dataset.queryset())
        if dataset.key_field and extension in ROW_FORMATS:
            return write_rows(handle, extension, dataset.field_names, rows, dataset.key_field)
        body = _file_body(dataset, name, extension, rows)
        if extension == "xlsx":
            with body:
                shutil.copyfileobj(body, handle)
        else:
            for chunk in body:
                handle.write(chunk.encode())
        return None

    origin = f"{request.scheme}://{request.get_host()}"
    return store.whole_file(name, extension, version, origin, write)


def _selection_of_whole_file(request, dataset, name, extension, version, queryset):
    """A filtered JSON or CSV download as the selected rows cut out of the whole file, or None where
    that cannot be done (XLSX, a dataset without a key field, a record newer than the file).

    A row's text does not depend on the filters, so the selection's rows are bytes the whole file
    already holds: the download reads the selection's ids (one query) instead of every row's values,
    and writes no row. At national scale (10,000 investments) that is several times quicker than
    writing the rows afresh, which the scale benchmark (make bench-scale) needs.
    """
    if not dataset.key_field or extension not in ROW_FORMATS:
        return None
    handle = _open_whole_file(request, dataset, name, extension, version)
    spans = store.row_spans(handle)
    # The rows' places put them in the file's order, so the database need not sort the ids.
    selected = None if spans is None else spans.of(queryset.order_by().values_list("pk", flat=True))
    if selected is None:
        handle.close()
        return None
    # The whole file mapped, not read: only the selected rows' pages are touched.
    file_bytes = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    handle.close()
    length, chunks = selected_rows(extension, dataset.field_names, file_bytes, selected)

    def body():
        try:
            yield from chunks
        finally:
            file_bytes.close()

    response = StreamingHttpResponse(body(), content_type=_content_type(extension))
    response["Content-Length"] = length
    return response


@require_GET
def catalogue(request):
    """A DCAT-AP-NL style catalogue in JSON-LD, for harvesters such as data.overheid.nl."""
    # The texts are tagged as Dutch, so they are Dutch whichever language the URL asks for.
    with override("nl"):
        return _catalogue(request)


def _catalogue(request):
    absolute = request.build_absolute_uri
    publisher = {
        "@type": "foaf:Agent",
        "foaf:name": settings.OPEN_DATA_PUBLISHER_NAME,
        "foaf:homepage": settings.OPEN_DATA_PUBLISHER_URL,
    }
    contact_point = {
        "@type": "vcard:Organization",
        "vcard:fn": settings.OPEN_DATA_PUBLISHER_NAME,
        "vcard:hasURL": absolute(reverse("about")),
    }
    if settings.OPEN_DATA_CONTACT_EMAIL:
        contact_point["vcard:hasEmail"] = f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}"

    datasets, newest, facts = [], None, _dataset_facts()
    for name, dataset in DATASETS.items():
        _count, last_modified = facts[name]
        if last_modified and (newest is None or last_modified > newest):
            newest = last_modified
        modified = last_modified.isoformat() if last_modified else None
        datasets.append(
            {
                "@id": absolute(f"{reverse('open_data')}#{name}"),
                "@type": "dcat:Dataset",
                "dct:identifier": absolute(f"{reverse('open_data')}#{name}"),
                "dct:title": {"@language": "nl", "@value": str(dataset.title)},
                "dct:description": {"@language": "nl", "@value": str(dataset.description)},
                "dct:publisher": publisher,
                "dcat:contactPoint": contact_point,
                "dct:license": {"@id": settings.OPEN_DATA_LICENCE_URL},
                "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/NLD"},
                "dct:modified": {"@type": "xsd:dateTime", "@value": modified} if modified else None,
                "dct:source": getattr(dataset, "source", "Movisie (2019), in opdracht van het ministerie van VWS"),
                "dcat:keyword": ["eenzaamheid", "gemeenten", "decentralisatie-uitkering", "sociaal domein"],
                "dcat:landingPage": {"@id": absolute(reverse("open_data"))},
                "dcat:distribution": [
                    {
                        "@id": absolute(_file_url(name, extension)),
                        "@type": "dcat:Distribution",
                        "dct:title": f"{dataset.title} ({spec['label']})",
                        "dcat:accessURL": {"@id": absolute(_file_url(name, extension))},
                        "dcat:downloadURL": {"@id": absolute(_file_url(name, extension))},
                        "dct:format": {
                            "@id": f"http://publications.europa.eu/resource/authority/file-type/{extension.upper()}"
                        },
                        "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{spec['media_type']}"},
                        "dct:license": {"@id": settings.OPEN_DATA_LICENCE_URL},
                    }
                    for extension, spec in FORMATS.items()
                ],
            }
        )
    document = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": absolute(reverse("open_data_catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": {"@language": "nl", "@value": _("Open data over de lokale aanpak van eenzaamheid")},
        "dct:description": {
            "@language": "nl",
            "@value": _(
                "Gegevens uit het onderzoek van Movisie (2019) naar de decentralisatie-uitkering eenzaamheid "
                "in zestien gemeenten: gemeenten, investeringen, interventies, lessen, knelpunten en citaten."
            ),
        },
        "dct:publisher": publisher,
        "dct:license": {"@id": settings.OPEN_DATA_LICENCE_URL},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/NLD"},
        "dct:modified": {"@type": "xsd:dateTime", "@value": newest.isoformat()} if newest else None,
        "foaf:homepage": {"@id": absolute(reverse("home"))},
        "dcat:dataset": datasets,
    }
    return JsonResponse(
        document,
        content_type="application/ld+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
