// Anju search: one dependency-free ES module for the browser and for Node (inject `fetch`).
//
// Chinese has no spaces, so the index (built by `anju build`, Sources/AnjuCore/Index) holds
// every Han character and every pair of adjacent Han characters, and Latin letters and
// digits as words. A query is cut the same way, so any run of two or more characters of a
// page finds it. Normalisation and tokenising here must match SearchText.swift exactly:
// Tests/vectors/search-text.json drives both test suites.

/** The version of docs/search-index.md this module reads: `anju build` refuses a theme whose
 *  copy of this file reads another than the one it writes (a site's search would fail). */
export const INDEX_VERSION = 7;

export const SECTION_LABELS = { notice: '通知', qa: '问答', project: '项目', page: '页面', guide: '办事', job: '招聘', grid: '网格' };

/** The category the index gives a job whose deadline has passed (SearchEntry.jobClosedCategory). */
export const CLOSED_JOB = '已截止';
/** The category the index gives a notice past its expiry (SearchEntry.noticeExpiredCategory). */
export const EXPIRED_NOTICE = '已过期';

/** Han characters from which a query (its core, the frame taken away) is taken for a spoken
 *  question rather than a keyword. */
const SPOKEN_QUESTION_CHARS = 7;

/** Most query tokens looked up: each may cost one shard request. */
export const MAX_QUERY_TOKENS = 4;
/** Requests a query may make before its first results show (shards + entries), the meta file aside. */
export const FIRST_RESULTS_REQUESTS = 5;
/** Longest query looked at, in code points: a pasted page or a hostile URL costs no more than this. */
export const MAX_QUERY_CHARS = 100;

/** One code point in, one out: full-width forms to ASCII, ideographic space, A–Z to a–z. */
export function normalizeCodePoint(cp) {
  if (cp === 0x3000) return 0x20;
  if (cp >= 0xff01 && cp <= 0xff5e) cp -= 0xfee0;
  if (cp >= 0x41 && cp <= 0x5a) return cp + 0x20;
  return cp;
}

export function normalize(text) {
  let out = '';
  for (const ch of text) out += String.fromCodePoint(normalizeCodePoint(ch.codePointAt(0)));
  return out;
}

export function isHan(cp) {
  return (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2fa1f);
}

function kindOf(cp) {
  if (isHan(cp)) return 'han';
  if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39)) return 'word';
  return 'other';
}

/**
 * The first MAX_QUERY_CHARS code points of a query, never splitting a surrogate pair.
 * `normalize` maps one code point to one, so the count is the same before and after it; the
 * text is returned as typed (not normalised), so the page can put it back in the search box.
 * Reads at most MAX_QUERY_CHARS code points, however long the query.
 */
export function capQuery(query) {
  const text = typeof query === 'string' ? query : String(query ?? '');
  if (text.length <= MAX_QUERY_CHARS) return text; // code units ≥ code points
  let end = 0;
  for (let count = 0; count < MAX_QUERY_CHARS && end < text.length; count++) {
    end += text.codePointAt(end) > 0xffff ? 2 : 1;
  }
  return text.slice(0, end);
}

/**
 * The frame of a spoken question: question words, fillers and who is asking (怎么, 什么时候,
 * 会不会, 我家, 请问, 吗, 啊 …, simplified and traditional, and as Zhaotong says them: 咋个,
 * 啥子). They are not what the question is about, so they need not match. Longest first;
 * single particles only where they end a clause.
 */
export const FRAME_PHRASES = [
  // Until when (停水到几点): the 到 is the question's, not the water's.
  '到什么时候', '到什麼時候', '到啥时候', '到几点', '到幾點', '到哪天', '到几号', '到幾號', '到好久',
  // When it starts (义诊几点开始): the 开始 is the question's, as the 到 above.
  '什么时候开始', '什麼時候開始', '啥时候开始', '几点开始', '幾點開始', '哪天开始', '几号开始', '幾號開始', '好久开始',
  '我想问一下', '想问一下', '请问一下', '我想知道', '什么时候', '什麼時候', '什么时间', '什麼時間', '还有没有', '還有沒有',
  '可不可以', '能不能够', '怎么办理', '怎麼辦理', '我们家', '我們家', '我家住', '我屋头', '我住在', '是哪天', '怎么样', '怎麼樣', '怎么办', '怎麼辦', '为什么', '為什麼',
  '能不能', '会不会', '會不會', '有没有', '有沒有', '是不是', '要不要', '在哪里', '在哪裡', '在哪儿', '去哪里', '去哪裡',
  '告诉我', '告訴我', '谁知道', '誰知道', '问一下', '問一下', '请问', '請問', '我想', '我要', '我家', '屋头', '我们', '我們', '你们', '你們',
  '怎么', '怎麼', '怎样', '怎樣', '如何', '什么', '什麼', '哪里', '哪裡', '哪儿', '哪兒', '哪个', '哪個', '哪些', '哪天', '哪家',
  '几时', '幾時', '几点', '幾點', '多久', '这几天', '這幾天', '最近', '现在', '現在', '一下', '可以', '需要', '应该', '應該',
  '帮我', '幫我', '知道', '是多少', '是什么', '是什麼', '有什么', '有什麼', '是真的', '真的',
  // Southwest Mandarin, as Zhaotong speaks: 咋个 (how), 啥子 and 哪样 (what), 哪点 (where),
  // 好久 (when, how long), 好多 (how many), 晓得 (know), 有没得 (is there); 咋 and 啥
  // alone are only ever these.
  '还有没得', '有没得', '有哪几种', '有哪几个', '哪几种', '哪几个', '咋个办', '咋个整', '啥时候', '晓不晓得', '知不知道', '干啥子', '咋个', '咋办', '咋整', '咋样', '咋子', '为啥', '啥子', '干啥',
  '哪样', '哪点', '好久', '好多', '晓得', '咋', '啥',
  // 得不得 (= 可不可以): A-not-A would leave 得 stuck to the word before it (喂鸡得). Not 行不行
  // or 要得不: 银行不行 and 要得不到 hold words of their own.
  '得不得',
];
// A verb asked as A-not-A: 招不招, 停没停.
const ASKED_TWICE = /([\u4e00-\u9fff])[不没沒]\1/gu;
// 不 ending a clause is Yunnan speech's yes-no particle (食堂能送饭上门不 = …吗); inside one it is a word.
const FRAME_PARTICLES = new Set(['吗', '嗎', '呢', '啊', '吧', '呀', '嘛', '哦', '啦', '哈', '么', '麼', '不', '咯', '嘞', '噻', '哇']);

/**
 * A spoken question without its frame: each frame phrase becomes a space (so the parts
 * around it are not read as one word), trailing particles go, and `frameOnly` says nothing
 * meaningful was left ("怎么办啊").
 */
export function questionCore(query) {
  let text = normalize(capQuery(query));
  for (const phrase of FRAME_PHRASES) if (text.includes(phrase)) text = text.split(phrase).join(' ');
  // A-not-A, left to right (招不招人 → 招人, 停不停水 → 停水): a question of whether is about
  // the verb once, and 不招 is no pair a page holds.
  text = text.replace(ASKED_TWICE, '$1');
  // Particles at the end of a clause: before punctuation, a space or the end.
  text = Array.from(text).filter((ch, i, all) => !(FRAME_PARTICLES.has(ch) && (i + 1 === all.length || kindOf(all[i + 1].codePointAt(0)) === 'other'))).join('');
  const core = text.replace(/\s+/g, ' ').trim();
  return { core, frameOnly: runs(core).length === 0, changed: core !== normalize(capQuery(query)).trim() };
}

// A number said in words before a unit that notices write in digits. 年 only from 10 up
// (九年义务教育 is a name); 年级 is a school year, not a count of years. A day (号, 日) only
// after its month: alone, the digits would be a building's number (四号那天停水 found 4幢
// first). Buildings and groups have keys of their own (`placesAsKeys`).
const SPOKEN_NUMBER = /[零〇一二两三四五六七八九十百]+(?=月|日|号(?!楼)|號(?!樓)|周岁|岁|歲|年(?!级|級)|元|户|戶)/gu;

// A building (3幢, 3栋, 三栋, 3号楼, 第3幢) or a residents' group (第3组, 3组, 第三居民小组; 组织
// is none): a number of 1-999 with no digit, letter or '-' before it (b2栋, 3-1栋 and 1234栋
// are ids, as the index reads them too), checked in the replacer: older WebViews cannot
// parse a lookbehind, and a consumed character before one place would hide the next (3栋4栋).
const COUNTED_PLACE = /(第)?([0-9]{1,3}|[零〇一二两三四五六七八九十百]+)(幢|栋|棟|号楼|號樓|居民小组|小组|组(?!织)|組(?!織))/gu;

/**
 * Buildings and groups as the keys pages are indexed with (`AreaNumbers`: each building or
 * group a notice or project names, lists and ranges said one by one, 第3至第9幢 holding
 * zhuang5): 5栋, 五号楼, 第5幢 → zhuang5; 10组, 第十居民小组 → zu10. As text, 5 is every date's
 * too and 五幢 a part of 十五幢.
 */
export function placesAsKeys(text) {
  return text.replace(COUNTED_PLACE, (whole, ordinal, number, unit, offset, all) => {
    // A lone 一 or 两 is a word as often as a number (统一组织, 这一栋楼, 两组人) unless 第 says which.
    if (!ordinal && (number === '一' || number === '两')) return whole;
    if (!ordinal && /[0-9a-z-]/.test(all[offset - 1] ?? '')) return whole;
    const n = /^[0-9]+$/.test(number) ? Number(number) : chineseNumber(number);
    if (n === null || n < 1 || n > 999) return whole;
    return ` ${/[幢栋棟楼樓]/u.test(unit) ? 'zhuang' : 'zu'}${n} `;
  });
}

// Building ids as a microphone writes them: 三杠二栋 / 3杠2栋 / 3—2栋 (3-2栋), 十二a栋 (12a栋),
// b区4栋 / b座四栋 / b四栋 (b4栋: a zone letter and its number; ordered() falls back to the
// bare number where the site has no such id). Only right before a building's unit.
const ID_NUM = '[0-9]{1,3}|[零〇一二两三四五六七八九十百]+';
const ID_UNIT = '(?=\\s*(?:幢|栋|棟|号楼|號樓))';
const SPOKEN_DASH_ID = new RegExp(`(${ID_NUM})\\s*(?:横杠|杠|槓|—|–|~|～)\\s*(${ID_NUM})${ID_UNIT}`, 'gu');
const HAN_LETTER_ID = new RegExp(`([零〇一二两三四五六七八九十百]+)([a-z])${ID_UNIT}`, 'gu');
const ZONE_ID = new RegExp(`(^|[^0-9a-z-])([a-z])\\s*(?:区|區|座)?\\s*(?:第)?(${ID_NUM})${ID_UNIT}`, 'gu');
const digitsOf = (n) => (/^[0-9]+$/.test(n) ? n : String(chineseNumber(n) ?? n));
export function spokenIds(text) {
  return text
    .replace(SPOKEN_DASH_ID, (w, a, b) => `${digitsOf(a)}-${digitsOf(b)}`)
    .replace(HAN_LETTER_ID, (w, a, l) => `${digitsOf(a)}${l}`)
    .replace(ZONE_ID, (w, before, l, n) => `${before}${l}${digitsOf(n)}`);
}

/** A question's core as it is looked up: buildings and groups as keys, numbers in digits. */
export function lookupForm(core) {
  return spokenNumbersAsDigits(placesAsKeys(spokenIds(core))).replace(/\s+/g, ' ').trim();
}

const PLACE_KEY = /^(?:zhuang|zu)[0-9]+$/;

