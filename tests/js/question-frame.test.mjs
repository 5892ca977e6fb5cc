// The frame of a spoken question (question words, fillers, who is asking) is not what it is
// about: questionCore keeps the rest, split where frame words stood. The same vectors as
// Tests/AnjuCoreTests/QuestionFrameTests.swift, so the build and the browser read alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { askedOnce, questionCore, FRAME_PHRASES, synonymQueries } from '../../templates/assets/search.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vectors = JSON.parse(readFileSync(join(root, 'Tests/vectors/question-frame.json'), 'utf8'));

test('the frame words are the build\'s', () => {
  assert.deepEqual(FRAME_PHRASES, vectors.framePhrases);
  for (const p of vectors.frameParticles) assert.equal(questionCore(`停水${p}`).core, '停水', p);
});

for (const v of vectors.frame) {
  test(`“${v.question}” is about “${v.core}”${v.frameOnly ? ' (frame only)' : ''}`, () => {
    const { core, frameOnly } = questionCore(v.question);
    assert.deepEqual({ core, frameOnly }, { core: v.core, frameOnly: v.frameOnly });
  });
}

test('the lexicon groups the build ships turn a resident\'s words into the site\'s', () => {
  for (const v of vectors.lexicon) {
    assert.ok(v.groups?.length, `${v.query}: no groups in the vectors (ANJU_UPDATE_VECTORS=1 swift test writes them)`);
    assert.deepEqual(synonymQueries(v.query, v.groups), v.variants, v.query);
  }
});

test('synonyms are swapped into the question with its A-not-A verb asked once', () => {
  assert.equal(askedOnce('帮扶车间现在还招不招人'), '帮扶车间现在还招人');
  assert.equal(askedOnce('停不停水啊'), '停水啊');
  // A frame's own A-not-A is left for questionCore to take out whole.
  for (const q of ['会不会停水', '我家有没有补偿', '可不可以报名', '是不是要交钱', '能不能领']) assert.equal(askedOnce(q), q);
  // Swapped into the question as asked, 招人 → 用工需求 made 还招不用工需求 (a question about 不用).
  const groups = [['招人', '用工需求', '招工']];
  const variants = synonymQueries(askedOnce('帮扶车间现在还招不招人'), groups).map((q) => questionCore(q).core);
  assert.deepEqual(variants, ['帮扶车间 还用工需求', '帮扶车间 还招工']);
});
