"""The grid directory and service guides in a real Chromium: every phone is a thumb-sized
tap-to-call button (44 px, 60 px in large type), a building link lands on its building, and a
guide printed on A4 fits one sheet with a QR code that leads back to its page."""
import base64
import os
import re
import shutil
import subprocess
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from test_accessibility import emulate


def printed_a4(driver):
    """The page as Chromium prints it on A4: the PDF's bytes and its number of sheets."""
    pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {
        "paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True, "printBackground": False})["data"])
    return pdf, len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def pdf_text(pdf, first=None, last=None):
    """The text of a PDF (of sheets first to last when given), as pdftotext reads it."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        pages = ["-f", str(first), "-l", str(last)] if first else []
        return subprocess.run(["pdftotext", *pages, f.name, "-"], capture_output=True, text=True).stdout


def test_every_phone_on_the_grid_page_is_a_large_tap_to_call_button(driver, site_url):
    emulate(driver, 360)
    for site in ["wenbi", "qiujiayu", "binjiang"]:
        driver.get(site_url(site) + "grid/")
        driver.execute_script("localStorage.clear(); document.documentElement.classList.remove('size-l', 'size-xl')")
        calls = driver.find_elements(By.CSS_SELECTOR, "a.call")
        assert len(calls) >= 5, site
        heights = driver.execute_script(
            "return [...document.querySelectorAll('a.call')].map((a) => a.getBoundingClientRect().height)")
        assert min(heights) >= 44, f"{site}: {min(heights)}"
        assert all(re.fullmatch(r"tel:\d{3,12}", a.get_attribute("href")) for a in calls)
        driver.execute_script("document.documentElement.classList.add('size-l')")
        heights = driver.execute_script(
            "return [...document.querySelectorAll('a.call')].map((a) => a.getBoundingClientRect().height)")
        assert min(heights) >= 60, f"{site} in large type: {min(heights)}"
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_jump_list_lands_on_the_building(driver, site_url):
    emulate(driver, 360)
    driver.get(site_url("binjiang") + "grid/")
    driver.find_element(By.CSS_SELECTOR, ".building-jump a[href='#building-12']").click()
    top = driver.execute_script("return document.getElementById('building-12').getBoundingClientRect().top")
    assert 0 <= top < 100
    assert "包户干部" in driver.find_element(By.ID, "building-12").text
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_grid_page_and_guides_read_without_javascript(no_js_driver, site_url):
    no_js_driver.get(site_url("qiujiayu") + "grid/")
    assert "楼栋长" in no_js_driver.find_element(By.ID, "building-3").text
    no_js_driver.get(site_url("wenbi") + "guides/zuidi-shenghuo-baozhang/")
    assert no_js_driver.find_elements(By.CSS_SELECTOR, "table.materials tbody tr")


def test_a_printed_guide_fits_one_a4_sheet_and_its_qr_code_leads_to_its_page(driver, site_url):
    work = tempfile.mkdtemp(prefix="anju-print-")
    try:
        for slug in ["gaoling-butie", "zuidi-shenghuo-baozhang", "linshi-jiuzhu"]:
            driver.get(site_url("wenbi") + f"guides/{slug}/")
            pdf, pages = printed_a4(driver)
            assert pages == 1, f"{slug} prints on {pages} A4 pages"
            path = os.path.join(work, f"{slug}.pdf")
            with open(path, "wb") as f:
                f.write(pdf)
            subprocess.run(["pdftoppm", "-r", "200", "-png", path, os.path.join(work, slug)], check=True)
            image = next(os.path.join(work, n) for n in sorted(os.listdir(work)) if n.startswith(slug) and n.endswith(".png"))
            decoded = subprocess.run(["zbarimg", "--quiet", "--raw", image], capture_output=True, text=True)
            assert decoded.stdout.strip() == f"https://wenbi.example.org/guides/{slug}/", decoded.stdout + decoded.stderr
            text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
            assert "需要带的材料" in text and "承诺时限" in text
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_asking_who_to_call_for_a_building_gives_the_number_to_tap(driver, site_url):
    """The result for 3栋 shows the people to call with their numbers as links to dial, not
    the other names the index knows the building by (3号楼 三栋 …)."""
    driver.get(site_url("wenbi") + "search/?q=" + "3栋找哪个")
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "const l = document.querySelector('[data-results]'); return l.getAttribute('aria-busy') === 'false' && l.children.length > 0"))
    first = driver.find_element(By.CSS_SELECTOR, "[data-results] li")
    assert "/grid/#building-3" in first.find_element(By.CSS_SELECTOR, "h2 a").get_attribute("href")
    snippet = first.find_element(By.CSS_SELECTOR, ".snippet")
    calls = snippet.find_elements(By.CSS_SELECTOR, "a[href^='tel:']")
    assert calls and calls[0].get_attribute("href") == "tel:" + calls[0].text.replace("-", "")
    assert "三栋" not in snippet.text and "3号楼" not in snippet.text


def test_a_printed_notice_keeps_its_qr_code_on_its_first_sheet(driver, site_url):
    """The QR code closed the notice and, kept whole, went onto a sheet of its own when the
    notice nearly filled the first: a water cut printed for the board on two sheets, the
    second with only the code. It now stands beside the title."""
    for site, slug in [("wenbi", "ting-shui-1130"), ("qiujiayu", "ting-shui-1201"), ("binjiang", "dibao-gongshi-1126")]:
        driver.get(site_url(site) + f"notices/{slug}/")
        pdf, pages = printed_a4(driver)
        first = pdf_text(pdf, 1, 1)
        assert "用手机扫码查看" in first, f"{slug}: the QR code is not on the first of {pages} sheets"
        assert first.count("用手机扫码查看") == 1


def test_the_printed_directory_names_each_grid_manager_once(driver, site_url):
    """On paper for the board, a building's card holds its own people: its grid's 网格员 was
    printed under every building (five sheets for Wenbi's 26 buildings); it is printed once,
    under its grid's heading, and every building's own people still are."""
    for site in ["wenbi", "qiujiayu", "binjiang"]:
        driver.get(site_url(site) + "grid/")
        buildings = len(driver.find_elements(By.CSS_SELECTOR, ".building"))
        heading = driver.find_element(By.TAG_NAME, "h1").text + driver.find_element(By.CSS_SELECTOR, ".lead").text
        managers = len(driver.find_elements(By.CSS_SELECTOR, ".grid-area > .person"))
        own = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".building .person:not(.of-grid) .name")]
        pdf, pages = printed_a4(driver)
        text = pdf_text(pdf)
        assert text.count("网格员") == heading.count("网格员") + managers, f"{site}: a 网格员 under each building"
        for name in set(own):
            assert text.count(name) >= own.count(name), f"{site}: {name} not printed"
        assert pages <= max(1, buildings // 8), f"{site}: {buildings} buildings on {pages} sheets"


def test_a_printed_notice_sends_the_reader_to_its_qr_code_for_the_attachments(driver, site_url):
    """Its attachments printed their relative paths (../../files/%E5….pdf), which lead nowhere
    from paper; the sheet says the QR code opens the notice and its files."""
    driver.get(site_url("wenbi") + "notices/gongyi-gangwei-zhaopin-1118/")
    assert driver.find_elements(By.CSS_SELECTOR, ".attachments a[download]")
    text = pdf_text(printed_a4(driver)[0])
    assert "扫描右上角的二维码打开本通知" in text
    assert "files/" not in text and "%E" not in text
