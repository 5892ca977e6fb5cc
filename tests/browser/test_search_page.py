"""The search page in a real Chromium: typing Chinese shows results, links can be shared,
index text is never markup, and the page works without JavaScript."""
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def severe_console_messages(driver):
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def results(driver, timeout=10):
    WebDriverWait(driver, timeout).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "[data-results] li h2 a")))
    return driver.find_elements(By.CSS_SELECTOR, "[data-results] li")


def results_for(driver, query, timeout=10):
    """The results of `query` itself: typed key by key, the box may first search a prefix of
    it (停 before 停水), and those results stay on screen until the next search ends."""
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script(
        "const list = document.querySelector('[data-results]');"
        "return new URL(location.href).searchParams.get('q') === arguments[0]"
        " && list.getAttribute('aria-busy') === 'false' && !!list.querySelector('li h2 a')", query))
    return driver.find_elements(By.CSS_SELECTOR, "[data-results] li")


def first_href(driver):
    """The first result's link, read in one step (a result list may be replaced between two)."""
    return driver.execute_script("const a = document.querySelector('[data-results] li h2 a'); return a && a.href;")


def test_typing_a_chinese_query_shows_the_expected_result(driver, site_url):
    driver.get(site_url("wenbi") + "search/")
    driver.get_log("browser")
    box = driver.find_element(By.ID, "q")
    box.send_keys("停水")
    items = results_for(driver, "停水")
    first = items[0].find_element(By.CSS_SELECTOR, "h2 a")
    assert first.get_attribute("href").endswith("/notices/ting-shui-1130/")
    assert "停水" in [m.text for m in items[0].find_elements(By.TAG_NAME, "mark")]
    assert items[0].find_element(By.CSS_SELECTOR, ".badge").text == "通知"
    assert "找到" in driver.find_element(By.CSS_SELECTOR, "[data-status]").text
    assert "q=%E5%81%9C%E6%B0%B4" in driver.current_url, "the query is in the address to share"
    assert severe_console_messages(driver) == []


def test_a_shared_link_fills_the_box_and_shows_results(driver, site_url):
    driver.get(site_url("wenbi") + "search/?q=补偿标准")
    items = results(driver)
    assert driver.find_element(By.ID, "q").get_attribute("value") == "补偿标准"
    hrefs = [i.find_element(By.CSS_SELECTOR, "h2 a").get_attribute("href") for i in items[:3]]
    assert any("/qa/buchang-biaozhun/" in h for h in hrefs)
    assert severe_console_messages(driver) == []


def test_filters_by_section_with_counts(driver, site_url):
    driver.get(site_url("wenbi") + "search/?q=停水")
    results(driver)
    buttons = driver.find_elements(By.CSS_SELECTOR, "[data-filters] button")
    qa = next(b for b in buttons if b.text.startswith("问答 "))
    count = int(qa.text.split()[-1])
    qa.click()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-filters] button[aria-pressed=true]").text.startswith("问答"))
    WebDriverWait(driver, 10).until(lambda d: all(
        b.text == "问答" for b in d.find_elements(By.CSS_SELECTOR, "[data-results] li .badge")))
    assert len(driver.find_elements(By.CSS_SELECTOR, "[data-results] li")) == min(count, 10)


def test_categories_show_once_a_type_is_chosen(driver, site_url):
    """A question about a building matched every grid: its categories were thirty chips
    between the question and the phone number. They show once a type is chosen."""
    driver.get(site_url("wenbi") + "search/?q=3栋的网格员是谁")
    items = results(driver)
    assert "3幢" in items[0].text, items[0].text
    rows = driver.find_elements(By.CSS_SELECTOR, "[data-filters] .filter-row")
    assert len(rows) == 1, "the types alone"
    grid = next(b for b in rows[0].find_elements(By.TAG_NAME, "button") if b.text.startswith("网格 "))
    grid.click()
    WebDriverWait(driver, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "[data-filters] .filter-row")) == 2)
    assert severe_console_messages(driver) == []


