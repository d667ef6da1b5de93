"""Shared by the system tests: the imgbench binary, the test images, and small real runs.

ctest passes IMGBENCH_BIN (the built CLI) and IMGBENCH_IMAGES (the generated test images); a
test run without them fails rather than skips, so that ctest cannot pass by doing nothing.
"""
import os
import subprocess
import sys

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
REPORTS = os.path.join(REPO, "reports")
sys.path.insert(0, REPORTS)
sys.path.insert(0, os.path.join(REPO, "tests"))
from postgres_server import postgres  # noqa: E402,F401

# A little of every family, so that every chart of the page has data: single operations in two
# libraries, the full cycle's stages, crop batches sequential and parallel, SIMD levels.
SMALL_SUITE = ("^(rotate90|blur:sigma=4)/(simd|turbojpeg|opencv)/"
               "|^blur:sigma=4/opencv~"  # a library default, approximate
               "|^cycle:.*/(simd|turbojpeg)/photo-path"
               "|^(cycle:blur-area|thumbnail:lanczos3-8x)/simd~"  # shortcuts, approximate
               "|^thumbnail:lanczos3-8x/simd/"
               "|^crop-batch:bilinear:.*/simd/synth-512-rgb-jpeg"
               "|^blur:sigma=4/simd@(avx2|sse4|scalar|neon|sve)/")


def required(variable):
    value = os.environ.get(variable)
    assert value, f"{variable} is not set (run this test through ctest)"
    return value


@pytest.fixture(scope="session")
def imgbench():
    return required("IMGBENCH_BIN")


@pytest.fixture(scope="session")
def images():
    return required("IMGBENCH_IMAGES")


def run_imgbench(binary, *arguments, allowed=(0,)):
    result = subprocess.run([binary, *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    assert result.returncode in allowed, f"{arguments[0]} exited {result.returncode}: " + \
        result.stderr[-2000:]
    return result


# Counted cases of a small run: one of our kernels and one library, a few seconds under callgrind.
SMALL_COUNTS = "^(rotate90|blur:sigma=4)/(simd|opencv)/"


def can_count(binary):
    """False for a build the counts measure refuses (a sanitized one: valgrind cannot run it)."""
    probe = subprocess.run([binary, "bench", "--measure", "counts", "--suite", "none"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return "sanitizers" not in probe.stderr


def small_run(binary, images, directory, sweep=True, verify=True, counts=False):
    """A real result set, as scripts/bench (and with `counts`, the nightly) writes it, in a few
    tens of seconds."""
    os.makedirs(directory, exist_ok=True)
    if counts:
        run_imgbench(binary, "bench", "--measure", "counts", "--images", images,
                     f"--benchmark_filter={SMALL_COUNTS}", "--out",
                     os.path.join(directory, "counts.json"))
    if verify:
        run_imgbench(binary, "verify", "--lib", "simd", "--lib", "turbojpeg", "--lib", "opencv",
                     "--image", "synth-512x512", "--images", images, "--json",
                     os.path.join(directory, "verify.json"))
    run_imgbench(binary, "bench", "--suite", "quick", "--images", images,
                 f"--benchmark_filter={SMALL_SUITE}", "--benchmark_repetitions=3",
                 "--benchmark_min_time=0.01", "--benchmark_display_aggregates_only=true",
                 "--out", os.path.join(directory, "quick.json"))
    # A user's pipeline on a photo, in the same run: the page shows it with the suites.
    run_imgbench(binary, "bench", "--pipeline", "grayscale;resize:scale=2,filter=area",
                 "--lib", "simd", "--lib", "opencv", "--benchmark_min_time=0.01",
                 "--input", os.path.join(images, "photos", "photo-path.jpg"),
                 "--out", os.path.join(directory, "pipelines.json"))
    if sweep:
        run_imgbench(binary, "sweep", "--lib", "simd", "--lib", "opencv", "--seconds", "0.2",
                     "--load", "0.5", "--load", "1", "--images", images, "--json",
                     os.path.join(directory, "sweep.json"))
    return directory
