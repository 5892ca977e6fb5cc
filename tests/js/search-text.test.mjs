// The same vectors as Tests/AnjuCoreTests/SearchTextTests.swift: Swift and the browser
// must cut text identically or the index and the query would not meet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, sampleSites } from './helpers.mjs';
import { normalize, indexTokens, placesAsKeys, shardHash, queryPlan, decodePostings, parseShard, parseShardNames, rank, tokenScore, highlight, phoneSegments, inflateZlib, inflateShard, recordLocation, coveredParts, parseTailFilter, filterPositions, tailMayHold } from '../../templates/assets/search.mjs';

const vectors = JSON.parse(readFileSync(join(root, 'Tests/vectors/search-text.json'), 'utf8'));

test('normalisation matches the shared vectors', () => {
  for (const v of vectors.normalize) assert.equal(normalize(v.input), v.output, v.input);
});

test('index tokens match the shared vectors', () => {
  for (const v of vectors.indexTokens) {
    assert.deepEqual(indexTokens(v.input).map((t) => [t.text, t.position]), v.tokens, v.input);
  }
});

test('a building or group in a question is read as the key pages are indexed with', () => {
  for (const v of vectors.placeKeys) {
    const said = normalize(v.said);
    assert.equal(v.key === null ? placesAsKeys(said) : placesAsKeys(said).trim(), v.key ?? said, v.said);
  }
});

test('shard hashes match the shared vectors', () => {
  for (const v of vectors.shardHash) assert.equal(shardHash(v.token), v.hash, v.token);
});

test('query plans cover the query with few lookups', () => {
  for (const v of vectors.queryPlan) {
    const plan = queryPlan(v.query);
    assert.deepEqual(plan.tokens, v.tokens, v.query);
    assert.deepEqual(plan.phrases.map((p) => p.map((t) => [t.text, t.offset])), v.phrases, v.query);
    if (v.links) assert.deepEqual(plan.links, v.links, v.query);
  }
});

test('a shard\'s records and postings decode as docs/search-index.md says', () => {
  // 停水: two postings, entries 3 (title once, body twice: 0x42) and 5 (body once).
  const token = [...new TextEncoder().encode('停水')];
  const bytes = new Uint8Array([token.length, ...token, 2, 4, 4, 0x42, 2, 0x01]);
  const shard = parseShard(bytes);
  assert.deepEqual([...shard.keys()], ['停水']);
  assert.equal(shard.get('停水').count, 2);
  const postings = decodePostings(shard.get('停水').bytes);
  assert.deepEqual(postings, { entries: [3, 5], codes: [0x42, 0x01] });
  // A damaged list (a zero delta repeats entry 5) keeps each entry once, in order.
  assert.deepEqual(decodePostings(new Uint8Array([4, 0x42, 2, 0x01, 0, 0x08])), { entries: [3, 5], codes: [0x42, 0x01] });
  assert.throws(() => parseShard(bytes.subarray(0, 9)), /runs past/);
});

const stats = { entries: 100, lengths: null, average: 20 };
const list = (pairs) => ({ df: pairs.length, entries: pairs.map(([entry]) => entry), codes: pairs.map(([, code]) => code) });

test('a page with the whole phrase ranks above one with its parts scattered', () => {
  const plan = queryPlan('补偿标准');
  assert.deepEqual(plan.links, ['偿标']);
  // Entry 1 has 补偿 and 标准 in its title but apart; entry 2 holds the phrase (and its link) in its body.
  const postings = new Map([
    ['补偿', list([[1, 0x40], [2, 0x01]])], ['标准', list([[1, 0x40], [2, 0x01]])], ['偿标', list([[2, 0x01]])],
  ]);
  assert.deepEqual(rank(plan, postings, stats).map((r) => r.entry), [2, 1]);
});

test('an entry with only part of the query ranks below complete ones', () => {
  const plan = queryPlan('停水 通知');
  const postings = new Map([['停水', list([[1, 0xc0], [2, 0x01]])], ['通知', list([[2, 0x01]])]]);
  assert.deepEqual(rank(plan, postings, stats).map((r) => r.entry), [2, 1]);
});

test('a rarer token and a title count for more', () => {
  assert.ok(tokenScore(0x01, 2, 20, stats) > tokenScore(0x01, 60, 20, stats), 'rarer');
  assert.ok(tokenScore(0x40, 10, 20, stats) > tokenScore(0x01, 10, 20, stats), 'title');
  assert.ok(tokenScore(0x01, 10, 10, stats) > tokenScore(0x01, 10, 80, stats), 'shorter entry');
});

