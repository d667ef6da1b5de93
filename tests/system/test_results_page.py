"""The published results page, end to end: real runs, imported, rendered, opened in Debian's
headless Chromium (selenium + chromium-driver).

Two runs of this machine fill the history. The machine comparison needs a run from a second
machine, which a test cannot have: the first run's files are copied with the machine renamed
("second-machine"), a stand-in that exercises the comparison with real numbers. The Raspberry Pi
section needs the counted suite timed here, the aarch64 build's estimates (counted under qemu by
scripts/counts-aarch64, which needs the arm64 sysroot) and a real Pi's run: the last two are made
from this machine's counted run, as an emulated Pi 4 and Pi 5 with estimated cycles and a
"raspberrypi" Pi 4 that timed it.
"""
import copy
import functools
import http.server
import json
import os
import re
import shutil
import threading
import urllib.request

import markupsafe
import pytest
from conftest import can_count, run_imgbench, small_run
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

import render_site
import report_data
import results_file
import results_store

CHARTS = ["operations-synth-2560x1600-rgb", "cycle",
          "speed-psnr-blur-sigma-4-synth-2560x1600-rgb", "speed-psnr-cycle-blur-area-photo-path",
          "speed-psnr-thumbnail-lanczos3-8x-photo-path", "pipelines", "crop-batches", "latency",
          "simd-levels",
          "library-threads", "verification", "steadiness", "history", "history-counts",
          "machines", "raspberry-pi", "fleet-history"]


def renamed_machine(source, target):
    os.makedirs(target)
    for name in os.listdir(source):
        with open(os.path.join(source, name)) as handle:
            document = json.load(handle)
        document["context"]["hostname"] = "second-machine"
        document["context"]["host_name"] = "second-machine"
        with open(os.path.join(target, name), "w") as handle:
            json.dump(document, handle)
    return target


# The counted suite's cases timed for the Raspberry Pi section: our blur at every level, and
# a library's.
COUNTED_CASES = "^(blur:sigma=4|rotate90)/(simd|opencv)(@[a-z0-9_]+)?/synth-320x200-rgb/"
PI4_CORE = "Cortex-A72 (MIDR 0x410fd083)"
PI5_CORE = "Cortex-A76 (MIDR 0x414fd0b1)"
ESTIMATED_CYCLES_PER_MS = 2.5e6  # the stand-in estimates: this machine's time at 2.5 GHz
PI_SLOWER = 4.0  # the stand-in Pi's measured time: four times this machine's


def counted_run(imgbench, images, directory):
    os.makedirs(directory)
    run_imgbench(imgbench, "bench", "--suite", "counted", "--images", images,
                 f"--benchmark_filter={COUNTED_CASES}", "--benchmark_min_time=0.01",
                 "--out", os.path.join(directory, "counted.json"))
    with open(os.path.join(directory, "counted.json")) as handle:
        return json.load(handle)


def as_aarch64(counted, host, core, model, emulated):
    """This machine's counted run as an aarch64 machine's: our kernels' fastest level as NEON
    beside scalar, the others left out."""
    document = copy.deepcopy(counted)
    document["context"].update(hostname=host, host_name=host, arch="aarch64", cpu_core=core,
                               cpu_model=model, emulated="true" if emulated else "false")
    levels = [e for e in document["benchmarks"] if e["case"]["adapter"] == "simd"
              and e["case"]["level"] not in ("", "scalar")]
    fastest = min(levels, key=lambda e: e["real_time"])["case"]["level"]
    kept = []
    for entry in document["benchmarks"]:
        level = entry["case"]["level"]
        if level in ("", "scalar") or entry["case"]["adapter"] != "simd":
            kept.append(entry)
        elif level == fastest:
            for key in ("name", "run_name"):
                entry[key] = entry[key].replace("@" + fastest, "@neon")
            entry["case"]["level"] = "neon"
            kept.append(entry)
    document["benchmarks"] = kept
    return document


def write_run(document, directory, name):
    os.makedirs(directory)
    with open(os.path.join(directory, name), "w") as handle:
        json.dump(document, handle)
    return directory