/**
 * Numbers as a microphone writes what is said (十二月三号, 八十岁, 二十年, 二〇二六年) in the
 * digits pages use (12月3号, 80岁, 20年, 2026年). A lone 一 or 两 is left as said: it is
 * a word as often as a number (一个月, 两年).
 */
export function spokenNumbersAsDigits(text) {
  return text.replace(SPOKEN_NUMBER, (numeral, offset, whole) => {
    // An ordinal (第二天) is written as said.
    if (numeral === '一' || numeral === '两' || whole[offset - 1] === '第') return numeral;
    const spelt = /^[零〇一二三四五六七八九]{4}$/u.test(numeral)
      ? Number(Array.from(numeral, (c) => NUMERAL_DIGITS[c]).join('')) : chineseNumber(numeral);
    if (spelt === null) return numeral;
    const unit = whole.slice(offset + numeral.length);
    if (unit.startsWith('年') && spelt < 10) return numeral;
    if (/^[号號日](?![楼樓])/u.test(unit) && whole[offset - 1] !== '月') return numeral;
    return String(spelt);
  });
}

/**
 * A question with each A-not-A verb asked once (还招不招人 → 还招人), except where it is a
 * frame's own (会不会, 有没有: questionCore takes those out whole). What synonyms are swapped
 * into: 招人 → 用工需求 inside 招不招人 made 还招不用工需求, a question about 不用.
 */
export function askedOnce(text) {
  return normalize(capQuery(text)).replace(ASKED_TWICE,
    (twice) => (FRAME_PHRASES.some((phrase) => phrase.includes(twice)) ? twice : twice[0]));
}

/** Runs of Han characters or of ASCII letters/digits in normalised text, with positions in code points. */
export function runs(text) {
  const result = [];
  let run = null;
  let position = 0;
  for (const ch of normalize(text)) {
    const kind = kindOf(ch.codePointAt(0));
    if (!run || kind !== run.kind || kind === 'other') {
      if (run && run.kind !== 'other') result.push(run);
      run = { kind, chars: [], start: position };
    }
    if (kind !== 'other') run.chars.push(ch);
    position += 1;
  }
  if (run && run.kind !== 'other' && run.chars.length) result.push(run);
  return result;
}

/** What indexing a text produces (the Swift builder does this): used by the tests. */
export function indexTokens(text) {
  const tokens = [];
  for (const run of runs(text)) {
    if (run.kind === 'word') { tokens.push({ text: run.chars.join(''), position: run.start }); continue; }
    run.chars.forEach((ch, i) => {
      tokens.push({ text: ch, position: run.start + i });
      if (i + 1 < run.chars.length) tokens.push({ text: ch + run.chars[i + 1], position: run.start + i });
    });
  }
  return tokens;
}

/** Units written straight after a date's number; 号 is a day only after a month (3号楼 is a building). */
const DATE_UNITS = new Set(['年', '月', '日']);
const DAY_UNITS = new Set(['号', '號']);
/**
 * Pairs that tell no page from another: the frame of an official title (关于…的通知, 公告),
 * and a pair with a function character (的, 了, 和 …), which joins two words rather than
 * being one.
 */
const BOILERPLATE_PAIRS = new Set(['关于', '關於', '通知', '公告', '通告']);
const FUNCTION_CHARACTERS = new Set(['的', '了', '和', '与', '與', '及', '或', '之', '是', '在', '对', '對', '把', '被', '着', '著', '等']);
function isBoilerplate(pair) {
  return BOILERPLATE_PAIRS.has(pair) || Array.from(pair).some((ch) => FUNCTION_CHARACTERS.has(ch));
}

/** `count` of `items`: the first and the last and the rest evenly between. */
function spread(items, count) {
  if (count >= items.length) return items;
  const keep = new Set();
  for (let i = 0; i < count; i++) keep.add(count === 1 ? 0 : Math.round((i * (items.length - 1)) / (count - 1)));
  return items.filter((_, i) => keep.has(i));
}

/**
 * How a query is looked up. A Han run of one character is that character; a longer run is
 * covered by non-overlapping bigrams (the last one overlapping when the length is odd), so
 * "补偿标准" costs two lookups, not three. Each token keeps its offset inside its run: a page
 * whose positions line up holds the whole phrase.
 */
export function queryPlan(query) {
  query = capQuery(query);
  const groups = [];
  const kinds = [];
  let before = null, previous = null;
  for (const run of runs(query)) {
    // A date's unit (3月, 26日, 2025年; 号 after a month: 12月3号) belongs to its number: the
    // words after it pair from their own start (日开展义诊 → 开展 义诊, not 日开 展义).
    if (run.kind === 'han' && run.chars.length > 1 && previous?.kind === 'word' &&
        previous.start + previous.chars.length === run.start &&
        (DATE_UNITS.has(run.chars[0]) || (DAY_UNITS.has(run.chars[0]) && before?.chars.at(-1) === '月'))) {
      run.chars = run.chars.slice(1);
      run.start += 1;
    }
    [before, previous] = [previous, run];
    kinds.push(run.kind);
    if (run.kind === 'word') { groups.push([{ text: run.chars.join(''), offset: 0 }]); continue; }
    const n = run.chars.length;
    if (n === 1) { groups.push([{ text: run.chars[0], offset: 0 }]); continue; }
    const group = [];
    for (let i = 0; i + 1 < n; i += 2) group.push({ text: run.chars[i] + run.chars[i + 1], offset: i });
    if (n % 2 === 1) group.push({ text: run.chars[n - 2] + run.chars[n - 1], offset: n - 2 });
    groups.push(group);
  }
  // Long queries: a lone character says least (这, 来), so those go first; then keep the
  // first and last token and spread the rest.
  let all = groups.flatMap((g, gi) => g.map((t) => ({ ...t, group: gi })));
  if (all.length > MAX_QUERY_TOKENS) {
    const pairs = all.filter((t) => !(groups[t.group].length === 1 && Array.from(t.text).length === 1 && isHan(t.text.codePointAt(0))));
    all = pairs.length >= MAX_QUERY_TOKENS ? pairs : [...pairs, ...all.filter((t) => !pairs.includes(t))].slice(0, MAX_QUERY_TOKENS)
      .sort((a, b) => a.group - b.group || a.offset - b.offset);
  }
  if (all.length > MAX_QUERY_TOKENS) {
    // A number or a Latin word (6863年, 3幢, wifi) is the most particular part of a long
    // query: kept, leaving a place at least for the Chinese around it. The Chinese places go
    // to the pairs that tell pages apart, spread over the query; the boilerplate every
    // notice shares (关于…的通知) only fills places left over.
    const words = all.filter((t) => kinds[t.group] === 'word').slice(0, MAX_QUERY_TOKENS - 1);
    const others = all.filter((t) => !words.includes(t));
    const telling = others.filter((t) => !isBoilerplate(t.text)), boilerplate = others.filter((t) => isBoilerplate(t.text));
    const room = MAX_QUERY_TOKENS - words.length;
    const chosen = [...spread(telling, room), ...spread(boilerplate, Math.max(0, room - telling.length))];
    all = [...words, ...chosen].sort((a, b) => a.group - b.group || a.offset - b.offset);
  }
  const tokens = [...new Set(all.map((t) => t.text))];
  const phrases = groups.map((_, gi) => all.filter((t) => t.group === gi)).filter((g) => g.length > 1);
  // The pairs and words left out for the budget: looked up only when the kept ones find little.
  const left = [...new Set(groups.flat().map((t) => t.text))]
    .filter((t) => !tokens.includes(t) && !(Array.from(t).length === 1 && isHan(t.codePointAt(0))));
  return { tokens, phrases, left, links: phraseLinks(phrases), terms: runs(query).map((r) => r.chars.join('')) };
}

/**
 * The parts of `query` that `tokens` cover, each as long as the tokens overlapping or touching
 * in it make it (补偿 and 标准 → 补偿标准): how a partial result is said to hold the question.
 */
export function coveredParts(query, tokens) {
  const chars = Array.from(query);
  const covered = new Uint8Array(chars.length);
  for (const token of new Set(tokens)) {
    const t = Array.from(token);
    for (let i = 0; i + t.length <= chars.length; i++) {
      if (t.every((c, k) => chars[i + k] === c)) covered.fill(1, i, i + t.length);
    }
  }
  const parts = [];
  let part = '';
  chars.forEach((c, i) => {
    if (covered[i]) part += c;
    if ((!covered[i] || i + 1 === chars.length) && part) { parts.push(part); part = ''; }
  });
  return [...new Set(parts)];
}

/** The pairs that join a phrase's consecutive bigrams (补偿·标准 → 偿标): an entry that holds
 *  them all almost surely holds the phrase itself, which the index, without positions,
 *  cannot say. At most MAX_LINKS, each phrase's first. */
export const MAX_LINKS = 2;
/** With this many entries holding the whole query as typed, one synonym is looked up, not four. */
export const ENOUGH_AS_TYPED = 5;
// Tokens of a query that few pages hold whole: a spoken question rather than a keyword.
const LONG_QUESTION_TOKENS = 4;

/** Fewer whole matches than this and the entries holding part of the question are listed
 *  too, at this weight, below them: 住院能报 held whole by one answer only. */
const FEW_WHOLE_MATCHES = 3;

/** A score raised to stand just above another's. */
const JUST_ABOVE = 1.001;
const PART_OF_FEW_WEIGHT = 0.5;
function phraseLinks(phrases) {
  const links = [];
  for (const phrase of phrases) {
    phrase.links = [];
    for (let i = 0; i + 1 < phrase.length; i++) {
      const a = phrase[i], b = phrase[i + 1];
      if (b.offset !== a.offset + 2 || links.length >= MAX_LINKS) continue;
      const link = Array.from(a.text)[1] + Array.from(b.text)[0];
      phrase.links.push(link);
      if (!links.includes(link)) links.push(link);
    }
  }
  return links;
}

/**
 * Splits letters into pinyin syllables, fewest first ("buchang" → ["bu", "chang"]); null if it cannot.
 * Linear in the length: for each prefix it keeps only the count of syllables and where the last
 * one starts, and the list is rebuilt once at the end. Of equally short splits of a prefix it keeps
 * the first found (the earliest start of its last syllable): a later one must be strictly shorter.
 */
export function segmentPinyin(letters, syllables) {
  const n = letters.length;
  const count = new Int32Array(n + 1).fill(-1); // fewest syllables spelling letters[0, j); -1: none
  const prev = new Int32Array(n + 1); // where the last of them starts
  count[0] = 0;
  for (let i = 0; i < n; i++) {
    if (count[i] < 0) continue;
    for (let j = i + 1; j <= Math.min(n, i + 6); j++) {
      if ((count[j] < 0 || count[j] > count[i] + 1) && syllables.has(letters.slice(i, j))) {
        count[j] = count[i] + 1;
        prev[j] = i;
      }
    }
  }
  if (count[n] < 0) return null;
  const parts = new Array(count[n]);
  for (let j = n, k = count[n] - 1; j > 0; j = prev[j], k--) parts[k] = letters.slice(prev[j], j);
  return parts;
}

/** Covering pairs of a sequence, as the query's Han bigrams: (0,1), (2,3)…, the last overlapping. */
function coverPairs(items) {
  const pairs = [];
  for (let i = 0; i + 1 < items.length; i += 2) pairs.push([items[i], items[i + 1]]);
  if (items.length % 2 === 1 && items.length > 1) pairs.push([items[items.length - 2], items[items.length - 1]]);
  return pairs;
}

/** A pair read aloud, as the index spells its pinyin tokens: ~bu'chang. */
function pinyinToken(a, b) {
  return `~${a}'${b}`;
}

function phoneticPlan(tokens, weight) {
  const unique = [...new Set(tokens)].slice(0, MAX_QUERY_TOKENS);
  return unique.length ? { plan: { tokens: unique, phrases: [], links: [], terms: [] }, weight } : null;
}

