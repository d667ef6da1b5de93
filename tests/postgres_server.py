"""A throwaway PostgreSQL server for the tests: Debian's postgresql, initdb into a temporary
directory, a free loopback port with password authentication, stopped and deleted at the end.

PostgreSQL refuses to run as root, and CI runs as root: then the server runs as the unprivileged
`postgres` user the Debian package creates (runuser), in a directory that user owns.
"""
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile

USER = "imgbench"
PASSWORD = "imgbench-test"


def bin_dir():
    """The newest installed server's programs (Debian: /usr/lib/postgresql/<major>/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda path: int(path.split("/")[4]))
    if not found:
        raise RuntimeError("PostgreSQL is not installed (Debian's postgresql: scripts/setup)")
    return os.path.dirname(found[-1])


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self):
        self.bin = bin_dir()
        self.root = tempfile.mkdtemp(prefix="imgbench-postgres-")
        self.data = os.path.join(self.root, "data")
        self.port = free_port()
        self.as_user = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.started = False

    def run(self, program, *arguments):
        subprocess.run(self.as_user + [os.path.join(self.bin, program), *arguments], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=self.root)

    def start(self):
        try:
            return self._start()
        except BaseException:
            self.stop()  # a half-started server and its folder go too
            raise

    def _start(self):
        password_file = os.path.join(self.root, "password")
        with open(password_file, "w") as handle:
            handle.write(PASSWORD + "\n")
        if self.as_user:
            shutil.chown(password_file, "postgres", "postgres")
        self.run("initdb", "-D", self.data, "-U", USER, "--pwfile", password_file,
                 "--auth=scram-sha-256", "--no-locale", "--encoding=UTF8")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port}"
                   f" -c unix_socket_directories={self.root} -c fsync=off")
        self.started = True  # from here on, stop() stops it
        self.run("pg_ctl", "-D", self.data, "-l", os.path.join(self.root, "log"), "-o", options,
                 "-w", "start")
        return self

    def url(self, database="postgres", password=PASSWORD, port=None):
        return (f"postgresql://{USER}:{password}@127.0.0.1:{port or self.port}/{database}")

    def create_database(self, name):
        """A new, empty database on the server; its address."""
        import psycopg2
        connection = psycopg2.connect(self.url())
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}"')
        finally:
            connection.close()
        return self.url(name)

    def stop(self):
        try:
            if self.started:
                subprocess.run(self.as_user + [os.path.join(self.bin, "pg_ctl"), "-D", self.data,
                                               "-m", "fast", "-w", "stop"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=self.root)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


# pytest fixtures, imported by the conftest.py of each test folder that uses them.
try:
    import itertools

    import pytest
except ImportError:  # used as a plain module (scripts), without pytest
    pytest = None

if pytest:
    _databases = itertools.count()

    @pytest.fixture(scope="session")
    def postgres():
        """One server for the session's tests, each test in a database of its own."""
        server = Server().start()
        yield server
        server.stop()

    @pytest.fixture(params=["sqlite", "postgresql"])
    def new_store(request, tmp_path):
        """A function giving the address of a new, empty store on the test's backend."""
        if request.param == "sqlite":
            return lambda name="store": str(tmp_path / f"{name}.sqlite")
        server = request.getfixturevalue("postgres")
        return lambda name="store": server.create_database(f"{name}_{next(_databases)}")

    @pytest.fixture
    def store_target(new_store):
        return new_store()
