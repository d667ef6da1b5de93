"""The report's charts (matplotlib, SVG) and the tables behind them.

Each chart function takes plain rows read from the store (see report_data.py) and, last, the
path of the SVG to write; it returns False, writing nothing, when the rows cannot fill it (a run
without a sweep, a single run for a history), so that the page can say what is missing instead of
showing an empty frame.
"""
import datetime
import html
import math
import statistics

import matplotlib

matplotlib.use("Agg")  # files only: no display, no network
import matplotlib.pyplot as plt  # noqa: E402

PSNR_CAP = 100.0  # identical outputs (infinite PSNR) drawn at this height


ADAPTER_COLOURS = {"simd": "tab:red", "opencv": "tab:orange", "pillow": "tab:green",
                   "vips": "tab:purple", "gm": "tab:blue", "turbojpeg": "tab:olive",
                   "reference": "tab:gray"}


def colour(name):
    """The same colour for a library in every chart (None: matplotlib's cycle)."""
    return ADAPTER_COLOURS.get(name.split("+")[0].split("@")[0])


def _hover(artist, text):
    """Gives `artist` an SVG <title> (what a browser shows on hover): its contender and value."""
    figure = artist.get_figure()
    titles = figure.__dict__.setdefault("imgbench_titles", {})
    gid = f"hover-{len(titles)}"
    artist.set_gid(gid)
    titles[gid] = text


def _hover_bars(bars, texts):
    for bar, text in zip(bars, texts):
        _hover(bar, text)


def _save(figure, path):
    figure.tight_layout()
    figure.savefig(path, format="svg")
    titles = figure.__dict__.get("imgbench_titles", {})
    plt.close(figure)
    if titles:
        with open(path) as handle:
            svg = handle.read()
        for gid, text in titles.items():
            svg = svg.replace(f'<g id="{gid}">',
                              f'<g id="{gid}"><title>{html.escape(text)}</title>', 1)
        with open(path, "w") as handle:
            handle.write(svg)
    return True


def value_text(number):
    """A value as a title shows it: three significant digits, whole numbers from 1,000 on."""
    return f"{number:.3g}" if abs(number) < 1000 else f"{number:,.0f}"


def _grouped_bars(axes, groups, series, values, errors=None, colours_by_name=True):
    """Bars for each group (x), one per series; values[(group, series)] (missing: no bar)."""
    width = 0.8 / max(1, len(series))
    for index, name in enumerate(series):
        xs, ys, low, high = [], [], [], []
        for position, group in enumerate(groups):
            if (group, name) not in values:
                continue
            xs.append(position + (index - (len(series) - 1) / 2) * width)
            ys.append(values[(group, name)])
            spread = (errors or {}).get((group, name), (ys[-1], ys[-1]))
            low.append(ys[-1] - spread[0])
            high.append(spread[1] - ys[-1])
        if xs:
            bars = axes.bar(xs, ys, width, label=name, yerr=[low, high] if errors else None,
                            capsize=2, color=colour(name) if colours_by_name else None)
            _hover_bars(bars, [f"{name}, {group}: {value_text(values[(group, name)])}"
                               for group in groups if (group, name) in values])
    axes.set_xticks(range(len(groups)))
    axes.set_xticklabels(groups, rotation=20, ha="right", fontsize=8)
    axes.legend(fontsize=8)


def operations_chart(rows, image, path):
    """Mpx/s per operation and library on one image: median bar, min-max of repetitions."""
    rows = [r for r in rows if r["image"] == image]
    if not rows:
        return False
    groups = sorted({r["operation"] for r in rows})
    series = sorted({r["adapter"] for r in rows})
    values = {(r["operation"], r["adapter"]): r["mpx_median"] for r in rows}
    errors = {(r["operation"], r["adapter"]): (r["mpx_min"], r["mpx_max"]) for r in rows}
    figure, axes = plt.subplots(figsize=(10, 4.5))
    _grouped_bars(axes, groups, series, values, errors)
    axes.set_yscale("log")  # a crop is a copy, a blur a hundred times more work
    axes.set_ylabel("Mpx/s (source pixels), single thread, log")
    axes.set_title(f"Single operations on {image}: median of repetitions, whiskers min-max")
    return _save(figure, path)


def operation_name(step):
    """An operation's name from its text form "name:key=value,...": what a legend shows."""
    return step.partition(":")[0]


