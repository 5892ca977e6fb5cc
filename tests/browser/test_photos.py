"""Photos in a real Chromium: the variant the phone's screen needs is the one fetched (no more
than twice its CSS pixels, even on a 3x screen), the
picture's box is reserved before it arrives (nothing below it jumps), and a page with a photo
has no accessibility violation and does not scroll sideways at 320 px."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import make_driver
from test_accessibility import axe_violations, emulate

PHOTO_PAGES = [("wenbi", "projects/bangfu-chejian/"), ("qiujiayu", "notices/yizhen-1205/")]

# Records every layout shift from the first paint on, before the page's own code runs.
SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value); })
  .observe({type: 'layout-shift', buffered: true});
"""


@pytest.mark.parametrize("density,variant", [(1, "-480.webp"), (2, "-960.webp"), (3, "-960.webp")])
def test_the_phone_fetches_the_variant_its_screen_needs_and_nothing_below_the_photo_moves(site_url, density, variant):
    driver = make_driver()
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 360, "height": 800, "deviceScaleFactor": density, "mobile": True})
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": SHIFTS})
        # Slow enough that the page paints long before the photo arrives.
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                                                     "downloadThroughput": 200000, "uploadThroughput": 200000})
        driver.get(site_url("wenbi") + "projects/bangfu-chejian/")
        photo = driver.find_element(By.CSS_SELECTOR, ".photo img")
        before = driver.execute_script("return arguments[0].getBoundingClientRect().height", photo)
        WebDriverWait(driver, 20).until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", photo))
        source = driver.execute_script("return arguments[0].currentSrc", photo)
        assert source.endswith(variant), f"at {density}x a 360 px screen needs {variant}, fetched {source}"
        box = driver.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.width, r.height]", photo)
        assert abs(box[1] - box[0] * 3 / 4) < 1, f"the box keeps the photo's 4:3 shape: {box}"
        assert abs(before - box[1]) < 1, f"the box was {before}px tall before the photo came, {box[1]}px after"
        shifts = driver.execute_script("return window.__shifts")
        assert sum(shifts) < 0.001, f"layout shifted: {shifts}"
        webp_requests = driver.execute_script(
            "return performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/img/'))")
        assert len(webp_requests) == 1, f"one picture fetched, not every width: {webp_requests}"
    finally:
        driver.quit()


@pytest.mark.parametrize("site,path", PHOTO_PAGES)
def test_pages_with_photos_have_no_accessibility_violations_and_no_sideways_scrolling(driver, site_url, site, path):
    emulate(driver, 360)
    driver.get(site_url(site) + path)
    assert driver.find_elements(By.CSS_SELECTOR, "picture img"), "the page shows its photo"
    result = axe_violations(driver)
    assert result == [], f"{site} {path}: {result}"
    emulate(driver, 320)
    driver.get(site_url(site) + path)
    # clientWidth, not innerWidth: a phone's layout viewport widens to what overflows.
    overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{site} {path} scrolls sideways by {overflow}px at 320px"
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
