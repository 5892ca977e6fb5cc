#!/usr/bin/env python3
"""What editors' phone photos cost a build: 100 new 4000 × 3000 photos (about 5 MB each,
made by scripts/make-phone-photo.sh, each with its own bytes), then the same site rebuilt
with them unchanged (every variant read back from the photo cache). Wall time and peak
memory of the release `anju build`, and the bytes a resident downloads for one photo."""
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NOW = "2026-11-29 10:00"
PHOTOS = 100
BASES = 4


def make_site(work):
    """A site of 100 notices, each showing its own photo under its title."""
    content = os.path.join(work, "content", "photos")
    static = os.path.join(content, "static", "photos")
    os.makedirs(static, exist_ok=True)
    os.makedirs(os.path.join(content, "notices"), exist_ok=True)
    with open(os.path.join(content, "site.yml"), "w", encoding="utf-8") as f:
        f.write("name: 照片社区\nbase_url: https://photos.example.org/\n")
    bases = []
    for k in range(BASES):
        path = os.path.join(work, f"base-{k}.jpg")
        if not os.path.exists(path):
            subprocess.run([os.path.join(ROOT, "scripts", "make-phone-photo.sh"), path, "4000", "3000", str(100 + k)], check=True)
        with open(path, "rb") as f:
            bases.append(f.read())
    for i in range(PHOTOS):
        # Bytes after a JPEG's end-of-image marker are not decoded: every photo is new to the
        # cache and costs a full decode, as a new phone photo does.
        with open(os.path.join(static, f"p{i:03d}.jpg"), "wb") as f:
            f.write(bases[i % BASES] + b"\0anju-bench-%03d" % i)
        with open(os.path.join(content, "notices", f"n{i:03d}.md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: 活动照片第{i + 1}组\ndate: 2026-11-{1 + i % 28:02d} 09:00\n"
                    f"image: {{file: photos/p{i:03d}.jpg, alt: 活动现场第{i + 1}张}}\n---\n活动现场。\n")
    shutil.rmtree(os.path.join(work, "templates"), ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "templates"), os.path.join(work, "templates"))
    return sum(len(bases[i % BASES]) for i in range(PHOTOS))


def timed(anju, work):
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M", anju, "build", "--now", NOW], cwd=work,
                            capture_output=True, text=True, check=True)
    return time.perf_counter() - start, int(result.stderr.strip().splitlines()[-1]) / 1024


def main(anju, work):
    os.makedirs(work, exist_ok=True)
    total = make_site(work)
    shutil.rmtree(os.path.join(work, ".anju-cache"), ignore_errors=True)
    shutil.rmtree(os.path.join(work, "public"), ignore_errors=True)
    cold, cold_peak = timed(anju, work)
    warm, warm_peak = timed(anju, work)
    img = os.path.join(work, "public", "photos", "img")
    sizes = {}
    for name in os.listdir(img):
        width = name.rsplit("-", 1)[1]
        sizes.setdefault(width, []).append(os.path.getsize(os.path.join(img, name)))
    print(f"photos: {PHOTOS} new phone photos of 4000 × 3000 ({total / PHOTOS / 1e6:.1f} MB each): build {cold:.1f} s "
          f"({cold / PHOTOS * 1000:.0f} ms a photo), peak {cold_peak:.0f} MB; rebuilt unchanged: {warm:.2f} s, "
          f"peak {warm_peak:.0f} MB (bar 250 MB)")
    row = ", ".join(f"{w[:-5] if w.endswith('.webp') else w}: {max(v) / 1024:.0f} KB"
                    for w, v in sorted(sizes.items(), key=lambda kv: (kv[0].split(".")[1], int(kv[0].split(".")[0]))))
    print(f"photos: largest published copy by width and format: {row} (bars: 480 WebP ≤ 60 KB, 1600 WebP ≤ 200 KB)")
    return {"photos": PHOTOS, "cold_s": cold, "cold_peak_mb": cold_peak, "warm_s": warm, "warm_peak_mb": warm_peak,
            "largest_kb": {w: max(v) / 1024 for w, v in sizes.items()}}


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "release", "anju"),
         sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, ".build-bench", "photos"))