def stage_increments(steps, stages):
    """The time each step of a cycle adds: [(step, ms)] from the decode and save alone to the
    whole cycle, each stage being the cycle's first steps then its save, timed as its own case
    ({steps: median ms}); None when a stage is missing."""
    increments, previous = [], 0.0
    for count in range(1, len(steps)):
        stage = tuple(steps[:count]) + (steps[-1],)
        if stage not in stages:
            return None
        step = "decode + " + operation_name(steps[-1]) if count == 1 else steps[count - 1]
        increments.append((step, max(0.0, stages[stage] - previous)))
        previous = stages[stage]
    return increments


def whole_cycles(stages):
    """The cycles of one library and image that are no other's stage: the longest of each kind."""
    return [steps for steps in stages
            if not any(len(other) > len(steps) and other[:len(steps) - 1] == steps[:-1]
                       and other[-1] == steps[-1] for other in stages)]


def off_scale_limit(totals, factor=10.0):
    """The axis limit that keeps the others readable when one total is more than `factor` times
    the median (GraphicsMagick's 1,300 ms beside 23 to 116 ms); None when none is."""
    median = statistics.median(totals)
    kept = [t for t in totals if t <= factor * median]
    return 1.1 * max(kept) if len(kept) < len(totals) else None


def cycle_chart(rows, path):
    """The full cycle per library: each step's added time stacked (cumulative medians of the
    stages, which the result file's steps identify)."""
    by_source, labels_of = {}, {}
    for r in rows:
        steps = tuple(r["steps"])
        by_source.setdefault((r["adapter"], r["image"]), {})[steps] = r["ms"]
        labels_of[(r["adapter"], r["image"], steps)] = r["label"]
    bars = []
    for (adapter, image), stages in sorted(by_source.items()):
        for steps in sorted(whole_cycles(stages)):
            increments = stage_increments(steps, stages)
            if increments:
                bars.append((f"{adapter} ({image}, {labels_of[(adapter, image, steps)]})",
                             increments))
    if not bars:
        return False
    figure, axes = plt.subplots(figsize=(10, 0.45 * len(bars) + 1.8))
    left = [0.0] * len(bars)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    labels = [label for label, _ in bars]
    for index in range(max(len(increments) for _, increments in bars)):
        widths = [increments[index][1] if index < len(increments) else 0.0
                  for _, increments in bars]
        name = operation_name(next(increments[index][0] for _, increments in bars
                                   if index < len(increments)))
        drawn = axes.barh(labels, widths, left=left, label=name if index else "decode + save",
                          color=colours[index % len(colours)])
        _hover_bars(drawn, [f"{label}: {name if index else 'decode + save'} "
                            f"{value_text(width)} ms" for label, width in zip(labels, widths)])
        left = [a + b for a, b in zip(left, widths)]
    limit = off_scale_limit(left)
    if limit is not None:
        axes.set_xlim(0, limit)
        for row, total in enumerate(left):
            if total > limit:  # drawn to the edge, its total written there
                axes.annotate(f"{total:,.0f} ms, off scale \u25b8", (limit, row), fontsize=8,
                              ha="right", va="center", color="white", fontweight="bold",
                              xytext=(-4, 0), textcoords="offset points")
    axes.invert_yaxis()
    axes.set_xlabel("ms per image (median), each step's added time stacked in cycle order"
                    + ("; \u25b8: off scale" if limit is not None else ""))
    first = bars[0][1]
    axes.set_title("Full cycle: " + ", ".join(["decode"] + [step for step, _ in first[1:]]
                                              + ["save"]), fontsize=9)
    axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))  # beside the bars
    axes.tick_params(axis="y", labelsize=8)
    return _save(figure, path)


