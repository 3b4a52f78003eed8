"""One module per ``newsdesk`` subcommand, each with ``register`` and ``run``."""
