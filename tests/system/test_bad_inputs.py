"""Every adapter over the bad-input corpus (images/bad_inputs.py), through apply, verify and the
benchmark runner: a correct result or a one-line error naming the file and the cause; never a
crash, a hang (each command has a time limit here) or a partial output file.
"""
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from PIL import Image

from conftest import REPO, run_imgbench

sys.path.insert(0, os.path.join(REPO, "images"))
import bad_inputs  # noqa: E402
import results_store  # noqa: E402

CASE_SECONDS = 60  # a command that takes longer has hung


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    directory = str(tmp_path_factory.mktemp("bad-inputs"))
    bad_inputs.write_corpus(directory)
    with open(os.path.join(directory, "manifest.tsv")) as manifest:
        entries = [line.rstrip("\n").split("\t") for line in manifest]
    return directory, [(name, expect) for name, expect, _ in entries]


@pytest.fixture(scope="module")
def adapters(imgbench):
    listing = json.loads(run_imgbench(imgbench, "list", "--json").stdout)
    return [adapter["name"] for adapter in listing["adapters"]]


def run(command, **kwargs):
    try:
        return subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              timeout=kwargs.pop("timeout", CASE_SECONDS), **kwargs)
    except subprocess.TimeoutExpired:
        pytest.fail(f"hung: {' '.join(command)}")


def pixels(path):
    with Image.open(path) as image:
        return image.mode, image.size, image.tobytes()


def assert_one_line_error(result, name):
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"{name}: expected one line, got:\n{result.stderr}"
    assert lines[0].startswith("imgbench: error: ") and name in lines[0], lines[0]
    cause = lines[0].split(name, 1)[1]
    assert cause.startswith(": ") and len(cause) > 4, f"{name}: no cause in {lines[0]}"


def test_the_corpus_has_every_kind_of_bad_input(corpus):
    directory, entries = corpus
    assert len(entries) == 21
    assert {expect for _, expect in entries} == {"error", "correct", "either"}
    assert not os.path.exists(os.path.join(directory, "missing.jpg"))
    with open(os.path.join(directory, "bomb-65500.jpg"), "rb") as bomb:
        assert b"\xff\xc0\x00\x11\x08\xff\xdc\xff\xdc" in bomb.read()  # SOF0: 65500 x 65500


def test_apply_gives_the_reference_pixels_or_one_line_naming_the_file(
        imgbench, corpus, adapters, tmp_path):
    directory, entries = corpus
    expected = {}  # the reference adapter's output, for each file it decodes
    for adapter in adapters:  # "reference" first
        for name, expect in entries:
            out_dir = tmp_path / f"{adapter}-{name}"
            out_dir.mkdir()
            out = str(out_dir / "out.png")
            result = run([imgbench, "apply", "--lib", adapter, os.path.join(directory, name), out])
            assert result.returncode in (0, 2), \
                f"{adapter} {name}: exit {result.returncode}\n{result.stderr}"
            if result.returncode == 2:
                assert expect != "correct", f"{adapter} refused {name}: {result.stderr}"
                assert_one_line_error(result, name)
                assert os.listdir(out_dir) == [], f"{adapter} {name} left {os.listdir(out_dir)}"
                continue
            assert expect != "error", f"{adapter} accepted {name}"
            assert os.listdir(out_dir) == ["out.png"]
            if adapter == "reference":
                expected[name] = pixels(out)
            else:
                assert name in expected, f"{adapter} decoded {name}, which the reference refuses"
                assert pixels(out) == expected[name], f"{adapter} {name}: other pixels"


def test_verify_records_every_bad_file_and_goes_on(imgbench, corpus, adapters, tmp_path):
    directory, entries = corpus
    report = str(tmp_path / "verify.json")
    result = run([imgbench, "verify", "--op", "decode", "--json", report,
                  *[os.path.join(directory, name) for name, _ in entries]], timeout=300)
    assert result.returncode == 1, result.stderr  # problems found, none of them fatal
    with open(report) as handle:
        outcomes = json.load(handle)["outcomes"]
    for name, expect in entries:
        loads = [o for o in outcomes if o["image"] == name and o["operation"] == "load"]
        decodes = {o["adapter"]: o for o in outcomes
                   if o["image"] == name and o["kind"] == "decode"}
        if loads:
            assert expect != "correct", f"{name}: {loads[0]['detail']}"
            assert loads[0]["status"] == "ERROR" and name in loads[0]["detail"]
            assert not decodes
            continue
        assert expect != "error", f"verify accepted {name}"
        assert set(decodes) == set(adapters), name
        for adapter, outcome in decodes.items():
            allowed = {"PASS", "unsupported"} | ({"ERROR"} if expect == "either" else set())
            assert outcome["status"] in allowed, f"{adapter} {name}: {outcome}"
            if outcome["status"] == "ERROR":
                assert outcome["detail"] and "\n" not in outcome["detail"]


