// Pinyin, initials, homophone typos and synonyms: what residents actually type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildInlineSite, ensureBuilt, notice, sampleSites } from './helpers.mjs';
import { everyPair, homophonePlans, MAX_EVERY_PAIR, misheardPairs, normalize, soundingAlike, unheardPairs, pinyinPlans, placesAsKeys, queryPlan, realignedPlan, segmentPinyin, soundAlikePlan, spokenNumbersAsDigits, synonymQueries } from '../../templates/assets/search.mjs';
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

test('a pair no page holds is read aloud, the rest of the question as said', () => {
  const readings = new Map([['滴', 'di'], ['保', 'bao'], ['公', 'gong'], ['示', 'shi']]);
  const plan = { tokens: ['滴保', '公示'], phrases: [], links: [], terms: ['滴保公示'] };
  const mended = soundAlikePlan(plan, ['滴保'], readings);
  assert.deepEqual(mended.plan.tokens, ["~di'bao", '公示']);
  assert.ok(mended.weight < 0.9 && mended.weight > 0.5, 'below synonyms, above a partial match as typed');
  assert.equal(mended.whole, true, 'an entry holds all of it');
  assert.equal(soundAlikePlan(plan, [], readings), null, 'every pair held: nothing to mend');
  assert.equal(soundAlikePlan(plan, ['滴保'], new Map()), null, 'no reading: nothing to mend');
});

test('pairs that straddle the words are read one character later where pages hold that pair', () => {
  const plan = queryPlan('报名学面点要带');
  assert.deepEqual(plan.tokens, ['报名', '学面', '点要', '要带']);
  assert.deepEqual(realignedPlan(plan, new Set(['报名', '要带', '面点'])).tokens, ['报名', '面点', '要带']);
  assert.equal(realignedPlan(plan, new Set(['报名', '学面', '点要', '要带', '面点'])), null, 'every pair held: nothing to reread');
  assert.equal(realignedPlan(plan, new Set(['报名', '要带'])), null, 'the link is held by no page either');
});

test('a word cut in two by the pairs of a question is found', async () => {
  const files = { 'notices/mianidan.md': notice('面点培训班开始报名', '面点培训班报名请带身份证和户口簿，到社区便民服务中心登记。') };
  for (const [i, what] of ['电工', '家政', '电商', '焊工', '厨师', '保育员'].entries()) {
    files[`notices/other-${i}.md`] = notice(`${what}培训报名`, `${what}培训报名：请带身份证，报名时间五个工作日。`);
  }
  const site = buildInlineSite(files);
  const results = await searchSite(site, '报名学面点要带啥子', 3);
  assert.equal(results[0]?.url, '/notices/mianidan/', results.map((r) => r.url).join(', '));
});

test('a question nothing holds whole is read again with every pair of it, overlapping', () => {
  assert.deepEqual(everyPair('跟花园社区开'), ['跟花', '花园', '园社', '社区', '区开']);
  assert.deepEqual(everyPair('开的那个联席会'), ['那个', '个联', '联席', '席会'], 'no pair with a function character');
  assert.deepEqual(everyPair('3号楼，停水 hello 水'), ['号楼', '停水'], 'Han runs only; a lone character is no pair');
  assert.deepEqual(everyPair('停水停水'), ['停水', '水停'], 'each pair once');
  assert.equal(everyPair('我'.repeat(100)).length, 1);
  assert.equal(everyPair('天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏').length, MAX_EVERY_PAIR, 'a long question costs at most this many');
});

test('the pairs a microphone may have misheard are those no page holds among words pages do', () => {
  const held = new Set(['会在', '地方', '九组']);
  assert.deepEqual(unheardPairs('第九组的院霸会在', held), ['第九', '院霸', '霸会']);
  assert.deepEqual(unheardPairs('地方', held), [], 'every pair held');
  assert.deepEqual(unheardPairs('第九组的院霸会在', held, new Set(['院霸', '会在'])), ['院霸'], 'only pairs looked up');
});

test('the pairs likeliest misheard are those beside a held word, none with a character said alone', () => {
  const held = new Set(['帮扶', '扶车']);
  const looked = new Set(['帮扶', '车见', '去帮', '衣服', '扶车']);
  assert.deepEqual(misheardPairs('去帮扶车见', held, looked), ['车见'], '去帮 straddles 去|帮扶; 车见 sits beside 扶车');
  assert.deepEqual(misheardPairs('衣服帮扶车见', held, looked), ['车见', '衣服'], 'beside a held word first');
  assert.deepEqual(misheardPairs('帮扶', held, looked), [], 'every pair held');
});

