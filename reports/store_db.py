"""The results store's database: a SQLite file or a PostgreSQL server, through SQLAlchemy Core.

Everything in reports/ reads and writes the store through `Store.execute`, with the statement in
SQL that both backends speak and `?` for each parameter, and gets rows that answer both to
`row["name"]` and to `row[0]`. `Store.transaction()` is the one way to write: on SQLite it takes
the write lock first (BEGIN IMMEDIATE), so that concurrent importers queue instead of failing; on
PostgreSQL it is the server's transaction. Outside a transaction every statement stands alone.

A target is a PostgreSQL address (postgresql://user:password@host:port/database, driven by
psycopg2: Debian 12's SQLAlchemy 1.4 has no dialect for psycopg 3) or a SQLite file path.
"""
import contextlib
import os
import re

import sqlalchemy
from sqlalchemy import event
from sqlalchemy.pool import NullPool

POSTGRESQL_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg2://")
# A server that does not answer within this is reported as unreachable, not waited for.
CONNECT_TIMEOUT_S = 10


class StoreUnavailable(Exception):
    """The store cannot be opened: no server, refused credentials, an unusable address. The
    message is one line and names the store without its password."""


def is_postgresql(target):
    return target.startswith(POSTGRESQL_SCHEMES)


def describe(target):
    """The target as it may be shown: any address without its password (a file path as it is)."""
    if "://" not in target:
        return target
    try:
        url = sqlalchemy.engine.make_url(target)
    except sqlalchemy.exc.ArgumentError:
        return target.split("://", 1)[0] + "://(an address that does not parse)"
    if "password" in url.query:
        url = url.update_query_dict({"password": "***"})
    return url.render_as_string(hide_password=True)


def exists(target):
    """Whether there is a store to read: a server is asked when opened, a file is looked for."""
    return is_postgresql(target) or os.path.exists(target)


class Record:
    """A row: by column name (row["psnr"]), by position (row[0]), and as a mapping (dict(row))."""

    __slots__ = ("_values", "_index")

    def __init__(self, values, index):
        self._values = values
        self._index = index

    def __getitem__(self, key):
        if isinstance(key, (int, slice)):
            return self._values[key]
        return self._values[self._index[key]]

    def keys(self):
        return list(self._index)

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return len(self._values)

    def __repr__(self):
        return f"Record({dict(zip(self._index, self._values))})"


class Rows:
    """A statement's rows, read whole (the store's answers are small; the cursor is freed)."""

    def __init__(self, result):
        if result.returns_rows:
            index = {name: i for i, name in enumerate(result.keys())}
            self._rows = [Record(tuple(row), index) for row in result]
        else:
            self._rows = []
        self.rowcount = result.rowcount

    def fetchone(self):
        return self._rows[0] if self._rows else None

    def fetchall(self):
        return list(self._rows)

    def __iter__(self):
        return iter(self._rows)


# A colon that SQLAlchemy's text() would take for a named parameter: escaped, as the statements
# are written with `?`.
_COLON = re.compile(r"(?<![:\\]):(?=\w)")


def _named(sql, params):
    """`sql` with each `?` turned into :p0, :p1, ..., and the parameters as a dict. The statements
    are the project's own: none has a `?` or a colon inside a string literal."""
    pieces = _COLON.sub(r"\\:", sql).split("?")
    if len(pieces) - 1 != len(params):
        raise ValueError(f"{len(pieces) - 1} placeholders for {len(params)} parameters: {sql}")
    text = pieces[0] + "".join(f":p{i}{piece}" for i, piece in enumerate(pieces[1:]))
    return sqlalchemy.text(text), {f"p{i}": value for i, value in enumerate(params)}


class Store:
    """A connection to the store; `backend` is "sqlite" or "postgresql"."""

    def __init__(self, engine, connection, target):
        self.engine = engine
        self.connection = connection
        self.target = target
        self.backend = engine.dialect.name

    def execute(self, sql, params=()):
        statement, binds = _named(sql, tuple(params))
        return Rows(self.connection.execute(statement, binds))

    def executemany(self, sql, rows):
        if not rows:
            return
        statement, _ = _named(sql, rows[0])
        self.connection.execute(statement, [{f"p{i}": v for i, v in enumerate(row)}
                                            for row in rows])

    @contextlib.contextmanager
    def transaction(self):
        """A Store whose statements are all or nothing: committed when the block ends, rolled
        back if it raises (or if the process dies: the server, or SQLite's journal, undoes it).
        Its own connection, as this one's statements stand alone."""
        with self.engine.connect() as connection, connection.begin():
            yield Store(self.engine, connection, self.target)

    def close(self):
        self.connection.close()
        self.engine.dispose()


def _sqlite_engine(path):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    # The driver's own transaction handling is off (isolation_level=None): SQLAlchemy's begin
    # below says BEGIN IMMEDIATE itself, the SQLAlchemy documentation's recipe for pysqlite.
    engine = sqlalchemy.create_engine(f"sqlite:///{os.path.abspath(path)}", poolclass=NullPool,
                                      connect_args={"timeout": 60, "isolation_level": None},
                                      future=True)

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        dbapi_connection.execute("PRAGMA journal_mode = WAL")  # readers never block the importer

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        # Outside Store.transaction() statements stand alone (autocommit): no lock is taken.
        if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _postgresql_engine(target):
    try:
        url = sqlalchemy.engine.make_url(target).set(drivername="postgresql+psycopg2")
    except sqlalchemy.exc.ArgumentError as error:
        raise StoreUnavailable(f"{describe(target)}: not a PostgreSQL address ({error})")
    # values_plus_batch: many rows in one round trip (psycopg2's execute_batch), not one each.
    return sqlalchemy.create_engine(url, poolclass=NullPool, future=True,
                                    executemany_mode="values_plus_batch",
                                    connect_args={"connect_timeout": CONNECT_TIMEOUT_S})


def first_line(error):
    """The driver's own message, first line (psycopg2's carry the server's detail after it)."""
    cause = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    return lines[0] if lines else type(cause).__name__


def open_store(target):
    """A Store on `target` (see the module's description); StoreUnavailable if it cannot be
    reached or used."""
    if "://" in target and not is_postgresql(target):
        raise StoreUnavailable(f"{describe(target)}: not a store (a postgresql:// address or a "
                               "SQLite file path)")
    engine = _postgresql_engine(target) if is_postgresql(target) else _sqlite_engine(target)
    try:
        connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    except sqlalchemy.exc.SQLAlchemyError as error:
        engine.dispose()
        raise StoreUnavailable(f"{describe(target)}: cannot connect: {first_line(error)}")
    return Store(engine, connection, target)
