"""The Python tests' shared fixtures: stores on both backends (tests/postgres_server.py)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from postgres_server import new_store, postgres, store_target  # noqa: E402,F401
