"""What is happening this week, in a real Chromium: the urgent banner shows on a Q&A page
without JavaScript, and a page opened after the water cut's last window hides it on the
visitor's clock (the page's clock is set through the DevTools protocol)."""
from datetime import datetime, timezone, timedelta

from selenium.webdriver.common.by import By

from conftest import make_driver

CHINA = timezone(timedelta(hours=8))


def at(driver, when):
    """Every new document in this driver sees `when` as the current time."""
    ms = int(when.timestamp() * 1000)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source":
        f"(() => {{ const t = {ms}, D = Date; Date = class extends D {{ constructor(...a) {{ super(...(a.length ? a : [t])); }} "
        f"static now() {{ return t; }} }}; }})();"})


def banner_links(driver):
    return [a for a in driver.find_elements(By.CSS_SELECTOR, ".banners .banner a") if a.is_displayed()]


def test_the_banner_shows_on_a_qa_page_then_hides_once_the_last_window_has_passed(site_url):
    driver = make_driver()
    try:
        at(driver, datetime(2026, 11, 29, 10, 0, tzinfo=CHINA))
        driver.get(site_url("wenbi") + "qa/buchang-biaozhun/")
        links = banner_links(driver)
        assert links, "an urgent water cut is in force"
        assert any(a.get_attribute("href").endswith("/notices/ting-shui-1130/") for a in links)
        assert "明天 11月30日 8:00–18:00" in links[0].text or any("11月30日" in a.text for a in links)
    finally:
        driver.quit()
    driver = make_driver()
    try:
        at(driver, datetime(2026, 12, 9, 9, 0, tzinfo=CHINA))
        driver.get(site_url("wenbi") + "qa/buchang-biaozhun/")
        assert banner_links(driver) == [], "after its last window the banner is hidden on the visitor's clock"
        assert not driver.find_element(By.CSS_SELECTOR, ".banners").is_displayed()
    finally:
        driver.quit()


def test_the_banner_reads_without_javascript(no_js_driver, site_url):
    no_js_driver.get(site_url("qiujiayu") + "guides/")
    text = no_js_driver.find_element(By.CSS_SELECTOR, ".banners").text
    assert "紧急" in text and "停水" in text


def test_the_home_page_lists_this_weeks_windows_and_events(no_js_driver, site_url):
    no_js_driver.get(site_url("binjiang"))
    outages = no_js_driver.find_element(By.CSS_SELECTOR, ".outages").text
    assert "12月2日 8:00–18:00 · 第1幢至第8幢" in outages
    assert "近期活动" in no_js_driver.page_source and "居民代表大会" in no_js_driver.page_source
    assert "个岗位在招" in no_js_driver.page_source


def test_words_of_the_day_follow_the_visitors_clock(site_url):
    """A page built on 29 November and read on later days: 今天, 明天, 正在进行, 已结束 and the
    working days left of a 公示 are the visitor's day's, and the home page's box of cuts goes
    once every cut in it is over."""
    def opened(when, path):
        driver = make_driver()
        at(driver, when)
        driver.get(site_url("wenbi") + path)
        return driver

    driver = opened(datetime(2026, 11, 30, 10, 0, tzinfo=CHINA), "notices/ting-shui-1130/")
    try:
        facts = driver.find_element(By.CSS_SELECTOR, ".facts").text
        assert "正在进行\n今天 11月30日 8:00–18:00 · 第1至第4居民小组" in facts, facts
        assert "时间\n后天 12月2日 8:00–18:00" in facts and "明天" not in facts, facts
        assert "关于11月30日起分片临时停水的通知" not in driver.find_element(By.CSS_SELECTOR, ".banners").text, \
            "a notice's own page carries no banner of it"
    finally:
        driver.quit()
    driver = opened(datetime(2026, 11, 30, 10, 0, tzinfo=CHINA), "guides/")
    try:
        banner = driver.find_element(By.CSS_SELECTOR, ".banners .banner .when").text
        assert banner.startswith("正在进行 · 今天 11月30日 8:00–18:00 · 第1至第4居民小组（1至13幢） · 另有2个时段"), banner
    finally:
        driver.quit()
    driver = opened(datetime(2026, 12, 1, 9, 0, tzinfo=CHINA), "notices/ting-shui-1130/")
    try:
        facts = driver.find_element(By.CSS_SELECTOR, ".facts").text
        assert "已结束\n11月30日 8:00–18:00" in facts and "时间\n明天 12月2日 8:00–18:00" in facts, facts
        assert facts.index("明天 12月2日") < facts.index("级别"), "when and where come first"
    finally:
        driver.quit()
    driver = opened(datetime(2026, 12, 1, 9, 0, tzinfo=CHINA), "guides/")
    try:
        banner = driver.find_element(By.CSS_SELECTOR, ".banners .banner .when").text
        assert banner.startswith("明天 12月2日 8:00–18:00 · 第5至第8居民小组（14至26幢） · 另有1个时段"), "the next window, not the past one: " + banner
    finally:
        driver.quit()
    driver = opened(datetime(2026, 12, 5, 9, 0, tzinfo=CHINA), "publicity/")
    try:
        badges = [b.text for b in driver.find_elements(By.CSS_SELECTOR, ".badge.publicity.running") if b.is_displayed()]
        assert "还剩3个工作日" in badges, badges
    finally:
        driver.quit()
    driver = opened(datetime(2026, 12, 5, 9, 0, tzinfo=CHINA), "")
    try:
        assert not driver.find_element(By.CSS_SELECTOR, ".outages").is_displayed(), "every cut in the box is over"
        urgent = [b for b in driver.find_elements(By.CSS_SELECTOR, ".badge.urgent") if b.is_displayed()]
        assert urgent == [], "no notice is 紧急 once its cuts are over"
    finally:
        driver.quit()


def test_a_banner_shows_its_whole_title_at_every_text_size(site_url):
    """At 大 and 特大 a one-line title was cut before the word that says what is cut
    (关于12月2日至6日供电线路改造…): each banner's title now shows whole on a 360 px phone."""
    driver = make_driver()
    try:
        at(driver, datetime(2026, 11, 29, 10, 0, tzinfo=CHINA))
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": True})
        for size in ("m", "l", "xl"):
            for site in ("binjiang", "qiujiayu", "wenbi"):
                driver.get(site_url(site) + "guides/")
                driver.execute_script("localStorage.setItem('anju-size', arguments[0])", size)
                driver.get(site_url(site) + "guides/")
                # The link is the block the title sits in: a title kept to one line and cut
                # with an ellipsis is wider than it.
                cut = driver.execute_script(
                    "return [...document.querySelectorAll('.banner a')].filter(a => a.offsetParent)"
                    ".filter(a => a.scrollWidth > a.clientWidth + 1 || a.scrollHeight > a.clientHeight + 1).map(a => a.textContent)")
                assert cut == [], f"{site} at {size}: {cut}"
    finally:
        driver.quit()
