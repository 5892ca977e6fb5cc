// The frame of a spoken question (question words, fillers, who is asking) is not what it is
// about: questionCore keeps the rest, split where frame words stood.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { questionCore } from '../../templates/assets/search.mjs';

const cases = [
  ['我家这几天会不会停水啊', '停水'],
  ['什么时候停水', '停水'],
  ['請問什麼時候停水呢', '停水'],
  ['帮扶车间招人吗', '帮扶车间招人'],
  ['怎么投诉', '投诉'],
  ['补偿款什么时候发', '补偿款 发'],
  ['办低保要带些什么东西', '办低保要带些 东西'],
  ['３栋的网格员电话是多少', '3栋的网格员电话'],
  ['停水', '停水'],
  ['目的地', '目的地'],
];

for (const [question, core] of cases) {
  test(`“${question}” is about “${core}”`, () => assert.equal(questionCore(question).core, core));
}

test('a question of frame words only has no core', () => {
  for (const q of ['怎么办啊', '请问', '是不是', '能不能啊？']) assert.equal(questionCore(q).frameOnly, true, q);
  assert.equal(questionCore('停水吗').frameOnly, false);
});