def emulated_pi(counted, core, directory):
    """A counts run of the aarch64 build as qemu's `core`, with estimated cycles."""
    model = f"emulated {core} on {counted['context'].get('cpu_model')}"
    document = as_aarch64(counted, counted["context"]["hostname"], core, model, emulated=True)
    document["context"].update(measure="counts", suite="quick",
                               counts_cycle_model="a stand-in for llvm-mca")
    for entry in document["benchmarks"]:
        milliseconds = results_file.real_time_ms(entry)
        entry.update(iterations=1, instructions=round(milliseconds * 3e6),
                     est_cycles=round(milliseconds * ESTIMATED_CYCLES_PER_MS))
    return write_run(document, directory, "counts.json")


def real_pi4(counted, directory):
    """The counted suite timed on a real Raspberry Pi 4 (PI_SLOWER times this machine)."""
    document = as_aarch64(counted, "raspberrypi", PI4_CORE, "Raspberry Pi 4 Model B Rev 1.4",
                          emulated=False)
    for entry in document["benchmarks"]:
        entry["real_time"] *= PI_SLOWER
        entry["cpu_time"] *= PI_SLOWER
    return write_run(document, directory, "counted.json")


@pytest.fixture(scope="module")
def charts(imgbench):
    """The charts the page must show: the counts history only where this build can count."""
    return CHARTS if can_count(imgbench) else [c for c in CHARTS if c != "history-counts"]


@pytest.fixture(scope="module")
def stores(imgbench, images, tmp_path_factory, charts, postgres):
    """The same three runs (two of this machine, one of the stand-in) imported in the same order
    into a SQLite store and into a PostgreSQL one: {backend: (store address, latest run id)}."""
    work = tmp_path_factory.mktemp("page")
    counts = "history-counts" in charts
    first = small_run(imgbench, images, str(work / "first"), counts=counts)
    second = small_run(imgbench, images, str(work / "second"), counts=counts)
    # Made after the machine's runs, as the nightly makes them: the latest by date.
    counted = counted_run(imgbench, images, str(work / "counted"))
    pis = [emulated_pi(counted, PI4_CORE, str(work / "pi4")),
           emulated_pi(counted, PI5_CORE, str(work / "pi5")),
           real_pi4(counted, str(work / "raspberrypi"))]
    other = renamed_machine(first, str(work / "other"))
    result = {}
    for backend, target in (("sqlite", str(work / "store.sqlite")),
                            ("postgresql", postgres.create_database("page"))):
        store = results_store.connect(target)
        # In the nightly's order: the machine's run, then its counted suite and the Pi estimates.
        for path in (other, first, second, str(work / "counted"), *pis):
            run, _ = results_store.import_run(store, path)
            if path == second:
                page_run = run
        store.close()
        result[backend] = (target, page_run)
    return result


def render_from(stores, backend, out):
    target, run = stores[backend]
    store = results_store.connect(target)
    try:
        render_site.render(store, results_store.run_row(store, run), out)
    finally:
        store.close()
    return out


@pytest.fixture(scope="module")
def page(stores, tmp_path_factory):
    return render_from(stores, "sqlite", str(tmp_path_factory.mktemp("sqlite") / "site"))


def test_the_page_from_postgresql_has_the_same_data_as_from_sqlite(stores, page, tmp_path):
    """Every data file behind the page (each chart's and table's CSV and JSON, the context) is
    the same byte for byte whichever backend the store is on."""
    other = render_from(stores, "postgresql", str(tmp_path / "site"))
    names = sorted(os.listdir(os.path.join(page, "data")))
    assert names == sorted(os.listdir(os.path.join(other, "data")))
    assert "fleet.json" in names and "speed-psnr.json" in names
    for name in names:
        with open(os.path.join(page, "data", name), "rb") as mine, \
                open(os.path.join(other, "data", name), "rb") as theirs:
            assert mine.read() == theirs.read(), name


