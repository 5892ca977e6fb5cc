#!/usr/bin/env python3
"""`anju serve` on a large site: time from saving a one-notice edit to the open page having
reloaded with it (the reload event received and the page fetched with the new title)."""
import os
import queue
import re
import statistics
import subprocess
import threading
import time
import urllib.request


def measure(anju, site_dir, notice_path, edits=7):
    process = subprocess.Popen([anju, "serve"], cwd=site_dir, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        first = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", first).group(0)
        events = queue.Queue()

        def read():
            with urllib.request.urlopen(url + "__anju/events", timeout=600) as stream:
                for raw in stream:
                    if raw.startswith(b"event: "):
                        events.put((time.perf_counter(), raw[7:].strip().decode()))

        threading.Thread(target=read, daemon=True).start()
        time.sleep(0.5)
        page = "notices/" + os.path.basename(notice_path)[:-3] + "/"
        original = open(notice_path, encoding="utf-8").read()
        samples = []
        for i in range(edits):
            title = f"测量用标题{i}"
            text = re.sub(r'^title: .*$', f'title: "{title}"', original, count=1, flags=re.M)
            start = time.perf_counter()
            with open(notice_path, "w", encoding="utf-8") as f:
                f.write(text)
            _, name = events.get(timeout=60)
            with urllib.request.urlopen(url + page, timeout=60) as response:
                body = response.read().decode("utf-8")
            visible = time.perf_counter()
            assert name == "reload" and title in body, (name, title)
            samples.append((visible - start) * 1000)
            time.sleep(0.3)
        with open(notice_path, "w", encoding="utf-8") as f:
            f.write(original)
        return samples
    finally:
        process.terminate()
        process.wait(timeout=10)


def under_load(anju, site_dir, idle=100, samples=20):
    """Page latency in ms with `idle` connections open and silent, then after the server ran
    out of file descriptors (started with a limit of 64) and got them back."""
    import resource
    import socket
    results = {}
    for case, limit in (("idle", None), ("after_exhaustion", 64)):
        preexec = (lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))) if limit else None
        process = subprocess.Popen([anju, "serve", "--port", "0"], cwd=site_dir, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True, preexec_fn=preexec)
        try:
            url = re.search(r"http://127\.0\.0\.1:(\d+)/", process.stdout.readline())
            port = int(url.group(1))
            sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(idle if limit is None else 120)]
            if limit:
                time.sleep(0.3)
                for s in sockets:
                    s.close()
                sockets = []
                time.sleep(0.3)
            times = []
            for _ in range(samples):
                start = time.perf_counter()
                with urllib.request.urlopen(url.group(0), timeout=30) as response:
                    response.read()
                times.append((time.perf_counter() - start) * 1000)
            for s in sockets:
                s.close()
            results[case] = times
        finally:
            process.terminate()
            process.wait(timeout=10)
    return results


if __name__ == "__main__":
    import sys
    samples = measure(sys.argv[1], sys.argv[2], sys.argv[3])
    print(f"one-notice edit visible: median {statistics.median(samples):.0f} ms, max {max(samples):.0f} ms")
