// Queries a resident would type, over the sample content: the page they need must be in
// the top three. A ranking change that breaks one of these is a regression.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildInlineSite, ensureBuilt, notice, sampleSites } from './helpers.mjs';
import { searchSite } from '../../scripts/search.mjs';

ensureBuilt();

const cases = [
  ['wenbi', '补偿标准', '/qa/buchang-biaozhun/'],
  ['wenbi', '停水', '/notices/ting-shui-1130/'],
  // Was the question #公益性岗位有哪些谁可以申请; since the sample site has 公益性岗位 公示 and
  // job notices of its own, the topic that holds that question is the answer in the top 3.
  ['wenbi', '公益性岗位', '/qa/jiuye-peixun/'],
  ['wenbi', '信访', '/qa/xinfang-suqiu/'],
  ['wenbi', '邵女坪', '/projects/shaonvping-jingqu/'],
  ['wenbi', '0870', '/contact/'],
  ['wenbi', 'AAAA', '/projects/shaonvping-jingqu/'],
  ['wenbi', '后期扶持', '/qa/houqi-fuchi/'],
  ['wenbi', '扶持多少年', '/qa/houqi-fuchi/#后期扶持资金每人每年多少钱扶持多少年'],
  ['wenbi', '600元', '/qa/houqi-fuchi/#后期扶持资金每人每年多少钱扶持多少年'],
  ['wenbi', '低保', '/qa/minsheng-baozhang/#移民家庭生活困难可以申请低保吗'],
  ['wenbi', '高龄补贴', '/qa/minsheng-baozhang/#高龄补贴怎么领'],
  ['wenbi', '户口迁移', '/qa/hukou-ruxue/#户口迁移后身份证和社保卡要变更吗'],
  ['wenbi', '医保', '/qa/hukou-ruxue/#城乡居民医保需要转移吗'],
  ['wenbi', '帮扶车间', '/projects/bangfu-chejian/'],
  ['wenbi', '竹笋', '/projects/daguan-zhusun-jiagongchang/'],
  ['wenbi', '半山酒店', '/projects/suijiang-banshan-jiudian/'],
  ['wenbi', '标准化厂房', '/projects/qiaojia-qili-changfang/'],
  ['wenbi', '逐年补偿', '/qa/anzhi-fangshi/#什么是逐年补偿安置'],
  ['wenbi', '院坝会', '/notices/yuanba-hui-1205/'],
  ['wenbi', '义诊', '/notices/yizhen-1206/'],
  ['wenbi', '办公时间', '/contact/'],
  ['wenbi', '避险解困', '/qa/houfu-xiangmu/#什么是移民避险解困项目'],
  ['wenbi', '怎么申请公益性岗位', '/qa/jiuye-peixun/'],
  ['qiujiayu', '停水', '/notices/ting-shui-1201/'],
  ['qiujiayu', '服务热线', '/contact/'],
  ['binjiang', '物业报修', '/qa/binjiang-wuye-tiaojie/'],
  ['binjiang', '低保公示', '/notices/dibao-gongshi-1126/'],
];

for (const [site, query, expected] of cases) {
  test(`${site}: “${query}” finds ${expected} in the top 3`, async () => {
    const results = await searchSite(join(sampleSites(), site), query, 3);
    assert.ok(results.some((r) => r.url === expected),
      `top 3 for ${query}: ${results.map((r) => r.url).join(', ')}`);
  });
}

// Residents ask for a notice by its whole title, date and all, often inside a spoken frame.
// Notice titles share their boilerplate (关于…的通知, 社区, 居民) and their dates' digits, so
// the few words a long query is looked up by must be the ones that tell the notices apart.
test('a notice asked for by its whole dated title is found among notices of the same kinds and dates', async () => {
  const kinds = ['开展社区义诊活动', '举办移民大讲堂普法专场', '二次供水水箱清洗停水', '供电线路改造分楼栋停电',
    '召开居民院坝会', '开展社区居民燃气安全入户检查工作', '组织社区居民参加技能培训报名'];
  const dates = [[3, 26], [8, 27], [2, 1], [12, 3], [1, 12], [3, 8], [8, 3], [2, 12]];
  const files = {};
  kinds.forEach((kind, k) => dates.forEach(([m, d], i) => {
    files[`notices/k${k}d${i}.md`] = notice(`关于${m}月${d}日${kind}的通知`,
      `各位居民：\n\n社区定于${m}月${d}日${kind}，请相互转告。\n\n特此通知。`);
  }));
  const site = buildInlineSite(files);
  const frames = [(t) => `请问${t}呢`, (t) => `我想问一下${t}`, (t) => t, (t) => `${t}是真的吗`];
  const misses = [];
  kinds.forEach((kind, k) => [1, 4, 6].forEach((i, n) => {
    const [m, d] = dates[i];
    const asked = frames[(k + n) % frames.length](`关于${m}月${d}日${kind}的通知`);
    return misses.push(searchSite(site, asked, 3).then((top) =>
      top.some((r) => r.url === `/notices/k${k}d${i}/`) ? null : `${asked} → ${top.map((r) => r.title).join(' | ')}`));
  }));
  const missed = (await Promise.all(misses)).filter(Boolean);
  assert.deepEqual(missed, []);
});

