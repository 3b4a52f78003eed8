"""newsdesk's Textual app and command line. Uses only ``store``'s public API."""

# One name a file: a module imported under two names runs twice, with two copies of its state.
if __name__ != "newsdesk.tui":
    raise ImportError(f"import newsdesk.tui, not {__name__} (the same files, another name)")
