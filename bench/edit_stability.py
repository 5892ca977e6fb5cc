#!/usr/bin/env python3
"""How much of a deployed site one editor's change makes a host re-upload: the share of the
site's files and bytes that differ after an edit of one notice's title, an edit of one
sentence of its body, and a new notice (docs/search-index.md's aim: at most 5 %)."""
import hashlib
import os
import shutil
import subprocess
import sys

NOW = "2026-11-29 10:00"


def snapshot(site):
    files = {}
    for folder, _, names in os.walk(site):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                data = f.read()
            files[os.path.relpath(path, site)] = (hashlib.sha1(data).hexdigest(), len(data))
    return files


def changed(before, after):
    """Files (and their bytes) a sync would upload: new or different ones."""
    names = [p for p, v in after.items() if before.get(p) != v]
    return len(names), sum(after[p][1] for p in names), names


def build(anju, work):
    subprocess.run([anju, "build", "--now", NOW], cwd=work, check=True, capture_output=True)


def main(anju, work, site="wenbi"):
    notices = os.path.join(work, "content", site, "notices")
    names = sorted(os.listdir(notices))
    target = os.path.join(notices, names[len(names) // 3])
    with open(target, encoding="utf-8") as f:
        original = f.read()
    build(anju, work)
    public = os.path.join(work, "public", site)
    base = snapshot(public)
    total_files, total_bytes = len(base), sum(v[1] for v in base.values())
    rows = []

    def measure(label, edit, undo):
        edit()
        build(anju, work)
        count, size, paths = changed(base, snapshot(public))
        index = [p for p in paths if p.startswith("search/")]
        rows.append((label, count, size, len(index), sum(snapshot_sizes(public, index))))
        undo()

    def snapshot_sizes(root, paths):
        return [os.path.getsize(os.path.join(root, p)) for p in paths]

    def write(text):
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)

    head, body = original.split("\n---\n", 1)
    title_line = next(line for line in head.splitlines() if line.startswith("title:"))
    measure("one title edited", lambda: write(original.replace(title_line, title_line[:-1] + "（更正）\"", 1)),
            lambda: write(original))
    first_sentence = body.split("。", 1)[0]
    measure("one sentence of a body edited", lambda: write(original.replace(first_sentence, first_sentence + "，请相互转告", 1)),
            lambda: write(original))
    latest = max(line.split(":", 1)[1].strip() for n in names for line in open(os.path.join(notices, n), encoding="utf-8")
                 if line.startswith("date:"))
    # In the category of the notice edited above, when it has one, as most notices do.
    category = next((line for line in head.splitlines() if line.startswith("category:")), "")

    def add(name="zz-new-notice"):
        # As long as the notices already there: the body of the one edited above.
        with open(os.path.join(notices, name + ".md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: 关于明天临时停水的通知\ndate: {latest}\n{category}\n---\n"
                    f"因管网维修，明天8:00至18:00第3至第9幢停水，请提前储水。\n{body}")
    measure("a new notice", add, lambda: os.remove(os.path.join(notices, "zz-new-notice.md")))
    # The pages after the first hold fixed runs of ten counted from the oldest notice: one new
    # notice in ten opens a page and renumbers the list. Measured from a base one short of that.
    current = sum(1 for n in os.listdir(notices) if n.endswith(".md"))
    fillers = [f"zy-filler-{i}" for i in range((9 - current % 10) % 10)]
    for name in fillers:
        add(name)
    build(anju, work)
    base = snapshot(public)
    pages = sum(1 for p in base if p.startswith("notices/page/"))
    label = "a new notice opening a page"

    def add_and_check():
        nonlocal label
        add()
        build(anju, work)
        # Drafts, scheduled and expired notices are not listed: say so if no page opened.
        if sum(1 for p in snapshot(public) if p.startswith("notices/page/")) == pages:
            label = "a new notice (no page opened)"
    measure_at = len(rows)
    measure(label, add_and_check, lambda: os.remove(os.path.join(notices, "zz-new-notice.md")))
    rows[measure_at] = (label,) + rows[measure_at][1:]
    for name in fillers:
        os.remove(os.path.join(notices, name + ".md"))
    build(anju, work)
    print(f"{site}: {total_files:,} files, {total_bytes / 1e6:.1f} MB; what one edit changes (aim: ≤ 5 % of files and bytes):")
    print(f"{'edit':<32}{'files':>8}{'share':>8}{'MB':>8}{'share':>8}{'  of them in search/: files, MB'}")
    for label, count, size, index_count, index_size in rows:
        print(f"{label:<32}{count:>8}{count / total_files * 100:>7.1f}%{size / 1e6:>8.2f}{size / total_bytes * 100:>7.1f}%"
              f"   {index_count}, {index_size / 1e6:.2f}")
    return rows


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *(sys.argv[3:4]))
