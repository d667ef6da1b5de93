"""The published results page: a static site rendered from the results store.

    render_site.py [--db PATH] [--run ID] [--out DIR] [--compare-emulated]

writes DIR (reports/site by default) with index.html (Jinja2 template in reports/templates), the
charts as SVG under charts/ and the data behind every chart as CSV and JSON under data/. Links are
relative and nothing is fetched, so the page works from the file system and from any static host.
The site is rendered beside DIR and swapped in at the end: a failed render leaves the old page.
"""
import argparse
import csv
import json
import math
import os
import re
import shutil
import sys
import tempfile

import jinja2

import charts
import regressions
import report_data
import results_store
import store_db

HERE = os.path.dirname(os.path.abspath(__file__))


def default_out():
    return os.path.join(HERE, "site")


def write_table(directory, name, rows):
    """rows (at least one) -> data/<name>.csv and .json; returns the two relative paths."""
    def plain(value):
        return value if not isinstance(value, float) or math.isfinite(value) else str(value)
    rows = [{k: plain(v) for k, v in row.items()} for row in rows]
    with open(os.path.join(directory, "data", name + ".json"), "w") as handle:
        json.dump(rows, handle, indent=1)
    with open(os.path.join(directory, "data", name + ".csv"), "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return [f"data/{name}.csv", f"data/{name}.json"]


class Section:
    """One section of the page: a title, what it shows, its charts and its downloads."""

    def __init__(self, anchor, title, text):
        self.anchor, self.title, self.text = anchor, title, text
        self.charts, self.downloads, self.missing = [], [], []
        self.failures, self.remark, self.unsteady = [], "", []
        self.known_cases = []  # verification: cases that met a known finding, beside failures
        self.findings = []  # known findings: each with the link to its explanation
        self.tables = []  # {"caption", "headers", "rows"}: tables shown on the page itself


class Builder:
    def __init__(self, connection, run, directory, compare_emulated, against=None):
        self.connection, self.run, self.directory = connection, run, directory
        self.compare_emulated = compare_emulated
        self.against = against  # the other machine's run in the comparison (None: the latest)
        self.sections = []
        self.semantics = False  # whether the page links into its copy of SEMANTICS.md
        os.makedirs(os.path.join(directory, "charts"))
        os.makedirs(os.path.join(directory, "data"))

    def section(self, anchor, title, text):
        self.sections.append(Section(anchor, title, text))
        return self.sections[-1]

    def chart(self, section, name, caption, draw, *arguments, needs="this run has no data for it"):
        path = os.path.join(self.directory, "charts", name + ".svg")
        if draw(*arguments, path):
            section.charts.append({"src": f"charts/{name}.svg", "caption": caption})
        else:
            section.missing.append(f"{caption}: {needs}")

    def table(self, section, name, rows):
        if rows:  # an empty table is not offered for download
            section.downloads += write_table(self.directory, name, rows)
        return rows

    def figure(self, section, name, rows, caption, draw, *arguments, **needs):
        """The chart `name` drawn from `rows`, which are offered for download as data/`name`."""
        self.table(section, name, rows)
        self.chart(section, name, caption, draw, rows, *arguments, **needs)
        return rows

    def build(self):
        c, run = self.connection, self.run
        cases = report_data.timed_cases(c, run["id"])
        self.findings(cases)
        ops = self.section("operations", "Single operations",
                           "Every pixel operation's declared cases (imgbench list), one thread, "
                           "on synthetic images held in memory. Every case was verified against "
                           "the reference before it was timed.")
        rows = self.table(ops, "operations", report_data.single_operations(cases))
        for image in sorted({r["image"] for r in rows}) or ["(none)"]:
            self.chart(ops, f"operations-{image}", f"Mpx/s per operation and library, {image}",
                       charts.operations_chart, rows, image)

        cycle = self.section("cycle", "Full cycle",
                             "pillow-perf's sequence on a JPEG in memory: decode, rotate 90, "
                             "resize 2.5x, blur sigma 4, encode at quality 85. Each stage's "
                             "share is the difference of cumulative medians.")
        self.figure(cycle, "cycle", report_data.cycle_stages(cases),
                    "Full cycle per library, stages stacked", charts.cycle_chart)

        self.accuracy(c, run, cases)

        crops = self.section("crops", "Crop batches",
                             "Batches of crop-and-resize requests from JPEG and PNG sources, "
                             "sequential and over worker threads (and an adapter's fast path).")
        self.figure(crops, "crop-batches", report_data.crop_batches(cases),
                    "Crop batches, sequential against parallel", charts.crop_chart)

        users = self.section("pipelines", "Users' pipelines",
                             "Pipelines given to imgbench bench --pipeline or in a suite file, on "
                             "the files named with them: every library that supports each step, "
                             "verified against the reference sequence before it was timed. Each "
                             "row's steps are in the table.")
        self.figure(users, "pipelines", report_data.pipelines(cases),
                    "Users' pipelines per library and input", charts.pipelines_chart,
                    needs="this run has no users' pipeline (bench --pipeline)")

        sweep = self.section("latency", "Latency against throughput",
                             "The full cycle over a stream of JPEGs: closed loop with 1 to 2N "
                             "workers, open loop with Poisson arrivals at a fraction of the best "
                             "closed-loop rate.")
        points = self.figure(sweep, "latency", report_data.sweep_points(c, run["id"]),
                             "Latency against throughput (closed and open loop)",
                             charts.latency_chart)

        levels = self.section("levels", "SIMD levels and library threads",
                              "Each adapter at each of its SIMD levels (our kernels' Highway "
                              "targets, libjpeg-turbo with and without SIMD, OpenCV optimized or "
                              "not), and one worker with N library threads.")
        self.figure(levels, "simd-levels", report_data.simd_levels(cases),
                    "Speed-up per SIMD level", charts.levels_chart)
        self.figure(levels, "library-threads", report_data.library_threads(points),
                    "Speed-up with library threads", charts.threads_chart)

        checks = self.section("verification", "Verification",
                              "Every library's output against the exact double-precision "
                              "reference (worst case over the test images), the tolerance of "
                              "the operation, and how closely the libraries agree with each "
                              "other. The border band is judged per edge: its PSNR is its worst "
                              "edge's, named beside it. A case that met a declared known finding "
                              "is marked as such: explained, not timed, and no failure.")
        rows = self.table(checks, "verification", report_data.verification(c, run["id"]))
        pairs = self.table(checks, "agreements", report_data.agreements(c, run["id"]))
        self.chart(checks, "verification", "PSNR against the reference and the tolerance; "
                   "pairwise agreement", charts.verification_chart, rows, pairs)
        checks.failures = self.table(checks, "failures", report_data.failures(c, run["id"]))
        checks.known_cases = report_data.known_cases(c, run["id"])
        self.known_findings()

        self.steadiness(cases)
        self.history(cases)
        self.machines(cases)
        self.raspberry_pi()
        self.fleet()

    def findings(self, cases):
        section = self.section(
            "findings", "Findings",
            "What this run found, per piece of work: the fastest library that computed the "
            "canonical result, our kernels, and every such library's time as a multiple of the "
            "fastest (medians, one thread, the same run). A contender that failed verification "
            "is never timed, one that met a known finding neither, and an approximation (a "
            "library default or shortcut) is timed apart: each is named with its PSNR, never "
            "ranked. The sections below hold the details.")
        verdicts = report_data.bench_verdicts(self.connection, self.run["id"])
        rows = self.table(section, "findings", report_data.findings(cases, verdicts))
        if rows:
            section.tables.append(findings_table(rows))
        else:
            section.missing.append("the findings: this run timed no single operation, full "
                                   "cycle or thumbnail")

    def accuracy(self, connection, run, cases):
        section = self.section(
            "accuracy", "Speed beside accuracy: library defaults and shortcuts",
            "The calls users write by default (OpenCV's GaussianBlur with a kernel size from a "
            "radius, libvips' default gaussblur mask, Pillow's GaussianBlur, which approximates "
            "the Gaussian with box blurs, Pillow's reducing_gap, ...) and the "
            "shortcuts libraries offer for a whole sequence (shrink on load, thumbnail), timed "
            "beside the canonical contenders with their PSNR against the canonical reference. "
            "They are approximate: never ranked with the canonical results above, never a "
            "verification failure; the dashed line is the canonical tolerance.")
        verdicts = report_data.bench_verdicts(connection, run["id"])
        points = self.table(section, "speed-psnr", report_data.speed_against_psnr(cases, verdicts))
        for work, image in sorted({(r["work"], r["image"]) for r in points}) or [("", "")]:
            slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{work}-{image}").strip("-")
            self.chart(section, f"speed-psnr-{slug}" if work else "speed-psnr",
                       f"{work} on {image}: ms per image against PSNR" if work
                       else "Speed against PSNR", charts.speed_psnr_chart, points, work, image,
                       needs="this run timed no library default or shortcut")
        defaults = self.table(section, "library-defaults",
                              report_data.library_defaults(cases, verdicts))
        if defaults:
            section.remark = (
                "Published benchmarks time the left-hand call; imgbench ranks the right-hand one. "
                "They differ because the default computes something else: a Gaussian truncated "
                "or quantised differently, a filter that is not antialiased, a decode that keeps "
                "only each DCT block's low frequencies. The table says what each saves and what it "
                "costs.")
            section.tables.append({
                "caption": "Library defaults and shortcuts beside the canonical call",
                "headers": ["work", "image", "library ~ default or shortcut", "approximate (ms)",
                            "canonical (ms)", "approximate saves", "PSNR (dB)", "max diff",
                            "tolerance (dB)", "the call, and why it differs"],
                "rows": [[r["work"], r["image"], f"{r['library']} ~ {r['default']}",
                          f"{r['default_ms']:.3f}",
                          f"{r['canonical_ms']:.3f}" if r["canonical_ms"] else "not canonical",
                          f"{r['speedup']:.2f}x" if r["speedup"] else "",
                          format_psnr(r["psnr"]), "" if r["max_diff"] is None else r["max_diff"],
                          format_psnr(r["tolerance"]), r["call"]] for r in defaults]})

    def known_findings(self):
        section = self.section(
            "known-findings", "Known findings",
            "Deviations of a library from the canonical semantics that the suite has measured "
            "and explained (reference/known_findings.json): a case that fails within its "
            "finding's declared PSNR range, on the library version it was measured on, is not a "
            "failure of the run and is not timed. A finding that no longer holds (the case "
            "passes now, its PSNR left the range, or the library's version changed) is a "
            "failure, listed under Verification too: the finding needs measuring again.")
        rows = self.table(section, "known-findings",
                          report_data.known_findings(self.connection, self.run["id"]))
        section.findings = [dict(r, link=explanation_link(r["explanation"])) for r in rows]
        self.semantics = any(r["link"] for r in section.findings)
        if not rows:
            section.remark = "No case of this run met a known finding."
        else:
            held = sum(r["holds"] for r in rows)
            section.remark = (f"{held} of {len(rows)} known findings held; "
                              f"{len(rows) - held} no longer hold.")

    def steadiness(self, cases):
        limit = report_data.UNSTEADY_CV
        section = self.section("steadiness", "How steady the wall-clock figures were",
                               "Each case's coefficient of variation over its repetitions in "
                               "this run. This machine is shared: a case above "
                               f"{limit:.0%} is marked unsteady, and a difference smaller than "
                               "its spread says nothing. For changes of a few percent, the "
                               "instruction counts below do not move with the host.")
        rows = self.figure(section, "steadiness", report_data.steadiness(cases),
                           "Spread of each case over its repetitions", charts.steadiness_chart,
                           limit, needs="it needs a run with repetitions")
        section.unsteady = [r for r in rows if not r["steady"]]
        if rows:
            section.remark = (f"{len(rows) - len(section.unsteady)} of {len(rows)} cases "
                              f"steady (CV at most {limit:.0%}); "
                              f"{len(section.unsteady)} unsteady.")

    def history(self, cases):
        section = self.section("history", "History on this machine",
                               "The same benchmarks over this machine's runs of the suite. A "
                               "black cross marks a regression by the nightly's test: slower "
                               f"than the median of the last {regressions.HISTORY} runs by more "
                               f"than {regressions.THRESHOLD:.0%} with a robust z-score above "
                               f"{regressions.Z_LIMIT:g}. Below, the instruction counts of the "
                               "suite's single-thread cases under callgrind: they do not move "
                               "with the host, so the nightly flags any growth above "
                               f"{regressions.COUNTS_THRESHOLD:.0%} over the previous run. They "
                               "compare a build with itself, never one library with another.")
        series = report_data.history(self.connection, self.run, cases)
        rows = [dict(point, benchmark=name) for name, points in series.items() for point in points]
        self.table(section, "history", rows)
        self.chart(section, "history", "Medians per run, oldest first", charts.history_chart,
                   series, needs="it needs two runs of this suite on this machine")
        counted = report_data.counts_history(self.connection, self.run)
        rows = [dict(point, benchmark=name) for name, points in counted.items()
                for point in points]
        self.table(section, "history-counts", rows)
        self.chart(section, "history-counts", "Instruction counts per run (bench --measure "
                   "counts), oldest first: deterministic, so a 1% change is a finding",
                   charts.counts_history_chart, counted,
                   needs="it needs two counts runs of this suite on this machine")

    def machines(self, cases):
        section = self.section("machines", "Machine comparison",
                               "The same benchmarks on this machine and on the latest run of "
                               "the suite on another one, as ratios of medians. Runs under "
                               "emulation are left out unless asked for (--compare-emulated).")
        other = self.against or report_data.other_machine_run(self.connection, self.run,
                                                              self.compare_emulated)
        theirs = report_data.timed_cases(self.connection, other["id"]) if other else {}
        this = describe_machine(self.run)
        that = describe_machine(other) if other else ""
        caption = f"{this} against {that}" if other else "This machine against another"
        needs = "it needs a run of this suite on another machine"
        emulated = report_data.emulated_runs_elsewhere(self.connection, self.run)
        if not other and emulated:
            # Emulated timings measure the emulator, not the machine it pretends to be.
            needs = (f"the other machines' runs of this suite ({emulated}) were made under "
                     "emulation, whose timings say nothing of real hardware (--compare-emulated "
                     "shows them anyway)")
        self.figure(section, "machines", report_data.machine_comparison(cases, theirs), caption,
                    charts.machines_chart, that, this, needs=needs)
        if other:
            section.remark = (f"Compared with run {other['id']} on {that}, commit "
                              f"{(other['git_commit'] or 'unknown')[:12]}, {other['date']}.")
            if other["emulated"]:
                section.remark += (" That run was made under emulation: its times are the "
                                   "emulator's, not those of the hardware it emulates.")

    def raspberry_pi(self):
        section = self.section(
            "raspberry-pi", "Raspberry Pi: estimates beside measurements",
            "The counted cases (the quick suite at the counts measure's sizes) on a Raspberry Pi "
            "4 and 5. Estimate: the aarch64 build run under qemu as a Cortex-A72 or Cortex-A76, "
            "each executed block's cycles from llvm-mca's model of the core (as a steady loop: "
            "every load an L1 hit, every branch predicted) times its executions, and the time "
            "that implies at the board's clock (1.8 and 2.4 GHz). It cannot see memory "
            "bandwidth, which dominates the codec on a Pi, nor the library's threads: libvips "
            "and Pillow, and the batches over worker threads, are not counted. Measured: the "
            "counted suite timed on a real board, where the store has a run of one; the ratio "
            "shows the model's error. Beside them, this machine's wall time of the same case.")
        c = self.connection
        x86_run = report_data.counted_suite_run(c, self.run["machine_id"])
        x86 = report_data.timed_cases(c, x86_run["id"]) if x86_run else {}
        estimates, measured, sources = {}, {}, []
        for board in report_data.PI_BOARDS:
            estimate = report_data.pi_estimate_run(c, board["core"], self.run["git_commit"])
            real = report_data.pi_measured_run(c, board["core"], self.run["git_commit"])
            if estimate:
                estimates[board["key"]] = regressions.counts_by_run(
                    c, [estimate["id"]])[estimate["id"]]
            if real:
                measured[board["key"]] = report_data.timed_cases(c, real["id"])
            sources.append(describe_pi_sources(board, estimate, real))
        rows = self.figure(section, "raspberry-pi",
                           report_data.raspberry_pi(x86, estimates, measured),
                           "The counted cases: estimated and measured milliseconds",
                           charts.raspberry_pi_chart, report_data.PI_BOARDS, self.run["arch"],
                           needs="the store has no counts run of the aarch64 build under "
                           "emulation (scripts/counts-aarch64, or the nightly on an x86-64 "
                           "machine)")
        if not rows:
            return
        section.remark = " ".join(sources) + (
            f" This machine's wall time: run {x86_run['id']} of the counted suite."
            if x86_run else " This machine has no run of the counted suite: no wall time.")
        section.tables.append(pi_table(rows, self.run["arch"], estimates))
        speedups = self.table(section, "raspberry-pi-neon", report_data.neon_speedups(rows))
        if speedups:
            section.tables.append(neon_table(speedups))

    def fleet(self):
        section = self.section("fleet", "Every machine",
                               "Every machine in the store with its latest run, and each "
                               "machine's history of our full cycle on photo-path. "
                               "render_site.py --machine NAME renders the page of a machine's "
                               "latest run, --against NAME compares it with another's.")
        machines = self.table(section, "fleet", report_data.fleet(self.connection))
        if machines:
            section.tables.append({
                "caption": "Machines and their latest runs",
                "headers": ["Machine", "Architecture", "CPU", "Cores", "Runs", "Latest run",
                            "Date", "Suite", "Commit"],
                "rows": [[m["machine"] + (" (emulated)" if m["emulated"] else ""), m["arch"],
                          m["cpu"], m["cores"] or "", m["runs"], m["latest_run"],
                          m["latest_date"], m["suite"] or "", m["commit"]] for m in machines]})
        series = report_data.fleet_history(self.connection)
        self.table(section, "fleet-history", [dict(p, machine=machine) for machine, points
                                              in sorted(series.items()) for p in points])
        self.chart(section, "fleet-history", "Our full cycle on photo-path, per machine and run",
                   charts.fleet_history_chart, series, report_data.FLEET_HEADLINE,
                   needs="it needs two runs of one machine that timed it")


def format_time(ms):
    return charts.value_text(ms) + " ms"


def findings_table(rows):
    """One line per (work, image) of report_data.findings' rows."""
    groups = {}
    for row in rows:
        groups.setdefault((row["work"], row["image"]), []).append(row)
    table = []
    for (work, image), group in groups.items():
        ranked = sorted((r for r in group if r["status"] == "ranked"), key=lambda r: r["rank"])
        ours = next((r for r in ranked if r["library"] == "simd"), None)
        apart = [f"{r['library']}: {r['status']}"
                 + (f", {format_psnr(r['psnr'])} dB" if r["psnr"] is not None else "")
                 for r in group if r["status"] != "ranked"]
        failed = any(r["status"] in ("FAIL", "ERROR") for r in group)
        table.append([
            work, image,
            f"{ranked[0]['library']}, {format_time(ranked[0]['ms'])}" if ranked else "none",
            ("the fastest" if ours["rank"] == 1 else
             f"{format_time(ours['ms'])}, {ours['multiple_of_fastest']:.2f}x") if ours
            else "not run",
            " · ".join(f"{r['library']} {r['multiple_of_fastest']:.2f}x" for r in ranked),
            ("FAILED: " if failed else "every ranked contender passed")
            + ("; " if apart and not failed else "") + "; ".join(apart)])
    return {"caption": "Findings: the fastest canonical library per piece of work, ours, and "
                       "the rest as multiples of the fastest",
            "headers": ["work", "image", "fastest", "ours (simd)",
                        "every canonical library (x the fastest)",
                        "verification; not ranked (PSNR)"],
            "rows": table}


def describe_pi_sources(board, estimate, real):
    """Where the section's figures for one board come from, in a sentence."""
    name = f"{board['board']} ({board['core']}, {board['ghz']:g} GHz)"
    said = (f"{name} estimate: run {estimate['id']}, commit "
            f"{(estimate['git_commit'] or 'unknown')[:12]}, {estimate['date']}."
            if estimate else f"{name}: no estimate in the store.")
    if real:
        return said + (f" Measured on {real['machine']} ({real['cpu']}): run {real['id']}, "
                       f"commit {(real['git_commit'] or 'unknown')[:12]}, {real['date']}.")
    return said + (f" No run of the counted suite from a real {board['board']} in the store: "
                   "nothing measured.")


def format_ms(value):
    return "" if value is None else charts.value_text(value)


def format_ratio(value):
    return "" if value is None else f"{value:.2f}x"


def pi_table(rows, arch, estimates):
    """The section's table; a board with no estimate run says so rather than "not counted"."""
    headers = ["work", "library", "image", f"{arch} wall time (ms, measured, this machine)"]
    for board in report_data.PI_BOARDS:
        name = board["board"]
        headers += [f"{name} estimated cycles", f"{name} estimate (ms at {board['ghz']:g} GHz)",
                    f"{name} measured (ms)", f"{name} measured / estimate"]
    table = []
    for row in rows:
        cells = [row["work"], row["library"], row["image"], format_ms(row["x86_ms"])]
        for board in report_data.PI_BOARDS:
            key = board["key"]
            cycles = row[f"{key}_est_cycles"]
            missing = "not counted" if key in estimates else "no estimate"
            cells += [f"{cycles:,}" if cycles else missing,
                      format_ms(row[f"{key}_est_ms"]), format_ms(row[f"{key}_measured_ms"]),
                      format_ratio(row[f"{key}_measured_over_est"])]
        table.append(cells)
    return {"caption": f"Per case: {arch} measured, Raspberry Pi estimated (llvm-mca under qemu) "
                       "and, where a real board ran it, measured", "headers": headers,
            "rows": table}


def neon_table(speedups):
    headers = ["work", "image", "our kernels' level"]
    for board in report_data.PI_BOARDS:
        headers += [f"{board['board']} estimated speed-up", f"{board['board']} measured speed-up"]
    rows = [[s["work"], s["image"], s["level"]]
            + [format_ratio(s[f"{b['key']}_{kind}_speedup"]) for b in report_data.PI_BOARDS
               for kind in ("est", "measured")] for s in speedups]
    return {"caption": "Our kernels' speed-up over their scalar path on the boards",
            "headers": headers, "rows": rows}


# The explanations of known findings are sections of reference/SEMANTICS.md; the page carries a
# copy of it, each heading with the anchor GitHub would give it, so that the links work offline.
SEMANTICS = os.path.join(os.path.dirname(HERE), "reference", "SEMANTICS.md")
SEMANTICS_PAGE = "semantics.html"


def explanation_link(explanation):
    """The page's link for a known finding's explanation ("reference/SEMANTICS.md#mappings"): its
    section in the page's copy of SEMANTICS.md; None for anything else."""
    path, _, anchor = (explanation or "").partition("#")
    return f"{SEMANTICS_PAGE}#{anchor}" if path.endswith("SEMANTICS.md") else None


def heading_anchor(title, seen):
    """GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces as hyphens,
    "-1", "-2", ... after a repeated one."""
    anchor = re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
    count = seen.get(anchor, 0)
    seen[anchor] = count + 1
    return f"{anchor}-{count}" if count else anchor


def semantics_parts():
    """SEMANTICS.md as the parts of a plain page: its headings ({"level", "anchor", "title"}) and
    the text between them as it is written ({"text"}, shown preformatted)."""
    with open(SEMANTICS) as handle:
        lines = handle.read().splitlines()
    parts, text, seen, fenced = [], [], {}, False
    for line in lines:
        fenced = fenced != line.startswith("```")
        heading = None if fenced else re.match(r"(#{1,6}) (.*)", line)
        if not heading:
            text.append(line)
            continue
        if "".join(text).strip():
            parts.append({"text": "\n".join(text).strip("\n")})
        text = []
        parts.append({"level": len(heading.group(1)), "title": heading.group(2),
                      "anchor": heading_anchor(heading.group(2), seen)})
    if "".join(text).strip():
        parts.append({"text": "\n".join(text).strip("\n")})
    return parts


def format_border(psnr, edge):
    """The border band's PSNR with its worst edge: "41.20 dB (left)"; "" where it has none."""
    if psnr is None:
        return ""
    text = format_psnr(psnr) + (" dB" if math.isfinite(psnr) else "")
    return f"{text} ({edge})" if edge else text


def format_psnr(value):
    if value is None:
        return ""
    if math.isinf(value):  # -inf: another shape, nothing to compare
        return "identical" if value > 0 else "another shape"
    return f"{value:.2f}"


def describe_machine(run):
    context = json.loads(run["context"])
    label = f"{context.get('hostname') or context.get('host_name', '?')}"
    label += f" ({context.get('arch', '?')}"
    simd = context.get("simd_target") or context.get("simd_level_used")  # older runs: the level
    if simd:
        label += f", {simd}"
    if context.get("emulated") == "true":
        label += ", EMULATED"
    return label + ")"


def machine_facts(run):
    context = json.loads(run["context"])
    keys = [("CPU", "cpu_model"), ("Architecture", "arch"), ("Cores", "hardware_threads"),
            ("Memory", "memory_total"), ("Kernel", "kernel"), ("Compiler", "compiler"),
            ("Flags", "compiler_flags"), ("Build type", "imgbench_build_type"),
            ("SIMD level used", "simd_level_used"), ("SIMD target", "simd_target"),
            ("SIMD levels", "simd_levels_available"), ("CPU core", "cpu_core"),
            ("Emulated", "emulation"),
            ("Library threads", "library_threads"), ("Commit", "git_commit"),
            ("Uncommitted changes", "git_dirty"), ("Started", "started_at"), ("Suite", "suite")]
    facts = [(label, context[key]) for label, key in keys if context.get(key)]
    facts += [(f"Version: {key[len('version_'):]}", value) for key, value in sorted(context.items())
              if key.startswith("version_")]
    facts += [(f"Environment: {key[len('env_'):]}", value) for key, value
              in sorted(context.items()) if key.startswith("env_") and value != "(unset)"]
    return facts


def render(connection, run, out, compare_emulated=False, against=None):
    """Renders the page for `run` into `out` (replaced as a whole); returns index.html's path."""
    parent = os.path.dirname(os.path.abspath(out)) or "."
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".site-", dir=parent)
    try:
        site = os.path.join(staging, "site")
        builder = Builder(connection, run, site, compare_emulated, against)
        builder.build()
        with open(os.path.join(site, "data", "context.json"), "w") as handle:
            json.dump(json.loads(run["context"]), handle, indent=1, sort_keys=True)
        environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(os.path.join(HERE, "templates")),
            autoescape=True, undefined=jinja2.StrictUndefined)
        environment.filters.update(border=format_border, psnr=format_psnr)
        html = environment.get_template("index.html.j2").render(
            run=run, machine=describe_machine(run), facts=machine_facts(run),
            sections=builder.sections)
        with open(os.path.join(site, "index.html"), "w") as handle:
            handle.write(html)
        if builder.semantics:
            with open(os.path.join(site, SEMANTICS_PAGE), "w") as handle:
                handle.write(environment.get_template("semantics.html.j2").render(
                    parts=semantics_parts()))
        for name in ("style.css", "favicon.svg"):
            shutil.copy(os.path.join(HERE, "templates", name), os.path.join(site, name))
        # Two renames: the old page is out of the way only between them, and comes back if the
        # second fails (before the staging folder, which holds it then, is removed).
        old = os.path.join(staging, "old")
        if os.path.exists(out):
            os.rename(out, old)
        try:
            os.rename(site, out)
        except OSError:
            if os.path.exists(old):
                os.rename(old, out)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return os.path.join(out, "index.html")


