"""newsdesk, as installed: ``newsdesk.store`` (no UI) and ``newsdesk.tui`` (the app and CLI).

In the source tree ``newsdesk/store``, ``newsdesk/tui`` and ``newsdesk/seeds`` are
symbolic links to the top-level ``store/``, ``tui/`` and ``seeds/`` folders, so a
checkout, an editable install and a wheel all import the one name ``newsdesk``.
"""
