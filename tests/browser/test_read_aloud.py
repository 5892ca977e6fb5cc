"""朗读 and text sizes in a real Chromium. The speech API is replaced at page load by a
recording stand-in that reports each utterance (headless Chromium has no voices), so the
tests see what a phone would say, in order, and when."""
import contextlib
import json
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import make_driver
from test_accessibility import AXE, AXE_TAGS, PAGES, emulate, open_page, page_url

STAND_IN = """
(() => {
  const voices = %s;
  const spoken = []; window.__spoken = spoken; window.__cancels = 0;
  let current = null, timer = null;
  const synth = {
    speaking: false, paused: false, pending: false,
    getVoices: () => voices,
    speak(u) { spoken.push(u.text); current = u; clearTimeout(timer);
      timer = setTimeout(() => { if (current === u) { current = null; u.onend && u.onend({}); } }, %d); },
    cancel() { window.__cancels++; const u = current; current = null; clearTimeout(timer); if (u && u.onerror) u.onerror({ error: 'interrupted' }); },
    pause() {}, resume() {}, addEventListener() {}, removeEventListener() {},
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();
"""
ZH = [{"lang": "zh-CN", "name": "普通话", "default": True, "localService": True, "voiceURI": "zh"}]
EN = [{"lang": "en-US", "name": "English", "default": True, "localService": True, "voiceURI": "en"}]


def speaking_driver(voices, ms=20):
    driver = make_driver()
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": STAND_IN % (json.dumps(voices), ms)})
    return driver


@contextlib.contextmanager
def speaking(voices, ms=20):
    """A Chromium whose speech API is the stand-in, quit afterwards."""
    driver = speaking_driver(voices, ms)
    try:
        yield driver
    finally:
        driver.quit()


def spoken(driver):
    return driver.execute_script("return window.__spoken.slice()")


def test_the_button_shows_only_where_a_chinese_voice_exists(site_url):
    for voices, visible in ((ZH, True), (EN, False), ([], False)):
        with speaking(voices) as driver:
            for path in ["notices/ting-shui-1130/", "guides/gaoling-butie/", "jobs/bangfu-chejian-fengren-1120/",
                         "projects/qiaojia-qili-changfang/"]:
                driver.get(site_url("wenbi") + path)
                buttons = [b for b in driver.find_elements(By.CSS_SELECTOR, ".read-aloud") if b.is_displayed()]
                assert bool(buttons) == visible, (voices, path)
                assert driver.execute_script("return performance.getEntriesByType('resource')"
                                             ".some((e) => e.name.includes('read-aloud'))") is False, \
                    "the reading script loads only when the button is pressed"


def test_pressing_it_speaks_the_title_then_each_sentence_in_order(site_url):
    with speaking(ZH) as driver:
        driver.get(site_url("wenbi") + "notices/ting-shui-1130/")
        title = driver.find_element(By.TAG_NAME, "h1").text
        button = driver.find_element(By.CSS_SELECTOR, ".read-aloud")
        button.click()
        # The reading module loads on the click: the button says 朗读 before it starts as after it ends.
        WebDriverWait(driver, 20).until(lambda d: spoken(d) and d.find_element(By.CSS_SELECTOR, ".read-aloud").text == "朗读")
        said = spoken(driver)
        assert said[0] == title
        text = "".join(said)
        body = [p.text for p in driver.find_elements(By.CSS_SELECTOR, "article .prose p") if p.text.strip()]
        positions = [text.find(p.split("。")[0]) for p in body]
        assert all(p >= 0 for p in positions) and positions == sorted(positions), "every paragraph, in order"
        assert "首页" not in said and not any("服务热线" in s and "0870" in s and len(s) < 20 for s in said[:2]), "not the menus"
        assert all(len(s) < 200 for s in said), "sentence by sentence"


def test_pause_continue_and_stop(site_url):
    with speaking(ZH, ms=400) as driver:
        driver.get(site_url("binjiang") + "notices/ting-dian-1202/")
        # Clicked by script: the page scrolls smoothly to each sentence as it is read, and a
        # click by position could land beside a button that is moving.
        press = lambda element: driver.execute_script("arguments[0].click()", element)
        press(driver.find_element(By.CSS_SELECTOR, ".read-aloud"))
        WebDriverWait(driver, 5).until(lambda d: len(spoken(d)) >= 2)
        button = driver.find_element(By.CSS_SELECTOR, ".read-aloud")
        assert button.text == "暂停"
        assert driver.execute_script("return document.querySelectorAll('.reading').length") == 1, "the sentence is highlighted"
        press(button)
        assert button.text == "继续"
        count = len(spoken(driver))
        time.sleep(1.0)
        assert len(spoken(driver)) == count, "nothing is said while paused"
        press(button)
        WebDriverWait(driver, 5).until(lambda d: len(spoken(d)) >= count + 2)
        assert spoken(driver)[count] == spoken(driver)[count - 1], "continue says the interrupted sentence again"
        press(driver.find_element(By.CSS_SELECTOR, ".read-stop"))
        stopped = len(spoken(driver))
        time.sleep(1.0)
        assert len(spoken(driver)) == stopped
        assert driver.find_element(By.CSS_SELECTOR, ".read-aloud").text == "朗读"
        assert driver.execute_script("return document.querySelectorAll('.reading, .read-stop').length") == 0


