#!/usr/bin/env python3
"""Largest contentful paint of the heaviest page of each kind, and of a page with a photo above
the fold, for a cold visitor on a slow 4G link (150 ms round trip, 1.6 Mbit/s, Chromium's
emulation), served gzipped, on a 360 px phone screen."""
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve import serve  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

KINDS = {"home": lambda p: p == "index.html",
         "notice-list": lambda p: p.startswith("notices/") and (p == "notices/index.html" or p.startswith("notices/page/")),
         "notice": lambda p: p.startswith("notices/") and not p.startswith("notices/page/") and p != "notices/index.html",
         "qa-index": lambda p: p == "qa/index.html",
         "qa-topic": lambda p: p.startswith("qa/") and p != "qa/index.html",
         "project": lambda p: p.startswith("projects/") and p != "projects/index.html",
         "page": lambda p: p.count("/") == 1 and p.split("/")[0] not in ("notices", "qa", "projects", "search"),
         "search": lambda p: p == "search/index.html"}

LCP = """
const done = arguments[arguments.length - 1];
let last = 0;
new PerformanceObserver((list) => { for (const e of list.getEntries()) last = e.startTime; })
  .observe({type: 'largest-contentful-paint', buffered: true});
setTimeout(() => done(last), 1500);
"""


def heaviest(public):
    found = {}
    for site in sorted(os.listdir(public)):
        root = os.path.join(public, site)
        if not os.path.isdir(root) or site.startswith("."):
            continue
        css = sum(os.path.getsize(os.path.join(root, "assets", f)) for f in os.listdir(os.path.join(root, "assets")) if f.endswith(".css"))
        for folder, _, files in os.walk(root):
            for f in files:
                if not f.endswith(".html") or f == "404.html":
                    continue
                rel = os.path.relpath(os.path.join(folder, f), root)
                # A page with its own photo under the title: the photo is what paints last.
                with open(os.path.join(folder, f), encoding="utf-8") as page:
                    if '<figure class="photo">' in page.read():
                        size = os.path.getsize(os.path.join(folder, f)) + css
                        if "photo" not in found or size > found["photo"][2]:
                            found["photo"] = (site, rel, size)
                for kind, match in KINDS.items():
                    if match(rel):
                        size = os.path.getsize(os.path.join(folder, f)) + css
                        if kind not in found or size > found[kind][2]:
                            found[kind] = (site, rel, size)
                        break
    return found


def measure(public):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=360,800"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))
    driver.set_script_timeout(30)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                                                 "downloadThroughput": 200000, "uploadThroughput": 200000})
    servers = {}
    rows = []
    try:
        for kind, (site, rel, size) in sorted(heaviest(public).items()):
            if site not in servers:
                servers[site] = serve(os.path.join(public, site))
            url = "http://127.0.0.1:%d/%s" % (servers[site].server_address[1], rel[:-len("index.html")] if rel.endswith("index.html") else rel)
            driver.execute_cdp_cmd("Network.clearBrowserCache", {})
            # The photo page on a common cheap phone's screen (720 pixels across, 2 per CSS pixel).
            density = 2 if kind == "photo" else 1
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": 360, "height": 800, "deviceScaleFactor": density, "mobile": True})
            driver.get(url)
            rows.append((kind if density == 1 else f"{kind} {density}x", f"{site}/{rel}", size, driver.execute_async_script(LCP)))
    finally:
        driver.quit()
        for s in servers.values():
            s.shutdown()
    print("heaviest page of each kind, cold visitor, 150 ms RTT, 1.6 Mbit/s:")
    print(f"{'kind':<12}{'HTML+CSS KB':>12}{'LCP ms':>9}  page")
    for kind, page, size, lcp in rows:
        print(f"{kind:<12}{size / 1024:>12.1f}{lcp:>9.0f}  {page}")
    print(f"worst: {max(r[2] for r in rows) / 1024:.1f} KB (limit 50), LCP {max(r[3] for r in rows):.0f} ms (target 1000)")
    return rows


if __name__ == "__main__":
    measure(sys.argv[1])