/** A query typed in Latin letters read as pinyin ("buchang", "bu chang") or as initials ("bc"). */
export function pinyinPlans(query, syllables) {
  const letters = runs(capQuery(query)).filter((r) => r.kind === 'word').map((r) => r.chars.join('')).join('');
  if (!/^[a-z]{2,}$/.test(letters)) return [];
  const parts = segmentPinyin(letters, syllables);
  if (parts && parts.length >= 2) {
    const plan = phoneticPlan(coverPairs(parts).map(([a, b]) => pinyinToken(a, b)), 0.5);
    return plan ? [plan] : [];
  }
  if (!parts) {
    const plan = phoneticPlan(coverPairs([...letters]).map(([a, b]) => `^${a}${b}`), 0.3);
    return plan ? [plan] : [];
  }
  return [];
}

/** Han text read aloud, for homophone typos (补尝 → ~bu'chang): `readings` maps a character to its pinyin. */
export function homophonePlans(query, readings) {
  const tokens = [];
  for (const run of runs(capQuery(query))) {
    if (run.kind !== 'han' || run.chars.length < 2) continue;
    // A run the table cannot read whole (traditional characters, rare ones): the question is
    // not read aloud at all, since the one pair that can be read would stand for all of it.
    if (!run.chars.every((c) => readings.has(c))) return [];
    for (const [a, b] of coverPairs(run.chars)) tokens.push(pinyinToken(readings.get(a), readings.get(b)));
  }
  const plan = phoneticPlan(tokens, 0.5);
  return plan ? [plan] : [];
}

/**
 * The plan with each pair that no page holds (`absent`) read aloud instead, the rest as said:
 * a speech recogniser's homophone of one word (滴保公示: 滴保 → ~di'bao, which 低保 gives),
 * which a reading of the whole question would lose among the homophones of its other pairs.
 * An entry must hold all of it. Null when a pair cannot be read (traditional characters).
 */
export function soundAlikePlan(plan, absent, readings) {
  const mend = plan.tokens.filter((token) => absent.includes(token));
  if (!mend.length || !mend.every((token) => Array.from(token).every((c) => readings.has(c)))) return null;
  const tokens = plan.tokens.map((token) => {
    if (!mend.includes(token)) return token;
    const [a, b] = Array.from(token);
    return pinyinToken(readings.get(a), readings.get(b));
  });
  return { plan: { tokens: [...new Set(tokens)], phrases: [], links: [], terms: plan.terms }, weight: SOUND_ALIKE_WEIGHT, whole: true };
}
/** Below the words as typed and their synonyms (0.9), above a partial match of the words as typed. */
const SOUND_ALIKE_WEIGHT = 0.85;

/**
 * The plan read one character later where its pairs straddle the words: a pair no page holds
 * gives way to the link beside it that pages do hold (做帮厨要: 做帮 厨要 → 帮厨; 学面点要带:
 * 学面 点要 → 面点). `held` says which of the plan's tokens and links some page holds. Null
 * when no pair gives way. Its shards are the plan's own: it costs no request.
 */
export function realignedPlan(plan, held) {
  const replaced = new Map();
  for (const phrase of plan.phrases) {
    const links = phrase.links || [];
    phrase.forEach((token, i) => {
      if (held.has(token.text)) return;
      // The links a phrase has are between neighbours two characters apart, in order.
      const before = i > 0 && phrase[i].offset === phrase[i - 1].offset + 2 ? linkBetween(phrase[i - 1], token) : null;
      const after = i + 1 < phrase.length && phrase[i + 1].offset === token.offset + 2 ? linkBetween(token, phrase[i + 1]) : null;
      const instead = [before, after].filter((link) => link && links.includes(link) && held.has(link));
      if (instead.length) replaced.set(token.text, instead);
    });
  }
  if (!replaced.size) return null;
  const tokens = [...new Set(plan.tokens.flatMap((token) => replaced.get(token) ?? [token]))];
  return { tokens, phrases: [], links: [], terms: plan.terms };
}

function linkBetween(a, b) {
  return Array.from(a.text)[1] + Array.from(b.text)[0];
}

/** Below the words as typed, above their synonyms: what was said, read on a different beat. */
const REALIGNED_WEIGHT = 0.95;

/** Most pairs a question nothing holds whole is read again with (`everyPair`): each one
 *  not in the plan costs its shards. */
export const MAX_EVERY_PAIR = 14;

/**
 * Every pair of adjacent Han characters of `query`'s runs, overlapping (花园社区 → 花园 园社
 * 社区), the first MAX_EVERY_PAIR: how a question that no page holds whole is read again. A
 * question cut into pairs from each run's start straddles its words (跟花 园社 区开); read
 * overlapping, every word of two or more characters is among the pairs, whatever stands
 * before it, and a page holding a longer stretch of the question holds more of them. A
 * boilerplate pair (开的, 的那; 通知) is left out: it joins words, or every notice holds it.
 */
export function everyPair(query) {
  const pairs = [];
  for (const run of runs(capQuery(query))) {
    if (run.kind !== 'han') continue;
    for (let i = 0; i + 1 < run.chars.length; i++) if (!isBoilerplate(run.chars[i] + run.chars[i + 1])) pairs.push(run.chars[i] + run.chars[i + 1]);
  }
  return [...new Set(pairs)].slice(0, MAX_EVERY_PAIR);
}

/** A question read again with all of its pairs: below the synonyms, above the pairs of the plan's beat alone (0.8). */
const EVERY_PAIR_WEIGHT = 0.85;

/**
 * The pairs of `query` that a speech recogniser may have misheard: no page holds them
 * (`held` says which pairs some page holds), a character of theirs is in no held pair of
 * its run, so that the words around them are the site's and they are not (院霸 and 霸会 in
 * 第九组的院霸会在, 会在 held), and no function character (的院 joins words).
 */
export function unheardPairs(query, held, lookedUp = null) {
  const pairs = pairsNotHeld(query, held).map((p) => p.pair);
  // A pair never looked up (past the every-pair reading's 14) is not known to be on no page.
  return [...new Set(pairs)].filter((pair) => !lookedUp || lookedUp.has(pair));
}

/** `unheardPairs`'s pairs in the order said, each with its characters and how many of them
 *  (0 or 1) a held pair beside it holds. */
function pairsNotHeld(query, held) {
  const found = [];
  for (const run of runs(capQuery(query))) {
    if (run.kind !== 'han') continue;
    const c = run.chars, covered = new Uint8Array(c.length);
    for (let i = 0; i + 1 < c.length; i++) if (held.has(c[i] + c[i + 1])) covered[i] = covered[i + 1] = 1;
    for (let i = 0; i + 1 < c.length; i++) {
      const pair = c[i] + c[i + 1];
      if (!held.has(pair) && !(covered[i] && covered[i + 1]) && !isBoilerplate(pair)) {
        found.push({ pair, first: c[i], second: c[i + 1], beside: covered[i] + covered[i + 1] });
      }
    }
  }
  return found;
}

/** Most misheard pairs a suggestion looks up: each costs the shards of its pinyin token. */
export const MAX_SUGGESTED_PAIRS = 5;
/** Characters a resident says as words of their own: a pair holding one is seldom one word. */
const SAID_ALONE = new Set(Array.from('去来个得的地了在是有要到给就也都还又再这那哪几一二两三我你他她们吗呢吧啊说看找问开办交拿带做能会想让叫用从向往跟和与及对把被着等钱人事时天年月日多少好'));
/** Records read for one pair's characters, and for all of a suggestion's. */
const RECORDS_PER_PAIR = 2;
const MAX_SUGGESTION_RECORDS = 6;

/** Han characters in `text`. */
function hanCharacters(text) {
  return runs(text).reduce((n, run) => n + (run.kind === 'han' ? run.chars.length : 0), 0);
}

/** A question shorter than this, in Han characters, is a keyword rather than a spoken question. */
const MIN_MISHEARD_QUESTION_CHARS = 5;

/** A question with more pairs that may be misheard than this is worded unlike the site
 *  rather than misheard: its overlapping reading is not read by sound as well. */
export const MAX_MISHEARD_PAIRS = 5;

/** Misheard pairs read by sound in one question: 吃底保 holds two (吃底, 底保), and the
 *  first alone may be the wrong one. */
const MISHEARD_PAIRS_READ = 2;

/**
 * The pairs of `query` that may be a word the microphone misheard, likeliest first: those
 * `unheardPairs` gives (on no page, not both characters in pairs pages hold, no function
 * character) but none holding a character said on its own, which is heard right (去帮 and
 * 有移 straddle two words); a pair beside a word pages hold (车见 in 帮扶车见) before one
 * standing alone (衣服), then as said.
 */
export function misheardPairs(query, held, lookedUp) {
  const found = pairsNotHeld(query, held)
    .filter((p) => lookedUp.has(p.pair) && !SAID_ALONE.has(p.first) && !SAID_ALONE.has(p.second))
    .map((p, order) => ({ ...p, order }));
  found.sort((a, b) => b.beside - a.beside || a.order - b.order);
  return [...new Set(found.map((f) => f.pair))];
}

/**
 * The characters of `text` read as `pair` is (`readings`: character → pinyin), other than
 * `pair` itself, next to the character the question has `before` or `after` it: 院坝 for
 * 院霸 (会 after it) in a page about the 院坝会. A reading alone is not enough: 打零 reads as
 * 大龄 on a page about 大龄劳动力, but no page has 大龄工. Null when none.
 */
export function soundingAlike(text, pair, readings, before, after) {
  const [a, b] = Array.from(pair).map((c) => readings.get(c));
  if (!a || !b || !(before || after)) return null;
  const asked = Array.from(pair);
  const chars = Array.from(text);
  for (let i = 0; i + 1 < chars.length; i++) {
    const found = chars[i] + chars[i + 1];
    if (found === pair || readings.get(chars[i]) !== a || readings.get(chars[i + 1]) !== b) continue;
    // A word of one character said on its own is heard right: the pair is two words there
    // (去|帮扶, 这个|社区, 钱|一个人), not one misheard.
    if (asked.some((c, k) => c !== chars[i + k] && SAID_ALONE.has(c))) continue;
    if ((before && chars[i - 1] === before) || (after && chars[i + 2] === after)) return found;
  }
  return null;
}

/** The query with each synonym swapped in: 后扶资金 → 后期扶持资金. */
export function synonymQueries(query, groups = []) {
  const normalized = normalize(capQuery(query));
  const alternatives = [];
  for (const group of groups) {
    for (const word of group) {
      const w = normalize(word);
      if (!normalized.includes(w)) continue;
      for (const other of group) if (other !== word) alternatives.push(normalized.replace(w, normalize(other)));
      break;
    }
  }
  return [...new Set(alternatives)].filter((a) => a !== normalized).slice(0, 3);
}

const NUMERAL_DIGITS = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 三 → 3, 十二 → 12, 二十五 → 25, 一百零八 → 108; null when it is not a number under 1000. */
export function chineseNumber(text) {
  if (/^[0-9]+$/.test(text)) return Number(text);
  let total = 0;
  let digit = null;
  for (const ch of text) {
    if (ch in NUMERAL_DIGITS) { if (digit !== null && digit !== 0) return null; digit = NUMERAL_DIGITS[ch]; continue; }
    if (ch === '十') { total += (digit ?? 1) * 10; digit = null; continue; }
    if (ch === '百') { if (digit === null) return null; total += digit * 100; digit = null; continue; }
    return null;
  }
  const value = total + (digit ?? 0);
  return text.length ? value : null;
}

/**
 * The building a query names, as grid.yml ids it: "3幢", "3栋", "3号楼", "三栋", "第3幢",
 * "3栋网格员", its key "zhuang3" → "3". Floors (3楼) and units (3单元) are not buildings.
 */
