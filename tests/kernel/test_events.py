"""The door from a lower layer to a higher one: events published inside the writer's transaction."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts import events as account_events
from kernel.events import Event
from referrals import events as case_events
from screening import events as screening_events


def test_each_handler_receives_the_record_and_the_user_in_order():
    heard: list[tuple[str, str, str]] = []
    event: Event[str, str] = Event("something happened")
    event.subscribe(lambda record, user: heard.append(("first", record, user)))
    event.subscribe(lambda record, user: heard.append(("second", record, user)))
    event.publish("row", "worker")
    assert heard == [("first", "row", "worker"), ("second", "row", "worker")]


def test_subscribing_the_same_handler_twice_runs_it_once():
    heard: list[str] = []

    def handler(record: str, user: str) -> None:
        heard.append(record)

    event: Event[str, str] = Event("once")
    event.subscribe(handler)
    event.subscribe(handler)
    event.publish("row", "worker")
    assert heard == ["row"]


def test_an_event_nobody_hears_fails_loudly_instead_of_losing_a_clock():
    with pytest.raises(ImproperlyConfigured, match="nobody listens"):
        Event("nobody listens").publish("row", "worker")


def test_a_failing_handler_fails_the_publisher():
    def broken(record: str, user: str) -> None:
        raise RuntimeError("the clock could not start")

    event: Event[str, str] = Event("breaks")
    event.subscribe(broken)
    with pytest.raises(RuntimeError):
        event.publish("row", "worker")


@pytest.mark.parametrize("module", [case_events, screening_events, account_events])
def test_every_published_event_is_heard_once_the_apps_are_ready(module):
    events = [value for value in vars(module).values() if isinstance(value, Event)]
    assert events
    for event in events:
        assert len(event.handlers) == 1, event