def test_the_fleet_lists_every_machine_and_compares_any_two_by_name(stores, page, tmp_path):
    fleet = json.load(open(os.path.join(page, "data", "fleet.json")))
    # This machine, its stand-in, the emulated Pi 4 and Pi 5, the real Pi 4.
    assert len(fleet) == 5 and "second-machine" in {m["machine"] for m in fleet}
    this = next(m for m in fleet if m["machine"] != "second-machine" and not m["emulated"]
                and m["arch"] != "aarch64")
    # Its latest run is its own, not the counted suite's imported after it.
    assert this["runs"] == 3 and this["latest_run"] == stores["sqlite"][1]
    # And the page made without --run is that run's, not the emulated Pi's imported last.
    connection = results_store.connect(stores["sqlite"][0])
    try:
        assert report_data.latest_page_run(connection)["id"] == stores["sqlite"][1]
    finally:
        connection.close()
    # The stand-in machine's page, compared with this machine by name.
    out = str(tmp_path / "site")
    assert render_site.main(["--db", stores["postgresql"][0], "--machine", "second-machine",
                             "--against", this["machine"], "--out", out]) == 0
    html = open(os.path.join(out, "index.html")).read()
    assert f"Compared with run {this['latest_run']} on {this['machine']}" in html
    assert render_site.main(["--db", stores["sqlite"][0], "--machine", "no-such-machine",
                             "--out", out]) == 2


def test_every_chart_is_filled_from_the_runs(page, charts):
    html = open(os.path.join(page, "index.html")).read()
    if "history-counts" in charts:
        assert "Not shown" not in html, "a chart had no data"
    for chart in charts:
        assert f'src="charts/{chart}.svg"' in html, chart
        assert os.path.getsize(os.path.join(page, "charts", chart + ".svg")) > 1000
    for fact in ("Architecture", "Cores", "Memory", "Compiler", "Commit", "Version: simd",
                 "SIMD level used"):
        assert f"<th>{fact}</th>" in html, fact
    assert "second-machine" in html


def test_the_page_opens_with_the_findings_of_its_data(page):
    """The first section: per piece of work, the fastest canonical library, ours and every
    library as a multiple of the fastest, as the data file behind it has them."""
    html = open(os.path.join(page, "index.html")).read()
    assert html.index("<section id=") == html.index('<section id="findings">')
    assert html.index('<section id="findings">') < html.index('<section id="machine">')
    with open(os.path.join(page, "data", "findings.json")) as handle:
        rows = json.load(handle)
    ranked = [r for r in rows if r["status"] == "ranked"]
    # Only canonical contenders are ranked: no approximation (~), no SIMD level (@).
    assert ranked and not [r for r in ranked if "~" in r["library"] or "@" in r["library"]]
    works = {(r["work"], r["image"]) for r in ranked}
    assert ("cycle:blur-area", "photo-path") in works and ("rotate90", "synth-2560x1600-rgb") \
        in works
    for work, image in works:
        group = sorted((r for r in ranked if (r["work"], r["image"]) == (work, image)),
                       key=lambda r: r["ms"])
        assert [r["rank"] for r in group] == list(range(1, len(group) + 1))
        assert group[0]["multiple_of_fastest"] == 1.0
        for row in group:
            assert row["multiple_of_fastest"] == pytest.approx(row["ms"] / group[0]["ms"])
    # Nothing not ranked is given a rank; an approximation carries its PSNR.
    for row in rows:
        assert (row["rank"] is None) == (row["status"] != "ranked")
        if row["status"] == "approximation":
            assert row["psnr"] is not None and "~" in row["library"]


