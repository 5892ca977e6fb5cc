#!/usr/bin/env python3
"""Index bytes per page, as deployed: Anju's search/ folder against Pagefind's (PyPI
`pagefind[extended]`, which segments Chinese) built over the same pages, and what Anju's
capabilities Pagefind lacks cost (pinyin and initials tokens)."""
import os
import shutil
import subprocess
import sys
import tempfile


def folder_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, names in os.walk(path) for f in names)


def pages(site):
    return sum(1 for d, _, names in os.walk(site) for f in names if f.endswith(".html") and not os.path.relpath(d, site).startswith("search"))


def main(anju, work, site="wenbi", now="2026-11-29 10:00"):
    public = os.path.join(work, "public", site)
    html_pages = pages(public)
    anju_bytes = folder_bytes(os.path.join(public, "search"))
    plain = tempfile.mkdtemp(prefix="anju-no-pinyin-")
    subprocess.run([anju, "build", "--now", now, "--site", site, "--no-search-pinyin", "--output", plain], cwd=work,
                   check=True, capture_output=True)
    no_pinyin = folder_bytes(os.path.join(plain, site, "search"))
    shutil.rmtree(plain, ignore_errors=True)
    copy = tempfile.mkdtemp(prefix="anju-pagefind-")
    shutil.copytree(public, os.path.join(copy, site), ignore=shutil.ignore_patterns("search"))
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", os.path.join(copy, site), "--output-subdir", "pagefind"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        print("pagefind: not available (pip install 'pagefind[extended]'):", result.stderr.strip()[-200:])
        shutil.rmtree(copy, ignore_errors=True)
        return None
    pf = os.path.join(copy, site, "pagefind")
    pagefind_index = folder_bytes(os.path.join(pf, "index")) + folder_bytes(os.path.join(pf, "fragment")) \
        + sum(os.path.getsize(os.path.join(pf, f)) for f in os.listdir(pf) if f.endswith(".pf_meta") or f == "pagefind-entry.json")
    shutil.rmtree(copy, ignore_errors=True)
    print(f"index bytes per page ({html_pages:,} pages of {site}): Anju {anju_bytes / html_pages / 1024:.2f} KB "
          f"({anju_bytes / 1e6:.1f} MB), Pagefind {pagefind_index / html_pages / 1024:.2f} KB ({pagefind_index / 1e6:.1f} MB): "
          f"{anju_bytes / pagefind_index:.2f}x (bar 1.0x, or 1.5x with the capabilities Pagefind lacks)")
    print(f"  of Anju's: pinyin and initials (pinyin 'buchang', initials 'bc', homophone typos) "
          f"{(anju_bytes - no_pinyin) / 1e6:.2f} MB; without them {no_pinyin / pagefind_index:.2f}x Pagefind")
    return {"pages": html_pages, "anju_bytes": anju_bytes, "pagefind_bytes": pagefind_index, "anju_no_pinyin_bytes": no_pinyin}


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *(sys.argv[3:4]))