def test_the_benchmark_runner_records_every_bad_file_and_goes_on(
        imgbench, corpus, adapters, tmp_path):
    directory, entries = corpus
    out = str(tmp_path / "inputs.json")
    result = run([imgbench, "bench", "--suite", "inputs", "--out", out,
                  "--benchmark_min_time=0.01",
                  *[os.path.join(directory, name) for name, _ in entries]], timeout=600)
    assert result.returncode == 1, result.stderr  # failed cases, none of them fatal
    assert os.listdir(tmp_path) == ["inputs.json"]  # renamed into place, no .partial left
    with open(out) as handle:
        cases = json.load(handle)["benchmarks"]
    timed_adapters = [a for a in adapters if a != "reference"]
    for name, expect in entries:
        mine = [c for c in cases if c["name"].split("/")[2] == name]
        for adapter in timed_adapters:  # a case, or a note that the adapter cannot run the cycle
            assert any(c["name"].split("/")[1] == adapter for c in mine) or \
                f"note: {adapter} cannot run the full cycle on {name}" in result.stderr, \
                f"{adapter} {name}: neither a case nor a note"
        if expect == "error":
            assert mine, name
            for case in mine:
                assert case.get("error_occurred"), f"{case['name']} was timed"
                assert case["error_message"] and "\n" not in case["error_message"]
        if expect == "correct":
            assert any(not c.get("error_occurred") for c in mine), f"nothing timed on {name}"
            for case in mine:  # a verification failure is a PSNR, not a refused file
                assert not case.get("error_occurred") or "PSNR" in case["error_message"], case
    # The results store keeps the failures of such a run.
    connection = results_store.connect(str(tmp_path / "store.sqlite"))
    results_store.import_run(connection, out)
    failures = connection.execute("SELECT COUNT(*) FROM verifications"
                                  " WHERE source = 'bench' AND status = 'FAIL'").fetchone()[0]
    assert failures == sum(1 for c in cases if c.get("error_occurred"))


def test_a_killed_benchmark_run_leaves_no_result_file_and_the_store_refuses_it(
        imgbench, corpus, tmp_path):
    directory, _ = corpus
    results = tmp_path / "run"
    results.mkdir()
    out = str(results / "inputs.json")
    runner = subprocess.Popen([imgbench, "bench", "--suite", "inputs", "--out", out,
                               "--benchmark_min_time=2", "--benchmark_repetitions=5",
                               os.path.join(directory, "progressive.jpg")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + CASE_SECONDS
    while "[1/" not in runner.stderr.readline():  # the first case has started
        assert time.monotonic() < deadline and runner.poll() is None
    time.sleep(1)
    runner.send_signal(signal.SIGKILL)
    runner.wait()
    assert os.listdir(results) == ["inputs.json.partial"]
    connection = results_store.connect(str(tmp_path / "store.sqlite"))
    with pytest.raises(results_store.ResultError, match="no imgbench result file"):
        results_store.import_run(connection, str(results))
    assert connection.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 0


def test_a_decode_over_the_time_limit_is_recorded_and_the_run_goes_on(
        imgbench, images, corpus, tmp_path):
    directory, _ = corpus
    large = os.path.join(images, "synthetic", "synth-4096x4096-q95-420.jpg")
    small = os.path.join(directory, "gray.jpg")
    report = str(tmp_path / "verify.json")
    result = run([imgbench, "verify", "--op", "decode", "--time-limit", "0.02", "--lib", "simd",
                  "--json", report, large, small])
    assert result.returncode == 1, result.stderr
    assert "time limit of 0.02 s" in result.stderr
    with open(report) as handle:
        outcomes = json.load(handle)["outcomes"]
    load = [o for o in outcomes if o["image"] == os.path.basename(large)]
    assert [o["status"] for o in load] == ["ERROR"]
    assert "took longer than the time limit of 0.02 s" in load[0]["detail"]
    # The small file is still verified (or, on a stalled machine, recorded the same way).
    assert any(o["image"] == "gray.jpg" for o in outcomes)


def test_the_pixel_limit_is_the_same_in_every_adapter(imgbench, images, adapters, tmp_path):
    source = os.path.join(images, "synthetic", "synth-512x512.png")
    jpeg = os.path.join(images, "synthetic", "synth-512x512-q95-420.jpg")
    for adapter in adapters:
        for path in (source, jpeg):
            out = str(tmp_path / "out.png")
            result = run([imgbench, "--max-pixels", "262143", "apply", "--lib", adapter, path,
                          out])
            assert result.returncode == 2, f"{adapter} {path}: {result.stderr}"
            assert "512x512 exceeds the pixel limit of 262143 pixels" in result.stderr
            assert not os.path.exists(out)
            result = run([imgbench, "apply", "--max-pixels=262144", "--lib", adapter, path, out])
            assert result.returncode == 0, f"{adapter} {path}: {result.stderr}"
            os.remove(out)
    result = run([imgbench, "--max-pixels", "0", "list"])
    assert result.returncode == 2 and "--max-pixels" in result.stderr