export function buildingIn(query) {
  query = spokenIds(normalize(capQuery(query)));
  const key = /(?:^|[^0-9a-z])zhuang([0-9]+)(?![0-9])/.exec(normalize(capQuery(query)));
  if (key) return String(Number(key[1]));
  // The whole id: 13栋 is not 3栋, and 3-1栋 not 1栋.
  const match = /(?:^|[^0-9a-z-])(?:第\s*)?([0-9a-z]+(?:-[0-9a-z]+)*|[零〇一二两三四五六七八九十百]+)\s*(?:幢|栋|棟|号楼|號樓)/.exec(normalize(capQuery(query)));
  if (!match) return null;
  const number = chineseNumber(match[1]);
  return number === null ? match[1] : String(number);
}

/** FNV-1a over UTF-8, as SearchText.shardHash. */
export function shardHash(token) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(token)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Where the last `varint` read ended: a shard holds a number per posting, and returning
 *  the offset in an array made one per number. */
let varintEnd = 0;

/** Unsigned LEB128 at `at` in `bytes`: its value; `varintEnd` is the next offset. */
function varint(bytes, at) {
  let value = 0, shift = 0, byte;
  do {
    if (at >= bytes.length || shift > 49) throw new Error('search index: a number runs past its shard');
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  varintEnd = at;
  return value;
}

// ---- zlib, inflated here: static hosts send binary files uncompressed, so shards are
// stored compressed. DecompressionStream where the browser has it; this otherwise (older
// WeChat and iOS browsers). RFC 1950/1951, after Mark Adler's puff.c.
const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
  4097, 6145, 8193, 12289, 16385, 24577];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

export function inflateZlib(data) {
  if (data.length < 6 || (data[0] & 0x0f) !== 8 || ((data[0] << 8) | data[1]) % 31 !== 0) throw new Error('search index: a shard is not zlib data');
  let pos = 2, bit = 0, length = 0;
  let out = new Uint8Array(Math.max(1024, data.length * 4));
  const fail = () => { throw new Error('search index: a shard is damaged'); };
  const bits = (n) => {
    let value = 0;
    for (let i = 0; i < n; i++) {
      if (pos >= data.length) fail();
      value |= ((data[pos] >> bit) & 1) << i;
      if (++bit === 8) { bit = 0; pos++; }
    }
    return value;
  };
  const put = (byte) => {
    if (length === out.length) { const grown = new Uint8Array(out.length * 2); grown.set(out); out = grown; }
    out[length++] = byte;
  };
  const table = (lengths) => {
    const counts = new Uint16Array(16), offsets = new Uint16Array(16), symbols = new Uint16Array(lengths.length);
    for (const l of lengths) counts[l]++;
    counts[0] = 0;
    for (let l = 1; l < 16; l++) offsets[l] = offsets[l - 1] + counts[l - 1];
    lengths.forEach((l, symbol) => { if (l) symbols[offsets[l]++] = symbol; });
    return { counts, symbols };
  };
  const decode = (t) => {
    let code = 0, first = 0, index = 0;
    for (let l = 1; l < 16; l++) {
      code |= bits(1);
      const count = t.counts[l];
      if (code - count < first) return t.symbols[index + (code - first)];
      index += count; first += count; first <<= 1; code <<= 1;
    }
    return fail();
  };
  let last = 0;
  while (!last) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      if (bit) { bit = 0; pos++; }
      if (pos + 4 > data.length) fail();
      const n = data[pos] | (data[pos + 1] << 8);
      pos += 4;
      if (pos + n > data.length) fail();
      for (let i = 0; i < n; i++) put(data[pos++]);
      continue;
    }
    let literals, distances;
    if (type === 1) {
      literals = table(Array.from({ length: 288 }, (_, i) => (i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8)));
      distances = table(new Array(30).fill(5));
    } else if (type === 2) {
      const nlen = bits(5) + 257, ndist = bits(5) + 1, ncode = bits(4) + 4;
      const codeLengths = new Array(19).fill(0);
      for (let i = 0; i < ncode; i++) codeLengths[CODE_LENGTH_ORDER[i]] = bits(3);
      const lengthCodes = table(codeLengths);
      const lengths = [];
      while (lengths.length < nlen + ndist) {
        const symbol = decode(lengthCodes);
        if (symbol < 16) { lengths.push(symbol); continue; }
        let repeat, value = 0;
        if (symbol === 16) { if (!lengths.length) fail(); value = lengths[lengths.length - 1]; repeat = 3 + bits(2); }
        else if (symbol === 17) repeat = 3 + bits(3);
        else repeat = 11 + bits(7);
        if (lengths.length + repeat > nlen + ndist) fail();
        for (let i = 0; i < repeat; i++) lengths.push(value);
      }
      literals = table(lengths.slice(0, nlen));
      distances = table(lengths.slice(nlen));
    } else {
      fail();
    }
    for (;;) {
      const symbol = decode(literals);
      if (symbol < 256) { put(symbol); continue; }
      if (symbol === 256) break;
      const l = symbol - 257;
      if (l >= 29) fail();
      const count = LENGTH_BASE[l] + bits(LENGTH_EXTRA[l]);
      const d = decode(distances);
      if (d >= 30) fail();
      const distance = DISTANCE_BASE[d] + bits(DISTANCE_EXTRA[d]);
      if (distance > length) fail();
      for (let i = 0; i < count; i++) put(out[length - distance]);
    }
  }
  return out.subarray(0, length);
}

/** A shard file's bytes, inflated: empty stays empty. */
export async function inflateShard(bytes) {
  if (bytes.length === 0) return bytes;
  if (typeof DecompressionStream === 'function') {
    try {
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    } catch { /* the browser's own inflater refused: ours says why */ }
  }
  return inflateZlib(bytes);
}

/** A shard's token records (docs/search-index.md): token → {count, postings bytes}. */
export function parseShard(bytes) {
  const tokens = new Map();
  const decoder = new TextDecoder();
  let at = 0;
  while (at < bytes.length) {
    const length = varint(bytes, at);
    at = varintEnd;
    const token = decoder.decode(bytes.subarray(at, at + length));
    at += length;
    const count = varint(bytes, at);
    const size = varint(bytes, varintEnd);
    at = varintEnd;
    if (at + size > bytes.length) throw new Error('search index: a token runs past its shard');
    tokens.set(token, { count, bytes: bytes.subarray(at, at + size) });
    at += size;
  }
  return tokens;
}

/** One token's postings, appended to `into` in entry order: the entries and their field codes
 *  (title count ≪ 6 | headings ≪ 4 | body). The tail's come after the head's; an entry not
 *  after the last one (only in a damaged file) is skipped. */
export function decodePostings(bytes, into = { entries: [], codes: [] }) {
  const { entries, codes } = into;
  let entry = -1;
  for (let at = 0; at < bytes.length;) {
    entry += varint(bytes, at);
    at = varintEnd;
    const code = bytes[at++];
    if (entries.length && entry <= entries[entries.length - 1]) continue;
    entries.push(entry);
    codes.push(code);
  }
  return into;
}

/** Whether a token's postings ({entries} in order) hold `entry`. */
function holds(list, entry) {
  if (!list) return false;
  const { entries } = list;
  let lo = 0, hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid] < entry) lo = mid + 1; else hi = mid;
  }
  return lo < entries.length && entries[lo] === entry;
}

/** Ranking: BM25 over fields weighted 4 (title), 2 (headings), 1 (body). Only these numbers
 *  decide what a token is worth in an entry; the index stores how often it occurs. */
export const RANKING = { title: 4, headings: 2, body: 1, k1: 1.2, b: 0.75, phraseFactor: 2, phraseBonus: 10 };

export function fieldFrequency(code) {
  return RANKING.title * (code >> 6) + RANKING.headings * ((code >> 4) & 3) + RANKING.body * (code & 15);
}

/** What a token with document frequency `df` is worth in an entry of length `n`. */
export function tokenScore(code, df, n, stats) {
  const tf = fieldFrequency(code);
  const idf = Math.log(1 + (stats.entries - df + 0.5) / (df + 0.5));
  return (idf * tf * (RANKING.k1 + 1)) / (tf + RANKING.k1 * (1 - RANKING.b + (RANKING.b * n) / stats.average));
}

/** A character of meta's 92-character alphabet (`!`…`~` without `"` and `\`) as its number. */
export function alphabetValue(c) {
  const v = c.charCodeAt(0) - 0x21;
  return v - (v > 1 ? 1 : 0) - (v > 0x3b ? 1 : 0);
}

/** Entry `id`'s place in its record file (0: the file's first; meta's `places`). */
export function recordPlace(meta, id) {
  return meta.places?.[id] ? alphabetValue(meta.places[id]) : 0;
}

/** Where entry `id`'s display record is: its record file (under search/) and its place in it. */
export function recordLocation(meta, id) {
  const place = recordPlace(meta, id);
  const first = id - place;
  return { file: `d/${meta.blocks[Math.floor(first / 256)]}/${first % 256}.bin`, place };
}

/** Entry lengths from meta's length classes: n ≈ 2^(L/4) − 1. */
export function lengthStats(meta) {
  const lengths = new Float64Array(meta.entries);
  let total = 0;
  for (let i = 0; i < meta.entries; i++) {
    const L = i < (meta.lengths || '').length ? alphabetValue(meta.lengths[i]) : 0;
    lengths[i] = 2 ** (L / 4) - 1;
    total += lengths[i];
  }
  return { entries: meta.entries, lengths, average: Math.max(1, total / Math.max(1, meta.entries)) };
}

const DEFAULT_STATS = { entries: 1000, lengths: null, average: 100 };

/** Ranks entries from the postings of the query's tokens (token → {df, entries, codes}):
 *  summed BM25, a bonus for an entry that holds a whole phrase (its bigrams and their links),
 *  and a penalty for entries that miss some of the query. Entries outside the index
 *  (0…stats.entries − 1) are left out. Best first, unless `sorted` is false (the caller
 *  merges several rankings and sorts once). */
export function rank(plan, postingsByToken, stats = DEFAULT_STATS, { sorted = true } = {}) {
  // Arrays by entry number, not an object per entry: a common pair has thousands of postings.
  const size = Math.max(0, Math.floor(stats.entries) || 0);
  const scores = new Float64Array(size), matched = new Uint16Array(size);
  const touched = [];
  const { lengths, average } = stats;
  for (const token of plan.tokens) {
    const list = postingsByToken.get(token);
    if (!list) continue;
    const { entries, codes, df } = list;
    // tokenScore's arithmetic, in its order, with the token's idf worked out once.
    const idf = Math.log(1 + (stats.entries - df + 0.5) / (df + 0.5));
    for (let k = 0; k < entries.length; k++) {
      const entry = entries[k];
      if (!(entry >= 0 && entry < size)) continue;
      const tf = fieldFrequency(codes[k]);
      const n = lengths && entry < lengths.length ? lengths[entry] : average;
      if (matched[entry] === 0) touched.push(entry);
      scores[entry] += (idf * tf * (RANKING.k1 + 1)) / (tf + RANKING.k1 * (1 - RANKING.b + (RANKING.b * n) / average));
      matched[entry] += 1;
    }
  }
  const of = plan.tokens.length;
  const source = { plan, postingsByToken };
  const results = [];
  for (const entry of touched) {
    let score = scores[entry];
    // A phrase held together says an entry holds what was asked only when it holds all of
    // it: an entry missing part of the query gets no phrase bonus (a synonym's two pairs,
    // 联系方式, must not outrank an entry holding more of the question). An entry holding
    // every token holds every phrase's bigrams; the pairs linking them count as far as held.
    const whole = matched[entry] >= of;
    if (!whole) score *= 0.5 * (matched[entry] / of);
    for (const phrase of whole ? plan.phrases : []) {
      const links = phrase.links || [];
      const linked = links.length ? links.filter((t) => holds(postingsByToken.get(t), entry)).length / links.length : 1;
      score = score * (1 + (RANKING.phraseFactor - 1) * linked) + RANKING.phraseBonus * linked;
    }
    results.push(new RankedEntry(entry, score, matched[entry], of, source));
  }
  if (sorted) results.sort((a, b) => b.score - a.score || a.entry - b.entry);
  return results;
}

