import t from 'tap';
import { FAULT_NAMES, parseFaults } from '../src/emulator/index.js';

t.test('a --faults spec parses numbers, booleans and moments', async (t) => {
  t.same(parseFaults('rateLimitAfter=10,errorRatio=0.1,latencyMs=50,duplicatePage=true,tokenExpiresAt=2026-01-01T00:00:00Z'), {
    rateLimitAfter: 10, errorRatio: 0.1, latencyMs: 50, duplicatePage: true, tokenExpiresAt: '2026-01-01T00:00:00Z',
  });
  t.same(parseFaults(' shiftPages = 2 , duplicatePage , changeAfterPages=3, tokenExpiresAt=1767225600000 '), {
    shiftPages: 2, duplicatePage: true, changeAfterPages: 3, tokenExpiresAt: 1767225600000,
  }, 'spaces trimmed, a bare boolean is true, digits are a ms epoch');
  t.same(parseFaults('duplicatePage=false,errorBurst=3,rateLimitCalls=5'), { duplicatePage: false, errorBurst: 3, rateLimitCalls: 5 });
  t.same(parseFaults(''), {});
});

t.test('an unknown fault is named, with the known ones listed; bad values say what was expected', async (t) => {
  t.throws(() => parseFaults('rateLimitAfter=3,errorRate=0.1'), { message: `unknown fault "errorRate"; known faults: ${FAULT_NAMES.join(', ')}` });
  t.throws(() => parseFaults('errorRatio=1.5'), /errorRatio must be a number between 0 and 1, got 1.5/);
  t.throws(() => parseFaults('latencyMs=slow'), /latencyMs must be a number >= 0/);
  t.throws(() => parseFaults('latencyMs='), /latencyMs must be a number >= 0/);
  t.throws(() => parseFaults('duplicatePage=maybe'), /duplicatePage must be true or false, got "maybe"/);
  t.throws(() => parseFaults('tokenExpiresAt=tomorrow'), /tokenExpiresAt must be an ISO date-time or a ms epoch/);
  t.throws(() => parseFaults('rateLimitAfter=-1'), /rateLimitAfter must be a number >= 0/);
});