test('a page is found by the words of its summary and tags, not only its text', async () => {
  const site = buildInlineSite({
    'notices/visits.md': notice('关于开展冬季关爱活动的通知', '社区将于12月走访留守老人。',
      'summary: 志愿者上门送温暖，佩戴统一标识。\ntags: [独居老人, 防诈骗]\n'),
    'notices/other.md': notice('关于开展冬季健身活动的通知', '社区将于12月举办健身活动。'),
  });
  assert.equal((await searchSite(site, '上门送温暖', 3))[0]?.url, '/notices/visits/');
  assert.equal((await searchSite(site, '防诈骗', 3))[0]?.url, '/notices/visits/');
});

test('a question whose kept pairs are on no page still finds the page holding the pairs left out', async () => {
  // 洗水箱要停水停好久 is nine characters: five pairs, one of them (停水) left out of the four
  // looked up first, and none of the four is on the site.
  const site = buildInlineSite({
    'notices/tank.md': notice('关于二次供水水箱清洗停水的通知', '物业对二次供水水箱进行清洗消毒，12月5日8:00至18:00停水。'),
    'notices/other.md': notice('关于召开居民院坝会的通知', '本周六召开院坝会。'),
  });
  assert.equal((await searchSite(site, '洗水箱要停水停好久', 3))[0]?.url, '/notices/tank/');
});

test('pages holding only a synonym of one word asked do not outrank the page about the question', async () => {
  // Nothing holds the whole question; 电话 meets its synonyms 联系方式 and 联系电话, whose two
  // pairs each page holds together.
  const site = buildInlineSite({
    'notices/leak.md': notice('安置房漏水了找谁处理', '先关总阀，再打物业值班电话 0870-1234567。'),
    'notices/hall.md': notice('便民服务大厅联系方式', '服务大厅的联系方式和办公时间。'),
    'notices/clinic.md': notice('社区卫生室联系方式', '卫生室的联系方式。'),
    'notices/school.md': notice('社区学校联系电话', '学校的联系电话。'),
  });
  assert.equal((await searchSite(site, '晚上水管漏水了打哪个电话', 3))[0]?.url, '/notices/leak/');
});

test('a topic is listed as the one question of it that holds the query, and as itself when several do', async () => {
  const site = buildInlineSite({
    'qa/dibao.md': '---\ntitle: 低保问答\ncategory: 民生保障\n---\n## 低保怎么申请？\n\n到社区便民服务大厅提交申请。\n\n## 高龄补贴怎么领？\n\n满80周岁的老人按月发放。\n',
    'qa/butie.md': '---\ntitle: 困难帮扶问答\ncategory: 民生保障\n---\n## 残疾人护理补贴怎么领？\n\n持残疾证申请。\n\n## 临时救助补贴怎么领？\n\n遇到急难可以申请。\n',
  });
  const one = (await searchSite(site, '高龄补贴', 10)).map((r) => r.url);
  assert.equal(one[0], '/qa/dibao/#高龄补贴怎么领', one.join(' '));
  assert.ok(!one.includes('/qa/dibao/'), `the topic is not listed again: ${one.join(' ')}`);
  const both = (await searchSite(site, '补贴怎么领', 10)).map((r) => r.url);
  assert.ok(both.includes('/qa/butie/'), `a topic two of whose questions hold the query stays: ${both.join(' ')}`);
});

test('a question that opens a record file of its own is not taken for its topic', async () => {
  // Record files hold at most 32 entries: a topic of 40 questions is two files, the second
  // opened by question 32. Two questions of that file hold the query: both are listed.
  const questions = Array.from({ length: 40 }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    const about = i + 1 === 32 || i + 1 === 35 ? '消防通道怎么保持畅通' : `第${n}项社区服务怎么办理`;
    return `## Q${n} ${about}？\n\n按社区规定办理。\n`;
  });
  const site = buildInlineSite({ 'qa/big.md': `---\ntitle: 社区服务问答\ncategory: 社区服务\n---\n${questions.join('\n')}` });
  const urls = (await searchSite(site, '消防通道', 10)).map((r) => decodeURIComponent(r.url));
  assert.equal(urls.filter((u) => u.includes('消防通道')).length, 2, urls.join(' '));
});

test('until when (停水到几点) is the question\'s frame: the water cut comes first', async () => {
  for (const [site, query, expected] of [['wenbi', '停水到几点', '/notices/ting-shui-1130/'], ['wenbi', '停电到几点', '/notices/ting-dian-1203/']]) {
    const results = await searchSite(join(sampleSites(), site), query, 3);
    assert.equal(results[0]?.url, expected, `${query}: ${results.map((r) => r.url).join(', ')}`);
  }
});
