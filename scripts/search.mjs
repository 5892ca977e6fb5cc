#!/usr/bin/env node
// node scripts/search.mjs public/<site> "查询词" [--limit N]
//
// Runs the site's own browser search module (public/<site>/assets/search.<hash>.js) under
// Node, reading the index files from disk, and prints the ranked results as a JSON array
// of {"url", "title", "section"}, best first.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function openSite(siteDir) {
  const assets = await readdir(join(siteDir, 'assets'));
  const script = assets.find((name) => /^search\.[0-9a-f]+\.m?js$/.test(name));
  if (!script) throw new Error(`${siteDir}: no assets/search.*.js — is this a site built by anju?`);
  const module = await import(pathToFileURL(join(siteDir, 'assets', script)).href);
  const page = await readFile(join(siteDir, 'search', 'index.html'), 'utf8');
  const index = /data-index="([^"]+)"/.exec(page)?.[1];
  const base = /data-base="([^"]+)"/.exec(page)?.[1] ?? '/';
  if (!index) throw new Error(`${siteDir}/search/index.html has no data-index`);
  // URLs on the site map to files under siteDir once the base path is removed.
  const fetchFile = async (url) => {
    const path = join(siteDir, decodeURIComponent(url.slice(base.length)));
    try {
      const bytes = await readFile(path);
      return { ok: true, status: 200, json: async () => JSON.parse(bytes.toString('utf8')),
        arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
    } catch {
      return { ok: false, status: 404, json: async () => null, arrayBuffer: async () => new ArrayBuffer(0) };
    }
  };
  const shards = /data-shards="([^"]*)"/.exec(page)?.[1] || null;
  const words = /data-words="([^"]*)"/.exec(page)?.[1] || null;
  const tail = /data-tail="([^"]*)"/.exec(page)?.[1] || null;
  return { module, index: new module.SearchIndex(index, { fetch: fetchFile, shards, words, tail }) };
}

export async function searchSite(siteDir, query, limit = 10) {
  const { index } = await openSite(siteDir);
  const outcome = await index.search(query, { limit, first: limit });
  return outcome.results.map((r) => ({ url: r.url, title: r.title, section: r.section }));
}

async function main(argv) {
  const args = [...argv];
  let limit = 10;
  const at = args.indexOf('--limit');
  if (at >= 0) {
    limit = Number.parseInt(args[at + 1], 10);
    args.splice(at, 2);
    if (!Number.isInteger(limit) || limit < 1) { console.error('search.mjs: --limit takes a whole number ≥ 1'); process.exit(2); }
  }
  if (args.length !== 2) {
    console.error('usage: node scripts/search.mjs public/<site> "查询词" [--limit N]');
    process.exit(2);
  }
  try {
    console.log(JSON.stringify(await searchSite(args[0], args[1], limit)));
  } catch (error) {
    console.error(`search.mjs: ${error.message}`);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
