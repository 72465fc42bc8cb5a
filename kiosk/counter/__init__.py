"""The counter: how a customer pays, the receipt ticket and its printer, the "ready" board's
rules and the chime. No Qt; the kiosk's screens and the barista window use it through
:class:`kiosk.counter.service.CounterService`."""