def test_a_misheard_word_gets_a_suggestion_that_asks_again(driver, site_url):
    """院霸会 is what the microphone wrote for 院坝会: once the first results are shown the
    page asks 您要找的是不是：…院坝会…, and the link searches the site's word."""
    driver.get(site_url("wenbi") + "search/?q=我们第九组的院霸会在哪个地方开")
    results(driver)
    offer = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".suggestion:not([hidden])"))
    assert offer.text == "您要找的是不是：我们第九组的院坝会在哪个地方开", offer.text
    assert offer.find_element(By.TAG_NAME, "mark").text == "院坝"
    offer.find_element(By.TAG_NAME, "a").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "q").get_attribute("value") == "我们第九组的院坝会在哪个地方开")
    WebDriverWait(driver, 10).until(lambda d: not d.find_element(By.CSS_SELECTOR, ".suggestion").is_displayed())
    assert severe_console_messages(driver) == []


def test_titles_from_the_index_are_text_not_markup(driver, site_url):
    driver.get(site_url("evil") + "search/?q=停水")
    items = results(driver)
    link = items[0].find_element(By.CSS_SELECTOR, "h2 a")
    assert link.text == "<img src=x onerror=alert(1)>停水通知"
    assert driver.find_elements(By.CSS_SELECTOR, "[data-results] img") == []
    assert driver.find_elements(By.CSS_SELECTOR, "[data-results] b") == []
    assert severe_console_messages(driver) == []


def test_without_javascript_the_page_offers_categories_and_notices(no_js_driver, site_url):
    no_js_driver.get(site_url("wenbi") + "search/")
    help_block = no_js_driver.find_element(By.CSS_SELECTOR, "[data-no-results-help]")
    assert help_block.is_displayed()
    assert "补偿补助" in help_block.text
    assert len(help_block.find_elements(By.CSS_SELECTOR, ".notice-list li")) >= 5


def test_without_javascript_the_page_says_search_needs_it_and_where_to_turn(no_js_driver, site_url):
    no_js_driver.get(site_url("wenbi") + "search/")
    text = no_js_driver.find_element(By.TAG_NAME, "main").text
    assert "没有打开脚本，用不了搜索" in text
    assert no_js_driver.find_elements(By.CSS_SELECTOR, "noscript a[href^='tel:'], main .search-status a[href^='tel:']")


def test_asked_from_a_link_or_by_pressing_search_the_first_answers_are_in_view(driver, site_url):
    """On a phone the header, banners and filters can fill the first screen: a question that
    was asked (pressed 搜索, or came from another page's box) scrolls its answers into view;
    typing does not move the page."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 640, "deviceScaleFactor": 1, "mobile": True})
    first_top = "return document.querySelector('[data-results] li').getBoundingClientRect().top"
    try:
        driver.get(site_url("wenbi") + "search/?q=补偿标准")
        results_for(driver, "补偿标准")
        assert 0 <= driver.execute_script(first_top) < driver.execute_script("return window.innerHeight")
        driver.get(site_url("wenbi") + "search/")
        box = driver.find_element(By.ID, "q")
        box.send_keys("停水")
        results_for(driver, "停水")
        assert driver.execute_script("return window.scrollY") == 0, "typing leaves the page where it is"
        box.send_keys(Keys.ENTER)
        WebDriverWait(driver, 10).until(lambda d: d.execute_script("return window.scrollY") > 0)
        assert 0 <= driver.execute_script(first_top) < driver.execute_script("return window.innerHeight")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_home_pages_first_screen_asks_and_the_answer_opens(driver, site_url):
    """On a 360 x 740 phone, under the header, menu and banners, the first screen holds the
    box to ask in and the link to one's 网格员; a question asked there opens its answers."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": True})
    try:
        driver.get(site_url("wenbi"))
        box = driver.find_element(By.ID, "home-q")
        for element in (box, driver.find_element(By.CSS_SELECTOR, ".my-grid a")):
            assert driver.execute_script("return arguments[0].getBoundingClientRect().bottom", element) <= 740
        menu = driver.find_element(By.CSS_SELECTOR, ".menu ul")
        assert driver.execute_script("return arguments[0].getBoundingClientRect().height", menu) < 80, "the menu is one row"
        box.send_keys("停水")
        box.send_keys(Keys.ENTER)
        results_for(driver, "停水")
        assert first_href(driver).endswith("/notices/ting-shui-1130/")
        driver.get(site_url("wenbi") + "projects/")
        current = driver.find_element(By.CSS_SELECTOR, ".menu [aria-current=page]")
        left, right = driver.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.left, r.right]", current)
        assert 0 <= left and right <= 360, "the current section is scrolled into the row's view"
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_a_hostile_shared_link_cannot_freeze_the_tab(driver, site_url):
    # As long a link as a server takes (54 KB encoded), and 9,000 repetitions of a pinyin
    # word: both are cut to 100 characters.
    for query in ["补" * 6000, "buchang" * 9000]:
        driver.get(site_url("wenbi") + "search/?q=" + query)
        WebDriverWait(driver, 10).until(
            lambda d: d.find_element(By.ID, "q").get_attribute("value") and d.execute_script("return document.readyState") == "complete")
        value = driver.find_element(By.ID, "q").get_attribute("value")
        assert 0 < len(value) <= 100, len(value)
        # The page still answers: a script runs at once, and the box takes a new query.
        assert driver.execute_script("return 1 + 1") == 2
        box = driver.find_element(By.ID, "q")
        box.clear()
        box.send_keys("停水")
        WebDriverWait(driver, 10).until(lambda d: (first_href(d) or "").endswith("/notices/ting-shui-1130/"))
    assert severe_console_messages(driver) == []
    # 60 KB pasted into the box by a script, past its maxlength.
    driver.execute_script("const q = document.getElementById('q'); q.value = '补'.repeat(20000);"
                          "q.dispatchEvent(new Event('input', {bubbles: true}));")
    WebDriverWait(driver, 10).until(lambda d: 0 < len(d.find_element(By.ID, "q").get_attribute("value")) <= 100)
    assert results_for(driver, "补" * 100), "the cut query itself is searched, not the 停水 still on screen"
    assert severe_console_messages(driver) == []


