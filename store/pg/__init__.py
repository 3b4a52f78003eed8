"""newsdesk's archive in PostgreSQL: the same store interface as :class:`store.db.Store`.

* :mod:`store.pg.url` — recognising a ``postgresql://`` target and hiding its password;
* :mod:`store.pg.connect` — one connection, its errors said in one line;
* :mod:`store.pg.schema` — the tables, created and migrated by newsdesk (a schema version);
* :mod:`store.pg.tables` — derived-data tables (pairs, alignments) with TinyDB's table calls;
* :mod:`store.pg.store` — :class:`PgStore`.

:func:`store.target.open_store` chooses between the TinyDB file and this package, so
nothing outside ``store`` asks which one it holds. Only ``store.pg.url`` is loaded to
tell a URL from a path; psycopg is imported when a server is opened.
"""
