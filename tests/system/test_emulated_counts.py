"""The counts measure of the aarch64 build under emulation (scripts/counts-aarch64).

Each case is counted in a qemu-user of its own with imgbench's counting plugin (built by the host
build, beside IMGBENCH_BIN), and its cycles are estimated by llvm-mca 19 from the executed blocks.
The figures must repeat exactly from run to run, name their counter and their model, and move
with the code: our blur slowed down on purpose (IMGBENCH_INJECT_SLOWDOWN) grows, and nothing else
does.

ctest (cross builds only) passes IMGBENCH_BIN (the host's imgbench), IMGBENCH_EMULATED_BIN (the
aarch64 one) and IMGBENCH_LAUNCHER (the emulator, with the arm64 sysroot).
"""
import json
import os
import shutil
import subprocess

import pytest
from PIL import Image

from conftest import required

# Our kernels' blur, at the dispatched level and on its scalar path, and their bicubic resize.
CASES = r"^(blur:sigma=4/simd(@scalar)?|resize:scale=2\.5,filter=bicubic/simd)/synth-320x200-rgb/"
BLUR = "blur:sigma=4/simd/synth-320x200-rgb"
SCALAR_BLUR = "blur:sigma=4/simd@scalar/synth-320x200-rgb"
PLUGIN = os.path.join(os.path.dirname(required("IMGBENCH_BIN")), "bench", "qemu_counts",
                      "libimgbench_qemu_counts.so")


def emulator():
    """qemu-aarch64 with the sysroot, from the tests' launcher, as a Raspberry Pi 4."""
    words = required("IMGBENCH_LAUNCHER").split()
    return [*words[words.index("qemu-aarch64"):], "-cpu", "cortex-a72"]


def counts(images, out, **extra_env):
    env = {**os.environ, "VIPS_NOVECTOR": "1",
           "IMGBENCH_COUNTS_EMULATOR": " ".join(emulator()),
           "IMGBENCH_COUNTS_PLUGIN": PLUGIN, "IMGBENCH_COUNTS_MCPU": "cortex-a72", **extra_env}
    env.pop("QEMU_CPU", None)
    result = subprocess.run(
        [*emulator(), required("IMGBENCH_EMULATED_BIN"), "bench", "--measure", "counts",
         "--suite", "quick", "--lib", "simd", "--images", images,
         f"--benchmark_filter={CASES}", "--out", out],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    with open(out) as handle:
        run = json.load(handle)
    return run["context"], {b["name"].split("/real_time")[0]: b for b in run["benchmarks"]}


@pytest.fixture(scope="module")
def images(tmp_path_factory):
    if shutil.which("llvm-mca-19") is None:
        pytest.skip("no llvm-mca-19 (scripts/setup --aarch64 installs llvm-19)")
    work = tmp_path_factory.mktemp("counts")
    subprocess.run([*emulator(), required("IMGBENCH_EMULATED_BIN"), "images", "--images",
                    str(work), "--max-side", "512"], check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "QEMU_CPU": "cortex-a72"})
    # The quick suite loads its cycle's photo, whose cases these are not: a stand-in will do.
    os.makedirs(work / "photos")
    Image.radial_gradient("L").convert("RGB").resize((320, 200)).save(
        work / "photos" / "photo-rocket.jpg", quality=90)
    return str(work)


@pytest.fixture(scope="module")
def two_runs(images, tmp_path_factory):
    work = tmp_path_factory.mktemp("runs")
    return counts(images, str(work / "a.json")), counts(images, str(work / "b.json"))


def figures(cases):
    return {name: {k: v for k, v in case.items() if k.startswith(("instructions", "est_cycles"))}
            for name, case in cases.items()}


def test_two_runs_count_the_same_instructions_and_estimate_the_same_cycles(two_runs):
    (context, first), (_, second) = two_runs
    assert len(first) == 3, sorted(first)
    assert figures(first) == figures(second)
    for name, case in first.items():
        assert case["instructions"] > 0 and case["est_cycles"] > 0, name
        assert "d1_misses" not in case, "qemu's counter simulates no cache"
    assert context["counts_tool"].startswith("qemu-aarch64 version")
    assert "-cpu cortex-a72" in context["counts_tool"]
    assert "llvm-mca 19" in context["counts_cycle_model"]
    assert "-mcpu=cortex-a72" in context["counts_cycle_model"]
    assert context["emulated"] == "true" and context["env_VIPS_NOVECTOR"] == "1"


def test_the_neon_path_runs_fewer_instructions_than_the_scalar_one(two_runs):
    (_, cases), _ = two_runs
    assert cases[BLUR]["instructions"] * 2 < cases[SCALAR_BLUR]["instructions"]


def test_a_slower_blur_counts_more_and_nothing_else_moves(images, two_runs, tmp_path):
    (_, base), _ = two_runs
    _, slowed = counts(images, str(tmp_path / "slow.json"), IMGBENCH_INJECT_SLOWDOWN="blur:0.02")
    for name, case in base.items():
        if name in (BLUR, SCALAR_BLUR):  # both our blur kernel, at two levels
            grown = slowed[name]["instructions"] / case["instructions"]
            cycles = slowed[name]["est_cycles"] / case["est_cycles"]
            assert grown > 1.01 and cycles > 1.01, (name, grown, cycles)
        else:  # the switch's own check, a few instructions a call: far under the 1% gate
            moved = slowed[name]["instructions"] / case["instructions"]
            assert abs(moved - 1) < 0.001, (name, moved)
