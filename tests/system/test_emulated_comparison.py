"""The machine comparison with one x86 and one aarch64 result file.

The aarch64 result is made by the cross build (the aarch64 preset) under qemu-user, the x86 one by
a host build of the same tree, on the same small JPEG. The emulated run must say so in its
context, name its SIMD target, be left out of the comparison unless asked for
(--compare-emulated), and be labelled as emulated wherever it is shown.

ctest (cross builds only) passes IMGBENCH_BIN (the host's imgbench), IMGBENCH_EMULATED_BIN (the
aarch64 one), IMGBENCH_LAUNCHER (the emulator) and, from scripts/test --aarch64, QEMU_CPU and
IMGBENCH_EXPECT_SIMD_LEVEL.
"""
import csv
import json
import os
import subprocess

import pytest
from PIL import Image

from conftest import required

import render_site
import results_store

TARGET_NAMES = {"neon": "NEON", "sve": "SVE", "sve2": "SVE2", "sve_256": "SVE (256-bit)",
                "sve2_128": "SVE2 (128-bit)"}


def bench(command, photo, out, env):
    """The full cycle on `photo` through our kernels (and TurboJPEG's codec), verified, timed."""
    result = subprocess.run(
        [*command, "bench", "--suite", "inputs", "--lib", "simd",
         "--benchmark_min_time=0.01", "--benchmark_repetitions=3",
         "--benchmark_display_aggregates_only=true", "--out", out, photo],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    return out


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    work = tmp_path_factory.mktemp("emulated")
    photo = str(work / "gradient.jpg")
    Image.radial_gradient("L").convert("RGB").resize((320, 200)).save(photo, quality=90)
    emulator = required("IMGBENCH_LAUNCHER").split()
    for name in ("x86", "aarch64"):
        os.makedirs(work / name)
    # The host's imgbench starts its own children directly, the emulated one through qemu.
    native = {k: v for k, v in os.environ.items() if k not in ("IMGBENCH_LAUNCHER", "QEMU_CPU")}
    host = bench([required("IMGBENCH_BIN")], photo, str(work / "x86" / "inputs.json"), native)
    emulated = bench([*emulator, required("IMGBENCH_EMULATED_BIN")], photo,
                     str(work / "aarch64" / "inputs.json"), dict(os.environ))
    return work, host, emulated


def context(path):
    with open(path) as handle:
        return json.load(handle)["context"]


def test_the_emulated_run_says_so_and_names_its_simd_target(runs):
    _, host, emulated = runs
    mine, theirs = context(host), context(emulated)
    assert mine["emulated"] == "false"
    assert mine["arch"] == "x86_64" and mine["env_QEMU_CPU"] == "(unset)"
    assert theirs["emulated"] == "true"
    assert "qemu" in theirs["emulation"]
    assert theirs["arch"] == "aarch64"
    assert theirs["cpu_model"].startswith("emulated ") and mine["cpu_model"] in theirs["cpu_model"]
    assert theirs["simd_target"] == TARGET_NAMES[theirs["simd_level_used"]]
    assert theirs["env_QEMU_CPU"] == os.environ.get("QEMU_CPU", "(unset)")
    expected = os.environ.get("IMGBENCH_EXPECT_SIMD_LEVEL")
    if expected:
        assert theirs["simd_level_used"] == expected
    if os.environ.get("QEMU_CPU") == "cortex-a72":
        assert theirs["cpu_core"].startswith("Cortex-A72")


@pytest.fixture(scope="module")
def store(runs):
    work, host, emulated = runs
    connection = results_store.connect(str(work / "store.sqlite"))
    emulated_run, _ = results_store.import_run(connection, os.path.dirname(emulated))
    host_run, _ = results_store.import_run(connection, os.path.dirname(host))
    return work, connection, host_run, emulated_run


def page(work, connection, run, name, compare_emulated=False):
    out = str(work / name)
    render_site.render(connection, results_store.run_row(connection, run), out, compare_emulated)
    with open(os.path.join(out, "index.html")) as handle:
        return out, handle.read()


def test_the_report_refuses_the_emulated_run_unless_asked(store):
    work, connection, host_run, _ = store
    out, html = page(work, connection, host_run, "refused")
    assert not os.path.exists(os.path.join(out, "charts", "machines.svg"))
    assert "were made under emulation" in html and "--compare-emulated" in html


def test_asked_for_it_shows_x86_beside_the_labelled_aarch64_run(store):
    work, connection, host_run, emulated_run = store
    emulated_row = results_store.run_row(connection, emulated_run)
    label = render_site.describe_machine(emulated_row)
    target = json.loads(emulated_row["context"])["simd_target"]
    assert "aarch64" in label and target in label and "EMULATED" in label
    out = str(work / "compared")
    assert render_site.main(["--db", str(work / "store.sqlite"), "--run", str(host_run),
                             "--out", out, "--compare-emulated"]) in (0, None)
    html = open(os.path.join(out, "index.html")).read()
    assert os.path.getsize(os.path.join(out, "charts", "machines.svg")) > 1000
    assert label in html and "x86_64" in html
    assert "That run was made under emulation" in html
    with open(os.path.join(out, "charts", "machines.svg")) as handle:
        assert "EMULATED" in handle.read()  # the chart's axis names the emulated machine
    with open(os.path.join(out, "data", "machines.csv")) as handle:
        rows = list(csv.DictReader(handle))
    assert [row["benchmark"] for row in rows] == ["cycle:blur-area/simd/gradient.jpg"]
    assert float(rows[0]["first_ms"]) > 0 and float(rows[0]["second_ms"]) > 0


def test_the_emulated_runs_own_page_warns_that_its_times_are_the_emulators(store):
    work, connection, _, emulated_run = store
    _, html = page(work, connection, emulated_run, "emulated")
    assert 'class="warning"' in html and "EMULATED" in html
