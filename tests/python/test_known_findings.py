"""Known findings and the border band's worst edge, as result files carry them since the border band
is judged per edge: what the store keeps of them, how the page's data reads them (a KNOWN case is
no failure; a known finding that no longer holds is one), the page itself, and the A/B checks."""
import copy
import io
import json
import os
import sys

REPORTS = os.path.join(os.path.dirname(__file__), "..", "..", "reports")
sys.path.insert(0, REPORTS)
import report_data  # noqa: E402
import results_store  # noqa: E402
from test_results_store import CONTEXT, failing_case  # noqa: E402

FINDING = {"id": "pillow-blur-border", "adapter": "pillow", "case": "blur:sigma=4",
           "criterion": "border", "psnr_min": 40.5, "psnr_max": 42.0,
           "library_version": "9.4.0", "explanation": "reference/SEMANTICS.md#mappings",
           "reason": "Pillow extends the image by its edge pixels where the reference mirrors."}
BENCH_CASE = "blur:sigma=4/pillow/synth-512/real_time"


def bench_case(status="KNOWN"):
    """A bench result file with Pillow's blur matched against FINDING: KNOWN (border band 41.20
    dB on its left edge, inside the range), or FAIL because the finding no longer holds (43.50
    dB: it passes now, and its verdict's failed PSNR and threshold are 0, as imgbench leaves
    them then, so the finding's criterion is read)."""
    document = failing_case("")
    entry = document["benchmarks"][0]
    entry["name"] = entry["run_name"] = BENCH_CASE
    entry["case"]["adapter"] = "pillow"
    verdict = entry["verdict"]
    verdict.update(status=status, known_finding=copy.deepcopy(FINDING), border_edge="left")
    if status == "KNOWN":
        entry["error_message"] = ("known finding pillow-blur-border: border band 41.20 dB (left),"
                                  " within 40.50-42.00 dB")
        verdict.update(psnr_border=41.2, failed_psnr=41.2, detail=entry["error_message"])
    else:
        entry["error_message"] = ("verification failed: known finding pillow-blur-border passes"
                                  " now: re-measure it and update reference/known_findings.json")
        verdict.update(psnr_border=43.5, failed="known-finding", failed_psnr=0.0,
                       failed_threshold=0.0, detail=entry["error_message"])
    return document


def verify_file(status="KNOWN"):
    """A verify result file: our blur passes (border band worst on its top edge), Pillow's blur
    meets FINDING (KNOWN), or misses it (a FAIL)."""
    def outcome(adapter, status, psnr_border, edge, finding=None):
        verdict = {"status": status, "psnr": 50.1, "psnr_border": psnr_border,
                   "border_edge": edge, "psnr_tile": 45.0, "max_diff": 9, "detail": "",
                   "tolerance": {"psnr": 47.0, "border_psnr": 42.0, "tile_psnr": 30.0,
                                 "border_band": 8}}
        if finding:
            verdict["known_finding"] = finding
            if status == "KNOWN":
                verdict.update(failed="border", failed_psnr=psnr_border, failed_threshold=42.0)
            else:  # it passes now
                verdict.update(failed="known-finding", failed_psnr=0.0, failed_threshold=0.0)
        return {"adapter": adapter, "variant": "", "image": "synth", "operation": "blur:sigma=4",
                "kind": "blur", "status": status, "psnr": 50.1, "psnr_border": psnr_border,
                "border_edge": edge, "max_diff": 9, "tolerance_psnr": 47.0,
                "detail": verdict["detail"], "verdict": verdict}
    pillow = 41.0 if status == "KNOWN" else 43.5
    return {"format_version": 2, "context": CONTEXT, "agreements": [], "outcomes": [
        outcome("simd", "PASS", 60.25, "top"),
        outcome("pillow", status, pillow, "left", copy.deepcopy(FINDING))]}


def import_files(tmp_path, store_target, *documents):
    directory = tmp_path / "run"
    directory.mkdir()
    for name, document in documents:
        (directory / name).write_text(json.dumps(document))
    connection = results_store.connect(store_target)
    run, new = results_store.import_run(connection, str(directory))
    assert new
    return connection, run