/** Whether the rankings hold fewer than `count` entries between them (each counted once). */
function fewerEntriesThan(lists, count) {
  const seen = new Set();
  for (const list of lists) for (const r of list) if (seen.add(r.entry).size >= count) return false;
  return true;
}

/** An entry as ranked for one plan: its score, how many of the plan's tokens it holds, of how many. */
class RankedEntry {
  constructor(entry, score, matched, of, source, section = null, category = null) {
    this.entry = entry;
    this.score = score;
    this.matched = matched;
    this.of = of;
    this.source = source;
    this.section = section;
    this.category = category;
  }

  /** Which of the plan's tokens the entry holds: asked of the best result only. */
  get tokens() {
    const { plan, postingsByToken } = this.source;
    return plan.tokens.filter((t) => holds(postingsByToken.get(t), this.entry));
  }
}

// Who a building's card names: a question asking for one of them wants the card first,
// whatever else a page says of the building.
const ASKS_FOR_A_PERSON = /网格|楼栋长|樓棟長|管理员|管理員|干部|幹部|找谁|找誰|找哪个|找哪個|电话|電話|联系|聯繫|负责|負責/;

// A mobile, a landline with its area code and a dash (010 and 02x take eight digits after
// it, the other codes seven or eight, as the build's PhoneNumber has it), a 400 number; no
// lookbehind, which older WebViews cannot parse.
const PHONE = /(^|[^0-9])(1[3-9][0-9]{9}|0(?:[12][0-9]-[0-9]{8}|[3-9][0-9]{2}-[0-9]{7,8})|400-?[0-9]{3}-?[0-9]{4})(?![0-9])/g;

/** The snippet's phone numbers as segments of their own (`tel`: the digits to dial), so a
 * resident asking who to call taps the number in the result, and no mark cuts one apart. */
export function phoneSegments(segments) {
  const text = segments.map((s) => s.text).join('');
  const phones = [];
  for (const m of text.matchAll(PHONE)) {
    const start = m.index + m[1].length;
    phones.push({ start, end: start + m[2].length, tel: m[2].replace(/-/g, '') });
  }
  if (phones.length === 0) return segments;
  const hits = [];
  for (const s of segments) for (let i = 0; i < s.text.length; i++) hits.push(s.hit);
  const out = [];
  const plain = (from, to) => {
    for (let i = from; i < to; i++) {
      const last = out[out.length - 1];
      if (last && !last.tel && last.hit === hits[i]) last.text += text[i];
      else out.push({ text: text[i], hit: hits[i] });
    }
  };
  let pos = 0;
  for (const p of phones) {
    plain(pos, p.start);
    out.push({ text: text.slice(p.start, p.end), hit: false, tel: p.tel });
    pos = p.end;
  }
  plain(pos, text.length);
  return out;
}

/** Segments of `text` around the best match: [{text, hit}], hits marking query characters. */
export function highlight(text, plan, width = Infinity) {
  const chars = Array.from(text);
  const norm = Array.from(normalize(text));
  const hit = new Array(chars.length).fill(false);
  // Each needle costs a pass over the text: the same one twice (a term that is also a token) is looked for once.
  const needles = [...new Set([...plan.terms, ...plan.tokens])].filter((t) => t.length > 0);
  for (const needle of needles) {
    const n = Array.from(needle);
    for (let i = 0; i + n.length <= norm.length; i++) {
      let ok = true;
      for (let k = 0; k < n.length && ok; k++) ok = norm[i + k] === n[k];
      if (!ok) continue;
      for (let k = 0; k < n.length; k++) hit[i + k] = true;
    }
  }
  let start = 0;
  let end = chars.length;
  if (chars.length > width) {
    const first = hit.indexOf(true);
    start = Math.max(0, (first < 0 ? 0 : first) - Math.floor(width / 4));
    end = Math.min(chars.length, start + width);
    // A number is never cut at either end (拨打0870…): a phone number half shown is no number.
    const numeric = (c) => c !== undefined && /[0-9-]/.test(c);
    for (let k = 0; k < 16 && numeric(chars[end - 1]) && numeric(chars[end]); k++) end += 1;
    for (let k = 0; k < 16 && numeric(chars[start - 1]) && numeric(chars[start]); k++) start -= 1;
  }
  const segments = [];
  if (start > 0) segments.push({ text: '…', hit: false });
  for (let i = start; i < end; i++) {
    const last = segments[segments.length - 1];
    if (last && last.hit === hit[i] && last.text !== '…') last.text += chars[i];
    else segments.push({ text: chars[i], hit: hit[i] });
  }
  if (end < chars.length) segments.push({ text: '…', hit: false });
  return segments;
}

/** The shards' files from the search page's "head names|tail names", each segment's names
 *  run together: shard n of the head is `h<n>.<name>`, of the tail `t<n>.<name>`, a name
 *  six base32 letters; an empty shard, `-`, has none (null). */
export function parseShardNames(text) {
  if (!text || !text.includes('|')) return null;
  // A name out of place would send every later shard number to the wrong file: a list with
  // one is no list.
  const segments = text.split('|');
  if (segments.length !== 2 || !segments.every((part) => /^([a-z2-7]{6}|-)*$/.test(part))) return null;
  const [head, tail] = segments.map((part) => part.match(/[a-z2-7]{6}|-/g) || []);
  if (!head.length) return null;
  const files = (names, letter) => names.map((name, n) => (name === '-' ? null : `${letter}${n}.${name}`));
  return { head: files(head, 'h'), tail: files(tail, 't') };
}

/** The search page's filter of the tail's tokens, `<probes>:<base64>` (TailFilter.swift);
 *  null when there is none or it is not well formed: then every tail shard is asked for. */
export function parseTailFilter(text) {
  const match = /^(\d{1,2}):([A-Za-z0-9+/]+={0,2})$/.exec(text || '');
  if (!match || Number(match[1]) < 1 || Number(match[1]) > 16) return null;
  let binary;
  try { binary = atob(match[2]); } catch { return null; }
  return { probes: Number(match[1]), bytes: Uint8Array.from(binary, (c) => c.charCodeAt(0)) };
}

/** MurmurHash3's fmix32: the stride of a token's probes, a second hash of its FNV-1a. */
function mix32(value) {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b) >>> 0;
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

/** The bits a token with FNV-1a `hash` sets in a filter of `bits` bits: probe i at
 *  (hash + i · (mix32(hash) | 1)) mod bits. */
export function filterPositions(hash, bits, probes) {
  const stride = (mix32(hash) | 1) >>> 0;
  return Array.from({ length: probes }, (_, i) => (hash + i * stride) % bits);
}

/** Whether the tail may hold the token with FNV-1a `hash`: false only when it does not. */
export function tailMayHold(filter, hash) {
  const bits = filter.bytes.length * 8;
  return bits > 0 && filterPositions(hash, bits, filter.probes).every((p) => filter.bytes[p >> 3] & (1 << (p & 7)));
}

/** A site's index, fetched piece by piece. `base` is the index folder's URL (ending in /). */
export class SearchIndex {
  /** `meta` is the meta file's URL; `shards`, when the page states them ("head|tail" names),
   *  lets the shards load alongside it instead of after it; `tail`, the page's filter of the
   *  tail's tokens, spares the tail shards of tokens the tail lacks. */
  constructor(meta, { fetch: fetchFn = globalThis.fetch?.bind(globalThis), shards = null, words = null, tail = null } = {}) {
    this.metaURL = meta;
    this.wordsURL = words;
    this.base = meta.slice(0, meta.lastIndexOf('/') + 1);
    this.fetch = fetchFn;
    this.names = typeof shards === 'string' ? parseShardNames(shards) : shards;
    if (this.names && tail) this.names = { ...this.names, tailFilter: parseTailFilter(tail) };
    this.shards = new Map();
    this.entries = new Map();
    this.metaRequest = new Map();
    this.wordsRequest = new Map();
    this.meta = null;
    this.stats = null;
    this.requests = 0;
  }

  async request(path) {
    this.requests += 1;
    const response = await this.fetch(this.base + path);
    if (!response.ok) throw new Error(`search index: ${path}: HTTP ${response.status}`);
    return response;
  }

  async json(path) {
    return (await this.request(path)).json();
  }

  /** A request remembered once it succeeds; a failed one (a dropped 4G connection) is tried again next time. */
  cached(map, key, load) {
    if (!map.has(key)) map.set(key, load().catch((error) => { map.delete(key); throw error; }));
    return map.get(key);
  }

  load() {
    return this.cached(this.metaRequest, 'meta', () => this.json(this.metaURL.slice(this.base.length))).then((meta) => {
      if (!this.meta) {
        this.meta = meta;
        this.stats = lengthStats(meta);
        if (!this.names?.head.length) throw new Error('search index: the search page does not name its shards (data-shards)');
      }
      return meta;
    });
  }

  /** What a query is planned with: the site's synonym groups, pinyin syllables, the pinyin table's name. */
  words() {
    return this.cached(this.wordsRequest, 'words', async () => {
      if (!this.wordsURL) throw new Error('search index: the search page does not name its words file (data-words)');
      return this.json(this.wordsURL.slice(this.base.length));
    });
  }

  /** A file of the index compressed with zlib (a shard, a record file), inflated. */
  async inflated(path) {
    const response = await this.request(path);
    return inflateShard(new Uint8Array(await response.arrayBuffer()));
  }

  shard(name) {
    return this.cached(this.shards, name, async () => parseShard(await this.inflated(`s/${name}.bin`)));
  }

  /** Entry `id`'s display record, from the file of its page's run (JSON, compressed as a shard is). */
  entry(id) {
    const { file, place } = recordLocation(this.meta, id);
    return this.cached(this.entries, file, async () => JSON.parse(new TextDecoder().decode(await this.inflated(file))))
      .then((records) => records[place]);
  }

  /** The shard files holding `token`: its head shard and, when the index has a tail that may
   *  hold it, its tail shard (an empty one has no file). */
  shardsOf(token, names) {
    const hash = shardHash(token);
    const files = [names.head[hash % names.head.length]];
    if (names.tail.length && (!names.tailFilter || tailMayHold(names.tailFilter, hash))) files.push(names.tail[hash % names.tail.length]);
    return files.filter((name) => name !== null);
  }

  /** (section, category) of an entry, from meta alone. */
  classOf(id) {
    const { cls, width, classes } = this.meta;
    const index = width === 2 ? alphabetValue(cls[id * 2]) * 92 + alphabetValue(cls[id * 2 + 1]) : alphabetValue(cls[id]);
    const [section, category] = classes[index];
    return { section, category };
  }

  /** char → most common pinyin, for homophone typos; fetched the first time one is needed. */
  readings() {
    if (!this.readingsPromise) {
      this.readingsPromise = this.words().then((words) => this.json(words.pinyin || 'pinyin.json')).then((table) => {
        const map = new Map();
        for (const [syllable, chars] of Object.entries(table)) for (const ch of chars) map.set(ch, syllable);
        return map;
      }).catch(() => { this.readingsPromise = null; return new Map(); });
    }
    return this.readingsPromise;
  }

