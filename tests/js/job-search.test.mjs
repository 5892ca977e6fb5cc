// Residents ask for work in their own words: 招工, 找工作 and the position's name find an open
// job; a closed job is still found but ranks below open ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildInlineSite, ensureBuilt } from './helpers.mjs';
import { searchSite } from '../../scripts/search.mjs';

ensureBuilt();

const job = (title, deadline) => `---\ntitle: ${title}\ndate: 2026-11-20 09:00\ndeadline: ${deadline}\n`
  + 'employer: 帮扶车间\ncontact: {name: 张某某, phone: 13800000001}\n---\n缝纫工作，计件工资。\n';

const site = buildInlineSite({
  'jobs/fengren-kai.md': job('帮扶车间招聘缝纫工', '2026-12-20'),
  'jobs/fengren-guan.md': job('帮扶车间招聘缝纫工（上一批）', '2026-11-20'),
  'notices/a.md': '---\ntitle: 社区通知\ndate: 2026-11-20 09:00\n---\n停水。\n',
});

for (const query of ['招工', '找工作', '缝纫工']) {
  test(`“${query}” finds the open job first`, async () => {
    const results = await searchSite(site, query, 5);
    assert.equal(results[0]?.url, '/jobs/fengren-kai/', JSON.stringify(results));
    assert.equal(results[0].section, 'job');
  });
}

test('the closed job is found, below the open one', async () => {
  const urls = (await searchSite(site, '缝纫工', 5)).map((r) => r.url);
  assert.ok(urls.indexOf('/jobs/fengren-guan/') > urls.indexOf('/jobs/fengren-kai/'), urls.join(' '));
});