def test_a_known_case_is_a_known_finding_and_no_failure(tmp_path, store_target):
    connection, run = import_files(tmp_path, store_target, ("quick.json", bench_case()),
                                   ("verify.json", verify_file()))
    stored = connection.execute(
        "SELECT source, status, passed, psnr, tolerance, psnr_border, border_edge, known_finding"
        " FROM verifications WHERE adapter = 'pillow' ORDER BY source").fetchall()
    assert [(r["source"], r["status"], r["passed"]) for r in stored] == [
        ("bench", "KNOWN", 0), ("verify", "KNOWN", 0)]
    bench = stored[0]
    assert (bench["psnr"], bench["tolerance"]) == (41.2, 42.0)  # the criterion's, as a failure's
    assert (bench["psnr_border"], bench["border_edge"]) == (41.2, "left")
    assert json.loads(bench["known_finding"]) == dict(FINDING, measured_psnr=41.2)
    assert report_data.failures(connection, run) == []
    [finding] = report_data.known_findings(connection, run)
    assert finding == {
        "id": "pillow-blur-border", "adapter": "pillow", "case": "blur:sigma=4",
        "criterion": "border",
        "matched_cases": "blur:sigma=4/pillow/synth-512 ; blur:sigma=4/pillow/synth",
        "measured_min": 41.0, "measured_max": 41.2, "psnr_min": 40.5, "psnr_max": 42.0,
        "library_version": "9.4.0", "explanation": "reference/SEMANTICS.md#mappings",
        "reason": FINDING["reason"], "holds": True, "why": ""}
    known = report_data.known_cases(connection, run)
    assert [(k["source"], k["known_finding"]) for k in known] == [
        ("bench", "pillow-blur-border"), ("verify", "pillow-blur-border")]
    # Not timed, so nothing of it in the timings or the history.
    assert report_data.timed_cases(connection, run) == {}


def test_the_verification_summary_marks_known_findings_and_the_worst_edge(tmp_path,
                                                                          store_target):
    connection, run = import_files(tmp_path, store_target, ("verify.json", verify_file()))
    rows = {r["adapter"]: r for r in report_data.verification(connection, run)}
    assert (rows["pillow"]["status"], rows["pillow"]["passed"], rows["pillow"]["known"]) == (
        "KNOWN", False, "pillow-blur-border")
    assert (rows["pillow"]["border_psnr"], rows["pillow"]["border_edge"]) == (41.0, "left")
    assert (rows["simd"]["status"], rows["simd"]["passed"], rows["simd"]["known"]) == (
        "PASS", True, "")
    assert (rows["simd"]["border_psnr"], rows["simd"]["border_edge"]) == (60.25, "top")


def test_a_known_finding_that_no_longer_holds_is_a_failure(tmp_path, store_target):
    connection, run = import_files(tmp_path, store_target, ("quick.json", bench_case("FAIL")),
                                   ("verify.json", verify_file("FAIL")))
    failures = report_data.failures(connection, run)
    assert [(f["source"], f["failed"], f["known_finding"]) for f in failures] == [
        ("bench", "known-finding", "pillow-blur-border"),
        ("verify", "known-finding", "pillow-blur-border")]
    bench = failures[0]
    # Its failed PSNR is 0 (it passes now): the finding's criterion, the border band, is read.
    assert (bench["psnr"], bench["tolerance"], bench["border_edge"]) == (43.5, 42.0, "left")
    assert "passes now" in bench["detail"]
    assert report_data.known_cases(connection, run) == []
    [finding] = report_data.known_findings(connection, run)
    assert not finding["holds"] and finding["measured_min"] == 43.5
    assert finding["why"].startswith("blur:sigma=4/pillow/synth-512: verification failed")
    [pillow] = [r for r in report_data.verification(connection, run) if r["adapter"] == "pillow"]
    assert pillow["status"] == "FAIL" and pillow["known"] == ""


def test_result_files_without_edges_or_findings_still_import(tmp_path, store_target):
    """Result files written before the border band was judged per edge have neither field."""
    document = failing_case("")
    connection, run = import_files(tmp_path, store_target, ("quick.json", document))
    row = connection.execute("SELECT status, psnr_border, border_edge, known_finding"
                             " FROM verifications").fetchone()
    assert tuple(row) == ("FAIL", 38.77, None, None)
    assert report_data.known_findings(connection, run) == []
    assert [f["known_finding"] for f in report_data.failures(connection, run)] == [None]


