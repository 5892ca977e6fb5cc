"""Browser tests: the built site served on 127.0.0.1, driven by a real headless Chromium."""
import functools
import http.server
import os
import shutil
import subprocess
import tempfile
import threading

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ANJU = os.environ.get("ANJU", os.path.join(ROOT, ".build", "debug", "anju"))
NOW = "2026-11-29 10:00"


def build(content, templates, out):
    subprocess.run([ANJU, "build", "--content", content, "--templates", templates, "--output", out, "--now", NOW],
                   check=True, stdout=subprocess.DEVNULL)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory):
    handler = functools.partial(QuietHandler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def public():
    out = tempfile.mkdtemp(prefix="anju-browser-")
    build(os.path.join(ROOT, "content"), os.path.join(ROOT, "templates"), out)
    # A small site whose titles try to inject markup.
    work = tempfile.mkdtemp(prefix="anju-browser-evil-")
    os.makedirs(os.path.join(work, "content", "evil", "notices"))
    with open(os.path.join(work, "content", "evil", "site.yml"), "w", encoding="utf-8") as f:
        f.write("name: 测试社区\nbase_url: https://evil.example.org/\n")
    with open(os.path.join(work, "content", "evil", "notices", "x.md"), "w", encoding="utf-8") as f:
        f.write('---\ntitle: "<img src=x onerror=alert(1)>停水通知"\ndate: 2026-11-20\n---\n<b>停水</b>一天。\n')
    build(os.path.join(work, "content"), os.path.join(ROOT, "templates"), out)
    yield out
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="session")
def site_url(public):
    servers = {}

    def url(site):
        if site not in servers:
            servers[site] = serve(os.path.join(public, site))
        return "http://127.0.0.1:%d/" % servers[site].server_address[1]

    yield url
    for server in servers.values():
        server.shutdown()


def make_driver(javascript=True, width=360):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},800"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)


@pytest.fixture(scope="session")
def driver():
    d = make_driver()
    yield d
    d.quit()


@pytest.fixture()
def no_js_driver():
    d = make_driver(javascript=False)
    yield d
    d.quit()