def latency_chart(points, path):
    """Closed loop: throughput on x, p50 (solid) and p99 (dashed) latency on y, worker labels;
    open loop: achieved throughput and p99 latency against the offered load."""
    closed = [p for p in points if p["mode"] == "closed" and p["library_threads"] == 1]
    opened = [p for p in points if p["mode"] == "open"]
    if not closed:
        return False
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))
    for adapter in sorted({p["adapter"] for p in closed}):
        line = sorted((p for p in closed if p["adapter"] == adapter), key=lambda p: p["workers"])
        xs = [p["images_per_second"] for p in line]
        drawn = left.plot(xs, [p["p50_ms"] for p in line], "-", label=f"{adapter} p50",
                          color=colour(adapter))
        left.plot(xs, [p["p99_ms"] for p in line], "--", color=drawn[0].get_color(),
                  label=f"{adapter} p99")
        for p in line:
            for key, marker in (("p50_ms", "o"), ("p99_ms", "s")):
                _hover(left.plot([p["images_per_second"]], [p[key]], marker,
                                 color=drawn[0].get_color())[0],
                       f"{adapter}, {p['workers']} workers: {value_text(p['images_per_second'])} "
                       f"images/s, {key[:3]} {value_text(p[key])} ms")
        for p in (line[0], line[-1]):  # the ends only: the points between crowd (hover names them)
            left.annotate(f"{p['workers']}w", (p["images_per_second"], p["p50_ms"]), fontsize=7,
                          textcoords="offset points", xytext=(3, -9 if p is line[0] else 3))
    # Logarithmic: one library 50 times slower than the rest leaves theirs readable.
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xlabel("achieved throughput (images/s, log)")
    left.set_ylabel("latency (ms, log)")
    left.set_title("Closed loop: workers back to back")
    left.legend(fontsize=7)
    for adapter in sorted({p["adapter"] for p in opened}):
        line = sorted((p for p in opened if p["adapter"] == adapter),
                      key=lambda p: p["offered_rate"])
        drawn = right.plot([p["offered_rate"] for p in line], [p["p99_ms"] for p in line], "-",
                           label=f"{adapter} p99", color=colour(adapter))
        right.plot([p["offered_rate"] for p in line], [p["p50_ms"] for p in line], ":",
                   color=drawn[0].get_color(), label=f"{adapter} p50")
        for p in line:
            _hover(right.plot([p["offered_rate"]], [p["p99_ms"]], "o",
                              color=drawn[0].get_color())[0],
                   f"{adapter}, offered {value_text(p['offered_rate'])} images/s: p99 "
                   f"{value_text(p['p99_ms'])} ms, p50 {value_text(p['p50_ms'])} ms")
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_xlabel("offered load (images/s, Poisson arrivals, log)")
    right.set_ylabel("latency (ms, log)")
    right.set_title("Open loop: latency against offered load")
    if opened:
        right.legend(fontsize=7)
    return _save(figure, path)


def levels_chart(rows, path):
    """Speed-up of each SIMD level over the adapter's slowest level, per operation."""
    if not rows:
        return False
    groups = sorted({f"{r['operation']} / {r['adapter']}" for r in rows})
    levels = []
    for r in rows:
        if r["level"] not in levels:
            levels.append(r["level"])
    values = {(f"{r['operation']} / {r['adapter']}", r["level"]): r["speedup"] for r in rows}
    figure, axes = plt.subplots(figsize=(10, 4.5))
    _grouped_bars(axes, groups, levels, values, colours_by_name=False)
    axes.axhline(1.0, color="grey", linewidth=0.8)
    axes.set_yscale("log")
    axes.set_ylabel("speed-up over the slowest level (x, log)")
    axes.set_title("SIMD levels (medians, same run)")
    return _save(figure, path)


def threads_chart(rows, path):
    """Library threads: one worker's throughput with N library threads over 1 thread."""
    if not rows:
        return False
    figure, axes = plt.subplots(figsize=(6, 3.5))
    labels = [f"{r['adapter']} ({r['threads']} threads)" for r in rows]
    bars = axes.barh(labels, [r["speedup"] for r in rows],
                     color=[colour(r["adapter"]) for r in rows])
    _hover_bars(bars, [f"{label}: {value_text(r['speedup'])}x" for label, r in zip(labels, rows)])
    axes.axvline(1.0, color="grey", linewidth=0.8)
    axes.set_xlabel("full-cycle throughput, N library threads / 1 thread (x)")
    axes.set_title("Library threads, one worker")
    axes.invert_yaxis()
    return _save(figure, path)


def pipelines_chart(rows, path):
    """Users' pipelines: ms per image of each library on each input, fastest first."""
    if not rows:
        return False
    labels = [f"{r['adapter']} | {r['image']} | {r['pipeline'][:60]}" for r in rows]
    figure, axes = plt.subplots(figsize=(10, 0.35 * len(rows) + 1.6))
    bars = axes.barh(labels, [r["ms"] for r in rows], color=[colour(r["adapter"]) for r in rows])
    _hover_bars(bars, [f"{label}: {value_text(r['ms'])} ms" for label, r in zip(labels, rows)])
    axes.invert_yaxis()
    axes.tick_params(axis="y", labelsize=7)
    axes.set_xlabel("ms per image (median), decode to last step")
    axes.set_title("Users' pipelines, each library verified before it was timed")
    return _save(figure, path)


