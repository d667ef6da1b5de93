"""The front page's results table, made from one result file, never typed.

    readme_results.py RESULT.json [--readme README.md] [--check]

reads an `imgbench bench` result file of the quick (or full) suite and writes, between the
README's two markers, a table per library: the full cycle (bicubic and area downscaling) on
photo-path and two single operations on 2560x1600 RGB, each the median of the case's
repetitions, a case that failed verification as FAIL with its PSNR, with the machine, the date
and the commit the file names. --check exits 1 when the README's table is not the one the file
gives (nothing is written). Exit status 2 when the file or the README cannot be used.
"""
import argparse
import os
import statistics
import sys

import results_file

BEGIN = "<!-- results table: made by reports/readme_results.py from a result file; do not edit -->"
END = "<!-- end of results table -->"

# The columns: (heading, case label, image). The full cycle is pillow-perf's sequence.
COLUMNS = (("full cycle, bicubic (ms)", "blur-bicubic", "photo-path"),
           ("full cycle, area (ms)", "blur-area", "photo-path"),
           ("blur sigma 4 (ms)", "blur:sigma=4", "synth-2560x1600-rgb"),
           ("resize 2.5x bicubic (ms)", "resize:scale=2.5,filter=bicubic", "synth-2560x1600-rgb"))


def canonical_cells(document):
    """{(library, label, image): cell text} of the canonical contenders (no SIMD level, no
    approximation): the median in ms, or FAIL (KNOWN for a known finding) with the PSNR of the
    criterion that failed: not timed."""
    times, medians, failures = {}, {}, {}
    for entry in document["benchmarks"]:
        case = results_file.case_of(entry)
        key = (case["adapter"], case["label"], case["image"])
        if case.get("approximation"):
            failures.setdefault(key, "approximation only")  # timed on the page, with its PSNR
            continue
        if case.get("level") or case.get("path"):
            continue
        if results_file.error_of(entry) is not None:
            psnr, _ = results_file.failure(entry)
            status = "KNOWN" if results_file.is_known_entry(entry) else "FAIL"
            failures[key] = status + (f" ({psnr:.1f} dB)" if isinstance(psnr, float) else "")
        elif results_file.is_repetition(entry):
            times.setdefault(key, []).append(results_file.real_time_ms(entry))
        elif results_file.is_median(entry):  # a file of aggregates only
            medians[key] = results_file.real_time_ms(entry)
    cells = dict(failures)
    for key, milliseconds in medians.items():
        times.setdefault(key, [milliseconds])
    cells.update({key: f"{statistics.median(values):.1f}" for key, values in times.items()
                  if not cells.get(key, "").startswith(("FAIL", "KNOWN"))})
    return cells


def table(document):
    """The Markdown block between the markers, for this result file."""
    cells = canonical_cells(document)
    wanted = {(label, image) for _, label, image in COLUMNS}
    libraries = sorted({lib for lib, label, image in cells if (label, image) in wanted})
    if not libraries:
        raise ValueError("it has none of the table's cases (the quick suite's full cycle on "
                         "photo-path, blur and resize on synth-2560x1600-rgb)")

    def order(library):  # fastest full cycle first; a library without one last
        cell = cells.get((library, COLUMNS[0][1], COLUMNS[0][2]), "")
        return (0, float(cell)) if cell.replace(".", "").isdigit() else (1, library)

    context = document.get("context", {})
    lines = ["| library | " + " | ".join(heading for heading, _, _ in COLUMNS) + " |",
             "|---|" + "---:|" * len(COLUMNS)]
    for library in sorted(libraries, key=order):
        row = [cells.get((library, label, image), "not run") for _, label, image in COLUMNS]
        lines.append(f"| {library} | " + " | ".join(row) + " |")
    machine = (f"{context.get('cpu_model', 'unknown CPU')}, {context.get('num_cpus', '?')} "
               f"hardware threads, {context.get('arch', '')}").rstrip(", ")
    lines.append("")
    lines.append(f"Medians of {repetitions(document)} repetitions, one thread, every case "
                 f"verified before it was timed. Machine: {machine}; "
                 f"{str(context.get('date', ''))[:10]}; commit "
                 f"{str(context.get('git_commit', 'unknown'))[:12]}"
                 f"{' with uncommitted changes' if context.get('git_dirty') == 'true' else ''}"
                 "; suite "
                 f"{context.get('suite', '?')}. \"not run\": the library has no canonical "
                 "mapping for the case (OpenCV has no antialiased bicubic downscale); "
                 "\"approximation only\": only an approximate call (Pillow's box blur), timed "
                 "on the page beside its PSNR, never ranked.")
    return "\n".join([BEGIN, *lines, END])


def repetitions(document):
    counts = {}
    for entry in document["benchmarks"]:
        if results_file.is_repetition(entry):
            name = results_file.run_name(entry)
            counts[name] = counts.get(name, 0) + 1
    return max(counts.values(), default=1)


def replaced(readme_text, block):
    """The README with the block between its markers replaced; ValueError without markers."""
    start, end = readme_text.find(BEGIN), readme_text.find(END)
    if start < 0 or end < start:
        raise ValueError("no results table markers in it")
    return readme_text[:start] + block + readme_text[end + len(END):]


def default_readme():
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "README.md")


def main(argv):
    parser = argparse.ArgumentParser(description="Write README.md's results table from a "
                                     "result file of imgbench bench.")
    parser.add_argument("result", help="an imgbench bench result file (e.g. quick.json)")
    parser.add_argument("--readme", default=default_readme())
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when the README's table differs; write nothing")
    arguments = parser.parse_args(argv)
    try:
        document = results_file.load(arguments.result)
        if results_file.kind_of(document) != "bench":
            raise ValueError("not a result file of imgbench bench")
        block = table(document)
    except (OSError, ValueError) as error:
        print(f"error: {arguments.result}: {error}", file=sys.stderr)
        return 2
    try:
        with open(arguments.readme) as handle:
            text = handle.read()
        updated = replaced(text, block)
    except (OSError, ValueError) as error:
        print(f"error: {arguments.readme}: {error}", file=sys.stderr)
        return 2
    if arguments.check:
        return 0 if updated == text else 1
    temporary = arguments.readme + ".partial"
    with open(temporary, "w") as handle:
        handle.write(updated)
    os.replace(temporary, arguments.readme)
    print(f"{arguments.readme}: results table from {arguments.result}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