def test_the_page_lists_known_findings_with_their_explanation(tmp_path):
    import render_site
    connection, run = import_files(tmp_path, str(tmp_path / "store.sqlite"),
                                   ("quick.json", bench_case()),
                                   ("verify.json", verify_file()))
    site = str(tmp_path / "site")
    render_site.render(connection, results_store.run_row(connection, run), site)
    with open(os.path.join(site, "data", "known-findings.json")) as handle:
        [finding] = json.load(handle)
    assert finding["id"] == "pillow-blur-border" and finding["holds"]
    with open(os.path.join(site, "data", "verification.json")) as handle:
        summary = {r["adapter"]: r for r in json.load(handle)}
    assert summary["pillow"]["status"] == "KNOWN"
    assert not os.path.exists(os.path.join(site, "data", "failures.json"))  # none failed
    html = open(os.path.join(site, "index.html")).read()
    assert 'id="known-findings"' in html and 'id="known-pillow-blur-border"' in html
    assert FINDING["reason"] in html
    assert '<a href="semantics.html#mappings">Explanation</a>' in html
    assert "41.20 dB (left)" in html and "41.00 dB (left)" in html
    assert 'class="known"' in html and 'class="failed"' not in html
    semantics = open(os.path.join(site, "semantics.html")).read()
    assert '<h2 id="mappings">Mappings</h2>' in semantics


def test_the_page_marks_a_finding_that_no_longer_holds_as_a_failure(tmp_path):
    import render_site
    connection, run = import_files(tmp_path, str(tmp_path / "store.sqlite"),
                                   ("quick.json", bench_case("FAIL")))
    site = str(tmp_path / "site")
    render_site.render(connection, results_store.run_row(connection, run), site)
    html = open(os.path.join(site, "index.html")).read()
    assert "NO: a failure" in html
    assert ('FAIL: known finding <a href="#known-pillow-blur-border">pillow-blur-border</a> no'
            ' longer holds') in html
    assert "43.50 dB (left)" in html
    with open(os.path.join(site, "data", "failures.json")) as handle:
        assert [f["known_finding"] for f in json.load(handle)] == ["pillow-blur-border"]


def test_a_page_without_known_findings_says_so(tmp_path):
    import render_site
    connection, run = import_files(tmp_path, str(tmp_path / "store.sqlite"),
                                   ("quick.json", failing_case("")))
    site = str(tmp_path / "site")
    render_site.render(connection, results_store.run_row(connection, run), site)
    html = open(os.path.join(site, "index.html")).read()
    assert "No case of this run met a known finding." in html
    assert not os.path.exists(os.path.join(site, "semantics.html"))
    assert not os.path.exists(os.path.join(site, "data", "known-findings.json"))


def test_semantics_anchors_are_githubs():
    import render_site
    seen = {}
    assert render_site.heading_anchor("Shortcuts and approximate contenders", seen) == (
        "shortcuts-and-approximate-contenders")
    assert render_site.heading_anchor("`save` (encode JPEG)", seen) == "save-encode-jpeg"
    assert render_site.heading_anchor("`save` (encode JPEG)", seen) == "save-encode-jpeg-1"
    assert render_site.explanation_link("reference/SEMANTICS.md#known-wrong-variants") == (
        "semantics.html#known-wrong-variants")
    assert render_site.explanation_link("somewhere else") is None


def comparison_file(tmp_path, name, status, measure="time"):
    """A result file for the A/B checks: a timed case, and Pillow's blur as `status` says (KNOWN,
    or FAIL because its known finding no longer holds)."""
    document = bench_case(status)
    document["context"] = dict(CONTEXT, measure=measure)
    timed = {"name": "rotate90/simd/x/real_time", "run_name": "rotate90/simd/x/real_time",
             "run_type": "iteration", "real_time": 10.0, "time_unit": "ms",
             "instructions": 1000.0, "est_cycles": 1200.0}
    document["benchmarks"].append(timed)
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(document))
    return str(path)


def test_the_ab_checks_count_a_known_case_as_no_failure_and_a_stale_finding_as_one(tmp_path):
    import ab_compare
    import counts_compare
    known = comparison_file(tmp_path, "known", "KNOWN", "counts")
    stale = comparison_file(tmp_path, "stale", "FAIL", "counts")
    assert counts_compare.load_counts(known)[1] == {}
    assert list(counts_compare.load_counts(stale)[1]) == [BENCH_CASE]
    assert counts_compare.analyze(known, known, 0.01, io.StringIO()) == 0
    out = io.StringIO()
    assert counts_compare.analyze(known, stale, 0.01, out) == 1  # newly failing in head
    assert "head failed verification: " + BENCH_CASE in out.getvalue()
    samples, failures = ab_compare.load_samples([comparison_file(tmp_path, "timed", "KNOWN")])
    assert failures == {} and list(samples) == ["rotate90/simd/x/real_time"]
    assert list(ab_compare.load_samples([stale])[1]) == [BENCH_CASE]