def speed_psnr_chart(rows, work, image, path):
    """One piece of work: each contender's median time against its PSNR, canonical ones filled,
    approximate ones (library defaults, shortcuts) hollow and labelled; the tolerance as a line."""
    # A PSNR of -inf (another shape) has no place on the axis: its row in the table says so.
    rows = [r for r in rows if r["work"] == work and r["image"] == image
            and r["psnr"] is not None and r["psnr"] > -math.inf]
    if not rows:
        return False
    figure, axes = plt.subplots(figsize=(9, 4.8))
    for row in rows:
        library = row["contender"].split("~")[0]
        x = min(row["psnr"], PSNR_CAP)
        point = axes.scatter([x], [row["ms"]], s=60, marker="D" if row["approximate"] else "o",
                             facecolors="none" if row["approximate"] else colour(library),
                             edgecolors=colour(library) or "black", linewidths=1.5)
        _hover(point, f"{row['contender']}: {value_text(row['ms'])} ms, "
                      f"PSNR {value_text(row['psnr'])} dB"
                      + (" (approximate)" if row["approximate"] else ""))
        axes.annotate(row["contender"], (x, row["ms"]), textcoords="offset points",
                      xytext=(5, 4), fontsize=7)
    tolerances = {r["tolerance"] for r in rows
                  if r["tolerance"] is not None and math.isfinite(r["tolerance"])}
    if tolerances:
        axes.axvline(max(tolerances), color="black", linestyle="dashed", linewidth=1)
    axes.plot([], [], "k--", label="tolerance (canonical at or right of it)")
    axes.scatter([], [], marker="o", color="grey", label="canonical")
    axes.scatter([], [], marker="D", facecolors="none", edgecolors="grey",
                 label="approximate: a library default or shortcut")
    axes.legend(fontsize=7, loc="best")
    axes.set_yscale("log")
    axes.set_xlabel(f"PSNR against the canonical reference (dB; identical at {PSNR_CAP:.0f})")
    axes.set_ylabel("ms per image (median, log; lower is faster)")
    axes.set_title(f"{work} on {image}: speed against accuracy")
    return _save(figure, path)


def crop_chart(rows, path):
    """Crop batches: Mpx/s sequential and with worker threads, per library, filter and source."""
    if not rows:
        return False
    # One row per (library, filter, source), its label on one line: rows never overlap.
    groups = sorted({f"{r['adapter']}, {r['filter']}, {r['image']}" for r in rows})
    series = sorted({r["mode"] for r in rows})
    values = {(f"{r['adapter']}, {r['filter']}, {r['image']}", r["mode"]): r["mpx_median"]
              for r in rows}
    figure, axes = plt.subplots(figsize=(10, 0.22 * len(groups) * len(series) + 1.8))
    height = 0.8 / len(series)
    for index, mode in enumerate(series):
        ys = [row + (index - (len(series) - 1) / 2) * height
              for row, group in enumerate(groups) if (group, mode) in values]
        widths = [values[(group, mode)] for group in groups if (group, mode) in values]
        bars = axes.barh(ys, widths, height, label=mode)
        _hover_bars(bars, [f"{group}, {mode}: {value_text(values[(group, mode)])} Mpx/s"
                           for group in groups if (group, mode) in values])
    axes.set_yticks(range(len(groups)))
    axes.set_yticklabels(groups, fontsize=7)
    axes.invert_yaxis()
    axes.set_xlabel("Mpx/s of crops produced (median)")
    axes.set_title("Crop batches: sequential against parallel")
    axes.legend(fontsize=7, loc="lower right")
    return _save(figure, path)


def _history_over_runs(series, value, ylabel, title, regression, path):
    """Benchmarks over runs of one machine, `value(points)` giving each point's y, regressions
    marked with a black cross (`regression`: what the legend calls one)."""
    series = {name: points for name, points in series.items() if len(points) >= 2}
    if not series:
        return False
    runs = sorted({(p["date"], p["run"]) for points in series.values() for p in points})
    position = {run: index for index, (_, run) in enumerate(runs)}
    figure, axes = plt.subplots(figsize=(10, 4.5))
    for name, points in sorted(series.items()):
        xs = [position[p["run"]] for p in points]
        ys = value(points)
        line = axes.plot(xs, ys, "-", label=name.removesuffix("/real_time"),
                         color=colour(name.split("/")[1]))[0]
        for x, y, point in zip(xs, ys, points):
            _hover(axes.plot([x], [y], "o", markersize=4, color=line.get_color())[0],
                   f"{name.removesuffix('/real_time')}, run {point['run']}: {value_text(y)}")
        bad = [(x, y) for x, y, p in zip(xs, ys, points) if p["status"] == "regressed"]
        if bad:
            axes.plot(*zip(*bad), "X", color="black", markersize=11, zorder=5)
    axes.plot([], [], "X", color="black", label=regression)
    axes.set_xticks(range(len(runs)))
    axes.set_xticklabels([f"run {run}\n{date[:10]}" for date, run in runs], fontsize=7)
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    axes.legend(fontsize=7)
    return _save(figure, path)


