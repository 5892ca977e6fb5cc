"""The built site behind Debian's stock nginx (its mime.types has no .mjs): the search
module is served as JavaScript and a search finds its answer in a real Chromium."""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def nginx_url(public):
    assert os.path.exists(NGINX), "nginx-light is installed by make test"
    work = tempfile.mkdtemp(prefix="anju-nginx-")
    port = free_port()
    conf = os.path.join(work, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
{"user root;" if os.getuid() == 0 else ""}
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {public}/wenbi;
        index index.html;
    }}
}}
""")
    process = subprocess.Popen([NGINX, "-c", conf, "-g", "daemon off;"], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(200):
        if process.poll() is not None:
            pytest.fail("nginx stopped: " + process.stderr.read().decode(errors="replace"))
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    else:
        process.terminate()
        pytest.fail("nginx did not answer within 10 s")
    yield url
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(work, ignore_errors=True)


def test_stock_nginx_serves_the_search_module_as_javascript(nginx_url, public):
    assets = os.listdir(os.path.join(public, "wenbi", "assets"))
    module = next(name for name in assets if name.startswith("search."))
    assert module.endswith(".js"), module
    with urllib.request.urlopen(nginx_url + "assets/" + module) as response:
        assert response.headers["Content-Type"].split(";")[0] in ("application/javascript", "text/javascript")


def test_a_search_through_stock_nginx_finds_the_answer(driver, nginx_url):
    driver.get(nginx_url + "search/?q=停水")
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-results] li h2 a")))
    first = driver.find_element(By.CSS_SELECTOR, "[data-results] li h2 a")
    assert first.get_attribute("href").endswith("/notices/ting-shui-1130/")