test('the search page\'s shard list names each shard\'s file by its number, and an empty one none', () => {
  assert.deepEqual(parseShardNames('v5r5yt-aaaa22|777777'),
    { head: ['h0.v5r5yt', null, 'h2.aaaa22'], tail: ['t0.777777'] });
  assert.deepEqual(parseShardNames('v5r5yt|'), { head: ['h0.v5r5yt'], tail: [] });
  assert.deepEqual(parseShardNames('--v5r5yt|-'), { head: [null, null, 'h2.v5r5yt'], tail: [null] });
  // One name out of place would move every later shard to the wrong file.
  assert.equal(parseShardNames('v5r5ytXYZ|777777'), null);
  assert.equal(parseShardNames('v5r5yt aaaa22|'), null, 'separated');
  assert.equal(parseShardNames('v5r5ytaaaa2|'), null, 'a name cut short');
  assert.equal(parseShardNames('a1b2c3d4 - 0f0f0f0f|11112222'), null, 'version 5 names');
  assert.equal(parseShardNames('v5r5yt|777777|aaaaaa'), null);
  assert.equal(parseShardNames('|777777'), null);
  assert.equal(parseShardNames(''), null);
});

// rank()'s plain twin: a Map of postings per token and an object per entry, as the ranking is
// written in docs/search-index.md. The fast one must agree with it to the last bit.
function referenceRank(plan, postingsByToken, stats) {
  const maps = new Map([...postingsByToken].map(([t, l]) => [t, new Map(l.entries.map((e, i) => [e, l.codes[i]]))]));
  const scores = new Map();
  for (const token of plan.tokens) {
    const postings = maps.get(token);
    if (!postings) continue;
    for (const [entry, code] of postings) {
      if (entry >= stats.entries) continue;
      const s = scores.get(entry) || { score: 0, matched: 0, tokens: [] };
      const n = stats.lengths && entry < stats.lengths.length ? stats.lengths[entry] : stats.average;
      s.score += tokenScore(code, postingsByToken.get(token).df, n, stats);
      s.matched += 1;
      s.tokens.push(token);
      scores.set(entry, s);
    }
  }
  const results = [];
  for (const [entry, s] of scores) {
    let score = s.score;
    const whole = s.matched >= plan.tokens.length;
    if (!whole) score *= 0.5 * (s.matched / plan.tokens.length);
    for (const phrase of whole ? plan.phrases : []) {
      if (!phrase.every((t) => maps.get(t.text)?.has(entry))) continue;
      const links = phrase.links || [];
      const held = links.length ? links.filter((t) => maps.get(t)?.has(entry)).length / links.length : 1;
      score = score * (1 + 1 * held) + 10 * held;
    }
    results.push({ entry, score, matched: s.matched, tokens: s.tokens, of: plan.tokens.length });
  }
  return results.sort((a, b) => b.score - a.score || a.entry - b.entry);
}

test('rank agrees with its plain twin on random postings', () => {
  let seed = 7;
  // The generator's high bits: its low ones repeat within a few draws.
  const random = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor((seed / 2147483648) * n); };
  const chars = '补偿标准停水通知公益岗位后期扶持资金';
  let whole = 0;
  for (let round = 0; round < 200; round++) {
    const query = Array.from({ length: 2 + random(9) }, () => chars[random(chars.length)]).join('');
    const plan = queryPlan(query);
    const entries = 1 + random(400);
    const lengths = random(3) ? Float64Array.from({ length: entries }, () => random(300)) : null;
    const stats = { entries, lengths, average: 1 + random(200) };
    const postingsByToken = new Map();
    for (const token of [...plan.tokens, ...plan.links]) {
      if (!random(8)) continue;
      const list = { df: 0, entries: [], codes: [] };
      for (let e = random(5); e < entries + 3; e += 1 + random(12)) { list.entries.push(e); list.codes.push(random(256)); }
      list.df = list.entries.length + random(3);
      postingsByToken.set(token, list);
    }
    const ranked = rank(plan, postingsByToken, stats);
    whole += ranked.filter((r) => r.matched === r.of && plan.links.length).length;
    const fast = ranked.map((r) => ({ entry: r.entry, score: r.score, matched: r.matched, tokens: r.tokens, of: r.of }));
    assert.deepEqual(fast, referenceRank(plan, postingsByToken, stats), query);
  }
  assert.ok(whole > 50, `entries holding a whole query with links: ${whole}`);
});

test('highlighting marks the matched characters and windows long text', () => {
  const plan = queryPlan('停水');
  assert.deepEqual(highlight('明天停水，请储水', plan), [
    { text: '明天', hit: false }, { text: '停水', hit: true }, { text: '，请储水', hit: false },
  ]);
  const long = '甲'.repeat(200) + '停水' + '乙'.repeat(200);
  const segments = highlight(long, plan, 40);
  assert.equal(segments[0].text, '…');
  assert.ok(segments.some((s) => s.hit && s.text === '停水'));
  assert.ok(segments.map((s) => s.text).join('').length <= 44);
  // Full-width query text matches half-width page text and keeps the page's characters.
  assert.deepEqual(highlight('AAAA级景区', queryPlan('ａａａａ')), [{ text: 'AAAA', hit: true }, { text: '级景区', hit: false }]);
});

