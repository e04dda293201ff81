import pytest


@pytest.fixture(autouse=True)
def open_data_files(settings, tmp_path):
    """Each test writes whole open-data files to its own directory, so every test builds its own
    files from its own data instead of finding one written by an earlier test."""
    settings.OPEN_DATA_FILES_DIR = tmp_path / "open-data-files"
    return settings.OPEN_DATA_FILES_DIR