  /** Ranks one way of reading the query; entries missing more than allowed are dropped. */
  async rankPlan({ plan, weight, whole = false }, names, partial = false) {
    const wanted = [...plan.tokens, ...(plan.links || [])];
    const [lists] = await Promise.all([Promise.all(wanted.map((token) => this.postings(token, names))), this.load()]);
    const postingsByToken = new Map();
    wanted.forEach((token, i) => { if (lists[i].entries.length) postingsByToken.set(token, lists[i]); });
    // A long query may miss one part ("怎么申请公益性岗位" still finds "公益性岗位有哪些？谁可以申请？").
    // With `partial`, any entry that holds a part counts: rank() already weighs a part by how
    // rare it is (BM25) and scales an entry by the share of the query it holds.
    const need = partial ? 1 : whole || plan.tokens.length < 3 ? plan.tokens.length : plan.tokens.length - 1;
    const ranked = rank(plan, postingsByToken, this.stats, { sorted: false }).filter((r) => r.matched >= need);
    for (const r of ranked) r.score *= weight;
    return ranked;
  }

  /** `token`'s postings, its head shard's then its tail's, and its document frequency
   *  (`{df, entries, codes}`, empty when no page holds it); its shards are fetched (or here already). */
  async postings(token, names) {
    const shards = await Promise.all(this.shardsOf(token, names).map((name) => this.shard(name)));
    const list = { df: 0, entries: [], codes: [] };
    for (const shard of shards) {
      const record = shard.get(token);
      if (!record) continue;
      list.df += record.count;
      decodePostings(record.bytes, list);
    }
    return list;
  }

  /** Which of `tokens` some page holds; their shards are fetched (or here already). */
  async held(tokens, names) {
    const held = new Set();
    for (const token of tokens) {
      const shards = await Promise.all(this.shardsOf(token, names).map((name) => this.shard(name)));
      if (shards.some((shard) => shard.has(token))) held.add(token);
    }
    return held;
  }

  /** `plan` ranked with the pair that no page holds read aloud (`soundAlikePlan`); empty
   *  unless exactly one is missing and the site has pinyin. `held`: the plan's tokens some page holds. */
  async soundAlikeRanking(plan, held, names, words) {
    if (!words?.syllables) return [];
    const absent = plan.tokens.filter((token) => Array.from(token).length === 2 && isHan(token.codePointAt(0)) && !held.has(token));
    // One misheard word. With two pairs or more missing, the question is worded unlike the
    // site more often than misheard, and the pinyin table and shards would be fetched for little.
    const mended = absent.length === 1 ? soundAlikePlan(plan, absent, await this.readings()) : null;
    return mended ? this.rankPlan(mended, names) : [];
  }

  /**
   * Ranked matches for `query`, with counts per section and category for the filters.
   * The query as typed comes first; its synonyms count a little less; read as pinyin (when
   * nothing matches as typed: "buchang", "bc", a homophone typo such as 补尝) less again.
   * Only `first` entries are fetched before returning; `fetchResults` fetches others.
   */
  async search(asked, { section = null, category = null, limit = 10, first } = {}) {
    asked = capQuery(asked);
    // A spoken question is looked up by what it is about, not by its frame (怎么, 吗 …).
    const question = questionCore(asked);
    const query = question.frameOnly ? asked : lookupForm(question.core);
    const plan = queryPlan(query);
    const empty = { plan, total: 0, matches: [], results: [], counts: { sections: {}, categories: {} },
      guidance: question.frameOnly && runs(asked).length > 0 };
    if (plan.tokens.length === 0 || question.frameOnly) return empty;
    // The words (synonyms) come apart from meta, so the reformulations' shards do not wait for
    // the entries' tables, which only ranking needs.
    const wordsLoading = this.words();
    // A spoken question is read by sound about half the time (a word the microphone
    // misheard): its pinyin table, asked for now, comes with the first shards rather than a
    // round trip after them. Not for a keyword (补偿标准, 后期扶持资金), which its words
    // usually answer: 9 KB each would be most of what it fetches.
    if (hanCharacters(query) >= SPOKEN_QUESTION_CHARS) {
      wordsLoading.then((w) => w.pinyin && this.readings()).catch(() => {});
    }
    const names = this.names ?? (await this.load(), this.names);
    const typedRanking = this.rankPlan({ plan, weight: 1 }, names);
    // The meta file, the shards, then as many entries as keep the first results within budget.
    const shardRequests = new Set([...plan.tokens, ...plan.links].flatMap((t) => this.shardsOf(t, names))).size;
    const firstCount = first ?? Math.min(limit, Math.max(1, FIRST_RESULTS_REQUESTS - shardRequests));
    const shown = (r) => (!section || r.section === section) && (!category || r.category === category);
    // While more shards load (reformulations, pinyin), the first results' records so far are
    // asked for: the best of the words as typed usually stays first, and its record then
    // costs no round trip after the last shard; one the final order drops costs its bytes.
    const prepare = (lists) => {
      for (const r of this.ordered(lists, query, plan, { first: firstCount, shown, asked })) this.entry(r.entry).catch(() => {});
    };
    // Both awaited at once, so that a failure of either is this search's error, not an unhandled one.
    const [words] = await Promise.race([Promise.all([wordsLoading, typedRanking]), wordsLoading.then((w) => [w])]);
    // The question as asked and its core both meet the site's synonyms (补多少 → 补偿).
    const variants = [...new Set([...synonymQueries(askedOnce(asked), words.synonyms).map((q) => lookupForm(questionCore(q).core)),
      ...synonymQueries(query, words.synonyms)])].filter((q) => q && q !== query).slice(0, 4)
      .map((q) => ({ plan: queryPlan(q), weight: 0.9 }));
    // Reformulations load alongside the words as typed (one round trip, not two). Each costs
    // shards of its own, so a short query, which its own words usually answer, starts only the
    // first and adds the others when the words as typed do not fill the first results; a long
    // question, which few pages hold whole, starts two (all four cost more bytes than the
    // round trip they save).
    const early = variants.slice(0, plan.tokens.length >= LONG_QUESTION_TOKENS ? 2 : 1).map((v) => this.rankPlan(v, names));
    const typed = await typedRanking;
    // Pairs that straddle the words (做帮 厨要 for 做帮厨): read one character later where
    // that is what pages hold. The links' shards came with the words as typed.
    const held = await this.held([...plan.tokens, ...plan.links], names);
    const realigned = realignedPlan(plan, held);
    const straddled = realigned ? this.rankPlan({ plan: realigned, weight: REALIGNED_WEIGHT }, names) : Promise.resolve([]);
    straddled.catch(() => {}); // awaited below
    // Nothing holds enough of the question as typed: a pair no page holds may be a homophone
    // the microphone wrote (底保 for 低保); read aloud while the synonyms load.
    const soundAlike = typed.length === 0 ? this.soundAlikeRanking(plan, held, names, words) : Promise.resolve([]);
    soundAlike.catch(() => {}); // awaited below
    // Without reformulations there is nothing to wait for unless pinyin is tried (below).
    if (variants.length) prepare([typed]);
    // The more pages hold the words as typed, the fewer reformulations are worth their shards:
    // with some whole matches the first results are theirs, and a third and fourth synonym
    // add requests (six at a time over HTTP/1.1) for results further down.
    const whole = typed.filter((r) => r.matched === r.of).length;
    const synonyms = variants.slice(0, Math.max(early.length, whole >= ENOUGH_AS_TYPED ? 1 : whole > 0 ? 2 : 4));
    const later = Promise.all(synonyms.slice(early.length).map((v) => this.rankPlan(v, names)));
    later.catch(() => {}); // awaited below; heard there if the early ones fail first
    const earlyLists = await Promise.all(early);
    if (synonyms.length > early.length) prepare([typed, ...earlyLists]);
    let lists = [typed, await straddled, ...earlyLists, ...await later];
    // No entry holds enough of the question: the entries that hold the most of it, by how
    // informative the parts they hold are (the shards are already here).
    // Whenever the question as asked finds nothing whole: a weak synonym that happens to
    // match something must not hide the pages holding most of what was asked.
    let partial = false;
    let unheard = [];
    if (typed.length === 0) {
      const relaxed = await Promise.all([{ plan, weight: 1 }, ...synonyms].map((v) => this.rankPlan(v, names, true)));
      partial = relaxed[0].length > 0;
      lists = [...lists, ...relaxed];
    }
    // Few matches as typed: maybe pinyin, initials or a homophone typo of the whole query.
    // Nothing holding enough of the question as typed: maybe a homophone of one of its words,
    // or its words left out for the budget.
    const few = fewerEntriesThan(lists, 5);
    // Few entries hold the question whole: those holding part of it follow them (the shards
    // are already here).
    if (typed.length > 0 && whole < FEW_WHOLE_MATCHES) {
      const parts = [{ plan, weight: 1 }, ...synonyms].map((v) => ({ ...v, weight: v.weight * PART_OF_FEW_WEIGHT }));
      lists.push(...await Promise.all(parts.map((v) => this.rankPlan(v, names, true))));
    }
    if (few || typed.length === 0) {
      prepare(lists);
      const syllables = new Set((words.syllables || '').split(' ').filter(Boolean));
      let phonetic = few ? pinyinPlans(query, syllables) : [];
      // Homophones are read from character pairs: the table (9 KB) is not fetched for a lone
      // character (600元), whose homophones would be noise.
      if (few && phonetic.length === 0 && runs(query).some((r) => r.kind === 'han' && r.chars.length >= 2) && syllables.size) {
        phonetic = homophonePlans(query, await this.readings());
      }
      // A long question's pairs left out for the budget may be the ones the site holds
      // (洗水箱要停水停好久: 停水): every pair of it, any of them counting. When nothing at all
      // was found, the pairs read one character later too (去义诊要带些: 义诊, not 去义 诊要),
      // whose shards are already here.
      const extra = typed.length === 0 ? [...plan.left, ...(lists.some((list) => list.length) ? [] : plan.links)] : [];
      const wide = extra.length ? this.rankPlan({ plan: { ...plan, tokens: [...plan.tokens, ...extra],
        phrases: [] }, weight: 0.8 }, names, true) : Promise.resolve([]);
      const mended = typed.length === 0 ? soundAlike : this.soundAlikeRanking(plan, held, names, words);
      // Nothing holds the question whole: it is read again with every pair of it, whatever
      // the beat, their shards alongside the left-out pairs'.
      const pairs = typed.length === 0 ? everyPair(query) : [];
      const overlapping = pairs.length ? this.rankPlan({ plan: { ...plan, tokens: [...new Set([...plan.tokens, ...pairs])],
        phrases: [], links: [] }, weight: EVERY_PAIR_WEIGHT }, names, true) : Promise.resolve([]);
      const [widened, overlapped, ...sounded] = await Promise.all([wide, overlapping, mended,
        ...phonetic.map((v) => this.rankPlan(v, names))]);
      // What they find holds part of the question: said so, like any partial match.
      const foundBefore = lists.some((list) => list.length);
      if ((widened.length || overlapped.length) && !foundBefore) partial = true;
      lists.push(widened, overlapped, ...sounded);
      // Which of its pairs no page holds among words pages do: what `suggestion` reads by
      // sound once the first results are shown (their shards are all here).
      if (pairs.length && words.syllables) {
        const lookedUp = new Set([...plan.tokens, ...pairs]);
        const heldPairs = await this.held([...lookedUp], names);
        unheard = unheardPairs(query, heldPairs, lookedUp);
        // A word misheard among words pages hold (院霸会 for 院坝会, 然气 for 燃气), however
        // many of the plan's pairs are missing: the overlapping reading again, its likeliest
        // misheard pairs read aloud too: each costs its pinyin token's shards.
        // Not for a keyword (院坝会, 物业报修): typed, it is spelt right, and the reading by
        // sound would cost it a round trip.
        const misheard = hanCharacters(asked) >= MIN_MISHEARD_QUESTION_CHARS ? misheardPairs(query, heldPairs, lookedUp) : [];
        if (misheard.length > 0 && misheard.length <= MAX_MISHEARD_PAIRS) {
          const readings = await this.readings();
          const readable = misheard.filter((pair) => Array.from(pair).every((c) => readings.has(c))).slice(0, MISHEARD_PAIRS_READ);
          if (readable.length) {
            const sounds = readable.map((pair) => { const [a, b] = Array.from(pair).map((c) => readings.get(c)); return pinyinToken(a, b); });
            const mendedPairs = await this.rankPlan({ plan: { ...plan, tokens: [...new Set([...plan.tokens, ...pairs, ...sounds])],
              phrases: [], links: [] }, weight: EVERY_PAIR_WEIGHT }, names, true);
            if (mendedPairs.length && !foundBefore) partial = true;
            lists.push(mendedPairs);
          }
        }
      }
    }
    await this.load();
    const ranked = this.ordered(lists, query, plan, { asked });
    const highlightPlan = { ...plan, terms: [...plan.terms, ...synonyms.flatMap((v) => v.plan.terms)],
      tokens: [...plan.tokens, ...synonyms.flatMap((v) => v.plan.tokens)] };
    const counts = { sections: {}, categories: {} };
    for (const r of ranked) {
      counts.sections[r.section] = (counts.sections[r.section] || 0) + 1;
      if (r.category && (!section || r.section === section)) counts.categories[r.category] = (counts.categories[r.category] || 0) + 1;
    }
    const matches = ranked.filter(shown);
    const results = await this.fetchResults(matches.slice(0, firstCount), highlightPlan);
    // Which parts of the question the best result holds, for "以下结果包含：…".
    // Said against the question as asked: a building's key or a number in digits is no part
    // of what the resident said.
    const found = partial && matches.length ? coveredParts(question.core, (matches[0].tokens || [])
      .filter((t) => !t.startsWith('~') && !t.startsWith('^') && !PLACE_KEY.test(t))) : [];
    return { plan: highlightPlan, total: matches.length, matches, results, counts, limit, partial, found, asked, unheard };
  }