def history_chart(series, path):
    """Benchmarks over runs of one machine: median per run, regressions marked."""
    return _history_over_runs(series, lambda points: [p["ms"] for p in points],
                              "ms (median of repetitions)", "History on this machine",
                              "regression (nightly test)", path)


def counts_history_chart(series, path):
    """Counted cases over runs of one machine: instructions as a change from each case's first
    run (their sizes differ by orders of magnitude), regressions marked."""
    def change_from_first(points):
        first = points[0]["instructions"]
        return [100 * (p["instructions"] / first - 1) for p in points]
    return _history_over_runs(series, change_from_first,
                              "instructions, % change from the first run",
                              "Instruction counts on this machine (callgrind)",
                              "regression (over 1% more than the previous)", path)


def steadiness_chart(rows, limit, path):
    """Each wall-clock case's spread over its repetitions, least steady first, with the limit."""
    if not rows:
        return False
    figure, axes = plt.subplots(figsize=(10, 4))
    xs = range(len(rows))
    cvs = [100 * r["cv"] for r in rows]
    bars = axes.bar(xs, cvs, color=["#c0392b" if not r["steady"] else "#7f8c8d" for r in rows])
    _hover_bars(bars, [f"{r['benchmark']}: CV {cv:.1f}%" for r, cv in zip(rows, cvs)])
    axes.axhline(100 * limit, color="black", linestyle="--", linewidth=1,
                 label=f"unsteady above {limit:.0%}")
    axes.set_xticks([])
    axes.set_xlabel(f"{len(rows)} cases, least steady first")
    axes.set_ylabel("coefficient of variation, %")
    steady = sum(r["steady"] for r in rows)
    axes.set_title(f"Spread over repetitions: {steady} of {len(rows)} cases steady")
    axes.legend(fontsize=8)
    return _save(figure, path)


def machines_chart(rows, first, second, path):
    """The same benchmarks on two machines: time on the second over time on the first."""
    if not rows:
        return False
    rows = sorted(rows, key=lambda r: r["ratio"])
    figure, axes = plt.subplots(figsize=(10, 0.28 * len(rows) + 1.8))
    names = [r["benchmark"] for r in rows]
    ratios = [r["ratio"] for r in rows]
    colours = ["tab:green" if r < 1 else "tab:red" for r in ratios]
    axes.hlines(names, 1.0, ratios, colors=colours, linewidth=3)  # from parity to the ratio
    for name, ratio, tint, row in zip(names, ratios, colours, rows):
        _hover(axes.scatter([ratio], [name], color=tint, zorder=3),
               f"{name}: {value_text(row['second_ms'])} ms on {second}, "
               f"{value_text(row['first_ms'])} ms on {first}, ratio {value_text(ratio)}")
    axes.axvline(1.0, color="grey", linewidth=0.8)
    axes.set_xscale("log")
    axes.set_xlabel(f"time on {second} / time on {first}  (log; under 1: {second} faster)",
                    fontsize=8)
    axes.set_title("Machine comparison, ratio of medians")
    axes.tick_params(axis="y", labelsize=7)
    return _save(figure, path)


