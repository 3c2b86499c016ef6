#!/usr/bin/env python3
"""End-to-end check of `vblint serve`: a real browser uploads a plan and must show its findings
with no console errors (headless Chromium through chromedriver's WebDriver API), then a load
check: N uploads from C concurrent clients on loopback, reporting throughput, latency and the
server's peak memory.

    scripts/serve-check.py [--vblint target/debug/vblint] [--plan FILE] [--uploads 200]
                           [--clients 8] [--screenshot docs/vblint-serve.png]

Without chromium/chromedriver the browser part is skipped with a message (.ci/run installs
them). Standard library only. Exits non-zero on any failure.
"""
import argparse
import base64
import concurrent.futures
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def multipart(path):
    boundary = uuid.uuid4().hex
    name = os.path.basename(path)
    with open(path, "rb") as f:
        data = f.read()
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", body


def post(url, ctype, body, timeout=60):
    req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": ctype})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, r.read()


def start_server(vblint):
    proc = subprocess.Popen(
        [vblint, "serve", "--port", "0", "--no-config"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    line = proc.stderr.readline()
    m = re.search(r"http://[^ ]+/", line)
    if not m:
        proc.kill()
        sys.exit(f"vblint serve did not start: {line!r}")
    return proc, m.group(0)


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


class WebDriver:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.sid = None

    def call(self, method, path, payload=None):
        data = None if payload is None else json.dumps(payload).encode()
        req = urllib.request.Request(
            self.base + path, data=data, method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read() or b"{}").get("value")

    def session(self, path, method="POST", payload=None):
        return self.call(method, f"/session/{self.sid}{path}", payload if method == "POST" else None)

    def find(self, css, many=False):
        v = self.session("/elements" if many else "/element", payload={"using": "css selector", "value": css})
        return [e[ELEMENT] for e in v] if many else v[ELEMENT]


def browser_check(url, plan, expected, screenshot):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        print("browser check skipped: chromium and chromedriver are not installed "
              "(apt-get install chromium chromium-driver)")
        return
    port = 9515 + os.getpid() % 1000
    profile = tempfile.mkdtemp(prefix="vblint-chrome-")
    drv = subprocess.Popen([driver, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wd = WebDriver(port)
    try:
        for _ in range(100):
            try:
                wd.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={profile}", "--window-size=1200,1100"]
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": flags},
            "goog:loggingPrefs": {"browser": "ALL"},
        }}}
        wd.sid = wd.call("POST", "/session", caps)["sessionId"]
        wd.session("/url", payload={"url": url})
        wd.session(f"/element/{wd.find('#files')}/value", payload={"text": os.path.abspath(plan)})
        status = ""
        for _ in range(200):
            status = wd.session(f"/element/{wd.find('#status')}/text", method="GET")
            if status and ("Đã kiểm tra" in status or "Không" in status):
                break
            time.sleep(0.1)
        assert "Đã kiểm tra" in status, f"page status: {status!r}"
        frame = wd.find("#report")
        wd.session("/frame", payload={"id": {ELEMENT: frame}})
        findings = wd.find("li.finding", many=True)
        first = wd.session(f"/element/{findings[0]}/text", method="GET") if findings else ""
        wd.session("/frame/parent", payload={})
        assert len(findings) == expected, f"{len(findings)} findings shown, {expected} expected"
        png = base64.b64decode(wd.session("/screenshot", method="GET"))
        os.makedirs(os.path.dirname(screenshot), exist_ok=True)
        with open(screenshot, "wb") as f:
            f.write(png)
        logs = wd.session("/se/log", payload={"type": "browser"}) or []
        errors = [e for e in logs if e.get("level") == "SEVERE"]
        assert not errors, f"console errors: {errors}"
        print(f"browser: {len(findings)} findings shown (first: {first.splitlines()[0]!r}), "
              f"no console errors; screenshot {screenshot}")
    finally:
        if wd.sid:
            try:
                wd.call("DELETE", f"/session/{wd.sid}")
            except OSError:
                pass
        drv.terminate()
        drv.wait()
        shutil.rmtree(profile, ignore_errors=True)


def load_check(url, plan, uploads, clients, pid):
    ctype, body = multipart(plan)
    rss_before = peak_rss_kib(pid)

    def one(_):
        t = time.perf_counter()
        status, data = post(url + "api/check", ctype, body)
        json.loads(data)
        return status, time.perf_counter() - t

    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(one, range(uploads)))
    wall = time.perf_counter() - t0
    ok = sum(1 for s, _ in results if s == 200)
    lat = sorted(d for _, d in results)
    rss_after = peak_rss_kib(pid)
    print(f"load: {ok}/{uploads} uploads of {os.path.basename(plan)} ({len(body) // 1024} KiB) "
          f"from {clients} clients in {wall:.2f} s = {uploads / wall:.1f} uploads/s; latency median "
          f"{statistics.median(lat) * 1000:.0f} ms, p95 {lat[int(len(lat) * 0.95) - 1] * 1000:.0f} ms; "
          f"server peak RSS {rss_before // 1024} MiB before, {rss_after // 1024} MiB after")
    assert ok == uploads, "some uploads failed"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vblint", default=os.path.join(ROOT, "target", "debug", "vblint"))
    ap.add_argument("--plan", default=os.path.join(ROOT, "fixtures", "docx", "ke-hoach-chuyen-doi-so.docx"))
    ap.add_argument("--uploads", type=int, default=200)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--screenshot", default=os.path.join(ROOT, "docs", "vblint-serve.png"))
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    server, url = start_server(args.vblint)
    try:
        ctype, body = multipart(args.plan)
        _, data = post(url + "api/check", ctype, body)
        expected = len(json.loads(data)["files"][0]["diagnostics"])
        assert expected > 0, "the plan should have findings to show"
        if not args.no_browser:
            browser_check(url, args.plan, expected, args.screenshot)
        load_check(url, args.plan, args.uploads, args.clients, server.pid)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
