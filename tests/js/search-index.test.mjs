// The module against real indexes built by `anju build`: shards, requests, escaping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildInlineSite, ensureBuilt, notice, root, sampleSites } from './helpers.mjs';
import { openSite, searchSite } from '../../scripts/search.mjs';
import { SearchIndex, queryPlan, questionCore } from '../../templates/assets/search.mjs';

ensureBuilt();

test('finds any substring of two or more characters, and single characters', async () => {
  const site = buildInlineSite({
    'notices/a.md': notice('关于临时停水的通知', '第三居民小组明天停水检修。'),
    'notices/b.md': notice('居民大会', '请到党群服务中心开会。'),
  });
  for (const q of ['临时停水', '时停', '居民小组', '党群服务中心', '检修', '停']) {
    const results = await searchSite(site, q);
    assert.ok(results.length > 0, `no result for ${q}`);
  }
  assert.equal((await searchSite(site, '党群'))[0].url, '/notices/b/');
  assert.deepEqual(await searchSite(site, '完全无关'), []);
});

test('each Q&A question is its own result linking to its anchor', async () => {
  const site = buildInlineSite({
    'qa/houfu.md': '---\ntitle: 后扶问答\ncategory: 后期扶持\n---\n## 每人每年多少钱？\n\n600元。\n\n## 扶持多少年？\n\n20年。\n',
  });
  const results = await searchSite(site, '扶持多少年');
  assert.equal(results[0].url, '/qa/houfu/#扶持多少年');
  assert.equal(results[0].title, '扶持多少年？');
  assert.equal(results[0].section, 'qa');
});

test('title beats body, and the result record carries section, date and snippet', async () => {
  const site = buildInlineSite({
    'notices/title.md': notice('公益性岗位招聘', '详见正文。'),
    'notices/body.md': notice('十一月工作安排', '本月还将开展公益性岗位招聘工作。'),
  });
  const { index } = await openSite(site);
  const outcome = await index.search('公益性岗位', { limit: 10, first: 10 });
  assert.deepEqual(outcome.results.map((r) => r.url), ['/notices/title/', '/notices/body/']);
  const [first, second] = outcome.results;
  assert.equal(first.date, '2026-11-20');
  assert.equal(first.section, 'notice');
  assert.ok(second.snippet.some((s) => s.hit && s.text.includes('公益性岗位')));
  assert.equal(outcome.counts.sections.notice, 2);
});

test('a query fetches only the shards of its tokens', async () => {
  const files = {};
  for (let i = 0; i < 150; i++) files[`notices/n${i}.md`] = notice(`第${i}号通知`, `内容${'甲乙丙丁戊己庚辛壬癸'.slice(i % 10)}${i}号楼住户请注意用水安全，物业服务中心电话0870${i}。`);
  const site = buildInlineSite(files);
  const { index } = await openSite(site);
  // Both fetched once the search page has loaded, before any query.
  await Promise.all([index.load(), index.words()]);
  // The notices share one date, so they are the newest week's: the tail's shards.
  const count = index.names.head.length + index.names.tail.length;
  assert.ok(count > 4, `expected several shards, got ${count}`);
  const fetched = [];
  const realFetch = index.fetch;
  index.fetch = (url) => { fetched.push(url); return realFetch(url); };
  const outcome = await index.search('用水安全', { limit: 10 });
  // 用水, 安全 and the pair between them (水安), each in its head and tail shard; and, for a
  // question of four characters, the pinyin table.
  const shards = new Set(['用水', '安全', '水安'].flatMap((t) => index.shardsOf(t, index.names))).size;
  const others = fetched.filter((url) => !url.includes('/pinyin.'));
  assert.ok(others.length <= shards + outcome.results.length, `${others.length} requests: ${others.join(' ')}`);
  assert.ok(others.filter((url) => url.includes('/s/')).length <= shards);
  assert.ok(outcome.total >= 100);
});