  /** Every ranking's entries, each at its best score, best first, with its section and
   *  category: a building the query names ahead of all (or right after a page about it),
   *  a closed job or an expired notice at half its score. The rankings are left as they
   *  are: the first results are also picked before the last ranking is in, with `first`
   *  (how many) and `shown` (the filter), which only keeps that many, unsorted beyond them;
   *  `asked` is the question as said, frame and all (找哪个 asks for a person). Needs meta. */
  ordered(lists, query, plan, { first = Infinity, shown = () => true, asked = query } = {}) {
    const best = new Map();
    let top = 0;
    for (const list of lists) {
      for (const r of list) {
        if (!(r.entry >= 0 && r.entry < this.meta.entries) || best.get(r.entry)?.score >= r.score) continue;
        best.set(r.entry, r);
        top = Math.max(top, r.score);
      }
    }
    // A Q&A topic and its questions (the grid directory and its buildings) are one page, the
    // page's entry first in its record file. The one question that holds as much of the query
    // as its topic stands for the topic, at the topic's place when that was higher: it links
    // to the answer itself, and the page is not listed twice. A topic several of whose
    // questions hold it stays: it is the page about the query, its questions answers in it.
    // A file's first entry is its page's own unless the file may continue the run before it
    // (a block's first entry, or one after a full file): then it is left as it is.
    const startsPage = (id) => id === 0 || (id % 256 !== 0 && recordPlace(this.meta, id - 1) !== 31);
    const pageOf = (entry) => {
      const place = recordPlace(this.meta, entry);
      return place > 0 && startsPage(entry - place) ? entry - place : null;
    };
    const standsFor = new Map();
    for (const r of best.values()) {
      const pageId = pageOf(r.entry);
      const page = pageId === null ? undefined : best.get(pageId);
      if (!page || r.matched * page.of < page.matched * r.of) continue;
      standsFor.set(page.entry, standsFor.has(page.entry) ? null : r);
    }
    const lifted = new Map();
    for (const [page, r] of standsFor) {
      if (r) lifted.set(r.entry, best.get(page).score); else standsFor.delete(page);
    }
    // A topic kept because several of its questions hold the query: in a spoken question, its
    // best question goes just above it when that holds all but one of what the topic holds and
    // no sibling ties it. The topic's extra is spread over its other questions' headings, not
    // one answer to what was asked (儿子分户出去了，补偿款咋个分).
    if (hanCharacters(asked) >= SPOKEN_QUESTION_CHARS) {
      const questionsOf = new Map(); // page → [its best question, the next]
      for (const r of best.values()) {
        const pageId = pageOf(r.entry);
        if (pageId === null || !best.has(pageId) || standsFor.has(pageId)) continue;
        const [first, second] = questionsOf.get(pageId) ?? [null, null];
        if (!first || r.score > first.score) questionsOf.set(pageId, [r, first]);
        else if (!second || r.score > second.score) questionsOf.set(pageId, [first, r]);
      }
      for (const [pageId, [question, sibling]] of questionsOf) {
        const page = best.get(pageId);
        if (question.matched * page.of >= (page.matched - 1) * question.of && (!sibling || question.score > sibling.score)) {
          lifted.set(question.entry, page.score * JUST_ABOVE);
        }
      }
    }
    // A query naming a building puts that building's people first, however it is spelt.
    let building = buildingIn(query);
    if (building !== null && this.meta.buildings && !Object.hasOwn(this.meta.buildings, building)) {
      // b4 / b-4 as the site spells it; a zone letter the site's ids do not have: its number.
      const zoned = /^([a-z])-?([0-9]+)$/.exec(building);
      const alternatives = zoned ? [zoned[1] + zoned[2], zoned[1] + '-' + zoned[2], zoned[2]] : [building];
      building = alternatives.find((b) => Object.hasOwn(this.meta.buildings, b)) ?? building;
    }
    const named = building !== null && this.meta.buildings && Object.hasOwn(this.meta.buildings, building) ? this.meta.buildings[building] : null;
    const buildingEntry = Number.isInteger(named) && named >= 0 && named < this.meta.entries ? named : null;
    const heldScore = (r) => Math.max(r.score, lifted.get(r.entry) ?? 0);
    const asksForAPerson = ASKS_FOR_A_PERSON.test(normalize(asked));
    let buildingScore = top * 2 + 1000;
    // A residents' group asked with a person (我们第六组的网格员是哪个): the first building
    // of the grid serving it, whose card names that grid's people.
    let leadEntry = buildingEntry;
    if (leadEntry === null && asksForAPerson) {
      const group = plan.tokens.find((t) => /^zu[0-9]+$/.test(t));
      let list;
      for (const r of best.values()) if ((list = r.source?.postingsByToken?.get(group))) break;
      leadEntry = list?.entries.find((e) => { const { section, category } = this.classOf(e); return section === 'grid' && category; }) ?? null;
    }
    // Unless a current page says something of that building and holds more of the question
    // than its card (我住5栋哪天停水: the outage notice covering it), and no person is asked
    // for: that page comes first, the building's people right after it.
    if (buildingEntry !== null && !asksForAPerson) {
      const key = 'zhuang' + building;
      const own = best.get(buildingEntry);
      const share = own ? own.matched / own.of : 0;
      let ahead = null;
      for (const r of best.values()) {
        const keyed = r.source?.postingsByToken?.get(key) ?? (/^[0-9a-z]+$/.test(building) && /[a-z]/.test(building) ? r.source?.postingsByToken?.get(building) : undefined);
        if (r.entry === buildingEntry || r.matched / r.of <= share || !holds(keyed, r.entry)) continue;
        const { section, category } = this.classOf(r.entry);
        if (section === 'grid' || category === CLOSED_JOB || category === EXPIRED_NOTICE) continue;
        if (!ahead || heldScore(r) > heldScore(ahead)) ahead = r;
      }
      // Both above everything else: the page first, then the card.
      if (ahead) lifted.set(ahead.entry, buildingScore + 1);
    }
    const before = (a, b) => b.score - a.score || a.entry - b.entry;
    const ranked = [];
    const add = (r) => {
      if (first === Infinity) { ranked.push(r); return; }
      if (!shown(r) || (ranked.length === first && before(r, ranked[first - 1]) >= 0)) return;
      let at = ranked.length;
      while (at > 0 && before(r, ranked[at - 1]) < 0) at -= 1;
      ranked.splice(at, 0, r);
      if (ranked.length > first) ranked.pop();
    };
    // Buildings that the query scores alike (those of one grid, matched by its name alone:
    // 第九网格) say the same thing: the first stands for the others. (Two questions of a topic
    // scored alike are two answers.)
    const classes = new Map(), firstAlike = new Map();
    const alikeKey = (r) => {
      const { section, category } = classes.get(r.entry);
      return section === 'grid' ? `${category} ${r.score} ${r.matched}` : null;
    };
    for (const r of best.values()) {
      classes.set(r.entry, this.classOf(r.entry));
      const key = alikeKey(r);
      if (key !== null && !(firstAlike.get(key) < r.entry)) firstAlike.set(key, r.entry);
    }
    for (const r of best.values()) {
      if (standsFor.has(r.entry) || r.entry === leadEntry) continue;
      const { section, category } = classes.get(r.entry);
      const key = alikeKey(r);
      if (key !== null && firstAlike.get(key) !== r.entry) continue;
      // A closed job or an expired notice stays findable at half its score: below an open
      // job or a current notice on the matter, above what barely matches.
      const held = heldScore(r);
      const over = (section === 'job' && category === CLOSED_JOB) || (section === 'notice' && category === EXPIRED_NOTICE);
      const score = over ? held * 0.5 : held;
      add(new RankedEntry(r.entry, score, r.matched, r.of, r.source, section, category));
    }
    if (leadEntry !== null) {
      const { section, category } = this.classOf(leadEntry);
      add({ entry: leadEntry, score: buildingScore, matched: plan.tokens.length, section, category });
    }
    return first === Infinity ? ranked.sort(before) : ranked;
  }

  /**
   * The question as the site would word it, when a speech recogniser seems to have misheard
   * it (`outcome.unheard`, from `search`): each misheard pair read aloud, and where pages
   * hold that reading together with another word of the question, replaced by the
   * characters the first of them uses (院霸会 → 院坝会). Asked after the first results are
   * shown: it costs the pinyin table, the readings' shards and one record, never the
   * first results' time. Null when nothing is replaced.
   */
  async suggestion(outcome) {
    const pairs = (outcome.unheard || []).slice(0, MAX_SUGGESTED_PAIRS);
    if (!pairs.length || !outcome.asked) return null;
    const names = this.names ?? (await this.load(), this.names);
    // A site built without pinyin has no table to ask for.
    if (!(await this.words()).syllables) return null;
    const readings = await this.readings();
    if (!readings.size) return null;
    const others = outcome.plan.tokens.filter((t) => !pairs.includes(t));
    const postings = async (token) => (await this.postings(token, names)).entries;
    const readable = pairs.filter((pair) => Array.from(pair).every((c) => readings.has(c)));
    // The question's other words' and the readings' shards in one round trip.
    const [around, ...heard] = await Promise.all([Promise.all(others.map(postings)).then((lists) => new Set(lists.flat())),
      ...readable.map((pair) => { const [a, b] = Array.from(pair).map((c) => readings.get(c)); return postings(pinyinToken(a, b)); })]);
    // For each pair, the entries holding its reading, those holding another word of the
    // question first; their records are read for the characters, all in one round trip.
    const candidates = heard.map((holding) => [...holding.filter((id) => around.has(id)),
      ...holding.filter((id) => !around.has(id))].slice(0, RECORDS_PER_PAIR));
    let budget = MAX_SUGGESTION_RECORDS;
    for (const list of candidates) { list.splice(Math.max(0, budget), list.length); budget -= list.length; }
    const records = await Promise.all(candidates.map((list) => Promise.all(list.map((id) => this.entry(id)))));
    const chars = Array.from(outcome.asked), changed = new Uint8Array(chars.length);
    const replaced = [];
    const neighbour = (c) => (c && isHan(c.codePointAt(0)) ? c : null);
    for (const [k, pair] of readable.entries()) {
      const at = chars.findIndex((c, i) => c + chars[i + 1] === pair && !changed[i] && !changed[i + 1]);
      if (at < 0) continue;
      const instead = records[k].map((r) => soundingAlike(`${r.t} ${r.x}`, pair, readings, neighbour(chars[at - 1]), neighbour(chars[at + 2])))
        .find((found) => found);
      if (!instead) continue;
      Array.from(instead).forEach((c, i) => { chars[at + i] = c; changed[at + i] = 1; });
      replaced.push([pair, instead]);
    }
    if (!replaced.length) return null;
    // The question in runs of changed and unchanged characters, for the page to mark.
    const segments = [];
    chars.forEach((c, i) => {
      const last = segments[segments.length - 1];
      if (last && last.changed === !!changed[i]) last.text += c; else segments.push({ text: c, changed: !!changed[i] });
    });
    return { text: chars.join(''), replaced, segments };
  }

