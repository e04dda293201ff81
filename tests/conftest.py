import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from core import derived
from core import reference_data as reference_files
from report.loader import load_report
from scaledata import factory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the report once per test session; each test's transaction is rolled back after it."""
    with django_db_blocker.unblock():
        load_report()


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """One transaction around a module's tests, rolled back after its last: what a module sets up
    once inside it (grown data, the country) is there for each test, whose own transaction nests
    inside as a savepoint and is rolled back to it. Growing the data took most of the query-count
    tests' time when every test grew its own.

    Only for a module whose every test wants that state and none commits (transactional_db); mark
    the module `pytest.mark.xdist_group(<its name>)` so that one worker runs all of it and sets it
    up once (pyproject.toml's `--dist loadgroup`)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """A database beside the test database with every migration applied, made once per session:
    tests that run the portal's commands as processes start from copies (tests/scratch_databases.py)."""
    from tests.scratch_databases import run, scratch_databases

    with scratch_databases(tmp_path_factory.mktemp("migrated"), "migrated") as (url,):
        run(url, "manage.py", "migrate", "--no-input", "-v0")
        yield url


@pytest.fixture(scope="session")
def database_with_report(migrated_database, tmp_path_factory):
    """`migrated_database` with the report loaded, made once per session."""
    from tests.scratch_databases import run, scratch_databases

    with scratch_databases(tmp_path_factory.mktemp("report"), "report", like=migrated_database) as (url,):
        run(url, "manage.py", "load_report")
        yield url


@pytest.fixture
def grow(db):
    """The one data factory: `grow(scale)` adds `15 × scale` fictitious published municipalities, ten
    investments each (one a draft) with themes, target groups, interventions and partners, and quotes,
    tips, links and interviews; so `grow(10)` makes the report's data about ten times as large.
    Inside the test's transaction, like any other test data."""

    def grow_by(scale=10):
        return factory.grow(municipalities=15 * scale, investments_each=10)

    return grow_by


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what waits for the commit (the content version's move), as a real
    commit would; a test's own transaction never commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(autouse=True)
def dutch_to_begin_with():
    """Every test starts in the portal's default language. LocaleMiddleware leaves the last request's
    language active in the thread, so a test calling code directly after another test's `/en/` request
    would otherwise read English messages, depending on the order the tests run in."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def precomputed(settings):
    """Values kept per content version (core.derived) on, as in production, from an empty cache: the
    test settings turn them off, since a test's transaction never commits and the version never
    moves. Yields the settings, so a test can turn them off again to compare."""
    settings.PORTAL_PRECOMPUTE = True
    cache.clear()
    derived.forget_version()
    yield settings
    cache.clear()


def _reference_data_present() -> bool:
    return reference_files.available(reference_files.MUNICIPALITY_LIST) and reference_files.available()


@pytest.fixture
def reference_data():
    """The real reference data folder (PORTAL_REFERENCE_DATA_DIR); the test is skipped without it."""
    if not _reference_data_present():
        pytest.skip(f"no reference data in {reference_files.folder()}")
    return reference_files.folder()


@pytest.fixture
def country(db, reference_data):
    """Every municipality of 2023 and the indicators, loaded inside the test's transaction."""
    from indicators.reference import load_reference_data

    return load_reference_data()


@pytest.fixture(scope="module")
def country_for_module(module_transaction):
    """`country`, loaded once for a module (module_transaction): a module whose tests all read the
    country overrides `country` with it. Loading it took seconds per test."""
    from indicators.reference import load_reference_data

    if not _reference_data_present():
        return None
    return load_reference_data()


@pytest.fixture
def country_once(db, reference_data, country_for_module):
    return country_for_module