test('a token the newest week lacks is not looked for in its tail shards', async () => {
  const files = {};
  // Older notices (the head) and this week's (the tail), with words of their own.
  for (let i = 0; i < 60; i++) files[`notices/old${i}.md`] = notice(`第${i}号旧通知`, `内容${i}号楼住户请注意燃气安全。`).replace('2026-11-20', '2026-10-05');
  for (let i = 0; i < 60; i++) files[`notices/new${i}.md`] = notice(`第${i}号新通知`, `内容${i}号楼住户请注意用水节约。`);
  const site = buildInlineSite(files);
  const page = readFileSync(join(site, 'search', 'index.html'), 'utf8');
  assert.match(page, /data-tail="\d+:[A-Za-z0-9+/]+=*"/);
  const { index } = await openSite(site);
  assert.ok(index.names.tail.length && index.names.tailFilter, 'the site has a tail and its filter');
  assert.equal(index.shardsOf('燃气', index.names).length, 1, 'only the head holds 燃气');
  assert.equal(index.shardsOf('用水', index.names).length, 2, 'the tail holds 用水');
  // Found as before: 燃气 from the head alone.
  assert.equal((await index.search('燃气安全', { limit: 10 })).total, 60);
  assert.equal((await index.search('用水节约', { limit: 10 })).total, 60);
  // Every query ranks the same as a reader that asks for every tail shard.
  const everyTail = new SearchIndex(index.metaURL, { fetch: index.fetch, words: index.wordsURL,
    shards: { head: index.names.head, tail: index.names.tail } });
  for (const q of ['燃气', '用水', '第3号新通知', '住户请注意', '内容12号楼', '燃气节约', 'ranqi', '然气安全']) {
    const [a, b] = [await index.search(q, { limit: 20, first: 20 }), await everyTail.search(q, { limit: 20, first: 20 })];
    assert.deepEqual(a.matches.map((m) => [m.entry, m.score]), b.matches.map((m) => [m.entry, m.score]), q);
  }
});

test('titles from the index are text, never markup', async () => {
  const site = buildInlineSite({ 'notices/x.md': notice('<img src=x onerror=alert(1)>停水', '停水。') });
  const results = await searchSite(site, '停水');
  assert.equal(results[0].title, '<img src=x onerror=alert(1)>停水');
});

test('the command-line script prints JSON and honours --limit', () => {
  const site = buildInlineSite({
    'notices/a.md': notice('停水通知一'), 'notices/b.md': notice('停水通知二'), 'notices/c.md': notice('停水通知三'),
  });
  const out = execFileSync('node', [join(root, 'scripts/search.mjs'), site, '停水', '--limit', '2'], { encoding: 'utf8' });
  const results = JSON.parse(out);
  assert.equal(results.length, 2);
  assert.deepEqual(Object.keys(results[0]).sort(), ['section', 'title', 'url']);
});

test('a query that names a property of Object finds nothing and does not fail', async () => {
  const site = buildInlineSite({ 'notices/a.md': notice('停水通知', 'constructor toString 停水。') });
  const { index } = await openSite(site);
  for (const q of ['constructor', '__proto__', 'hasownproperty', 'constructor 停水 通知']) {
    await assert.doesNotReject(index.search(q), q);
  }
  assert.equal((await searchSite(site, 'constructor'))[0]?.url, '/notices/a/', 'the word itself is still found');
});