test('a snippet\'s window never cuts a number at either end', () => {
  const plan = queryPlan('停水');
  const text = '甲'.repeat(30) + '停水' + '乙'.repeat(5) + '请拨打社区服务热线0870-7121101咨询。';
  const shown = highlight(text, plan, 30).map((s) => s.text).join('');
  assert.ok(shown.includes('0870-7121101'), shown);
  const before = '咨询电话13800000001停水' + '丁'.repeat(40);
  const head = highlight(before, plan, 12).map((s) => s.text).join('');
  assert.ok(head.startsWith('…13800000001停水'), head);
});

test('a snippet\'s phone numbers are segments to dial, never cut by a mark', () => {
  // 3栋 asked: the 3 inside the mobile was marked, splitting 1|3|800000001.
  const segments = phoneSegments(highlight('网格员 张某某 13800000001；3个单元', queryPlan('3栋')));
  assert.deepEqual(segments, [
    { text: '网格员 张某某 ', hit: false }, { text: '13800000001', hit: false, tel: '13800000001' },
    { text: '；', hit: false }, { text: '3', hit: true }, { text: '个单元', hit: false },
  ]);
  const landline = phoneSegments([{ text: '咨询电话0870-7121101。', hit: false }]);
  assert.deepEqual(landline[1], { text: '0870-7121101', hit: false, tel: '08707121101' });
  // An amount, a date, an ID number: no call.
  for (const text of ['补偿12345678元', '2026-12-03', '530000199001011234', '138000000011', '010-1234567', '0870-512345']) {
    assert.ok(!phoneSegments([{ text, hit: false }]).some((s) => s.tel), text);
  }
});

test('the module never builds HTML from strings', () => {
  const source = readFileSync(join(root, 'templates/assets/search.mjs'), 'utf8');
  for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write']) {
    assert.ok(!source.includes(sink), `search.mjs uses ${sink}`);
  }
});

// Tests/vectors/search-index.json, which the Swift builder writes byte for byte.
const indexVectors = JSON.parse(readFileSync(join(root, 'Tests/vectors/search-index.json'), 'utf8'));

test('the index vectors decode to their postings: each token in the shard its hash names', () => {
  const shards = (list) => list.map((hex) => parseShard(Uint8Array.from(hex.match(/../g) || [], (h) => parseInt(h, 16))));
  const head = shards(indexVectors.head), tail = shards(indexVectors.tail);
  assert.ok(indexVectors.postings.length >= 5);
  for (const v of indexVectors.postings) {
    const found = [];
    for (const segment of [head, tail]) {
      const record = segment[shardHash(v.token) % segment.length].get(v.token);
      if (record) {
        const { entries, codes } = decodePostings(record.bytes);
        entries.forEach((entry, i) => found.push([entry, codes[i]]));
      }
      // Every record of every shard sits where its hash says.
      segment.forEach((shard, n) => { for (const token of shard.keys()) assert.equal(shardHash(token) % segment.length, n, token); });
    }
    assert.deepEqual(found, v.postings, v.token);
  }
  assert.deepEqual(indexVectors.entries.slice(0, 2), ['/guides/g/', '/qa/shui/'], 'undated entries first, by URL');
});

test('the tail\'s filter of the vectors is the one its formula makes of the tail\'s tokens', () => {
  const tail = indexVectors.tail.map((hex) => parseShard(Uint8Array.from(hex.match(/../g) || [], (h) => parseInt(h, 16))));
  const tokens = tail.flatMap((shard) => [...shard.keys()]);
  const filter = parseTailFilter(indexVectors.tailFilter);
  assert.ok(filter && tokens.length > 10, indexVectors.tailFilter);
  const bits = filter.bytes.length * 8;
  const made = new Uint8Array(filter.bytes.length);
  for (const token of tokens) for (const p of filterPositions(shardHash(token), bits, filter.probes)) made[p >> 3] |= 1 << (p & 7);
  assert.deepEqual(made, filter.bytes);
  for (const token of tokens) assert.ok(tailMayHold(filter, shardHash(token)), token);
  // The head's own tokens: most are known to be absent (a few may pass, as a Bloom filter lets them).
  const head = indexVectors.head.flatMap((hex) => [...parseShard(Uint8Array.from(hex.match(/../g) || [], (h) => parseInt(h, 16))).keys()]);
  const headOnly = head.filter((token) => !tokens.includes(token));
  assert.ok(headOnly.length > 10 && headOnly.filter((token) => tailMayHold(filter, shardHash(token))).length <= headOnly.length / 4);
  for (const text of ['', 'x:AAAA', '0:AAAA', '17:AAAA', '7:@@@@', '7:', '7:AAAA extra']) assert.equal(parseTailFilter(text), null, text);
  // Every size and probe count at the formula's edges, rebuilt bit for bit.
  assert.ok(indexVectors.filters.length >= 5);
  for (const v of indexVectors.filters) {
    const parsed = parseTailFilter(v.filter);
    assert.ok(parsed && parsed.bytes.length === v.bytes && parsed.probes === v.probes, v.filter.slice(0, 20));
    const rebuilt = new Uint8Array(v.bytes);
    for (const token of v.tokens) for (const p of filterPositions(shardHash(token), v.bytes * 8, v.probes)) rebuilt[p >> 3] |= 1 << (p & 7);
    assert.deepEqual(rebuilt, parsed.bytes, `${v.bytes} bytes, ${v.probes} probes`);
    for (const token of v.tokens) assert.ok(tailMayHold(parsed, shardHash(token)), token);
  }
});

