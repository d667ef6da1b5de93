"""The one reader of imgbench's result files, for every script in reports/.

`imgbench bench --out` writes Google Benchmark's JSON with, since format 2, each benchmark's case
(its family, label, steps in their text form, adapter, level, path, image, workers, tolerance and
definition hash) and verdict (status, measures, tolerance, the failed criterion with its PSNR and
threshold, the border band's worst edge, the known finding it matched) as fields. `imgbench verify
--json` writes outcomes, `imgbench sweep` points. A file of a newer format than this reader knows
is refused. A file of format 1 (no version: written before the fields existed) is still read: its
cases are taken from the benchmark names, the one place that does so, and its failures carry no
PSNR.
"""
import json
import math
import re

FORMAT_VERSION = 2


class FormatError(ValueError):
    """A file this reader cannot read; the message names it and says why."""


def kind_of(document):
    """"bench", "verify", "sweep", or None for any other JSON."""
    if isinstance(document, dict):
        if "benchmarks" in document:
            return "bench"
        if "outcomes" in document:
            return "verify"
        if "adapters" in document and "stream" in document:
            return "sweep"
    return None


def parse(raw, path):
    """The document in `raw` (bytes or text), its format version checked."""
    try:
        document = json.loads(raw)
    except ValueError as error:
        raise FormatError(f"{path}: not a readable JSON result file ({error})")
    version = document.get("format_version", 1) if isinstance(document, dict) else 1
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise FormatError(f"{path}: result format {version} is newer than this reader's"
                          f" ({FORMAT_VERSION}): update imgbench's reports/")
    return document


def load(path):
    with open(path, "rb") as handle:
        return parse(handle.read(), path)


def number(value):
    """JSON numbers, and the "inf" strings JSON needs for infinities, as floats; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if value in ("inf", "-inf", "nan"):
        return float(value)
    return None


def run_name(entry):
    return entry.get("run_name", entry["name"])


def legacy_case(name):
    """A format-1 benchmark's case, from its name '<label>/<adapter>[@level][+path]/<image>'."""
    parts = name.split("/")
    if parts and parts[-1] == "real_time":
        parts = parts[:-1]
    if len(parts) < 3:
        return {"family": "", "label": name, "steps": [], "adapter": None, "level": None,
                "path": "", "image": None, "workers": 1, "tolerance": "", "definition": None}
    contender, _, level = parts[1].partition("@")
    adapter, _, path = contender.partition("+")
    label = parts[0]
    family, _, rest = label.partition(":")
    family = {"cycle": "cycle", "crop-batch": "crop-batch", "memcpy": "baseline"}.get(
        family, "operation")
    if family in ("cycle", "crop-batch"):
        label = rest
    return {"family": family, "label": label, "steps": [], "adapter": adapter,
            "level": level or None, "path": path, "image": "/".join(parts[2:]), "workers": 1,
            "tolerance": "", "definition": None}


def case_of(entry):
    """The benchmark's case as fields (the level None for the adapter's default)."""
    case = entry.get("case")
    if case is None:
        return legacy_case(run_name(entry))
    return dict(case, level=case.get("level") or None)


def contender(case):
    """Who ran the case: the adapter, with its non-canonical path ("simd+partial-decode") or the
    library default it times as an approximate contender ("vips~gaussblur-defaults")."""
    name = case["adapter"] + "+" + case["path"] if case.get("path") else case["adapter"]
    return name + "~" + case["approximation"] if case.get("approximation") else name


def verdict_of(entry):
    """The benchmark's verdict as fields, or None where the file has none (format 1, or a case
    that needs no verification, as memcpy)."""
    verdict = entry.get("verdict")
    if verdict is None:
        return None
    return {**verdict, **{key: number(verdict.get(key)) for key in
                          ("psnr", "psnr_border", "psnr_tile", "failed_psnr", "failed_threshold")}}


# The failed criterion in a format-1 failure message: its PSNR and threshold; or the older
# message's whole-image PSNR and threshold. Format 2 carries them as fields.
LEGACY_CRITERION = re.compile(r"failed: [A-Za-z ]+ (-?[\d.]+|-?inf) dB < (-?[\d.]+) dB")
LEGACY_PSNR = re.compile(r"PSNR (-?[\d.]+|inf) dB")
LEGACY_TOLERANCE = re.compile(r">= (-?[\d.]+) dB")


def legacy_failure(message):
    """(PSNR, threshold) of the criterion a format-1 failure message names; None where absent."""
    criterion = LEGACY_CRITERION.search(message)
    if criterion:
        return float(criterion.group(1)), float(criterion.group(2))
    psnr, tolerance = LEGACY_PSNR.search(message), LEGACY_TOLERANCE.search(message)
    return (float(psnr.group(1)) if psnr else None,
            float(tolerance.group(1)) if tolerance else None)


