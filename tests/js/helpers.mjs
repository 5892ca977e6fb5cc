// Shared by the Node tests: builds sites with the real `anju` and opens them like the
// command-line search script does.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// ANJU_TEST_ROOT: the repository, for these tests run from a copy (published-module.test.mjs).
export const root = process.env.ANJU_TEST_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const anju = process.env.ANJU ?? join(root, '.build/debug/anju');
export const NOW = '2026-11-29 10:00';

// Every folder these helpers make is removed when the test process ends: a shared CI
// runner's /tmp is not ours to fill.
const madeFolders = [];
process.on('exit', () => { for (const dir of madeFolders) rmSync(dir, { recursive: true, force: true }); });
function temporaryFolder(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeFolders.push(dir);
  return dir;
}

/** Builds a content folder of the repository once per process into a temporary folder. */
const built = new Map();
function builtOnce(content) {
  if (!built.has(content)) {
    const out = temporaryFolder('anju-sample-');
    execFileSync(anju, ['build', '--content', join(root, content), '--templates', join(root, 'templates'),
      '--output', out, '--now', NOW], { stdio: ['ignore', 'ignore', 'inherit'] });
    built.set(content, out);
  }
  return built.get(content);
}

/** The repository's sample content, built. */
export function sampleSites() {
  return builtOnce('content');
}

/** A community written apart from the sample and the search's tuning (tests/fixtures/blind-site), built. */
export function blindSites() {
  return builtOnce('tests/fixtures/blind-site');
}

/** Builds a small site declared inline: {"notices/a.md": "…"} under content/test/. */
export function buildInlineSite(files, { siteYml = 'name: 测试社区\nbase_url: https://test.example.org/\n' } = {}) {
  const dir = temporaryFolder('anju-inline-');
  const write = (path, text) => { mkdirSync(dirname(path), { recursive: true }); writeFileSync(path, text); };
  write(join(dir, 'content/test/site.yml'), siteYml);
  for (const [path, text] of Object.entries(files)) write(join(dir, 'content/test', path), text);
  cpSync(join(root, 'templates'), join(dir, 'templates'), { recursive: true });
  execFileSync(anju, ['build', '--now', NOW], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  return join(dir, 'public/test');
}

export function notice(title, body = '正文。', extra = '') {
  return `---\ntitle: "${title.replaceAll('"', '\\"')}"\ndate: 2026-11-20 09:00\n${extra}---\n${body}\n`;
}

export function ensureBuilt() {
  if (!existsSync(anju)) throw new Error(`${anju} is missing: run \`swift build\` first (make test does)`);
}
