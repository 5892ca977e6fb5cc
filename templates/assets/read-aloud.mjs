// 朗读: reads a page's main text aloud with the phone's own Chinese voice, sentence by
// sentence, the sentence being read highlighted and kept in view. Loaded only when a 朗读
// button is pressed (the page's inline script shows the buttons where a zh voice exists).
//
// Pause cancels the current sentence and remembers it; continue speaks it again. Android
// browsers' speechSynthesis.pause() is unreliable, and a sentence is short.

const SKIP = '.reader, .print-qr, .crumbs, nav, script, style, [hidden], .screen-only, .attachments, .pager';
const BLOCKS = 'h1, h2, h3, h4, p, li, dt, dd, th, td, figcaption, blockquote';

let current = null;

/** The zh voice to use: the phone's default if it is Chinese, else the first zh-CN, else any zh. */
export function chineseVoice(voices) {
  const zh = voices.filter((v) => /^zh/i.test(v.lang || ''));
  return zh.find((v) => v.default) || zh.find((v) => /^zh[-_]CN/i.test(v.lang)) || zh[0] || null;
}

/** Sentences of a text: cut after 。！？；!?; and at line breaks, blank ones dropped, with offsets. */
export function sentences(text) {
  const result = [];
  const pattern = /[^。！？；!?;\n]*(?:[。！？；!?;]+|\n|$)/g;
  let match;
  while ((match = pattern.exec(text)) !== null) {
    if (match[0].length === 0) { pattern.lastIndex += 1; if (pattern.lastIndex > text.length) break; continue; }
    const raw = match[0];
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed && /[\p{L}\p{N}]/u.test(trimmed)) result.push({ text: trimmed, start: match.index + lead, end: match.index + lead + trimmed.length });
  }
  return result;
}

/** Blocks of text to read inside `root`, in document order, innermost only, minus menus and QR codes. */
function blocksIn(root, stopAt = null) {
  const found = [];
  for (const element of root.querySelectorAll(BLOCKS)) {
    if (stopAt && !(element.compareDocumentPosition(stopAt) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
    if (element.closest(SKIP)) continue;
    if (element.querySelector(BLOCKS)) continue;
    found.push(element);
  }
  return found;
}

/** What a button reads: its data-read region, or one Q&A question and its answer. */
function regionBlocks(button) {
  const anchor = button.getAttribute('data-read-question');
  if (anchor) {
    const heading = document.getElementById(anchor);
    if (!heading) return [];
    const blocks = [heading];
    for (let node = heading.nextElementSibling; node && !/^H[12]$/.test(node.tagName); node = node.nextElementSibling) {
      if (node.matches(BLOCKS) && !node.querySelector(BLOCKS)) blocks.push(node);
      else blocks.push(...blocksIn(node));
    }
    return blocks;
  }
  const root = document.querySelector(button.getAttribute('data-read')) || document.querySelector('main');
  return root ? blocksIn(root) : [];
}

function queueOf(blocks) {
  const queue = [];
  for (const block of blocks) {
    const text = block.textContent;
    for (const s of sentences(text)) queue.push({ block, ...s });
  }
  return queue;
}

/** A DOM range over characters [start, end) of a block's text. */
function rangeOf(block, start, end) {
  const range = document.createRange();
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  let offset = 0;
  let started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.data.length;
    if (!started && start <= offset + length) { range.setStart(node, start - offset); started = true; }
    if (started && end <= offset + length) { range.setEnd(node, end - offset); return range; }
    offset += length;
  }
  return started ? range : null;
}

function clearHighlight() {
  if (globalThis.CSS && CSS.highlights) CSS.highlights.delete('anju-reading');
  for (const element of document.querySelectorAll('.reading')) element.classList.remove('reading');
}

function highlight(item) {
  clearHighlight();
  item.block.classList.add('reading');
  const range = rangeOf(item.block, item.start, item.end);
  if (range && globalThis.CSS && CSS.highlights && globalThis.Highlight) CSS.highlights.set('anju-reading', new Highlight(range));
  const box = (range || item.block).getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) item.block.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

function label(state) {
  const button = current.button;
  button.textContent = state === 'playing' ? '暂停' : '继续';
  button.setAttribute('aria-pressed', String(state === 'playing'));
}

function speakCurrent() {
  const session = current;
  const item = session.queue[session.index];
  if (!item) { stop(); return; }
  highlight(item);
  const utterance = new SpeechSynthesisUtterance(item.text);
  utterance.lang = 'zh-CN';
  if (session.voice) utterance.voice = session.voice;
  utterance.rate = 0.9;
  const generation = session.generation;
  const next = () => {
    if (current !== session || session.generation !== generation || session.state !== 'playing') return;
    session.index += 1;
    speakCurrent();
  };
  utterance.onend = next;
  utterance.onerror = next;
  speechSynthesis.speak(utterance);
}

function start(button) {
  const queue = queueOf(regionBlocks(button));
  if (!queue.length) return;
  const stopButton = document.createElement('button');
  stopButton.type = 'button';
  stopButton.className = 'read-stop';
  stopButton.textContent = '停止';
  stopButton.addEventListener('click', stop);
  button.after(stopButton);
  current = { button, stopButton, queue, index: 0, state: 'playing', generation: 0,
    voice: chineseVoice(speechSynthesis.getVoices()), label: button.textContent };
  label('playing');
  speakCurrent();
}

export function pause() {
  if (!current || current.state !== 'playing') return;
  current.state = 'paused';
  current.generation += 1;
  speechSynthesis.cancel();
  label('paused');
}

export function resume() {
  if (!current || current.state !== 'paused') return;
  current.state = 'playing';
  label('playing');
  speakCurrent();
}

export function stop() {
  if (!current) return;
  const { button, stopButton } = current;
  current.generation += 1;
  current.state = 'stopped';
  const text = current.label;
  current = null;
  speechSynthesis.cancel();
  clearHighlight();
  stopButton.remove();
  button.textContent = text;
  button.setAttribute('aria-pressed', 'false');
}

/** The 朗读 button's action: start reading, or pause and continue the reading it started. */
export function toggle(button) {
  if (current && current.button === button) {
    if (current.state === 'playing') pause(); else resume();
    return;
  }
  stop();
  start(button);
}