def main(argv):
    parser = argparse.ArgumentParser(description="Render the results page from the store.")
    parser.add_argument("--db", default=results_store.default_target(),
                        help="the store: a SQLite file or a postgresql:// address")
    parser.add_argument("--run", type=int, help="run id (default: the latest, not one of the "
                        "counted suite, which only fills the Raspberry Pi section, and on real "
                        "hardware before emulation)")
    parser.add_argument("--out", default=default_out())
    parser.add_argument("--machine", help="the page of this machine's latest run (by name)")
    parser.add_argument("--against", help="compare with this machine's latest run of the suite "
                        "(by name; default: the latest run of another machine)")
    parser.add_argument("--compare-emulated", action="store_true",
                        help="let an emulated run be the other machine of the comparison")
    arguments = parser.parse_args(argv)
    if not store_db.exists(arguments.db):
        print(f"error: {arguments.db}: no results store (import a run first)", file=sys.stderr)
        return 2
    try:
        connection = results_store.connect(arguments.db)
    except results_store.StoreUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if arguments.run is None:
        run = report_data.latest_page_run(connection, arguments.machine)
    else:
        run = results_store.run_row(connection, arguments.run)
    if run is None:
        wanted = (f"run on a machine named {arguments.machine}"
                  if arguments.machine and arguments.run is None
                  else f"run {arguments.run or ''}".rstrip())
        print(f"error: {store_db.describe(arguments.db)}: no {wanted}", file=sys.stderr)
        return 2
    against = None
    if arguments.against:
        against = report_data.latest_page_run(connection, arguments.against, run["suite"])
        if against is None:
            print(f"error: {store_db.describe(arguments.db)}: no run of the "
                  f"{run['suite'] or 'same'} suite on a machine named {arguments.against}",
                  file=sys.stderr)
            return 2
    print(render(connection, run, arguments.out, arguments.compare_emulated, against))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
