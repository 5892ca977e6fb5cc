#!/usr/bin/env python3
"""Adversarial inputs for `make bench`: one notice of each hostile shape, built with the
release binary, against a notice of plain text of the same size. Prints the seconds of each
build and what it costs beyond the plain one; nothing here is a timed assertion.

Anju's own corners (its code must stay linear): 40,000 links on one line, 20,000 identical
headings, 40,000 front-matter fields. Then the pathological inputs of cmark-gfm's own test
suite and of its 2023 advisories (GHSA-29g3-96g3-jg6c and after), which Debian's 0.29.0.gfm.6
predates, at the sizes an editor might paste (20 KB) and ten times that.

    python3 bench/adversarial.py [--anju PATH]
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ANJU = os.path.join(ROOT, ".build", "release", "anju")
NOW = "2026-11-29 10:00"
FRONT = "---\ntitle: 测试\ndate: 2026-11-20\n---\n"

ANJU_CASES = {
    "40,000 links on one line": lambda: FRONT + " ".join("[链接](/notices/a/)" for _ in range(40000)) + "\n",
    "20,000 identical ## headings": lambda: FRONT + "\n\n".join("## 相同标题" for _ in range(20000)) + "\n",
    "40,000 front-matter fields": lambda: "---\ntitle: 测试\ndate: 2026-11-20\n"
        + "".join(f"field{i}: 值\n" for i in range(40000)) + "---\n正文\n",
}


def cmark_cases(n):
    """cmark-gfm's pathological shapes, repeated to about n bytes."""
    def rep(unit, tail=""):
        return FRONT + unit * max(1, n // len(unit.encode())) + tail + "\n"
    return {
        "nested strong emph": FRONT + ("*a **a " * (n // 14)) + "b" + (" a** a*" * (n // 14)) + "\n",
        "emph closers without openers": rep("a_ "),
        "emph openers without closers": rep("_a "),
        "link closers without openers": rep("a]"),
        "link openers without closers": rep("[a"),
        "mismatched openers and closers": rep("*a_ "),
        "link openers and emph closers": rep("[ a_"),
        "pattern [ (]( repeated": rep("[ (]("),
        "nested brackets": FRONT + "[" * (n // 2) + "a" + "]" * (n // 2) + "\n",
        "nested block quotes": FRONT + "> " * (n // 2) + "a\n",
        "unclosed links <": rep("[a](<b"),
        "unclosed links": rep("[a](b"),
        "inline HTML comments (CVE-2023-22484)": FRONT + "a" + "<!--" * (n // 4) + "\n",
        "backticks": FRONT + "".join("e" + "`" * k for k in range(1, int((2 * n) ** 0.5))) + "\n",
        "table rows": rep("aaa\nbbb\n-\n"),
        "table, one row of n/4 columns (refused)": FRONT + "|" + "a|" * (n // 4) + "\n|" + "-|" * (n // 4) + "\n",
        "table, 200 columns (the most allowed)": FRONT + "|" + "a|" * 200 + "\n|" + "-|" * 200 + "\n"
            + ("|" + "a|" * 200 + "\n") * max(1, n // 402),
        "autolink colons": rep("a:"),
        "autolink www.": rep("www."),
        "strikethrough": rep("~~a"),
    }


def build_seconds(text):
    work = tempfile.mkdtemp(prefix="anju-adversarial-")
    try:
        os.makedirs(os.path.join(work, "content", "t", "notices"))
        with open(os.path.join(work, "content", "t", "site.yml"), "w") as f:
            f.write("name: 测试\nbase_url: https://t.example.org/\n")
        with open(os.path.join(work, "content", "t", "notices", "a.md"), "w") as f:
            f.write(text)
        start = time.perf_counter()
        try:
            subprocess.run([ANJU, "build", "--now", NOW, "--templates", os.path.join(ROOT, "templates")],
                           cwd=work, capture_output=True, timeout=120)
        except subprocess.TimeoutExpired:
            return None
        return time.perf_counter() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)


def plain(size):
    unit = "一段普通的文字。"
    return FRONT + unit * max(1, size // len(unit.encode())) + "\n"


def report(cases):
    rows = []
    for name, text in cases.items():
        size = len(text.encode())
        seconds, baseline = build_seconds(text), build_seconds(plain(size))
        extra = "timed out (120 s)" if seconds is None else f"+{seconds - baseline:.2f} s"
        rows.append((name, size, seconds, baseline))
        print(f"  {name:<40}{size / 1024:>8.0f} KB{(seconds or 120):>9.2f} s   plain {baseline:.2f} s   {extra}")
    return rows


def main():
    global ANJU
    if "--anju" in sys.argv:
        ANJU = sys.argv[sys.argv.index("--anju") + 1]
    results = {}
    print("adversarial inputs, one notice each (build seconds; plain text of the same size beside it):")
    print(" Anju's own corners (target: under 1 s more than plain text)")
    results["anju"] = report({name: make() for name, make in ANJU_CASES.items()})
    for size in (20_000, 200_000):
        print(f" cmark-gfm pathological inputs, about {size // 1000} KB")
        results[f"cmark_{size}"] = report(cmark_cases(size))
    return results


if __name__ == "__main__":
    main()
