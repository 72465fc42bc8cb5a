"""Orders: the order model and its states, the SQLite store, the drink menu, the privacy
rules (what is deleted when) and the wait estimate. No Qt."""