def test_the_raspberry_pi_section_sets_estimates_beside_measurements(page):
    """Per counted case: this machine's wall time, each board's estimated cycles and the time
    they imply at its clock, the real Pi 4's measured time and its ratio to the estimate; the
    Pi 5, which no real board ran, has estimates only. Every estimate is labelled as one."""
    with open(os.path.join(page, "data", "raspberry-pi.json")) as handle:
        rows = {r["benchmark"]: r for r in json.load(handle)}
    blur = rows["blur:sigma=4/simd/synth-320x200-rgb"]
    assert blur["x86_ms"] > 0
    for key, ghz in (("pi4", 1.8), ("pi5", 2.4)):
        assert blur[f"{key}_est_cycles"] == round(blur["x86_ms"] * ESTIMATED_CYCLES_PER_MS)
        assert blur[f"{key}_est_ms"] == pytest.approx(blur[f"{key}_est_cycles"] / (ghz * 1e6))
    assert blur["pi4_measured_ms"] == pytest.approx(blur["x86_ms"] * PI_SLOWER)
    assert blur["pi4_measured_over_est"] == pytest.approx(
        blur["pi4_measured_ms"] / blur["pi4_est_ms"])
    assert blur["pi5_measured_ms"] is None and blur["pi5_measured_over_est"] is None
    # Our kernels' NEON path against their scalar one, estimated and measured.
    with open(os.path.join(page, "data", "raspberry-pi-neon.json")) as handle:
        neon = json.load(handle)
    scalar, fast = (rows[f"blur:sigma=4/simd@{level}/synth-320x200-rgb"]
                    for level in ("scalar", "neon"))
    assert [(r["work"], r["level"]) for r in neon] == [("blur:sigma=4", "neon")]
    assert neon[0]["pi4_est_speedup"] == pytest.approx(
        scalar["pi4_est_cycles"] / fast["pi4_est_cycles"])
    assert neon[0]["pi4_measured_speedup"] == pytest.approx(
        scalar["pi4_measured_ms"] / fast["pi4_measured_ms"])
    html = open(os.path.join(page, "index.html")).read()
    section = html[html.index('<section id="raspberry-pi">'):]
    section = section[:section.index("</section>")]
    for label in ("<th>Pi 4 estimate (ms at 1.8 GHz)</th>",
                  "<th>Pi 5 estimate (ms at 2.4 GHz)</th>",
                  "<th>Pi 4 measured (ms)</th>", "<th>Pi 4 measured / estimate</th>",
                  "Measured on raspberrypi (Raspberry Pi 4 Model B Rev 1.4)",
                  "No run of the counted suite from a real Pi 5 in the store: nothing measured."):
        assert label in section, label
    assert f"<td>{blur['pi4_measured_over_est']:.2f}x</td>" in section


def test_library_defaults_and_shortcuts_are_shown_beside_the_canonical_ones(page):
    """Every approximate contender of the run has its row, with its PSNR and its canonical twin,
    and none of them is in the canonical ranking."""
    with open(os.path.join(page, "data", "library-defaults.json")) as handle:
        rows = json.load(handle)
    assert {(r["work"], r["library"], r["default"]) for r in rows} >= {
        ("blur:sigma=4", "opencv", "blur-ksize-from-radius"),
        ("cycle:blur-area", "simd", "shrink-on-load"),
        ("thumbnail:lanczos3-8x", "simd", "shrink-on-load")}
    for row in rows:
        assert row["psnr"] is not None and row["max_diff"] is not None and row["call"], row
    twins = [r for r in rows if r["library"] == "simd"]
    assert twins and all(r["canonical_ms"] > 0 and r["speedup"] > 0 for r in twins)
    with open(os.path.join(page, "data", "operations.json")) as handle:
        assert not [r for r in json.load(handle) if "~" in r["adapter"]]
    with open(os.path.join(page, "data", "cycle.json")) as handle:
        assert not [r for r in json.load(handle) if "~" in r["adapter"]]


def test_known_findings_are_listed_apart_from_failures(page):
    """The section is there whether or not the run met a known finding; each finding its data
    file holds is on the page with its reason, and a case of one that held is no failure."""
    html = open(os.path.join(page, "index.html")).read()
    assert 'id="known-findings"' in html
    path = os.path.join(page, "data", "known-findings.json")
    if not os.path.exists(path):
        assert "No case of this run met a known finding." in html
        return
    with open(path) as handle:
        findings = json.load(handle)
    failed = set()
    if os.path.exists(os.path.join(page, "data", "failures.json")):
        with open(os.path.join(page, "data", "failures.json")) as handle:
            failed = {f["case_name"].removesuffix("/real_time") for f in json.load(handle)}
    for finding in findings:
        assert f'id="known-{markupsafe.escape(finding["id"])}"' in html, finding["id"]
        assert str(markupsafe.escape(finding["reason"])) in html
        if finding["holds"]:
            assert not set(finding["matched_cases"].split(" ; ")) & failed, finding["id"]
    if any(f["explanation"].startswith("reference/SEMANTICS.md#") for f in findings):
        assert os.path.getsize(os.path.join(page, "semantics.html")) > 1000


