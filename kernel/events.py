"""The door through which a lower layer tells a higher one that something happened to a record.

The case record (referrals, screening) publishes its events; the clocks (reporting) subscribe at start-up, in
their app's `ready()`. The publisher never imports the subscriber, so the layers stay one-way, and the
subscriber runs inside the publisher's transaction, so a clock starts with the record or not at all. An event
nobody subscribed to is a wiring error and fails loudly: a clock is never silently lost.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured


class Event[R, U]:
    """An event about a record of type R, made by an actor of type U (the acting user)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._handlers: list[Callable[[R, U], object]] = []

    def __repr__(self) -> str:
        return f"<Event {self.name}: {len(self._handlers)} handler(s)>"

    def subscribe(self, handler: Callable[[R, U], object]) -> None:
        """Add a handler; subscribing the same one again changes nothing."""
        if handler not in self._handlers:
            self._handlers.append(handler)

    @property
    def handlers(self) -> tuple[Callable[[R, U], object], ...]:
        return tuple(self._handlers)

    def publish(self, record: R, user: U) -> None:
        if not self._handlers:
            raise ImproperlyConfigured(f"Nothing subscribed to the event {self.name!r}.")
        for handler in self._handlers:
            handler(record, user)