def test_a_spoken_question_finds_its_answer(driver, site_url):
    driver.get(site_url("wenbi") + "search/")
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys("我家这几天会不会停水啊")
    WebDriverWait(driver, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "[data-results] li h2 a") and
        "停水" in d.find_element(By.CSS_SELECTOR, "[data-results] li h2 a").text)
    first = driver.find_element(By.CSS_SELECTOR, "[data-results] li h2 a")
    assert "/notices/ting-" in first.get_attribute("href")
    box.clear()
    box.send_keys("怎么办啊")
    WebDriverWait(driver, 10).until(lambda d: "请说出想问的事" in d.find_element(By.CSS_SELECTOR, "[data-status]").text)


def test_words_that_arrive_at_once_are_looked_up_at_once_and_a_keystroke_waits_for_the_next(driver, site_url):
    """A question spoken into the keyboard, pasted or committed by an input method comes in one
    input event and is looked up without the pause a single typed character waits (80 ms)."""
    driver.get(site_url("wenbi") + "search/")
    said = """
      const box = document.getElementById('q'), seen = [], setTimer = window.setTimeout;
      window.setTimeout = (run, delay, ...rest) => { seen.push(delay ?? 0); return setTimer(run, delay, ...rest); };
      try {
        return arguments[0].map(([value, inputType]) => {
          seen.length = 0;
          box.value = value;
          box.dispatchEvent(inputType === 'compositionend' ? new CompositionEvent('compositionend', { data: value, bubbles: true })
                            : new InputEvent('input', { inputType, bubbles: true }));
          return [...seen];
        });
      } finally {
        window.setTimeout = setTimer;
      }"""
    # The module is loaded once a typed character sets its timer.
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(said, [["停", "insertText"]]) == [[80]])
    delays = driver.execute_script(said, [
        ["", "deleteContentBackward"],
        ["我家这几天会不会停水啊", "insertReplacementText"],  # a voice keyboard's question
        ["我家这几天会不会通水啊", "insertReplacementText"],  # its correction, as long
        ["", "deleteContentBackward"],
        ["水", "insertReplacementText"],  # one word spoken
        ["什么时候停水", "insertFromPaste"],
        ["什么时候停水", "insertFromPaste"],  # nothing new: already asked
        ["什么时候停水了", "insertText"],
        ["什么时候停水了吗", "insertText"],
        ["什么时候停水了吗补偿标准", "insertText"],  # an input method's word, with no composition events
        ["什么时候停水了吗补偿标准", "insertText"],  # the text as asked: not asked again
        ["停电", "compositionend"],  # an input method's word, composed
        ["停电", "insertFromComposition"],  # Safari's input after it: nothing new
        ["停电", "compositionend"],  # a composition put back as it was
    ])
    assert delays == [[80], [0], [0], [80], [0], [0], [], [80], [80], [0], [], [0], [], []]
    results_for(driver, "停电")
    assert severe_console_messages(driver) == []
