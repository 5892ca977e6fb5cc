#!/usr/bin/env python3
"""Generates a synthetic Anju content tree, deterministically and without network.

The text is recombined from the sentences of the sample content in content/, with
numbers, dates and place names varied, so it reads like a county portal. Shapes:

- `portal`: notices, policy Q&A (several questions each), projects and free pages in
  portal-like proportions, with headings, lists and tables;
- `qa`: a site of policy Q&A above all, topics of 1 to 15 questions;
- `long-notices`: notices above all, from one paragraph to several thousand characters,
  with several tables;
- `wide-vocab`: Q&A above all, as `qa`, in prose of a real text's vocabulary: words of one
  to four of the 8,105 standard characters, drawn by frequency. Recombined sample sentences
  hold ~6,000 distinct character pairs a site; this shape ~230,000, and the index's time
  and memory grow with them.

    python3 bench/corpus.py --pages 10000 --sites 3 --shape qa --out .build-bench/corpus-qa
"""
import argparse
import bisect
import glob
import itertools
import os
import random
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SITES = [("wenbi", "文笔社区"), ("qiujiayu", "邱家屿社区"), ("binjiang", "滨江社区"),
         ("shaonvping", "邵女坪社区"), ("qili", "七里社区")]
CATEGORIES = ["补偿补助", "安置方式", "后期扶持", "就业培训", "信访诉求", "社区服务"]
NOTICE_CATEGORIES = ["停水停电", "会议通知", "招聘就业", "公示公告", "培训报名", "安全提示", "健康服务"]
PLACES = ["第一居民小组", "第二居民小组", "第三居民小组", "第五网格", "党群服务中心", "湖心公园", "社区广场",
          "帮扶车间", "老年服务中心", "一站式服务大厅", "七里标准化厂房", "半山酒店", "竹笋加工厂"]
STATUSES = ["planned", "building", "completed", "operating"]


def sample_sentences():
    sentences, titles, questions = [], [], []
    for path in sorted(glob.glob(os.path.join(ROOT, "content", "**", "*.md"), recursive=True)):
        text = open(path, encoding="utf-8").read()
        parts = text.split("---", 2)
        body = parts[2] if len(parts) == 3 else text
        m = re.search(r"^title:\s*(.+)$", parts[1] if len(parts) == 3 else "", re.M)
        if m:
            titles.append(m.group(1).strip().strip('"'))
        for line in body.splitlines():
            line = line.strip()
            if line.startswith("## "):
                questions.append(line[3:].strip())
                continue
            if not line or line.startswith(("#", "|", "-", ">", "!", "[")) or re.match(r"^\d+\.", line):
                continue
            line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
            for s in re.findall(r"[^。！？]+[。！？]", line):
                if 8 <= len(s) <= 90:
                    sentences.append(s)
    return sentences, titles, questions


def zipf(n, s):
    """A draw of 0..<n, rank k weighing 1 / (k + 1)^s, from a given random generator."""
    cumulative = list(itertools.accumulate(1 / (k + 1) ** s for k in range(n)))
    return lambda rng: bisect.bisect(cumulative, rng.random() * cumulative[-1])


def vocabulary_sentences():
    """`sample_sentences` with the sentences made of words of a large vocabulary: 200,000
    words of the standard characters (in a shuffled order of frequency), drawn as a text's
    words are, a few common and most rare."""
    sentences, titles, questions = sample_sentences()
    table = os.path.join(ROOT, "Sources", "AnjuCore", "Resources", "pinyin.txt")
    chars = [line.split("\t")[0] for line in open(table, encoding="utf-8")
             if not line.startswith("#") and line.rstrip("\n").endswith("\t1")]
    rng = random.Random(7)
    rng.shuffle(chars)
    char = zipf(len(chars), 0.8)
    words = sorted({"".join(chars[char(rng)] for _ in range(rng.choice([1, 2, 2, 2, 2, 2, 2, 3, 3, 4])))
                    for _ in range(200000)})
    rng.shuffle(words)
    word = zipf(len(words), 0.9)

    def sentence():
        n = rng.randint(4, 16)
        parts = []
        for i in range(n):
            parts.append(words[word(rng)])
            if 0 < i < n - 1 and rng.random() < 0.12:
                parts.append("，")
        return "".join(parts) + rng.choice("。。。！？")
    sentences = [sentence() for _ in range(20000)]
    titles += [sentence()[:-1][:24] for _ in range(3000)]
    questions += [sentence()[:-1][:20] + "？" for _ in range(3000)]
    return sentences, titles, questions


def vary(rng, s):
    s = re.sub(r"\d+", lambda m: str(rng.randint(1, 9999) if len(m.group()) > 2 else rng.randint(1, 30)), s)
    return s


def paragraph(rng, sentences, n):
    return "".join(vary(rng, rng.choice(sentences)) for _ in range(n))


