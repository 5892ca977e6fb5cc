// The same vectors as Tests/AnjuCoreTests/SearchTextTests.swift: Swift and the browser
// must cut text identically or the index and the query would not meet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './helpers.mjs';
import { normalize, indexTokens, shardHash, queryPlan, decodePostings, rank, highlight } from '../../templates/assets/search.mjs';

const vectors = JSON.parse(readFileSync(join(root, 'Tests/vectors/search-text.json'), 'utf8'));

test('normalisation matches the shared vectors', () => {
  for (const v of vectors.normalize) assert.equal(normalize(v.input), v.output, v.input);
});

test('index tokens match the shared vectors', () => {
  for (const v of vectors.indexTokens) {
    assert.deepEqual(indexTokens(v.input).map((t) => [t.text, t.position]), v.tokens, v.input);
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
  }
});

test('postings decode from deltas', () => {
  const postings = decodePostings([3, 200, 2, 5, 4, 2, 17, 1, 9]);
  assert.deepEqual([...postings.keys()], [3, 5]);
  assert.deepEqual(postings.get(3), { impact: 200, positions: [5, 9] });
  assert.deepEqual(postings.get(5), { impact: 17, positions: [9] });
});

test('a page with the whole phrase ranks above one with its parts scattered', () => {
  const plan = queryPlan('补偿标准');
  // Entry 1 has 补偿 and 标准 far apart but with higher impacts; entry 2 has "补偿标准".
  const postings = new Map([
    ['补偿', new Map([[1, { impact: 120, positions: [0] }], [2, { impact: 60, positions: [10] }]])],
    ['标准', new Map([[1, { impact: 120, positions: [40] }], [2, { impact: 60, positions: [12] }]])],
  ]);
  const ranked = rank(plan, postings);
  assert.deepEqual(ranked.map((r) => r.entry), [2, 1]);
});

test('an entry with only part of the query ranks below complete ones', () => {
  const plan = queryPlan('停水 通知');
  const postings = new Map([
    ['停水', new Map([[1, { impact: 250, positions: [0] }], [2, { impact: 50, positions: [0] }]])],
    ['通知', new Map([[2, { impact: 50, positions: [9] }]])],
  ]);
  assert.deepEqual(rank(plan, postings).map((r) => r.entry), [2, 1]);
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

test('the module never builds HTML from strings', () => {
  const source = readFileSync(join(root, 'templates/assets/search.mjs'), 'utf8');
  for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write']) {
    assert.ok(!source.includes(sink), `search.mjs uses ${sink}`);
  }
});