  /** Display records of matches: title, URL, section, date and highlighted snippet. */
  async fetchResults(matches, plan) {
    const records = await Promise.all(matches.map((m) => this.entry(m.entry)));
    return records.map((r, i) => ({
      url: r.u,
      title: r.t,
      section: r.s,
      category: r.c || null,
      date: r.d || null,
      parent: r.p || null,
      score: matches[i].score,
      titleSegments: highlight(r.t, plan),
      snippet: phoneSegments(highlight(r.x, plan, 90)),
    }));
  }
}

// ---- The search page -------------------------------------------------------------------

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

function segmentsInto(node, segments) {
  for (const s of segments) {
    if (s.tel) node.append(element('a', { href: `tel:${s.tel}`, class: 'tel' }, s.text));
    else node.append(s.hit ? element('mark', {}, s.text) : document.createTextNode(s.text));
  }
  return node;
}

/** Input that brings whole words at once, whatever its length: looked up without waiting. */
const WHOLE_INPUTS = new Set(['insertFromPaste', 'insertFromDrop', 'insertReplacementText', 'insertFromComposition']);

/** Wires the search page: results as the user types, filters with counts, `?q=` links. */
export function mountSearchPage(root) {
  const input = root.querySelector('input[name=q]');
  const form = root.querySelector('form');
  const status = root.querySelector('[data-status]');
  const list = root.querySelector('[data-results]');
  const filters = root.querySelector('[data-filters]');
  const more = root.querySelector('[data-more]');
  const fallback = document.querySelector('[data-no-results-help]');
  // The index loads after the page, so its first paint waits for none of it; its table of
  // contents is fetched once the page has loaded, while the resident speaks or types.
  const index = new SearchIndex(root.dataset.index, {
    shards: root.dataset.shards || null, words: root.dataset.words || null, tail: root.dataset.tail || null,
  });
  // The words first: the small file a query's reformulations wait for.
  const prefetch = () => setTimeout(() => { index.words().catch(() => {}); index.load().catch(() => {}); }, 0);
  if (document.readyState === 'complete') prefetch(); else window.addEventListener('load', prefetch, { once: true });
  // The box takes no more than the search reads (maxlength counts UTF-16 units, so it is never looser).
  if (!input.hasAttribute('maxlength')) input.setAttribute('maxlength', String(MAX_QUERY_CHARS));
  const state = { section: null, category: null, shown: 0, last: null, query: null, loadingMore: false };
  let generation = 0;
  let timer = null;
  // The box's text when last looked up or changed: what an input adds to it is counted in
  // characters.
  let typedText = '';
  const typed = () => { typedText = input.value; };
  // 您要找的是不是：… under the status line, when a word of the question seems misheard.
  const suggestion = element('p', { class: 'suggestion', role: 'status', 'aria-live': 'polite' });
  suggestion.hidden = true;
  status.after(suggestion);

  function suggest(found) {
    const link = element('a', { href: `?q=${encodeURIComponent(found.text)}` });
    for (const part of found.segments) link.append(part.changed ? element('mark', {}, part.text) : part.text);
    link.addEventListener('click', (event) => { event.preventDefault(); input.value = found.text; run(true); });
    suggestion.replaceChildren('您要找的是不是：', link);
    suggestion.hidden = false;
  }

  function renderResults(results, append) {
    if (!append) list.replaceChildren();
    for (const r of results) {
      const title = segmentsInto(element('a', { href: r.url }), r.titleSegments);
      const meta = element('p', { class: 'meta' }, element('span', { class: `badge section-${r.section}` }, SECTION_LABELS[r.section] || r.section));
      if (r.parent) meta.append(' ', r.parent);
      if (r.category && r.section !== 'qa') meta.append(' · ', r.category);
      if (r.date) meta.append(' · ', element('time', { datetime: r.date }, r.date));
      list.append(element('li', {}, element('h2', {}, title), meta, segmentsInto(element('p', { class: 'snippet' }), r.snippet)));
    }
  }

  function filterButton(label, count, pressed, onClick) {
    const b = element('button', { type: 'button', 'aria-pressed': String(pressed) }, `${label} ${count}`);
    b.addEventListener('click', onClick);
    return b;
  }

  function renderFilters(outcome) {
    filters.replaceChildren();
    if (!outcome || outcome.total === 0 && !state.section && !state.category) { filters.hidden = true; return; }
    filters.hidden = false;
    const sectionRow = element('div', { class: 'filter-row', role: 'group', 'aria-label': '按类型筛选' });
    const all = Object.values(outcome.counts.sections).reduce((a, b) => a + b, 0);
    sectionRow.append(filterButton('全部', all, !state.section, () => { state.section = null; state.category = null; run(); }));
    for (const [section, count] of Object.entries(outcome.counts.sections)) {
      sectionRow.append(filterButton(SECTION_LABELS[section] || section, count, state.section === section,
        () => { state.section = section; state.category = null; run(); }));
    }
    filters.append(sectionRow);
    // Categories once a type is chosen: across all types they were thirty chips (each grid,
    // each Q&A category) between a question and its answer.
    const categories = Object.entries(outcome.counts.categories);
    if ((state.section && categories.length > 1) || state.category) {
      const categoryRow = element('div', { class: 'filter-row', role: 'group', 'aria-label': '按分类筛选' });
      for (const [category, count] of categories) {
        categoryRow.append(filterButton(category, count, state.category === category,
          () => { state.category = state.category === category ? null : category; run(); }));
      }
      filters.append(categoryRow);
    }
  }

  /** Brings the first answers into view when they start below the screen (the header,
   * banners and filters can fill a phone's), for a question asked by pressing 搜索 or from
   * another page's box; not while typing, which would move the box away. */
  function reveal() {
    const first = list.firstElementChild;
    if (first && first.getBoundingClientRect().top > window.innerHeight * 0.6) status.scrollIntoView({ block: 'start' });
  }

  async function run(revealing = false) {
    // maxlength does not stop a value set by script or an old browser: cut it here too.
    const capped = capQuery(input.value);
    if (capped !== input.value) input.value = capped;
    typed();
    const query = capped.trim();
    // A new query starts unfiltered, however it was typed (an input method's last input
    // event arrives while still composing, so the input handler may not have run).
    if (query !== state.query) { state.section = null; state.category = null; state.query = query; }
    more.hidden = true;
    suggestion.hidden = true;
    state.shown = 0;
    const url = new URL(window.location.href);
    if (query) url.searchParams.set('q', query); else url.searchParams.delete('q');
    window.history.replaceState(null, '', url);
    const mine = ++generation;
    // aria-busy: a screen reader waits for the whole first page rather than reading each part as it comes.
    if (!query) {
      list.replaceChildren(); renderFilters(null); status.textContent = '';
      more.hidden = true; if (fallback) fallback.hidden = false;
      list.setAttribute('aria-busy', 'false');
      return;
    }
    status.textContent = '正在搜索…';
    list.setAttribute('aria-busy', 'true');
    try {
      const outcome = await index.search(query, { section: state.section, category: state.category, limit: 10 });
      if (mine !== generation) return;
      state.last = outcome;
      renderResults(outcome.results, false);
      renderFilters(outcome);
      if (fallback) fallback.hidden = outcome.total > 0;
      if (outcome.guidance) {
        status.textContent = '请说出想问的事，例如：什么时候停水、补偿标准、低保怎么申请、3栋网格员电话。';
      } else if (outcome.partial && outcome.found.length) {
        status.textContent = `没有完全匹配“${outcome.asked}”，以下结果包含：${outcome.found.join('、')}`;
      } else {
        status.textContent = outcome.total ? `找到 ${outcome.total} 条结果` : `没有找到“${query}”的结果，请换个说法，或拨打服务热线咨询。`;
      }
      if (revealing === true) reveal();
      // A misheard word is read by sound once the first results are shown: its cost is
      // never their time.
      if (outcome.unheard?.length) {
        index.suggestion(outcome).then((found) => { if (found && mine === generation) suggest(found); }).catch(() => {});
      }
      // The rest of the first page follows the first results.
      const rest = await index.fetchResults(outcome.matches.slice(outcome.results.length, 10), outcome.plan);
      if (mine !== generation) return;
      renderResults(rest, true);
      state.shown = Math.min(10, outcome.matches.length);
      more.hidden = outcome.matches.length <= state.shown;
      list.setAttribute('aria-busy', 'false');
    } catch (error) {
      if (mine === generation) { status.textContent = '搜索暂时不可用，请稍后再试。'; list.setAttribute('aria-busy', 'false'); }
      console.warn(error);
    }
  }

  more.addEventListener('click', async () => {
    const outcome = state.last;
    if (!outcome || state.loadingMore) return;
    const mine = generation;
    state.loadingMore = true;
    more.disabled = true;
    try {
      const next = await index.fetchResults(outcome.matches.slice(state.shown, state.shown + 10), outcome.plan);
      if (mine !== generation) return; // a new query started meanwhile
      renderResults(next, true);
      state.shown += next.length;
      more.hidden = outcome.matches.length <= state.shown;
    } catch (error) {
      console.warn(error);
    } finally {
      state.loadingMore = false;
      more.disabled = false;
    }
  });
  // Words that arrive at once (a question spoken into the keyboard, pasted, an input
  // method's word) are looked up at once; a keystroke waits a moment for the next one.
  const lookUp = (delay) => { clearTimeout(timer); timer = setTimeout(run, delay); };
  input.addEventListener('input', (event) => {
    if (event.isComposing) return; // wait for the input method to finish the word
    // The text as last asked is not asked again (Safari's input after compositionend, a
    // word the input method put back as it was): a new search would drop the results shown,
    // those 显示更多结果 brought in too. A word replaced by one as long (a voice keyboard's
    // correction) is new.
    if (input.value === typedText) return;
    const grew = Array.from(input.value).length - Array.from(typedText).length;
    typed();
    lookUp(grew >= 2 || WHOLE_INPUTS.has(event.inputType) ? 0 : 80);
  });
  input.addEventListener('compositionend', () => {
    if (input.value === typedText) return;
    typed();
    lookUp(0);
  });
  form.addEventListener('submit', (event) => { event.preventDefault(); clearTimeout(timer); input.blur(); run(true); });

  const initial = capQuery(new URL(window.location.href).searchParams.get('q') ?? '');
  if (initial) { input.value = initial; run(true); }
}

if (typeof document !== 'undefined') {
  const root = document.querySelector('[data-anju-search]');
  if (root) mountSearchPage(root);
}
