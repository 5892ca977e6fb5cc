// Search survives any query: a pasted page, a long `?q=` link, a key held down. Queries are
// cut to MAX_QUERY_CHARS code points, and pinyin segmentation is linear in the length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureBuilt, sampleSites } from './helpers.mjs';
import {
  MAX_QUERY_CHARS, buildingIn, capQuery, homophonePlans, pinyinPlans, queryPlan,
  segmentPinyin, synonymQueries,
} from '../../templates/assets/search.mjs';
import { openSite } from '../../scripts/search.mjs';

ensureBuilt();

/**
 * segmentPinyin as it was before it became linear (it copied the list at every step). With
 * `lastTieWins`, the other tie-break, only to show that ties are exercised.
 */
function referenceSegmentPinyin(letters, syllables, lastTieWins = false) {
  const n = letters.length;
  const best = new Array(n + 1).fill(null);
  best[0] = [];
  for (let i = 0; i < n; i++) {
    if (!best[i]) continue;
    for (let j = i + 1; j <= Math.min(n, i + 6); j++) {
      const s = letters.slice(i, j);
      const shorter = !best[j] || best[j].length > best[i].length + 1 || (lastTieWins && best[j].length === best[i].length + 1);
      if (syllables.has(s) && shorter) best[j] = [...best[i], s];
    }
  }
  return best[n];
}

/** Seeded PRNG: the same strings every run. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const codePoints = (text) => Array.from(text).length;
const termsLength = (plan) => plan.terms.reduce((total, term) => total + codePoints(term), 0);

let opened;
/** The wenbi sample site, opened as scripts/search.mjs does, and its syllable list. */
async function wenbi() {
  if (!opened) {
    const dir = join(sampleSites(), 'wenbi');
    const { index } = await openSite(dir);
    const words = await index.words();
    const syllables = new Set((words.syllables || '').split(' ').filter(Boolean));
    opened = { dir, index, words, syllables };
  }
  return opened;
}

test('segmentPinyin gives exactly what the old implementation gave, ties included', async () => {
  const { syllables } = await wenbi();
  assert.ok(syllables.size > 300, `the sample site lists ${syllables.size} syllables`);
  const list = [...syllables];
  const random = mulberry32(0x616e6a75);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const inputs = ['', 'a', 'buchang', 'xian', 'fangan', 'xianggang', 'jianga', 'bc', 'zzzz', 'ererer'];
  for (let k = 0; k < 5000; k++) {
    const length = Math.floor(random() * 41);
    let text = '';
    while (text.length < length) {
      // Mostly real syllables (so most strings segment and ties are common), some stray letters.
      text += random() < 0.9 ? list[Math.floor(random() * list.length)] : letters[Math.floor(random() * 26)];
    }
    inputs.push(text.slice(0, length));
  }
  let segmented = 0;
  let ties = 0;
  for (const text of inputs) {
    const expected = referenceSegmentPinyin(text, syllables);
    assert.deepEqual(segmentPinyin(text, syllables), expected, JSON.stringify(text));
    if (expected) segmented += 1;
    if (JSON.stringify(referenceSegmentPinyin(text, syllables, true)) !== JSON.stringify(expected)) ties += 1;
  }
  // Not vacuous: many inputs segment, and many have equally short splits to choose between.
  assert.ok(segmented > inputs.length / 4, `${segmented} of ${inputs.length} segmented`);
  assert.ok(ties > 100, `${ties} inputs with a tie`);
});

test('segmentPinyin keeps its null result and its empty split', () => {
  const syllables = new Set(['bu', 'chang', 'xi', 'an', 'xian']);
  assert.deepEqual(segmentPinyin('', syllables), []);
  assert.equal(segmentPinyin('bc', syllables), null);
  assert.equal(segmentPinyin('buchangx', syllables), null);
  assert.deepEqual(segmentPinyin('xian', syllables), ['xian']);
});

test('segmentPinyin finishes on buchang repeated 9,000 times', async () => {
  const { syllables } = await wenbi();
  const parts = segmentPinyin('buchang'.repeat(9000), syllables);
  assert.ok(Array.isArray(parts));
  assert.equal(parts.join(''), 'buchang'.repeat(9000));
  assert.equal(parts.length, 18000);
});

test('capQuery cuts at MAX_QUERY_CHARS code points and never splits a surrogate pair', () => {
  assert.equal(MAX_QUERY_CHARS, 100);
  assert.equal(capQuery('补偿'), '补偿');
  assert.equal(capQuery(''), '');
  assert.equal(capQuery('补'.repeat(60000)), '补'.repeat(100));
  // An astral character that is the 100th code point stays whole…
  assert.equal(capQuery('a'.repeat(99) + '𠀀' + 'b'), 'a'.repeat(99) + '𠀀');
  // …and one that would be the 101st is left out whole, not half of it.
  assert.equal(capQuery('a'.repeat(100) + '𠀀'), 'a'.repeat(100));
  assert.equal(capQuery('𠀀'.repeat(150)), '𠀀'.repeat(100));
  const mixed = capQuery('补𠀀'.repeat(80));
  assert.equal(codePoints(mixed), 100);
  assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(mixed), 'a lone surrogate');
  // Full-width letters are one code point each, before normalising as after.
  assert.equal(codePoints(capQuery('ｂ'.repeat(200))), 100);
});

test('every entry point of a raw query caps it', async () => {
  const { syllables, words } = await wenbi();
  const readings = new Map([['补', 'bu'], ['尝', 'chang']]);
  const hostile = ['补'.repeat(60000), 'buchang'.repeat(9000), 'a '.repeat(30000), '1'.repeat(60000), '低保'.repeat(30000),
    '补尝'.repeat(30000), '第'.repeat(30000) + '3栋'];
  for (const query of hostile) {
    const capped = capQuery(query);
    assert.deepEqual(queryPlan(query), queryPlan(capped));
    assert.ok(termsLength(queryPlan(query)) <= MAX_QUERY_CHARS);
    assert.deepEqual(pinyinPlans(query, syllables), pinyinPlans(capped, syllables));
    assert.deepEqual(homophonePlans(query, readings), homophonePlans(capped, readings));
    assert.deepEqual(synonymQueries(query, words.synonyms), synonymQueries(capped, words.synonyms));
    assert.equal(buildingIn(query), buildingIn(capped));
  }
});

test('a sample site searches hostile queries without throwing', async () => {
  const { index } = await wenbi();
  for (const query of ['补'.repeat(60000), 'buchang'.repeat(9000), '𠀀'.repeat(60000), 'a '.repeat(30000), '补偿'.repeat(30000) + '标准']) {
    const outcome = await index.search(query, { limit: 10, first: 10 });
    // The query's own terms and, for highlighting, those of at most four synonym variants.
    assert.ok(termsLength(outcome.plan) <= MAX_QUERY_CHARS * 5, `${termsLength(outcome.plan)} characters of terms`);
    assert.ok(Array.isArray(outcome.results));
  }
  // Capped, not emptied: the first 100 characters are still searched.
  const long = await index.search('补偿'.repeat(30000), { limit: 10, first: 10 });
  assert.deepEqual(long.plan.terms[0], '补偿'.repeat(50));
  const pinyin = await index.search('buchang'.repeat(9000), { limit: 10, first: 10 });
  assert.deepEqual(pinyin.plan.terms, ['buchang'.repeat(14) + 'bu']);
});