def test_each_question_of_a_topic_has_its_own_button(site_url):
    with speaking(ZH) as driver:
        driver.get(site_url("wenbi") + "qa/buchang-biaozhun/")
        questions = driver.find_elements(By.CSS_SELECTOR, ".prose h2")
        buttons = driver.find_elements(By.CSS_SELECTOR, ".prose .read-aloud")
        assert len(buttons) == len(questions) >= 2
        buttons[1].click()
        WebDriverWait(driver, 20).until(lambda d: spoken(d) and d.find_elements(By.CSS_SELECTOR, ".prose .read-aloud")[1].text == "朗读")
        said = spoken(driver)
        assert said[0] == questions[1].text
        others = [q.text for i, q in enumerate(questions) if i != 1]
        assert not any(q in said for q in others), "that question and its answer only"
        assert len(said) > 1, "the answer follows the question"


def test_three_text_sizes_remembered_and_applied_before_paint(driver, site_url):
    emulate(driver, 360)
    driver.get(site_url("wenbi") + "notices/")
    driver.execute_script("localStorage.clear()")
    driver.get(site_url("wenbi") + "notices/")
    size = lambda: float(driver.execute_script("return parseFloat(getComputedStyle(document.body).fontSize)"))
    assert abs(size() - 18) < 0.5
    for label, px in (("大", 22), ("特大", 26), ("标准", 18)):
        button = next(b for b in driver.find_elements(By.CSS_SELECTOR, "[data-text-size] button") if b.text == label)
        assert driver.execute_script("return arguments[0].getBoundingClientRect().height", button) >= 44
        button.click()
        assert abs(size() - px) < 0.5, (label, size())
        assert button.get_attribute("aria-pressed") == "true"
    next(b for b in driver.find_elements(By.CSS_SELECTOR, "[data-text-size] button") if b.text == "特大").click()
    driver.get(site_url("wenbi") + "qa/")
    assert abs(size() - 26) < 0.5, "remembered"
    # Applied in <head>, before the stylesheet paints anything.
    assert driver.execute_script("return document.documentElement.classList.contains('size-xl')")
    line = float(driver.execute_script("const s = getComputedStyle(document.body); return parseFloat(s.lineHeight) / parseFloat(s.fontSize)"))
    assert line >= 1.6
    driver.execute_script("localStorage.clear()")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_every_page_kind_holds_at_the_largest_size(site_url):
    driver = make_driver()
    try:
        emulate(driver, 320)
        for size in ("l", "xl"):
            for site in ["wenbi", "qiujiayu", "binjiang"]:
                # Each site is an origin of its own here, with its own storage.
                driver.get(site_url(site))
                driver.execute_script("localStorage.setItem('anju-size', arguments[0])", size)
                for kind in PAGES:
                    open_page(driver, page_url(site_url, site, kind))
                    assert driver.execute_script("return document.documentElement.classList.contains('size-' + arguments[0])", size), \
                        f"{site} {kind} is shown at size {size}"
                    # clientWidth, not innerWidth: a phone's layout viewport widens to what overflows.
                    overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                    assert overflow <= 0, f"{site} {kind} at {size} scrolls sideways by {overflow}px at 320px"
                    driver.execute_script(AXE)
                    result = driver.execute_async_script(
                        "const done = arguments[arguments.length - 1];"
                        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}}).then((r) => done(r.violations.map("
                        "(v) => ({id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3)}))));", AXE_TAGS)
                    assert result == [], f"{site} {kind} at {size}: {result}"
    finally:
        driver.quit()


def test_where_the_browser_cannot_read_aloud_a_line_says_so(site_url):
    """Headless Chromium, like WeChat's browser, has no Chinese voice: in place of the
    button a line says so, and inside WeChat how to open the page where it can."""
    with speaking([]) as driver:
        driver.get(site_url("wenbi") + "notices/ting-shui-1130/")
        note = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".reader .read-note"))
        assert note.text.startswith("这个浏览器不能朗读"), note.text
    with speaking([]) as driver:
        driver.execute_cdp_cmd("Network.setUserAgentOverride", {"userAgent":
            "Mozilla/5.0 (Linux; Android 10) AppleWebKit/537.36 Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.47"})
        driver.get(site_url("wenbi") + "notices/ting-shui-1130/")
        note = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".reader .read-note"))
        assert "在浏览器打开" in note.text, note.text
    with speaking(ZH) as driver:
        driver.get(site_url("wenbi") + "notices/ting-shui-1130/")
        time.sleep(2.5)
        assert driver.find_elements(By.CSS_SELECTOR, ".read-note") == [], "a phone that reads aloud shows the button alone"
