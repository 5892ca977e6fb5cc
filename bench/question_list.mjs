#!/usr/bin/env node
// Residents' questions at 10,000 pages: from a bench corpus's own Q&A questions and notice
// titles, 60 questions put as residents say them (a frame around them, their everyday word
// for the official one from the lexicon, no punctuation), each answered when a result in
// the top 3 has the title asked about (titles repeat in the corpus: any page with it will do).
//
//   node bench/question_list.mjs <corpus folder> <site>
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSite } from '../scripts/search.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [corpus, site = 'wenbi'] = process.argv.slice(2);

// A small seeded generator, so the list is the same on every run.
let seed = 20261203;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(random() * list.length)];

// Everyday word ← official words: the first word of each lexicon group is how residents say it.
const everyday = [];
for (const line of readFileSync(join(root, 'Sources/AnjuCore/Resources/lexicon.yml'), 'utf8').split('\n')) {
  const m = /^- \[(.*)\]\s*$/.exec(line);
  if (!m) continue;
  const [spoken, ...official] = m[1].split(',').map((w) => w.trim());
  for (const word of official) if (word.length >= 2 && spoken.length >= 2) everyday.push([word, spoken]);
}

const texts = (section, read) => {
  const folder = join(corpus, 'content', site, section);
  return readdirSync(folder).filter((n) => n.endsWith('.md')).sort().flatMap((n) => read(readFileSync(join(folder, n), 'utf8')));
};
const questions = [...new Set(texts('qa', (t) => [...t.matchAll(/^## (.+)$/gm)].map((m) => m[1].trim())))];
const titles = [...new Set(texts('notices', (t) => [/^title: "?(.+?)"?$/m.exec(t)?.[1]].filter(Boolean)))];

const bare = (text) => text.replace(/[？?。！!，,、：:“”"（）()\s]/g, '');
const phrasings = [
  (t) => `请问${bare(t)}呢`,
  (t) => `我想问一下${bare(t)}`,
  (t) => `${bare(t)}啊`,
  (t) => {
    const swap = everyday.find(([official]) => t.includes(official));
    return swap ? bare(t.replace(swap[0], swap[1])) : `我家${bare(t)}吗`;
  },
];
const list = [];
for (let i = 0; i < 40; i++) { const t = pick(questions); list.push({ about: t, asked: phrasings[i % 4](t) }); }
for (let i = 0; i < 20; i++) { const t = pick(titles); list.push({ about: t, asked: phrasings[i % 4](t) }); }

const { index } = await openSite(join(corpus, 'public', site));
let answered = 0;
const misses = [];
for (const q of list) {
  const outcome = await index.search(q.asked, { limit: 3, first: 3 });
  if (outcome.results.some((r) => r.title === q.about)) answered += 1;
  else misses.push(`${q.asked}  (about: ${q.about}; got: ${outcome.results.map((r) => r.title).join(' | ') || 'nothing'})`);
}
console.log(`residents' questions on a 10,000-page corpus (${site}): ${answered}/${list.length} answered in the top 3`);
for (const m of misses) console.log(`  missed: ${m}`);
console.log(JSON.stringify({ answered, total: list.length }));