def raspberry_pi_chart(rows, boards, arch, path):
    """Per counted case with an estimate: this machine's wall time, each board's estimated time
    (hollow markers: estimates) and measured time (filled), in ms on a log axis."""
    rows = [r for r in rows if "@" not in r["library"]
            and any(r[f"{b['key']}_est_ms"] for b in boards)]
    if not rows:
        return False
    rows = sorted(rows, key=lambda r: r[f"{boards[0]['key']}_est_ms"] or 0)
    figure, axes = plt.subplots(figsize=(10, 0.28 * len(rows) + 2.2))
    names = [r["benchmark"] for r in rows]
    positions = range(len(rows))
    kinds = [("x86_ms", {"marker": "s", "color": "black", "s": 18},
              f"{arch}, measured (this machine)")]
    for board, tint in zip(boards, ("tab:red", "tab:blue")):
        kinds += [(f"{board['key']}_est_ms", {"facecolors": "none", "edgecolors": tint, "s": 30},
                   f"{board['board']} estimate at {board['ghz']:g} GHz (not measured)"),
                  (f"{board['key']}_measured_ms", {"color": tint, "s": 30},
                   f"{board['board']}, measured on a real board")]
    for key, style, label in kinds:
        drawn = [(row, position) for row, position in zip(rows, positions) if row[key]]
        if not drawn:
            continue
        axes.scatter([], [], label=label, **style)
        for row, position in drawn:
            _hover(axes.scatter([row[key]], [position], zorder=3, **style),
                   f"{row['benchmark']}: {label}, {value_text(row[key])} ms")
    axes.set_yticks(list(positions))
    axes.set_yticklabels(names, fontsize=7)
    axes.set_xscale("log")
    axes.set_xlabel("ms per case (log)", fontsize=8)
    axes.grid(axis="x", which="both", linewidth=0.3)
    axes.set_title("Raspberry Pi estimates beside measured times, per counted case")
    axes.legend(fontsize=7, loc="lower right")
    return _save(figure, path)


def verification_chart(rows, agreements, path):
    """Worst PSNR per library and operation against its tolerance; pairwise agreement."""
    if not rows:
        return False
    figure, (left, right) = plt.subplots(1, 2, figsize=(13, 5),
                                         gridspec_kw={"width_ratios": [3, 2]})
    groups = sorted({r["operation"] for r in rows})
    series = sorted({r["adapter"] for r in rows})
    values = {(r["operation"], r["adapter"]): min(r["psnr"], PSNR_CAP) for r in rows}
    _grouped_bars(left, groups, series, values)
    for position, group in enumerate(groups):
        tolerances = [r["tolerance"] for r in rows if r["operation"] == group
                      and r["tolerance"] is not None and math.isfinite(r["tolerance"])]
        if tolerances:
            left.hlines(max(tolerances), position - 0.45, position + 0.45, colors="black",
                        linestyles="dashed")
    left.plot([], [], "k--", label="tolerance")
    left.legend(fontsize=7)
    left.set_ylabel(f"worst PSNR against the reference (dB, identical at {PSNR_CAP:.0f})")
    left.set_title("Verification: worst case per library and operation")
    names = sorted({a["a"] for a in agreements} | {a["b"] for a in agreements})
    if names:
        grid = [[math.nan] * len(names) for _ in names]
        for a in agreements:
            i, j = names.index(a["a"]), names.index(a["b"])
            grid[i][j] = grid[j][i] = min(a["psnr"], PSNR_CAP)
        image = right.imshow(grid, cmap="viridis", vmin=20, vmax=PSNR_CAP)
        right.set_xticks(range(len(names)))
        right.set_xticklabels(names, rotation=30, fontsize=8)
        right.set_yticks(range(len(names)))
        right.set_yticklabels(names, fontsize=8)
        figure.colorbar(image, ax=right, label="worst PSNR between the two (dB)")
        right.set_title("Pairwise agreement between libraries")
    else:
        right.axis("off")
    return _save(figure, path)


def fleet_history_chart(series, benchmark, path):
    """One benchmark's median per run on each machine of the store, over the runs' dates: a
    history, so only once a machine has two runs."""
    if not any(len(points) >= 2 for points in series.values()):
        return False
    figure, axes = plt.subplots(figsize=(10, 4.5))
    for machine, points in sorted(series.items()):
        dates = [datetime.datetime.strptime(p["date"], "%Y-%m-%dT%H:%M:%SZ") for p in points]
        line = axes.plot(dates, [p["ms"] for p in points], "-", label=machine)[0]
        for date, point in zip(dates, points):
            _hover(axes.plot([date], [point["ms"]], "o", markersize=4, color=line.get_color())[0],
                   f"{machine}, run {point['run']} ({point['date'][:10]}): "
                   f"{value_text(point['ms'])} ms")
    axes.set_ylabel("ms (median of repetitions)")
    axes.set_title(f"{benchmark.removesuffix('/real_time')} on every machine")
    axes.legend(fontsize=7)
    figure.autofmt_xdate()
    return _save(figure, path)