def failure(entry):
    """(PSNR, threshold) of the criterion a failed benchmark missed (or a known finding names),
    None where it has none (an error, a header difference): from the verdict's fields, or a
    format-1 file's message."""
    verdict = verdict_of(entry)
    if verdict is not None:
        finding = known_finding(verdict)
        if finding and verdict.get("failed") != finding.get("criterion"):
            # A known finding that no longer holds (its failed PSNR is whatever the verdict had
            # before, 0 for a case that passes now): the PSNR of the finding's criterion.
            return finding["measured_psnr"], criterion_threshold(verdict,
                                                                 finding.get("criterion"))
        if verdict.get("failed") is None:
            return None, None
        return verdict.get("failed_psnr"), verdict.get("failed_threshold")
    message = error_of(entry)
    return legacy_failure(message) if message else (None, None)


# The measured PSNR each criterion a known finding can name judges, in a verdict.
CRITERION_PSNR = {"psnr": "psnr", "whole": "psnr", "border": "psnr_border", "tile": "psnr_tile"}
# The tolerance each criterion is judged against, in a verdict's "tolerance".
CRITERION_THRESHOLD = {"psnr": "psnr", "whole": "psnr", "border": "border_psnr",
                       "tile": "tile_psnr"}


def is_known(verdict):
    """Whether a verdict (or a verify outcome) is a KNOWN one: a failure that matches a declared
    known finding within its measured range, explained and so not a failure of the run. (A known
    finding that no longer holds is a plain FAIL with failed "known-finding".)"""
    return bool(verdict) and verdict.get("status") == "KNOWN"


def known_finding(verdict):
    """The known finding a verdict was matched against (KNOWN, or a FAIL because it no longer
    holds), its numbers as floats, with "measured_psnr": what the verdict measured of the
    finding's criterion; None where there is none."""
    finding = (verdict or {}).get("known_finding")
    if not finding:
        return None
    finding = dict(finding, psnr_min=number(finding.get("psnr_min")),
                   psnr_max=number(finding.get("psnr_max")))
    return dict(finding, measured_psnr=criterion_psnr(verdict, finding.get("criterion")))


def criterion_psnr(verdict, criterion):
    """What the verdict measured of `criterion` (psnr, border, tile): the failed criterion's PSNR
    when it is the one that failed, else its measure; the whole image's for another name."""
    if verdict.get("failed") == criterion and number(verdict.get("failed_psnr")) is not None:
        return number(verdict["failed_psnr"])
    return number(verdict.get(CRITERION_PSNR.get(criterion, "psnr")))


def criterion_threshold(verdict, criterion):
    """The tolerance `criterion` is judged against in the verdict (None where it has none)."""
    tolerance = verdict.get("tolerance") or {}
    return number(tolerance.get(CRITERION_THRESHOLD.get(criterion, "psnr")))


def is_known_entry(entry):
    """Whether a benchmark was not timed because it met a known finding: not a failure."""
    return is_known(entry.get("verdict"))


def error_of(entry):
    """Why the benchmark has no time (a failed verification, an error), or None."""
    return entry.get("error_message", "failed") if entry.get("error_occurred") else None


def is_repetition(entry):
    return entry.get("run_type", "iteration") == "iteration"


def is_median(entry):
    return entry.get("aggregate_name") == "median"


UNIT_MS = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}


def real_time_ms(entry):
    return entry.get("real_time", 0) * UNIT_MS.get(entry.get("time_unit", "ns"), 1e-6)


def cpu_time_ms(entry):
    return entry.get("cpu_time", 0) * UNIT_MS.get(entry.get("time_unit", "ns"), 1e-6)


# Google Benchmark's own fields, and ours; the rest of an entry are its user counters.
STANDARD = {"name", "family_index", "per_family_instance_index", "run_name", "run_type",
            "repetitions", "repetition_index", "threads", "iterations", "real_time", "cpu_time",
            "time_unit", "aggregate_name", "aggregate_unit", "error_occurred", "error_message",
            "case", "verdict"}


def counters(entry):
    return {key: value for key, value in entry.items() if key not in STANDARD}


def measure(document):
    """"time" (wall clock) or "counts" (callgrind), as the file's context says."""
    return (document.get("context") or {}).get("measure", "time")


def definition(entry):
    """What the benchmark measured, as a version: equal definitions are the same work."""
    return case_of(entry).get("definition")


def definitions(document):
    """{benchmark: definition} of a bench file's cases (None where the file has none)."""
    return {run_name(entry): definition(entry) for entry in document.get("benchmarks", [])}


def changed_work(base, head):
    """The benchmarks whose definitions differ between two {benchmark: definition} maps: the same
    name for different work, never to be compared (a side without definitions changes nothing)."""
    return {name for name in set(base) & set(head)
            if base[name] and head[name] and base[name] != head[name]}


def finite(value):
    return value is not None and not math.isnan(value)
