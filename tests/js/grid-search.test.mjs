// A building, however a resident names it, finds the people to call for it; service guides
// are search results of their own. Over the sample sites and an inline one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildInlineSite, ensureBuilt, notice, sampleSites } from './helpers.mjs';
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
  // Lettered and dashed ids as a microphone writes them: 3-2 said 三杠二, 12A said 十二A, a
  // zone's building B4 said B区4栋 or B座四栋.
  for (const [query, id] of [['三杠二栋网格员', '3-2'], ['3杠2栋', '3-2'], ['3—2栋停水', '3-2'], ['十二A栋电梯', '12a'],
    ['B区4栋网格员电话', 'b4'], ['b四栋', 'b4'], ['B座4栋', 'b4']]) {
    assert.equal(buildingIn(query), id, query);
  }
  assert.equal(buildingIn('十二月五号开会'), null, 'a date is no building');
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

const gridYml = `grids:
  - id: 1
    name: 第一网格
    manager: {name: 张某某, phone: 13800000001}
    groups: [1, 2]
    buildings: [{id: 1}, {id: 2}, {id: 3}]
  - id: 2
    name: 第二网格
    manager: {name: 王某某, phone: 13800000002}
    groups: [3]
    buildings: [{id: 4, manager: {name: 李某某, phone: 13800000011}}, {id: 5}, {id: 6}]
`;

test('the grid directory answers who to call, and one building of a grid stands for the others', async () => {
  const dir = buildInlineSite({
    'grid.yml': gridYml,
    'notices/a.md': '---\ntitle: 停水通知\ndate: 2026-11-20 09:00\n---\n第一网格停水，有困难请找网格员，电话见楼道公示牌。\n',
    'pages/guide.md': '---\ntitle: 办事须知\n---\n以下事项都可以在社区党群服务中心一楼办理，老人行动不便的可以预约上门办理。'
      + '每件事要带的材料、办理步骤和承诺时限见办事指南；办事前可先给网格员打电话，网格员电话见找网格员页面。\n',
  });
  for (const query of ['网格员电话', '找网格员', '楼栋长电话', '有事找谁']) {
    assert.equal((await searchSite(dir, query, 3))[0]?.url, '/grid/', query);
  }
  // A group a grid serves finds that grid's buildings (or the directory), not another grid's.
  for (const query of ['第三组的网格员是哪个', '第三组', '3组']) {
    const top = (await searchSite(dir, query, 2)).map((r) => r.url);
    assert.match(top[0] ?? '', /^\/grid\/#building-[456]$/, `${query}: ${top}`);
    assert.ok(!top.some((url) => /#building-[123]$/.test(url)), `${query}: ${top}`);
  }
  // Each building of 第一网格 holds its name alike: one of them is listed, not all three.
  const results = await searchSite(dir, '第一网格', 10);
  assert.equal(results.filter((r) => /^\/grid\/#building-[123]$/.test(r.url)).length, 1, JSON.stringify(results));
});

test('a building asked with a matter finds the current page about it first, the building right after', async () => {
  const outage = (slug, window, expires) => '---\ntitle: 分片停水通知\ndate: 2026-11-20 09:00\n' + (expires ? `expires: ${expires}\n` : '')
    + `schedule:\n  - {start: ${window} 08:00, end: ${window} 18:00, area: 第3居民小组}\n---\n管道改接施工，分片停水，请提前储水。\n`;
  const dir = buildInlineSite({ 'grid.yml': gridYml, 'notices/tingshui.md': outage('tingshui', '2026-12-02') });
  // The notice names group 3, whose buildings are 4 to 6: asked by building 5, it answers when.
  for (const query of ['我住5栋哪天停水', '五栋什么时候停水', '5号楼停水']) {
    const top = (await searchSite(dir, query, 2)).map((r) => r.url);
    assert.deepEqual(top, ['/notices/tingshui/', '/grid/#building-5'], query);
  }
  // Asking for a person, or for a building the notice does not cover, keeps the card first.
  for (const [query, building] of [['5栋停水找谁', 5], ['5栋网格员电话', 5], ['我住2栋哪天停水', 2]]) {
    assert.equal((await searchSite(dir, query, 1))[0]?.url, `/grid/#building-${building}`, query);
  }
  // Another page scoring higher does not come between the page about the building and its card.
  const two = buildInlineSite({ 'grid.yml': gridYml, 'notices/tingshui.md': outage('tingshui', '2026-12-02'),
    'notices/other.md': notice('停水停水停水通知', '第1居民小组停水停水，停水期间请储水，停水结束另行通知。') });
  assert.deepEqual((await searchSite(two, '我住5栋哪天停水', 2)).map((r) => r.url), ['/notices/tingshui/', '/grid/#building-5']);
  // A group asked with a person finds its grid's card ahead of a notice naming the group.
  const group = buildInlineSite({ 'grid.yml': gridYml, 'notices/tingshui.md': outage('tingshui', '2026-12-02') });
  assert.match((await searchSite(group, '第三组停水找谁', 1))[0]?.url ?? '', /^\/grid\/#building-[456]$/);
  // A notice that has expired says nothing of the building now.
  const over = buildInlineSite({ 'grid.yml': gridYml, 'notices/tingshui.md': outage('tingshui', '2026-11-21', '2026-11-22') });
  assert.equal((await searchSite(over, '我住5栋哪天停水', 1))[0]?.url, '/grid/#building-5');
});

test('a grid of groups without buildings is found by its group and a person', async () => {
  const village = gridYml + '\n  - id: 9\n    name: 后靠散居网格\n    manager: {name: 孙某某, phone: 13800000009}\n    groups: [7]\n';
  const dir = buildInlineSite({ 'grid.yml': village, 'notices/a.md': notice('第7居民小组开会', '第7居民小组本周开会。') });
  for (const query of ['七组网格员电话', '我们第七组找哪个', '第7组的网格员是哪个']) {
    assert.equal((await searchSite(dir, query, 1))[0]?.url, '/grid/#grid-9', query);
  }
});

test('a guide is found by its matter and by what to bring', async () => {
  const dir = buildInlineSite({
    'guides/gaoling.md': '---\ntitle: 高龄补贴申领\ncategory: 养老服务\nmaterials:\n  - {name: 居民身份证, form: 原件, copies: 1}\n'
      + 'time_limit: 15个工作日\nphone: 0870-7121101\n---\n年满80周岁的老人可以申领。\n',
  });
  const results = await searchSite(dir, '高龄补贴', 3);
  assert.deepEqual(results[0], { url: '/guides/gaoling/', title: '高龄补贴申领', section: 'guide' });
});
