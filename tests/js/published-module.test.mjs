// The search module as sites publish it (without its comments and indentation: CompactScript
// in Sources/AnjuKernels): the module's own tests run again against that file, so the
// compaction cannot change what the module does unnoticed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, root, sampleSites } from './helpers.mjs';

test("the published search module passes the theme module's own tests", () => {
  ensureBuilt();
  const assets = join(sampleSites(), 'wenbi', 'assets');
  const published = readdirSync(assets).find((name) => /^search\.[0-9a-f]+\.js$/.test(name));
  assert.ok(published, 'no published search module');
  const source = readFileSync(join(root, 'templates/assets/search.mjs'), 'utf8');
  const script = readFileSync(join(assets, published), 'utf8');
  assert.ok(script.length < source.length * 0.7 && !/^\s*\/\//m.test(script), 'the published module still has its comments');

  // A copy of the repository's tests beside the published module in the theme module's place.
  const tree = mkdtempSync(join(tmpdir(), 'anju-published-'));
  mkdirSync(join(tree, 'tests/js'), { recursive: true });
  mkdirSync(join(tree, 'templates/assets'), { recursive: true });
  copyFileSync(join(assets, published), join(tree, 'templates/assets/search.mjs'));
  for (const folder of ['Tests', 'scripts']) symlinkSync(join(root, folder), join(tree, folder));
  const tests = readdirSync(join(root, 'tests/js')).filter((name) => name.endsWith('.test.mjs') && name !== 'published-module.test.mjs'
    && /from ['"]\.\.\/\.\.\/templates\/assets\/search\.mjs['"]/.test(readFileSync(join(root, 'tests/js', name), 'utf8')));
  assert.ok(tests.length >= 6, tests.join(' '));
  for (const name of [...tests, 'helpers.mjs']) copyFileSync(join(root, 'tests/js', name), join(tree, 'tests/js', name));
  const env = { ...process.env, ANJU_TEST_ROOT: root };
  delete env.NODE_TEST_CONTEXT;
  try {
    execFileSync('node', ['--test', ...tests], { cwd: join(tree, 'tests/js'), env, stdio: ['ignore', 'inherit', 'inherit'] });
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
});