def table(rng):
    rows = ["| 项目 | 时间 | 地点 |", "|---|---|---|"]
    for _ in range(rng.randint(2, 5)):
        rows.append(f"| {rng.choice(['登记', '发放', '培训', '检修', '走访'])}{rng.randint(1, 99)}号 | "
                    f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日 | {rng.choice(PLACES)} |")
    return "\n".join(rows)


def body(rng, sentences, questions=None, headings=2, sentences_per_part=(2, 5), tables=0.15):
    parts = [paragraph(rng, sentences, rng.randint(2, 4))]
    for h in range(headings):
        parts.append(f"## {vary(rng, questions[h]) if questions else rng.choice(['办理流程', '注意事项', '具体安排', '联系方式', '政策依据'])}")
        parts.append(paragraph(rng, sentences, rng.randint(*sentences_per_part)))
        r = rng.random()
        if r < 0.3:
            parts.append("\n".join(f"- {vary(rng, rng.choice(sentences))}" for _ in range(rng.randint(2, 4))))
        elif r < 0.3 + tables:
            parts.append(table(rng))
    return "\n\n".join(parts)


def date(rng, year=2026):
    return f"{year}-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d} {rng.randint(8, 17):02d}:{rng.choice(['00', '30'])}"


# Each shape's share of pages per section.
SHAPES = {
    "portal": {"notices": 0.65, "qa": 0.25, "projects": 0.07, "pages": 0.03},
    "qa": {"notices": 0.15, "qa": 0.80, "projects": 0.03, "pages": 0.02},
    "long-notices": {"notices": 0.90, "qa": 0.06, "projects": 0.03, "pages": 0.01},
    "wide-vocab": {"notices": 0.15, "qa": 0.80, "projects": 0.03, "pages": 0.02},
}


def generate(pages, site_count, out, seed=2026, shape="portal"):
    rng = random.Random(seed)
    sentences, titles, questions = vocabulary_sentences() if shape == "wide-vocab" else sample_sentences()
    sites = SITES[:site_count]
    counts = SHAPES[shape]
    written = 0
    for si, (site, name) in enumerate(sites):
        share = pages // site_count + (1 if si < pages % site_count else 0)
        base = os.path.join(out, "content", site)
        for section in counts:
            os.makedirs(os.path.join(base, section), exist_ok=True)
        with open(os.path.join(base, "site.yml"), "w", encoding="utf-8") as f:
            f.write(f"name: {name}\nbase_url: https://{site}.example.org/\nhotline: 0870-00000{si:02d}\n"
                    f"address: 巧家县{name}党群服务中心\n")
        plan = []
        for section, fraction in counts.items():
            plan += [section] * round(share * fraction)
        plan = (plan + ["notices"] * share)[:share]
        for i, section in enumerate(plan):
            slug = f"{section[0]}{i:06d}"
            title = vary(rng, rng.choice(titles))
            if section == "notices":
                extra = f"date: {date(rng)}\nlevel: {rng.choice(['normal'] * 6 + ['important', 'urgent'])}\n" \
                        f"issuer: {name}居委会\ncategory: {rng.choice(NOTICE_CATEGORIES)}\n"
                if rng.random() < 0.1:
                    extra += "expires: 2026-12-31\n"
                if shape == "long-notices":
                    # From a paragraph (~150 characters) to several thousand, tables in most parts.
                    text = body(rng, sentences, headings=rng.choice([0, 1, 2, 4, 8, 16]), sentences_per_part=(3, 12), tables=0.6)
                else:
                    text = body(rng, sentences, headings=rng.randint(1, 3))
            elif section == "qa":
                extra = f"category: {rng.choice(CATEGORIES)}\nauthority: 巧家县水电移民服务中心\norder: {i % 50}\n"
                if shape in ("qa", "wide-vocab"):
                    asked = rng.randint(1, 15)
                    text = body(rng, sentences, questions=rng.sample(questions, asked), headings=asked)
                else:
                    text = body(rng, sentences, questions=rng.sample(questions, 5), headings=rng.randint(3, 5))
            elif section == "projects":
                extra = f"status: {rng.choice(STATUSES)}\ninvestment: {rng.randint(50, 9000)}\nprogress: {rng.randint(0, 100)}\n" \
                        f"location: {rng.choice(PLACES)}\n"
                text = body(rng, sentences, headings=3)
            else:
                extra = f"order: {i}\nmenu: false\n"
                text = body(rng, sentences, headings=4)
            with open(os.path.join(base, section, slug + ".md"), "w", encoding="utf-8") as f:
                f.write(f"---\ntitle: \"{title}\"\n{extra}---\n{text}\n")
            written += 1
    return written


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--sites", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="portal")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    n = generate(args.pages, args.sites, args.out, args.seed, args.shape)
    print(f"{n} pages in {args.sites} site(s) → {args.out}")
