// A notice past its expiry is still found, marked 已过期 and ranked below current ones:
// last month's power cut came first for 这几天会不会停电, dated and nothing more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildInlineSite, ensureBuilt } from './helpers.mjs';
import { openSite } from '../../scripts/search.mjs';

ensureBuilt();

const notice = (title, date, expires, body) => `---\ntitle: ${title}\ndate: ${date}\nexpires: ${expires}\n`
  + `category: 停水停电\n---\n${body}\n`;

const site = buildInlineSite({
  // The old one says more about power cuts: as typed, it would rank first.
  'notices/old.md': notice('关于10月15日配电设备检修停电的通知', '2026-10-13 09:00', '2026-10-16',
    '10月15日停电检修，停电期间请关闭电器。停电范围：第1至第8幢。停电结束后恢复供电。'),
  'notices/new.md': notice('12月2日停电通知', '2026-11-27 09:00', '2026-12-08', '12月2日8:00至18:00停电。'),
});

test('an expired notice is found, below the current one, under 已过期', async () => {
  const { index } = await openSite(site);
  const { results } = await index.search('这几天会不会停电', { limit: 5, first: 5 });
  const urls = results.map((r) => r.url);
  assert.equal(urls[0], '/notices/new/', JSON.stringify(results));
  const old = results.find((r) => r.url === '/notices/old/');
  assert.ok(old, 'still found');
  assert.equal(old.category, '已过期');
  assert.equal(results[0].category, '停水停电');
});
