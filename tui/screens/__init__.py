"""The app's screens, one module each."""

#: What a pane says while the database is still being read at start-up.
STILL_READING = "Still reading the database…"
