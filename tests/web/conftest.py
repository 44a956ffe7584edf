import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _restore_language():
    """A request in English or French leaves that language active in the test thread; put Dutch back."""
    before = translation.get_language()
    yield
    translation.activate(before) if before else translation.deactivate()
