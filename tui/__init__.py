"""newsdesk's Textual app and command line. Uses only ``store``'s public API."""
