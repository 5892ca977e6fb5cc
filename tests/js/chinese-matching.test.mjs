// Pinyin, initials, homophone typos and synonyms: what residents actually type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildInlineSite, ensureBuilt, notice, sampleSites } from './helpers.mjs';
import { homophonePlans, pinyinPlans, segmentPinyin, synonymQueries } from '../../templates/assets/search.mjs';
import { searchSite } from '../../scripts/search.mjs';

ensureBuilt();
const syllables = new Set('a an bu chang xi xian gong yi xing gang wei di bao hou qi fu chi'.split(' '));

test('pinyin is segmented into the fewest syllables', () => {
  assert.deepEqual(segmentPinyin('buchang', syllables), ['bu', 'chang']);
  assert.deepEqual(segmentPinyin('xian', syllables), ['xian']);
  assert.deepEqual(segmentPinyin('gongyixinggangwei', syllables), ['gong', 'yi', 'xing', 'gang', 'wei']);
  assert.equal(segmentPinyin('bc', syllables), null);
});

test('Latin letters become pinyin or initials lookups', () => {
  assert.deepEqual(pinyinPlans('buchang', syllables)[0].plan.tokens, ["~bu'chang"]);
  assert.deepEqual(pinyinPlans('bu chang', syllables)[0].plan.tokens, ["~bu'chang"]);
  assert.deepEqual(pinyinPlans('bc', syllables)[0].plan.tokens, ['^bc']);
  assert.ok(pinyinPlans('bc', syllables)[0].weight < pinyinPlans('buchang', syllables)[0].weight);
  assert.deepEqual(pinyinPlans('0870', syllables), []);
  assert.deepEqual(pinyinPlans('xian', syllables), [], 'one syllable is not looked up as pinyin');
});

test('a homophone typo is read aloud', () => {
  const readings = new Map([['补', 'bu'], ['尝', 'chang'], ['低', 'di'], ['报', 'bao']]);
  assert.deepEqual(homophonePlans('补尝', readings)[0].plan.tokens, ["~bu'chang"]);
  assert.deepEqual(homophonePlans('低报', readings)[0].plan.tokens, ["~di'bao"]);
  assert.deepEqual(homophonePlans('水', readings), []);
});

test('synonyms are swapped into the query', () => {
  const groups = [['后扶', '后期扶持'], ['低保', '最低生活保障']];
  assert.deepEqual(synonymQueries('后扶资金', groups), ['后期扶持资金']);
  assert.deepEqual(synonymQueries('最低生活保障', groups), ['低保']);
  assert.deepEqual(synonymQueries('停水', groups), []);
});

test('exact characters rank above pinyin and homophone matches', async () => {
  const site = buildInlineSite({
    'notices/exact.md': notice('补尝说明', '本页写的就是补尝。'),
    'notices/sound.md': notice('补偿标准', '补偿按公布的标准执行。'),
    'notices/latin.md': notice('buchang 项目', '项目代号 buchang。'),
  });
  const typo = await searchSite(site, '补尝');
  assert.deepEqual(typo.map((r) => r.url), ['/notices/exact/', '/notices/sound/']);
  const pinyin = await searchSite(site, 'buchang');
  assert.equal(pinyin[0].url, '/notices/latin/');
  assert.ok(pinyin.some((r) => r.url === '/notices/sound/'));
});

test('a site can add its own synonyms', async () => {
  const site = buildInlineSite({
    'synonyms.yml': '- [车间, 帮扶车间]\n- 老协 = 老年协会\n',
    'notices/a.md': notice('老年协会换届', '老年协会本周换届。'),
  });
  assert.equal((await searchSite(site, '老协'))[0]?.url, '/notices/a/');
});

const cases = [
  ['buchang', '/qa/buchang-biaozhun/'],
  ['bu chang', '/qa/buchang-biaozhun/'],
  ['bc', '/qa/buchang-biaozhun/'],
  ['补尝', '/qa/buchang-biaozhun/'],
  ['低报', '/qa/minsheng-baozhang/'],
  ['dibao', '/qa/minsheng-baozhang/'],
  ['公亦性岗位', '/qa/jiuye-peixun/'],
  ['gyxgw', '/qa/jiuye-peixun/'],
  ['后扶', '/qa/houqi-fuchi/'],
  ['houqifuchi', '/qa/houqi-fuchi/'],
  ['最低生活保障', '/qa/minsheng-baozhang/#移民家庭生活困难可以申请低保吗'],
  ['公益岗', '/qa/jiuye-peixun/'],
  ['上访', '/qa/xinfang-suqiu/'],
  ['xinfang', '/qa/xinfang-suqiu/'],
  ['断水', '/notices/ting-shui-1130/'],
  ['高龄津贴', '/qa/minsheng-baozhang/#高龄补贴怎么领'],
  ['邵女平', '/projects/shaonvping-jingqu/'],
  ['tingshui', '/notices/ting-shui-1130/'],
  ['帮扶车jian', '/projects/bangfu-chejian/'],
];

for (const [query, expected] of cases) {
  test(`wenbi: misspelt, pinyin or short “${query}” finds ${expected} in the top 3`, async () => {
    const results = await searchSite(join(sampleSites(), 'wenbi'), query, 3);
    assert.ok(results.some((r) => r.url === expected), `top 3 for ${query}: ${results.map((r) => r.url).join(', ')}`);
  });
}
