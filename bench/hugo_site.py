#!/usr/bin/env python3
"""Lays the corpus's Markdown out as Hugo sites (one per community) with minimal templates
equivalent to Anju's pages: paginated lists, single pages, home, sitemap and RSS.
The Markdown files are linked, not rewritten, so Hugo reads exactly what Anju reads."""
import os
import shutil

BASEOF = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} - {{ .Site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>
"""
SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02 15:04" }}</p>{{ .Content }}</article>{{ end }}
"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}{{ end }}
"""
INDEX = """{{ define "main" }}<h1>{{ .Site.Title }}</h1><ul>{{ range first 10 (where .Site.RegularPages "Section" "notices") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def make(corpus, out):
    shutil.rmtree(out, ignore_errors=True)
    sites = []
    for site in sorted(os.listdir(os.path.join(corpus, "content"))):
        source = os.path.join(corpus, "content", site)
        if not os.path.isfile(os.path.join(source, "site.yml")):
            continue
        root = os.path.join(out, site)
        os.makedirs(os.path.join(root, "layouts", "_default"))
        for name, text in (("baseof.html", BASEOF), ("single.html", SINGLE), ("list.html", LIST)):
            with open(os.path.join(root, "layouts", "_default", name), "w") as f:
                f.write(text)
        with open(os.path.join(root, "layouts", "index.html"), "w") as f:
            f.write(INDEX)
        with open(os.path.join(root, "config.yaml"), "w") as f:
            f.write(f"baseURL: https://{site}.example.org/\ntitle: {site}\nlanguageCode: zh-CN\npaginate: 10\n"
                    "buildFuture: false\nhasCJKLanguage: true\ndisableKinds: [taxonomy, term]\n"
                    "markup:\n  goldmark:\n    renderer:\n      unsafe: false\n")
        for section in ("notices", "qa", "projects", "pages"):
            target = os.path.join(root, "content", section)
            os.makedirs(target)
            folder = os.path.join(source, section)
            for name in os.listdir(folder) if os.path.isdir(folder) else []:
                os.link(os.path.join(folder, name), os.path.join(target, name))
        sites.append(root)
    return sites