def chromium():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,4000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


@pytest.fixture(scope="module")
def server(page):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=page)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


BROKEN_IMAGES = ("return Array.from(document.images)"
                 ".filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
LINKS = "return Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"


def test_unsteady_cases_are_marked_and_counted(page):
    html = open(os.path.join(page, "index.html")).read()
    assert 'id="steadiness"' in html
    assert re.search(r"\d+ of \d+ cases steady \(CV at most 5%\); \d+ unsteady", html)
    with open(os.path.join(page, "data", "steadiness.json")) as handle:
        rows = json.load(handle)
    assert len(rows) >= 5 and all(r["repetitions"] == 3 for r in rows)
    unsteady = [r for r in rows if not r["steady"]]
    assert all(r["cv"] > 0.05 for r in unsteady)
    assert html.count("<caption>Unsteady") == (1 if unsteady else 0)
    for row in unsteady:
        assert f"<td>{row['benchmark']}</td>" in html


def test_the_counts_history_follows_the_counted_cases(page, charts):
    if "history-counts" not in charts:
        pytest.skip("a sanitized build cannot run under valgrind")
    with open(os.path.join(page, "data", "history-counts.json")) as handle:
        rows = json.load(handle)
    cases = {r["benchmark"] for r in rows}
    assert "blur:sigma=4/simd/synth-320x200-rgb/real_time" in cases
    for case in cases:
        points = [r for r in rows if r["benchmark"] == case]
        assert len(points) == 2 and all(p["instructions"] > 0 for p in points)
        if "/simd/" in case:  # two runs of one binary: the same count to the instruction
            assert points[0]["instructions"] == points[1]["instructions"]


@pytest.mark.parametrize("where", ["http", "file"])
def test_the_page_loads_in_chromium_with_every_image_and_link(page, server, where, charts):
    browser = chromium()
    try:
        browser.get(server if where == "http" else "file://" + os.path.join(page, "index.html"))
        assert browser.title.startswith("imgbench results")
        images = browser.execute_script("return document.images.length")
        assert images == len(charts)
        assert browser.execute_script(BROKEN_IMAGES) == []
        # The defaults table, on the page itself: one row per approximate contender.
        rows = browser.execute_script(
            "return Array.from(document.querySelectorAll('#accuracy table.results tr'))"
            ".map(r => r.cells.length)")
        assert len(rows) >= 4 and all(cells == 10 for cells in rows), rows
        # The Raspberry Pi table: a row per counted case, the estimates labelled as such.
        headers = browser.execute_script(
            "return Array.from(document.querySelectorAll('#raspberry-pi table.results th'))"
            ".map(h => h.textContent)")
        assert [h for h in headers if "Pi 4" in h] == [
            "Pi 4 estimated cycles", "Pi 4 estimate (ms at 1.8 GHz)", "Pi 4 measured (ms)",
            "Pi 4 measured / estimate", "Pi 4 estimated speed-up", "Pi 4 measured speed-up"]
        measured = browser.execute_script(
            "return Array.from(document.querySelectorAll('#raspberry-pi table.results tr'))"
            ".filter(r => r.cells.length == 12 && r.cells[7].textContent.endsWith('x'))"
            ".length")
        assert measured >= 4
        # The findings table, first on the page, says what its data file says.
        assert browser.execute_script("return document.querySelector('main section').id") \
            == "findings"
        table = browser.execute_script(
            "return Array.from(document.querySelectorAll('#findings table.results tr'))"
            ".slice(1).map(r => Array.from(r.cells).map(c => c.textContent))")
        with open(os.path.join(page, "data", "findings.json")) as handle:
            everything = json.load(handle)
        findings = [r for r in everything if r["status"] == "ranked"]
        assert len(table) == len({(r["work"], r["image"]) for r in everything})
        for work, image, fastest, ours, multiples, verification in table:
            others = [r for r in everything if (r["work"], r["image"]) == (work, image)
                      and r["status"] != "ranked"]
            assert verification.startswith(
                "FAILED" if any(r["status"] in ("FAIL", "ERROR") for r in others)
                else "every ranked contender passed")
            for other in others:
                assert f"{other['library']}: {other['status']}" in verification
            group = {r["library"]: r for r in findings if (r["work"], r["image"]) == (work, image)}
            first = next(r for r in group.values() if r["rank"] == 1)
            assert fastest == f"{first['library']}, {render_site.format_time(first['ms'])}"
            assert multiples == " · ".join(
                f"{r['library']} {r['multiple_of_fastest']:.2f}x"
                for r in sorted(group.values(), key=lambda r: r["rank"]))
            if "simd" in group and group["simd"]["rank"] > 1:
                assert ours.endswith(f"{group['simd']['multiple_of_fastest']:.2f}x")
        links = [link for link in browser.execute_script(LINKS) if "#" not in link]
        assert any(link.endswith(".csv") for link in links)
        assert any(link.endswith(".json") for link in links)
        for link in links:
            with urllib.request.urlopen(link) as response:  # http: the server; file: the disk
                assert len(response.read()) > 0, link
        errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
        assert errors == []
        screenshot = os.environ.get("IMGBENCH_SCREENSHOT_DIR", os.path.dirname(page))
        os.makedirs(screenshot, exist_ok=True)
        assert browser.save_screenshot(os.path.join(screenshot, f"results-page-{where}.png"))
    finally:
        browser.quit()


# Each hover-titled bar or point of an SVG chart: its title and its box in the drawing, and the
# drawing's own box (an off-scale bar reaches past the axes, which clip it).
HOVERED = """
const svg = document.querySelector('svg');
const frame = svg.getBoundingClientRect();
return Array.from(svg.querySelectorAll('g[id^="hover-"]')).map(g => {
  const box = g.getBoundingClientRect();
  return {title: g.querySelector('title').textContent, width: box.width, height: box.height,
          inside: box.right > frame.left && box.left < frame.right
                  && box.bottom > frame.top && box.top < frame.bottom};
});
"""


@pytest.mark.parametrize("chart, data, prefix", [
    ("cycle", "cycle", "{adapter} ("), ("latency", "latency", "{adapter}, ")])
def test_every_contender_of_the_cycle_and_latency_charts_can_be_seen(page, server, chart, data,
                                                                     prefix):
    """Opened in Chromium, each contender of the chart's data has a bar or point of its own
    at least 2 px wide and high inside the drawing, named on hover."""
    with open(os.path.join(page, "data", data + ".json")) as handle:
        contenders = {row["adapter"] for row in json.load(handle)}
    browser = chromium()
    try:
        browser.get(server + f"charts/{chart}.svg")
        drawn = browser.execute_script(HOVERED)
    finally:
        browser.quit()
    for adapter in contenders:
        mine = [d for d in drawn if d["title"].startswith(prefix.format(adapter=adapter))]
        assert any(d["width"] >= 2 and d["height"] >= 2 and d["inside"] for d in mine), \
            (adapter, mine)


def test_a_failed_render_leaves_the_previous_page(page, tmp_path):
    out = str(tmp_path / "site")
    shutil.copytree(page, out)
    store = results_store.connect(str(tmp_path / "empty.sqlite"))
    broken = {"id": 1, "machine_id": 1, "suite": "quick", "date": "", "context": "not json"}
    with pytest.raises(ValueError):
        render_site.render(store, broken, out)
    assert sorted(os.listdir(out)) == sorted(os.listdir(page))
    assert not [n for n in os.listdir(str(tmp_path)) if n.startswith(".site-")]
