import pytest

from tests.notices.webhooks.receiver import Receiver


@pytest.fixture
def receiver_factory():
    """receiver_factory(answers=()) -> a running Receiver; all are stopped after the test."""
    made = []

    def make(answers=()):
        made.append(Receiver(answers))
        return made[-1]

    yield make
    for receiver in made:
        receiver.stop()


@pytest.fixture
def receiver(receiver_factory):
    return receiver_factory()