test('a misheard pair is replaced only by characters of the same sound next to the same neighbour', () => {
  const readings = new Map([['院', 'yuan'], ['霸', 'ba'], ['坝', 'ba'], ['打', 'da'], ['大', 'da'], ['零', 'ling'], ['龄', 'ling']]);
  assert.equal(soundingAlike('村里的院坝会定在周六', '院霸', readings, '的', '会'), '院坝');
  assert.equal(soundingAlike('院坝里晒粮食', '院霸', readings, '的', '会'), null, 'the sound alone is not enough');
  assert.equal(soundingAlike('大龄劳动力优先', '打零', readings, '园', '工'), null, '打零工 is no 大龄工');
  assert.equal(soundingAlike('院坝会', '院霸', readings, null, null), null, 'a pair with no neighbour to check');
  const alone = new Map([['去', 'qu'], ['区', 'qu'], ['帮', 'bang']]);
  assert.equal(soundingAlike('社区帮扶车间', '去帮', alone, '要', '扶'), null, '去 said alone is heard right: 去|帮扶');
});

test('a question with a misheard word gets the site\'s word as a suggestion, and a right one none', async () => {
  const { openSite } = await import('../../scripts/search.mjs');
  const { index } = await openSite(join(sampleSites(), 'wenbi'));
  const misheard = await index.search('我们第九组的院霸会在哪个地方开', { limit: 3 });
  const found = await index.suggestion(misheard);
  assert.equal(found?.text, '我们第九组的院坝会在哪个地方开', JSON.stringify(found));
  assert.deepEqual(found.replaced, [['院霸', '院坝']]);
  assert.deepEqual(found.segments.map((s) => s.changed ? `[${s.text}]` : s.text).join(''), '我们第九组的[院坝]会在哪个地方开');
  for (const question of ['去科技园打零工一天给好多钱', '停水']) {
    const outcome = await index.search(question, { limit: 3 });
    assert.equal(await index.suggestion(outcome), null, question);
  }
});

test('a run the table cannot read whole is not read aloud', () => {
  const readings = new Map([['居', 'ju'], ['住', 'zhu'], ['明', 'ming'], ['要', 'yao']]);
  assert.deepEqual(homophonePlans('開居住證明要帶', readings), [], 'one readable pair would stand for the question');
});

test('a microphone homophone of one word finds its page among pages holding the other word', async () => {
  const files = { 'notices/dibao.md': notice('低保对象公示', '拟新增低保对象名单公示如下。') };
  for (const [i, what] of ['公益性岗位', '高龄补贴', '临时救助', '残疾人补贴', '危房改造', '医疗救助'].entries()) {
    files[`notices/other-${i}.md`] = notice(`${what}公示`, `${what}名单公示：公示期五个工作日，公示无异议后发放。`);
  }
  const site = buildInlineSite(files);
  for (const query of ['滴保公示', '底保公示']) {
    const results = await searchSite(site, query, 3);
    assert.equal(results[0]?.url, '/notices/dibao/', `${query}: ${results.map((r) => r.url).join(', ')}`);
  }
});

test('numbers said in words before a unit become the digits pages write', () => {
  const cases = [
    ['高龄补贴十二月能到账', '高龄补贴12月能到账'], ['十二月三号停电', '12月3号停电'], ['八十二岁', '82岁'],
    ['扶持二十年', '扶持20年'], ['二〇二六年', '2026年'], ['三百元', '300元'],
    // Left as said: words, names, a day without its month (the digits would be a building's
    // number), a group, a year under ten.
    ['一个月', '一个月'], ['两年', '两年'], ['九年义务教育', '九年义务教育'], ['三年级', '三年级'], ['五保户', '五保户'],
    ['第九网格', '第九网格'], ['四号那天停水', '四号那天停水'], ['四号楼', '四号楼'], ['第十组', '第十组'],
    ['第二天送餐', '第二天送餐'], ['五个工作日', '五个工作日'],
  ];
  for (const [said, written] of cases) assert.equal(spokenNumbersAsDigits(said), written, said);
});

test('a number said in words finds the page that writes it in digits', async () => {
  const site = buildInlineSite({
    'notices/years.md': notice('大中型水库移民后期扶持政策问答', '移民搬迁以后，国家按规定给予后期扶持。后期扶持资金每人每年600元，'
      + '按季度发放到个人账户。扶持期限为20年，从搬迁之日起计算。资金发放情况在社区公示栏公布，有疑问可以到社区移民工作站查询。'),
    'notices/other.md': notice('后期扶持项目', '后期扶持项目扶持到村到户，后期扶持资金按项目公示。'),
  });
  assert.equal((await searchSite(site, '后期扶持是不是要扶持二十年', 3))[0]?.url, '/notices/years/');
});

