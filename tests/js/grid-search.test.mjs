// A building, however a resident names it, finds the people to call for it; service guides
// are search results of their own. Over the sample sites and an inline one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildInlineSite, ensureBuilt, sampleSites } from './helpers.mjs';
import { buildingIn, chineseNumber } from '../../templates/assets/search.mjs';
import { searchSite, openSite } from '../../scripts/search.mjs';

ensureBuilt();

test('building numbers are read from every way of saying them', () => {
  for (const [query, id] of [['3幢', '3'], ['3栋', '3'], ['3号楼', '3'], ['三栋', '3'], ['第3幢', '3'],
    ['3栋网格员', '3'], ['我住十二栋找谁', '12'], ['二十五幢', '25'], ['３号楼', '3'], ['第三幢的楼栋长电话', '3'],
    ['A栋', 'a'], ['一百零八号楼', '108']]) {
    assert.equal(buildingIn(query), id, query);
  }
  for (const query of ['3楼', '3单元', '停水', '三楼', '12月3日']) assert.equal(buildingIn(query), null, query);
  // Whole ids only: 3-1栋 is building 3-1, not 1; 13栋 is 13; a leading zero is dropped as the index drops it.
  assert.equal(buildingIn('3-1栋'), '3-1');
  assert.equal(buildingIn('我住13栋'), '13');
  assert.equal(buildingIn('03栋'), '3');
  assert.equal(buildingIn('b2栋的楼栋长'), 'b2');
  assert.equal(chineseNumber('十'), 10);
  assert.equal(chineseNumber('三三'), null);
});

for (const site of ['wenbi', 'qiujiayu', 'binjiang']) {
  for (const query of ['3幢', '3栋', '3号楼', '三栋', '第3幢', '3栋网格员']) {
    test(`${site}: “${query}” puts building 3 first, with its people in the snippet`, async () => {
      const dir = join(sampleSites(), site);
      const results = await searchSite(dir, query, 3);
      assert.equal(results[0]?.url, '/grid/#building-3', JSON.stringify(results));
      assert.equal(results[0].section, 'grid');
      const { index } = await openSite(dir);
      const outcome = await index.search(query, { limit: 1, first: 1 });
      const snippet = outcome.results[0].snippet.map((s) => s.text).join('');
      assert.match(snippet, /网格员 \S+某某 1\d{10}/);
    });
  }
}

test('a building number beyond the directory finds no building, and 13幢 is not 3幢', async () => {
  const dir = join(sampleSites(), 'binjiang');
  // No building 99: nothing is presented as it; what holds 栋 is offered as a partial match.
  const { index } = await openSite(dir);
  const outcome = await index.search('99栋', { limit: 5, first: 5 });
  assert.ok(!outcome.results.some((r) => r.url === '/grid/#building-99'));
  assert.ok(outcome.total === 0 || outcome.partial, 'never presented as a full match');
  assert.equal((await searchSite(dir, '13幢', 1))[0]?.url, '/grid/#building-13');
});

test('a guide is found by its matter and by what to bring', async () => {
  const dir = buildInlineSite({
    'guides/gaoling.md': '---\ntitle: 高龄补贴申领\ncategory: 养老服务\nmaterials:\n  - {name: 居民身份证, form: 原件, copies: 1}\n'
      + 'time_limit: 15个工作日\nphone: 0870-7121101\n---\n年满80周岁的老人可以申领。\n',
  });
  const results = await searchSite(dir, '高龄补贴', 3);
  assert.deepEqual(results[0], { url: '/guides/gaoling/', title: '高龄补贴申领', section: 'guide' });
});