test('the reader finds every display record in the file and at the place the vectors give', () => {
  const alphabet = [...Array(94).keys()].map((i) => String.fromCharCode(0x21 + i)).filter((c) => c !== '"' && c !== '\\');
  const meta = { blocks: ['b0'], places: indexVectors.places.map((p) => alphabet[p]).join('') };
  assert.ok(indexVectors.recordFiles.some((file) => file.length > 1), 'a topic and its questions share a file');
  for (const file of indexVectors.recordFiles) {
    file.forEach((entry, place) => assert.deepEqual(recordLocation(meta, entry), { file: `d/b0/${file[0]}.bin`, place }, `entry ${entry}`));
  }
});

// The inflater for browsers without DecompressionStream, against Node's zlib (its twin).
test('shards inflate the same with our inflater as with zlib, for every kind of block', async () => {
  const { deflateSync, inflateSync } = await import('node:zlib');
  const { readdirSync, readFileSync: read } = await import('node:fs');
  const text = new TextEncoder().encode('补偿标准停水通知'.repeat(500) + 'abc'.repeat(300));
  const random = Uint8Array.from({ length: 5000 }, (_, i) => (i * 2654435761) >>> 24);
  for (const input of [new Uint8Array(0), text, random, Uint8Array.from({ length: 70000 }, (_, i) => i % 7)]) {
    for (const level of [0, 1, 6, 9]) {
      const packed = deflateSync(input, { level });
      assert.deepEqual(Buffer.from(inflateZlib(packed)), Buffer.from(input), `level ${level}, ${input.length} bytes`);
      assert.deepEqual(Buffer.from(await inflateShard(packed)), Buffer.from(input));
    }
  }
  assert.throws(() => inflateZlib(Uint8Array.of(1, 2, 3, 4, 5, 6, 7)), /not zlib/);
  assert.throws(() => inflateZlib(deflateSync(text).subarray(0, 40)), /damaged/);
  const site = sampleSites();
  const folder = join(site, 'wenbi', 'search', 's');
  const names = readdirSync(folder);
  assert.ok(names.length > 1);
  for (const name of names) {
    const bytes = read(join(folder, name));
    if (bytes.length) assert.deepEqual(Buffer.from(inflateZlib(new Uint8Array(bytes))), inflateSync(bytes), name);
  }
});

test('a long query keeps its numbers and Latin words, the parts that tell one notice from its like', () => {
  const plan = queryPlan('滨江社区6863年第四季度拟新增最低生活保障对象公示');
  assert.ok(plan.tokens.includes('6863'), plan.tokens.join(' '));
  assert.equal(plan.tokens.length, 4);
  assert.ok(plan.tokens.some((t) => /\p{Script=Han}/u.test(t)), 'room is left for the Chinese around it');
  assert.deepEqual(queryPlan('1号 2号 3号 4号 5号 6号').tokens, ['1', '2', '3', '4'], 'numbers alone: the first four');
});

test('a partial result says which parts of the question it holds, as whole as its pairs make them', () => {
  assert.deepEqual(coveredParts('家里老人过世了,后扶的钱', ['家里', '老人', '后扶']), ['家里老人', '后扶']);
  assert.deepEqual(coveredParts('补偿标准', ['补偿', '偿标', '标准']), ['补偿标准'], 'overlapping pairs');
  assert.deepEqual(coveredParts('招巡河员一个月', ['一个', '个月', '600']), ['一个月'], 'a token the question lacks says nothing');
  assert.deepEqual(coveredParts('停水停电', ['停水', '停电']), ['停水停电']);
  assert.deepEqual(coveredParts('补偿', []), []);
});