test('a building or group is read as its key however it is said', () => {
  for (const [said, key] of [['5栋', 'zhuang5'], ['五号楼', 'zhuang5'], ['第5幢', 'zhuang5'], ['十二栋', 'zhuang12'],
    ['10组', 'zu10'], ['第十组', 'zu10'], ['第十居民小组', 'zu10'], ['第３组', 'zu3']]) {
    assert.equal(placesAsKeys(normalize(said)).trim(), key, said);
  }
  for (const text of ['3楼', '三单元', '第十网格', '12月3号', 'a栋', 'b2栋', '3-1栋', '1234栋', '统一组织', '这一栋楼', '两组人']) {
    assert.equal(placesAsKeys(text), text, text);
  }
});

test('a building named by an id of letters or a hyphen is still that building', async () => {
  const dir = buildInlineSite({
    'grid.yml': 'grids:\n  - id: 1\n    name: 第一网格\n    manager: {name: 张某某, phone: 13800000001}\n'
      + '    buildings: [{id: b2}, {id: 3-1}, {id: 2}, {id: 1}]\n',
  });
  for (const [query, url] of [['b2栋的楼栋长', '/grid/#building-b2'], ['3-1栋网格员', '/grid/#building-3-1'], ['二栋', '/grid/#building-2']]) {
    assert.equal((await searchSite(dir, query, 1))[0]?.url, url, query);
  }
});

test('a notice naming its buildings with a unit after each end, or as a list, is found by any one of them', async () => {
  const site = buildInlineSite({
    'notices/a.md': notice('关于检修停电的通知', '停电范围：第1幢至第8幢。'),
    'notices/b.md': notice('关于屋面维修的公示', '维修楼栋：第3、7、12幢。'),
    'notices/c.md': notice('关于第二次停电的通知', '停电范围：第9幢至第16幢。'),
  });
  for (const [query, url] of [['我住五幢哪天停电', '/notices/a/'], ['七栋屋面维修', '/notices/b/'], ['12号楼维修', '/notices/b/'],
    ['十六幢停电', '/notices/c/']]) {
    assert.equal((await searchSite(site, query, 3))[0]?.url, url, query);
  }
});

test('the line of what a partial match holds names what the resident said, never a key', async () => {
  const { openSite } = await import('../../scripts/search.mjs');
  const site = buildInlineSite({
    'notices/lift.md': notice('电梯检修', '电梯检修，请走楼梯。', 'schedule:\n  - {start: 2026-12-02 08:00, end: 2026-12-02 18:00, area: 第3至第9幢}\n'),
  });
  const { index } = await openSite(site);
  const outcome = await index.search('5栋停水', { limit: 3, first: 3 });
  assert.equal(outcome.results[0]?.url, '/notices/lift/', 'the notice covering building 5 holds part of the question');
  assert.ok(outcome.partial);
  assert.ok(!outcome.found.some((part) => /zhuang|zu[0-9]/.test(part)), JSON.stringify(outcome.found));
});

test('a building or group inside the range of a notice finds the notice', async () => {
  const cut = (title, area) => notice(title, '因管道改接施工停水，请提前储水。', `schedule:\n  - {start: 2026-12-02 08:00, end: 2026-12-02 18:00, area: ${area}}\n`);
  const site = buildInlineSite({
    'notices/a.md': cut('关于12月2日停水的通知', '第3至第9幢'),
    'notices/b.md': cut('关于12月3日停水的通知', '第10至第15幢'),
    'notices/c.md': cut('关于12月4日停水的通知', '第9至第11居民小组'),
    'notices/d.md': cut('关于12月5日停水的通知', '第1至第4居民小组'),
  });
  for (const [query, url] of [['我住五栋哪天停水', '/notices/a/'], ['5幢停水吗', '/notices/a/'], ['12号楼什么时候停水', '/notices/b/'],
    ['我们第十组啥时候停水', '/notices/c/'], ['10组停水是哪天', '/notices/c/'], ['第二组哪天停水', '/notices/d/']]) {
    const results = await searchSite(site, query, 3);
    assert.equal(results[0]?.url, url, `${query}: ${results.map((r) => r.url).join(', ')}`);
  }
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

test('a word a site adds to a long group of the lexicon is tried first, not after the lexicon\'s', async () => {
  // The lexicon's 招工 group has six alternatives; the browser tries three.
  const site = buildInlineSite({
    'synonyms.yml': '- [招工, 缺人手]\n',
    'notices/a.md': notice('帮扶车间缺人手', '车间缺人手，欢迎报名。'),
  });
  assert.equal((await searchSite(site, '招工'))[0]?.url, '/notices/a/');
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
