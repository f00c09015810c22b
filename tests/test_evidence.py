"""Original captures (crawler/capture.py, pipeline/evidence.py): a real crawl of the mirror
over HTTP writes WARC records and a collection log; `complaints verify` passes, then fails
when one byte of one capture changes or a file goes missing."""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import stat
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from crawler.mirror import MirrorServer
from crawler.run import run_crawl
from pipeline import evidence
from pipeline.store import Store

ROOT = Path(__file__).resolve().parents[1]
COUID = "5866754241"      # 功夫贷: ~55 complaints, 6 API pages
MERCHANT = "2352"
FAST = {"DOWNLOAD_TIMEOUT": 2}


def _crawl(source, db, base, tmp_path, **kw):
    kw.setdefault("settings", FAST)
    return run_crawl(source, db, base_url=base, log_file=str(tmp_path / "crawl.log"), timeout=120, **kw)


def complaints(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """One heimao crawl of the mirror (captures on) and the mirror, still serving."""
    tmp = tmp_path_factory.mktemp("evidence")
    db = f"sqlite:///{tmp / 'c.db'}"
    with MirrorServer(port=0) as m:
        result = _crawl("heimao", db, m.base_url, tmp, company=[COUID],
                        settings={**FAST, "COMPLAINTS_OPERATOR": "测试调查员 (tests)"})
        yield {"db": db, "dir": tmp / "evidence", "result": result, "mirror": m, "tmp": tmp}


def _log(root: Path) -> list[dict]:
    return [line for _, line, _ in evidence.read_log(root)]


def test_evidence_folder_is_private_and_beside_the_database(crawled):
    root = crawled["dir"]
    assert crawled["result"].exit_code == 0
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert stat.S_IMODE((root / "warc").stat().st_mode) == 0o700
    files = list((root / "warc").glob("*.warc.gz"))
    assert len(files) == 1 and files[0].name.startswith("heimao-")  # one WARC file per run
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert stat.S_IMODE((root / evidence.LOG_NAME).stat().st_mode) == 0o600


def test_collection_log_has_one_line_per_capture_with_who_what_when(crawled):
    lines = _log(crawled["dir"])
    assert len(lines) == crawled["result"].stats["complaints/captures"]
    line = next(x for x in lines if "/complaint/view/" in x["url"])
    assert line["operator"] == "测试调查员 (tests)"
    assert line["method"] == "GET" and line["status"] == 200
    assert line["tool"].startswith("complaints-radar ") and line["versions"]["scrapy"]
    assert line["time"].endswith("Z")  # UTC
    assert len(line["sha256"]) == 64 and line["warc"].endswith(".warc.gz")


def test_capture_is_the_response_byte_for_byte(crawled):
    """The payload kept in the WARC is what the server sent: fetch the page again and compare."""
    root, m = crawled["dir"], crawled["mirror"]
    line = next(x for x in _log(root) if "/complaint/view/" in x["url"])
    sent = urllib.request.urlopen(line["url"], timeout=10).read()
    payload, headers = evidence.payload_of(evidence.record_bytes(root, line["warc"], line["offset"], line["length"]))
    assert payload == sent
    assert hashlib.sha256(sent).hexdigest() == line["sha256"]
    assert headers["WARC-Payload-Digest"] == evidence.b32_sha256(hashlib.sha256(sent).digest())
    assert headers["WARC-Type"] == "response"


def test_each_post_points_at_its_list_page_and_detail_page(crawled):
    store = Store(crawled["db"])
    m = crawled["mirror"]
    sns = m.corpus.by_couid[COUID]
    ids = store.post_ids([("heimao", sn) for sn in sns])
    assert len(ids) == len(sns)
    caps = store.captures_of(list(ids.values()))
    store.close()
    by_post: dict[str, list[str]] = {}
    for c in caps:
        by_post.setdefault(c["source_id"], []).append(c["url"])
    for i, sn in enumerate(sns):
        urls = by_post[sn]
        lists = [u for u in urls if "/api/company/received_complaints" in u]
        # exactly the list page the post was on (page 2's request carries no data of page 1)
        assert len(lists) == 1 and f"&page={i // 10 + 1}" in lists[0], (sn, urls)
        assert [u for u in urls if "/complaint/view/" in u] == [f"{m.base_url}/complaint/view/{sn}/"]


def test_verify_passes_then_fails_after_one_byte_changes(crawled, tmp_path):
    import shutil

    root = tmp_path / "evidence"
    shutil.copytree(crawled["dir"], root)
    ok = complaints("--db", crawled["db"], "verify", "--evidence-dir", str(root))
    assert ok.returncode == 0, ok.stderr
    assert f"verified {crawled['result'].stats['complaints/captures']} captures" in ok.stdout
    line = next(x for x in _log(root) if "/complaint/view/" in x["url"])
    warc = root / "warc" / line["warc"]
    data = bytearray(warc.read_bytes())
    data[line["offset"] + line["length"] // 2] ^= 0x01
    warc.write_bytes(bytes(data))
    bad = complaints("--db", crawled["db"], "verify", "--evidence-dir", str(root))
    assert bad.returncode == 2
    assert line["url"] in bad.stderr and "FAILED" in bad.stderr
    assert bad.stderr.count("FAILED") == 1  # the other captures are still intact


def test_verify_reports_a_missing_file_and_a_changed_payload(crawled, tmp_path):
    import shutil

    root = tmp_path / "evidence"
    shutil.copytree(crawled["dir"], root)
    line = _log(root)[0]
    (root / "warc" / line["warc"]).unlink()
    report = evidence.verify(root)
    assert not report.ok and all("missing file" in p.what for p in report.problems)
    assert len(report.problems) == report.checked


def test_a_rewritten_record_with_a_fresh_gzip_still_fails(crawled, tmp_path):
    """Someone re-compresses an edited record: bytes and payload hashes no longer match the log."""
    import shutil

    root = tmp_path / "evidence"
    shutil.copytree(crawled["dir"], root)
    lines = _log(root)
    line = next(x for x in lines if "/complaint/view/" in x["url"])
    warc = root / "warc" / line["warc"]
    data = warc.read_bytes()
    member = gzip.decompress(data[line["offset"]: line["offset"] + line["length"]])
    forged = gzip.compress(member.replace("催收".encode(), "催款".encode()))
    warc.write_bytes(data[: line["offset"]] + forged + data[line["offset"] + line["length"]:])
    report = evidence.verify(root)
    assert not report.ok and line["url"] in {p.url for p in report.problems}


def test_verify_without_a_log_is_an_error(tmp_path, sqlite_url):
    proc = complaints("--db", sqlite_url, "verify", "--evidence-dir", str(tmp_path / "none"))
    assert proc.returncode == 1 and "no collection log" in proc.stderr


def test_login_cookie_never_enters_a_capture(tmp_path, monkeypatch):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    with MirrorServer(port=0) as m:
        monkeypatch.setenv("COMPLAINTS_JUTOUSU_COOKIE", m.cookie)
        result = _crawl("jutousu", db, m.base_url, tmp_path, keyword=["催收"], max_pages=1)
        secret = m.cookie.split("=", 1)[1].encode()
    assert (result.exit_code, result.new) == (0, 10)
    root = tmp_path / "evidence"
    raw = b"".join(gzip.decompress(p.read_bytes()) for p in (root / "warc").glob("*.warc.gz"))
    assert b"Cookie: [redacted]" in raw  # it was sent, and the record says so
    assert secret not in raw and secret not in (root / evidence.LOG_NAME).read_bytes()


def test_jutousu_post_points_at_list_detail_and_content_api(tmp_path):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    with MirrorServer(port=0) as m:
        result = _crawl("jutousu", db, m.base_url, tmp_path, company=[MERCHANT], max_pages=1)
        pid = m.corpus.by_merchant[MERCHANT][0]
    assert result.exit_code == 0
    store = Store(db)
    caps = store.captures_of(list(store.post_ids([("jutousu", pid)]).values()))
    store.close()
    kinds = sorted(("merchantPostList" in c["url"], "/tousu/show/" in c["url"], "getPostContent" in c["url"])
                   for c in caps)
    assert kinds == [(False, False, True), (False, True, False), (True, False, False)]


def test_captures_off_writes_no_evidence(tmp_path):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    with MirrorServer(port=0) as m:
        result = _crawl("jutousu", db, m.base_url, tmp_path, company=[MERCHANT], max_pages=1,
                        settings={**FAST, "COMPLAINTS_CAPTURE": False})
    assert result.exit_code == 0 and result.new > 0
    assert not (tmp_path / "evidence").exists()


# -- evidence packs ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pack(crawled, local_tsa, tmp_path_factory):
    """`complaints export --format pack --include-captures --tsa-url <local TSA>` over the crawled,
    tagged, published store (one chart rendering for every pack test)."""
    from conftest import CHROMIUM, need

    need(Path(CHROMIUM).exists(), "Debian chromium")
    from pipeline import publish
    from pipeline.update import tag_new

    store = Store(crawled["db"])
    tag_new(store)
    publish.publish(store, crawled["tmp"] / "snapshot")
    store.close()
    out = tmp_path_factory.mktemp("pack") / "pack.zip"
    proc = complaints("--db", crawled["db"], "export", "--format", "pack", "--output", str(out),
                      "--snapshot-dir", str(crawled["tmp"] / "snapshot"), "--include-captures",
                      "--tsa-url", local_tsa["url"])
    assert proc.returncode == 0, proc.stderr
    return {"zip": out, "proc": proc}


def test_pack_warns_that_captures_hold_personal_data(pack):
    assert "warning" in pack["proc"].stderr and "NOT masked" in pack["proc"].stderr


def test_pack_checksums_verify_with_sha256sum(pack, tmp_path):
    import zipfile

    zip_path = pack["zip"]
    side = zip_path.with_name("pack.zip.sha256")
    assert side.read_text().endswith("  pack.zip\n")
    ok = subprocess.run(["sha256sum", "-c", side.name], cwd=zip_path.parent, capture_output=True, text=True)
    assert ok.returncode == 0 and "pack.zip: OK" in ok.stdout
    zipfile.ZipFile(zip_path).extractall(tmp_path)
    inner = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path, capture_output=True, text=True)
    assert inner.returncode == 0 and "captures.warc.gz: OK" in inner.stdout
    # and the check can fail: one changed byte of the zip
    data = bytearray(zip_path.read_bytes())
    data[len(data) // 2] ^= 1
    (tmp_path / "pack.zip").write_bytes(bytes(data))
    (tmp_path / "pack.zip.sha256").write_text(side.read_text())
    bad = subprocess.run(["sha256sum", "-c", "pack.zip.sha256"], cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode != 0


def test_pack_gives_each_post_its_original_capture(pack, crawled):
    import io
    import zipfile

    import pandas as pd

    zf = zipfile.ZipFile(pack["zip"])
    posts = pd.read_csv(io.BytesIO(zf.read("posts.csv")), encoding="utf-8-sig", dtype=str)
    log = {json.loads(x)["record_id"]: json.loads(x) for x in zf.read("collection-log.jsonl").decode().splitlines()}
    caps = pd.read_csv(io.BytesIO(zf.read("captures.csv")), encoding="utf-8-sig", dtype=str)
    heimao = posts[posts["source"] == "heimao"]
    assert len(heimao) == len(crawled["mirror"].corpus.by_couid[COUID])
    for row in heimao.itertuples():
        original = caps[(caps["source_id"] == row.source_id) & (caps["original"] == "True")]
        assert len(original) == 1
        line = log[original["record_id"].iloc[0]]  # the log line behind it travels in the pack
        assert "/complaint/view/" in line["url"] and line["url"] == row.capture_url
        assert line["sha256"] == row.capture_sha256 == original["sha256"].iloc[0]
        assert line["time"] == row.captured_at_utc
    assert set(caps["record_id"]) == set(log)


def test_pack_captures_are_the_warc_records_and_warcio_checks_them(pack, tmp_path):
    import io
    import zipfile

    import pandas as pd

    zf = zipfile.ZipFile(pack["zip"])
    warc = tmp_path / "captures.warc.gz"
    warc.write_bytes(zf.read("captures.warc.gz"))
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(warc)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    caps = pd.read_csv(io.BytesIO(zf.read("captures.csv")), encoding="utf-8-sig", dtype=str)
    row = caps.iloc[0]
    payload, headers = evidence.payload_of(warc.read_bytes()[int(row["pack_offset"]):])
    assert hashlib.sha256(payload).hexdigest() == row["sha256"]
    assert headers["WARC-Record-ID"] == row["record_id"]
    readme = zf.read("README.md").decode()
    for needle in ("## How to verify", "sha256sum -c pack.zip.sha256", "sha256sum -c SHA256SUMS", "warcio check",
                   "not masked"):
        assert needle in readme.replace("<pack>.zip", "pack.zip")


# -- edits and removals after we saw a post ---------------------------------------------------


def _sources(path: Path, base: str) -> Path:
    path.write_text(f"""\
contact_url: https://example.org/complaints-radar-tests
operator: 测试调查员
heimao:
  enabled: true
  base_url: {base}
  max_pages: 2
  revisit_days: [0]          # every stored post is owed one re-visit at once (tests cannot wait a day)
  revisit_budget: 500
  companies:
    - {{id: "{COUID}", name: 功夫贷}}
jutousu:
  enabled: false
article:
  enabled: false
""", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    """Two `complaints update` runs; between them the mirror edits one post, removes one
    and hides another (200, 已删除)."""
    tmp = tmp_path_factory.mktemp("watched")
    db = f"sqlite:///{tmp / 'c.db'}"
    with MirrorServer(port=0) as m:
        sources = _sources(tmp / "sources.yaml", m.base_url)
        args = ("--db", db, "update", "--sources", str(sources), "--snapshot-dir", str(tmp / "snap"))
        first = complaints(*args)
        sns = list(m.corpus.by_couid[COUID])[:20]  # max_pages 2: the posts stored
        edited, removed, hidden = sns[3], sns[12], sns[15]
        before = m.corpus.heimao_view(edited)
        m.edit(edited, body="已和平台协商解决，无其他问题。")
        m.remove(removed)
        m.remove(hidden, "hidden")
        second = complaints(*args)
        third = complaints(*args)
    return {"db": db, "first": first, "second": second, "third": third, "edited": edited, "removed": removed,
            "hidden": hidden, "before": before, "tmp": tmp, "sns": sns}


def test_update_records_the_edit_with_both_hashes_captures_and_diff(watched):
    assert watched["first"].returncode == 0, watched["first"].stdout + watched["first"].stderr
    assert watched["second"].returncode == 0, watched["second"].stdout + watched["second"].stderr
    store = Store(watched["db"])
    post = store.get_post("heimao", watched["edited"])
    versions = store.versions("heimao", watched["edited"])
    assert [v["kind"] for v in versions] == ["edited"]
    v = versions[0]
    assert v["old_hash"] == post["content_hash"] and v["new_hash"] != v["old_hash"]
    assert v["body"] == "已和平台协商解决，无其他问题。"
    # the diff gives back both texts: drop the {+added+} for the old one, the [-removed-] for the new
    import re

    old_text = re.sub(r"\{\+.*?\+\}", "", v["diff"], flags=re.S).replace("[-", "").replace("-]", "")
    new_text = re.sub(r"\[-.*?-\]", "", v["diff"], flags=re.S).replace("{+", "").replace("+}", "")
    assert old_text == f"{post['title']}\n{post['body']}"
    assert new_text == f"{post['title']}\n已和平台协商解决，无其他问题。"
    # both captures are kept and named
    caps = {c["record_id"]: c for c in store.captures_of([post["id"]])}
    assert {v["old_capture"], v["new_capture"]} <= set(caps) and v["old_capture"] != v["new_capture"]
    assert caps[v["old_capture"]]["sha256"] != caps[v["new_capture"]]["sha256"]
    store.close()


def test_counts_keep_the_text_as_first_captured(watched):
    from pipeline.text import clean_text, mask_pii

    store = Store(watched["db"])
    post = store.get_post("heimao", watched["edited"])
    store.close()
    assert post["body"] == mask_pii(clean_text(watched["before"]["body"]))


def test_update_marks_removed_and_hidden_posts_with_last_seen(watched):
    store = Store(watched["db"])
    removed = store.versions("heimao", watched["removed"])
    hidden = store.versions("heimao", watched["hidden"])
    assert [(v["kind"], v["reason"]) for v in removed] == [("removed", "HTTP 404")]
    assert [(v["kind"], v["reason"]) for v in hidden] == [("removed", "已删除")]
    first_seen = store.get_post("heimao", watched["removed"])["crawled_at"]
    assert removed[0]["last_seen"] >= first_seen and removed[0]["seen_at"] >= removed[0]["last_seen"]
    # the 404 answer itself is a capture of the post: the proof that it was gone
    pid = store.get_post("heimao", watched["removed"])["id"]
    gone = [c for c in store.captures_of([pid]) if c["record_id"] == removed[0]["new_capture"]]
    assert gone and gone[0]["status"] == 404
    # the posts stay stored and counted
    assert store.count_posts() == len(watched["sns"])
    store.close()


def test_untouched_posts_have_no_versions_and_revisits_stop(watched):
    store = Store(watched["db"])
    untouched = [sn for sn in watched["sns"] if sn not in (watched["edited"], watched["removed"], watched["hidden"])]
    assert all(store.versions("heimao", sn) == [] for sn in untouched)
    # each post was owed one re-visit (revisit_days [0]) and got it: nothing is due any more
    assert store.due_revisits("heimao", [0], 500) == []
    store.close()
    assert watched["third"].returncode == 0, watched["third"].stdout + watched["third"].stderr


def test_pack_shows_the_edit_and_the_removals(watched):
    import io
    import zipfile

    import pandas as pd
    from conftest import CHROMIUM, need

    need(Path(CHROMIUM).exists(), "Debian chromium")
    out = watched["tmp"] / "pack.zip"
    proc = complaints("--db", watched["db"], "export", "--format", "pack", "--output", str(out),
                      "--snapshot-dir", str(watched["tmp"] / "snap"))
    assert proc.returncode == 0, proc.stderr
    zf = zipfile.ZipFile(out)
    assert "captures.warc.gz" not in zf.namelist()  # only with --include-captures
    posts = pd.read_csv(io.BytesIO(zf.read("posts.csv")), encoding="utf-8-sig", dtype=str).set_index("source_id")
    assert posts.loc[watched["edited"], "after_capture"] == "edited"
    assert posts.loc[watched["removed"], "after_capture"] == "removed"
    assert posts.loc[watched["hidden"], "after_capture"] == "removed"
    assert posts["after_capture"].notna().sum() == 3
    versions = pd.read_csv(io.BytesIO(zf.read("versions.csv")), encoding="utf-8-sig", dtype=str)
    edit = versions[versions["source_id"] == watched["edited"]].iloc[0]
    assert edit["body"] == "已和平台协商解决，无其他问题。"
    assert posts.loc[watched["edited"], "body"] != edit["body"]  # posts.csv: the text as first captured


def test_snapshot_counts_edits_and_removals_per_lender(watched):
    from pipeline import trends
    from pipeline.trends import Filters, Snapshot

    snap = Snapshot(watched["tmp"] / "snap")
    try:
        table = trends.after_capture(snap, Filters())
        lenders = trends.options(snap).lenders
    finally:
        snap.close()
    assert table["lender"].tolist() == ["功夫贷"] and "功夫贷" in lenders
    row = table.iloc[0]
    assert (row["edited"], row["removed"]) == (1, 2)
    assert row["changed_share"] == pytest.approx(3 / row["posts"])


def test_overview_page_shows_edited_or_removed_after_we_saw_it(watched, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("COMPLAINTS_SNAPSHOT", str(watched["tmp"] / "snap"))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"  # the 中文 heading is checked in the browser test below
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Edited or removed after we saw it" in [s.value for s in at.subheader]
    frame = at.dataframe[-1].value  # after the lender x theme table
    assert frame["Lender"].tolist() == ["功夫贷"]
    assert (frame["Edited"].iloc[0], frame["Removed"].iloc[0]) == (1, 2)


# -- a trusted timestamp from a local time-stamp authority (openssl ts) ------------------------


TSA_CONF = """\
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = test
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = .
serial = {dir}/serial
crypto_device = builtin
signer_cert = {dir}/tsa.crt
signer_key = {dir}/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.2
digests = sha256, sha512
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
[ v3_ca ]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ v3_tsa ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


@pytest.fixture(scope="module")
def local_tsa(tmp_path_factory):
    """A time-stamp authority on 127.0.0.1: a CA, a TSA certificate, and `openssl ts -reply`
    behind a small HTTP handler (RFC 3161 over HTTP: POST application/timestamp-query)."""
    import shutil
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    d = tmp_path_factory.mktemp("tsa")
    (d / "tsa.cnf").write_text(TSA_CONF.format(dir=d))
    (d / "serial").write_text("01\n")

    def ssl(*args):
        subprocess.run(["openssl", *args], cwd=d, check=True, capture_output=True)

    ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
        "-subj", "/CN=Test TSA CA", "-config", "tsa.cnf", "-extensions", "v3_ca")
    ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", "/CN=Test TSA",
        "-config", "tsa.cnf")
    ssl("x509", "-req", "-in", "tsa.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "tsa.crt",
        "-days", "2", "-extfile", "tsa.cnf", "-extensions", "v3_tsa")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            query = self.rfile.read(int(self.headers["Content-Length"]))
            with lock:
                (d / "q.tsq").write_bytes(query)
                ssl("ts", "-reply", "-queryfile", "q.tsq", "-config", "tsa.cnf", "-out", "r.tsr")
                reply = (d / "r.tsr").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"url": f"http://127.0.0.1:{server.server_port}/tsa", "ca": d / "ca.crt"}
    server.shutdown()
    server.server_close()


def test_pack_timestamp_verifies_with_openssl(pack, local_tsa, tmp_path):
    import zipfile

    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(pack["zip"]).extractall(unpacked)
    assert "SHA256SUMS.tsr" in (unpacked / "README.md").read_text()

    def verify():
        return subprocess.run(["openssl", "ts", "-verify", "-data", "SHA256SUMS", "-in", "SHA256SUMS.tsr",
                               "-CAfile", str(local_tsa["ca"])], cwd=unpacked, capture_output=True, text=True)

    ok = verify()
    assert ok.returncode == 0 and "Verification: OK" in ok.stdout, ok.stdout + ok.stderr
    assert subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=unpacked, capture_output=True).returncode == 0
    # a changed checksum list no longer matches the stamp
    sums = unpacked / "SHA256SUMS"
    sums.write_text(sums.read_text().replace("  posts.csv", "  posts2.csv"))
    assert verify().returncode != 0


def test_unreachable_or_wrong_tsa_is_a_clear_error(local_tsa):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(evidence.EvidenceError, match="did not answer"):
        evidence.timestamp(b"SHA256SUMS", f"http://127.0.0.1:{port}/")
    token = evidence.timestamp(b"some bytes", local_tsa["url"])
    assert len(token) > 500  # a signed answer, with the TSA's certificate
    with MirrorServer(port=0) as m, pytest.raises(evidence.EvidenceError, match="no RFC 3161 answer"):
        evidence.timestamp(b"some bytes", m.base_url + "/")  # a web page, not a TSA


@pytest.mark.parametrize("line, message", [("revisit_days: [1, soon]", "a list of days"),
                                           ("revisit_budget: -1", "a whole number >= 0")])
def test_bad_revisit_settings_name_the_line(tmp_path, line, message):
    from pipeline.sources import SourcesError, load_sources

    path = tmp_path / "sources.yaml"
    path.write_text(f"heimao:\n  enabled: true\n  {line}\n", encoding="utf-8")
    with pytest.raises(SourcesError, match=f"sources.yaml:3: heimao.* must be {message}"):
        load_sources(path)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def both_stores(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    s = Store(url, create=True)
    s.init()
    yield s
    s.close()


def _capture(sid: str, n: int, when) -> dict:
    return {"url": f"https://tousu.sina.com.cn/complaint/view/{sid}/", "status": 200, "warc": "w.warc.gz",
            "offset": n, "length": 1, "record_id": f"<urn:uuid:{sid}-{n}>", "sha256": f"{n:064d}",
            "captured_at": when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "produced": True}


def test_store_keeps_first_text_records_edits_once_and_removals(both_stores):
    from datetime import timedelta

    from pipeline.models import Post, now_cst

    store, now = both_stores, now_cst()
    first = Post("heimao", "s1", "https://tousu.sina.com.cn/complaint/view/s1/", "标题", "催收员威胁我", None,
                 status="处理中", crawled_at=now)
    first.captures = [_capture("s1", 1, now - timedelta(hours=8))]
    store.upsert_posts([first], keep_first_text=True)
    edited = Post("heimao", "s1", first.url, "标题", "已解决", None, status="已回复")
    edited.captures = [_capture("s1", 2, now - timedelta(hours=7))]
    counts = store.upsert_posts([edited], keep_first_text=True)
    assert (counts.edited, counts.updated) == (1, 1)  # the status moved, the text is an edit
    again = Post("heimao", "s1", first.url, "标题", "已解决", None, status="已回复")
    again.captures = [_capture("s1", 3, now - timedelta(hours=6))]
    assert store.upsert_posts([again], keep_first_text=True).edited == 0  # the same edit, seen again
    post = store.get_post("heimao", "s1")
    assert (post["body"], post["status"]) == ("催收员威胁我", "已回复")  # first text, current status
    (v,) = store.versions("heimao", "s1")
    assert (v["kind"], v["body"], v["old_capture"], v["new_capture"]) == ("edited", "已解决", "<urn:uuid:s1-1>",
                                                                          "<urn:uuid:s1-2>")
    assert v["diff"] == "标题\n[-催收员威胁我-]{+已解决+}"
    assert store.mark_removed("heimao", "s1", "HTTP 404") and store.mark_removed("heimao", "s1", "HTTP 404")
    assert [x["kind"] for x in store.versions("heimao", "s1")] == ["edited", "removed"]  # once
    assert store.versions("heimao", "s1")[1]["last_seen"] == now - timedelta(hours=6) + timedelta(hours=8)
    assert not store.mark_removed("heimao", "never-stored", "HTTP 404")
    assert store.due_revisits("heimao", [0], 10, now=now + timedelta(days=1)) == []  # removed: not re-visited


def test_revisits_thin_with_age_and_stay_within_the_budget(store):
    """Store.due_revisits: one re-visit per schedule point passed, most overdue first."""
    from datetime import timedelta

    from pipeline.models import Post, now_cst

    now = now_cst()
    ages = {"a": 0.5, "b": 2, "c": 5, "d": 40, "e": 200}  # days since first seen
    posts = []
    for sid, age in ages.items():
        p = Post("heimao", sid, f"https://tousu.sina.com.cn/complaint/view/{sid}/", "标题", "正文", None,
                 crawled_at=now - timedelta(days=age))
        p.captures = [{"url": p.url, "status": 200, "warc": "w.warc.gz", "offset": 0, "length": 1,
                       "record_id": f"<urn:uuid:{sid}-1>", "sha256": "0" * 64,
                       "captured_at": (now - timedelta(days=age, hours=8)).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                       "produced": True}]
        posts.append(p)
    store.upsert_posts(posts)
    days = [1, 3, 7, 30, 90]
    # a (0.5 d) is not due yet; e (200 d) is past the schedule; d is most overdue (owed since day 30)
    assert store.due_revisits("heimao", days, 10, now=now) == [("d", posts[3].url), ("c", posts[2].url),
                                                                ("b", posts[1].url)]
    assert [sid for sid, _ in store.due_revisits("heimao", days, 2, now=now)] == ["d", "c"]  # the budget
    # c (5 days old) is re-visited now: that settles days 1 and 3; it is owed again at day 7
    c = posts[2]
    c.captures = [{**c.captures[0], "record_id": "<urn:uuid:c-2>",
                   "captured_at": (now - timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")}]
    store.upsert_posts([c])
    assert [sid for sid, _ in store.due_revisits("heimao", days, 10, now=now)] == ["d", "b"]
    # a day later a (now 1.5 days old) is owed its day-1 visit, c still nothing
    assert [sid for sid, _ in store.due_revisits("heimao", days, 10, now=now + timedelta(days=1))] == ["d", "a", "b"]
    # 2.5 days later c is 7.5 days old: owed its day-7 visit
    later = store.due_revisits("heimao", days, 10, now=now + timedelta(days=2.5))
    assert [sid for sid, _ in later] == ["d", "b", "c", "a"]


@pytest.mark.browser
def test_browser_overview_shows_edited_or_removed_after_we_saw_it(watched, chromium):
    """`complaints dashboard` over the watched snapshot, in Debian's chromium."""
    from playwright.sync_api import sync_playwright
    from test_browser import ARGS, _free_port, _wait_healthy

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "COMPLAINTS_SNAPSHOT"}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "dashboard", "--port", str(port), "--snapshot-dir",
                             str(watched["tmp"] / "snap")], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1400})
            page.goto(url)
            heading = page.get_by_text("我们采集后被修改或删除的投诉")
            heading.wait_for(timeout=60_000)
            # The lender x theme table, then the edited-or-removed one (dashboard/views/overview.py).
            # Streamlit sends the page's elements one by one: wait for the second table rather
            # than count them while the page is still arriving (failed so at load 6).
            page.wait_for_function("document.querySelectorAll('[data-testid=\"stDataFrame\"]').length >= 2",
                                   timeout=30_000)
            tables = page.locator('[data-testid="stDataFrame"]')
            assert tables.count() == 2
            box = tables.last.bounding_box()
            assert box and box["height"] > 40  # drawn, with a row under the header
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_a_post_is_first_seen_when_its_page_was_captured_not_after_the_parse():
    """CI saw "last seen 08:37:14.996" before "first seen 08:37:15": crawled_at was stamped after
    the parse (to the second), in the second after the page's capture. It is now the capture's
    time, to the second (the parse time only when nothing was captured)."""
    from datetime import datetime

    from scrapy.http import HtmlResponse, Request

    from crawler.spiders.base import fetched_at

    captured = Request("https://tousu.sina.com.cn/complaint/view/1/",
                       meta={"capture": {"captured_at": "2026-12-02T00:37:14.996195Z"}})
    response = HtmlResponse(captured.url, body=b"<html></html>", request=captured)
    assert fetched_at(response) == datetime(2026, 12, 2, 8, 37, 14)  # CST, to the second, never rounded up
    assert fetched_at(HtmlResponse(captured.url, body=b"", request=Request(captured.url))) is None
    assert fetched_at(HtmlResponse(captured.url, body=b"")) is None  # no request: offline parsing


def test_a_crawled_post_is_never_first_seen_after_its_own_capture(crawled):
    """The invariant a removal record relies on (last seen >= first seen): every stored post's
    newest capture that showed it is not older than its crawled_at."""
    from datetime import timedelta

    store = Store(crawled["db"])
    try:
        posts = next(store.iter_frames("posts")).to_dict("records")
        shown: dict[int, object] = {}
        for c in store.captures_of([p["id"] for p in posts]):
            if c["produced"]:
                shown[c["post_id"]] = max(shown.get(c["post_id"], c["captured_at"]), c["captured_at"])
    finally:
        store.close()
    assert shown and len(shown) == len(posts)
    for p in posts:
        assert shown[p["id"]] + timedelta(hours=8) >= p["crawled_at"], p["source_id"]  # captures are UTC