test('a failed request of any one index file is the query\'s error, and the next query tries it again', async () => {
  const site = buildInlineSite({ 'notices/a.md': notice('停水通知') });
  const unhandled = [];
  const onUnhandled = (reason) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    for (const failing of [/\/meta\./, /\/words\./, /\/s\//, /\/d\//]) {
      const { index } = await openSite(site);
      const realFetch = index.fetch;
      let down = true;
      index.fetch = async (url) => (down && failing.test(url) ? { ok: false, status: 503, json: async () => null } : realFetch(url));
      await assert.rejects(index.search('停水'), /HTTP 503/, String(failing));
      down = false;
      const outcome = await index.search('停水');
      assert.equal(outcome.results[0].url, '/notices/a/', String(failing));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(unhandled, [], 'no request failed unheard');
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('the pinyin table is fetched for a homophone typo and with a spoken question\'s first shards, not for a number or a keyword', async () => {
  const site = buildInlineSite({ 'notices/a.md': notice('补偿标准', '每人600元。') });
  const { index } = await openSite(site);
  const fetched = [];
  const realFetch = index.fetch;
  index.fetch = (url) => { fetched.push(url); return realFetch(url); };
  await index.search('600元');
  assert.ok(!fetched.some((url) => url.includes('/pinyin.')), fetched.join(' '));
  // A question of seven characters that many pages hold whole: asked for at its start all
  // the same; a keyword they hold is not.
  const many = {};
  for (let i = 0; i < 12; i++) many[`notices/n${i}.md`] = notice(`第${i}期移民后期扶持补偿标准`, '每人600元。');
  const { index: other } = await openSite(buildInlineSite(many));
  const asked = [];
  const otherFetch = other.fetch;
  other.fetch = (url) => { asked.push(url); return otherFetch(url); };
  assert.equal((await other.search('补偿标准')).total, 12);
  assert.ok(!asked.some((url) => url.includes('/pinyin.')), asked.join(' '));
  assert.equal((await other.search('移民后期扶持补偿标准')).total, 12);
  assert.equal(asked.filter((url) => url.includes('/pinyin.')).length, 1, asked.join(' '));
  assert.equal((await index.search('补尝标准')).results[0]?.url, '/notices/a/', 'a homophone typo still finds the page');
  assert.ok(fetched.some((url) => url.includes('/pinyin.')), 'read for the typo');
});

/** A site of `files` and 150 other notices (enough for several shards), opened and loaded,
 *  with the shard files a query's tokens are looked up in. */
async function openWithOtherNotices(files) {
  const all = { ...files };
  for (let i = 0; i < 150; i++) all[`notices/n${i}.md`] = notice(`第${i}号通知`, `内容${'甲乙丙丁戊己庚辛壬癸'.slice(i % 10)}${i}号楼住户请注意用水安全，物业服务中心电话0870${i}。`);
  const { index } = await openSite(buildInlineSite(all));
  await Promise.all([index.load(), index.words()]);
  const shardsOf = (query) => new Set(queryPlan(query).tokens.flatMap((t) => index.shardsOf(t, index.names)).map((n) => `/s/${n}.bin`));
  return { index, shardsOf };
}

test('the first result\'s record is asked for while a reformulation\'s shards still load', async () => {
  const files = {
    'synonyms.yml': '- [停水, 断水]\n',
    'notices/a.md': notice('停水通知', '三幢明天停水。'),
    'notices/b.md': notice('断水安排', '四幢后天断水。'),
  };
  const { index, shardsOf } = await openWithOtherNotices(files);
  const typed = shardsOf('停水');
  assert.ok([...shardsOf('断水')].some((name) => !typed.has(name)), 'the synonym has shards of its own');
  // The synonym's shards are held back until the record is asked for (or the watchdog below fires).
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const asked = [];
  const realFetch = index.fetch;
  index.fetch = async (url) => {
    asked.push(url);
    if (/\/d\//.test(url)) release();
    if (/\/s\//.test(url) && ![...typed].some((name) => url.endsWith(name))) await held;
    return realFetch(url);
  };
  let timedOut = false;
  // A watchdog against a regression, which would otherwise hold the shards for ever: long
  // enough that a loaded machine never reaches it (the record is asked for within milliseconds).
  const timer = setTimeout(() => { timedOut = true; release(); }, 20_000);
  const outcome = await index.search('停水', { first: 1 });
  clearTimeout(timer);
  assert.ok(asked.some((url) => /\/s\//.test(url) && ![...typed].some((name) => url.endsWith(name))), 'the synonym is looked up');
  assert.ok(!timedOut, `the record was not asked for until the synonym's shards came: ${asked.join(' ')}`);
  assert.equal(outcome.results[0].url, '/notices/a/');
  assert.equal(asked.filter((url) => /\/d\//.test(url)).length, 1, 'the record is fetched once');
});

test('the first results picked while shards load are the first of the whole order', async () => {
  const { index } = await openSite(join(sampleSites(), 'wenbi'));
  await Promise.all([index.load(), index.words()]);
  const filters = [() => true, (r) => r.section === 'qa', (r) => r.section === 'notice', (r) => r.category === '停水停电'];
  let compared = 0;
  for (const query of ['停水', '补偿标准', '社区', '3幢', '低保怎么申请', '水', '公益性岗位', '网格员电话']) {
    const plan = queryPlan(questionCore(query).core);
    const lists = [await index.rankPlan({ plan, weight: 1 }, index.names), await index.rankPlan({ plan, weight: 0.9 }, index.names, true)];
    const whole = index.ordered(lists, query, plan);
    for (const shown of filters) {
      for (const first of [1, 3, 10]) {
        const picked = index.ordered(lists, query, plan, { first, shown }).map((r) => [r.entry, r.score]);
        assert.deepEqual(picked, whole.filter(shown).slice(0, first).map((r) => [r.entry, r.score]), `${query}, first ${first}`);
        compared += picked.length;
      }
    }
  }
  assert.ok(compared > 100, `${compared} results compared`);
});

test('a query some pages hold whole looks up two of its synonyms, not all', async () => {
  // Words of no built-in group, so that the site's group is the only one and its order known.
  const files = {
    'synonyms.yml': '- [洗池, 刷池, 清池, 洗缸]\n',
    'notices/a.md': notice('洗池通知', '三幢明天洗池。'),
    'notices/b.md': notice('刷池安排', '四幢后天刷池。'),
    'notices/c.md': notice('洗缸安排', '五幢洗缸。'),
  };
  const { index, shardsOf } = await openWithOtherNotices(files);
  const first = new Set(['洗池', '刷池', '清池'].flatMap((q) => [...shardsOf(q)]));
  const third = [...shardsOf('洗缸')].filter((name) => !first.has(name));
  assert.ok(third.length > 0, 'the third synonym has shards of its own');
  const asked = [];
  const realFetch = index.fetch;
  index.fetch = (url) => { asked.push(url); return realFetch(url); };
  const outcome = await index.search('洗池');
  assert.equal(outcome.results[0].url, '/notices/a/');
  assert.ok(outcome.matches.some((m) => m.entry !== outcome.matches[0].entry), 'the first synonym still adds its pages');
  assert.deepEqual(asked.filter((url) => third.some((name) => url.endsWith(name))), [], 'the third synonym is not looked up');
});
