import pytest

from report.loader import load_report


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the report once per test session; each test's transaction is rolled back after it."""
    with django_db_blocker.unblock():
        load_report()
