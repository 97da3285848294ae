// A patient password guesser: the wait doubles with every failure past the free ones, is capped, and is forgotten only after a quiet hour.
import { describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE, LoginThrottle } from '../../runtime/security/login-throttle.js';

function throttleAt(start = 1_000_000) {
  const clock = { now: start };
  return { clock, throttle: new LoginThrottle(DEFAULT_THROTTLE, () => clock.now) };
}

describe('login backoff', () => {
  it('waits 5 s after the 5th failure and doubles with each further failure, up to 15 minutes', () => {
    const { clock, throttle } = throttleAt();
    const waits: number[] = [];
    for (let failure = 1; failure <= 16; failure++) {
      throttle.recordFailure('eve', '10.0.0.1');
      const refusal = throttle.check('eve', '10.0.0.2');
      waits.push(refusal?.retryAfterSeconds ?? 0);
      clock.now += (refusal?.retryAfterSeconds ?? 0) * 1000; // the guesser waits exactly as told
    }
    expect(waits.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(waits.slice(4, 9)).toEqual([5, 10, 20, 40, 80]);
    expect(waits.at(-1)).toBe(900);
  });

  it('refuses the right password too while blocked, and a success clears only the username', () => {
    const { clock, throttle } = throttleAt();
    for (let failure = 0; failure < 5; failure++) throttle.recordFailure('eve', '10.0.0.1');
    expect(throttle.check('eve', '10.0.0.9')).toMatchObject({ scope: 'username', retryAfterSeconds: 5 });
    clock.now += 5000;
    expect(throttle.check('eve', '10.0.0.9')).toBeUndefined();
    throttle.recordSuccess('eve');
    throttle.recordFailure('eve', '10.0.0.1');
    expect(throttle.check('eve', '10.0.0.9')).toBeUndefined();
  });

  it('blocks an address after 20 failures across usernames, and forgets after an hour without failures', () => {
    const { clock, throttle } = throttleAt();
    for (let name = 0; name < 20; name++) throttle.recordFailure(`user-${name}`, '10.0.0.1');
    expect(throttle.check('someone-new', '10.0.0.1')).toMatchObject({ scope: 'address' });
    expect(throttle.check('someone-new', '10.0.0.2')).toBeUndefined();
    clock.now += 61 * 60 * 1000;
    expect(throttle.check('someone-new', '10.0.0.1')).toBeUndefined();
    throttle.recordFailure('user-0', '10.0.0.1');
    expect(throttle.check('user-0', '10.0.0.1')).toBeUndefined();
  });

  it('keeps its memory bounded under a spray of random usernames', () => {
    const clock = { now: 0 };
    const throttle = new LoginThrottle({ ...DEFAULT_THROTTLE, maxKeys: 100 }, () => clock.now);
    for (let name = 0; name < 1000; name++) throttle.recordFailure(`spray-${name}`, `10.0.${Math.floor(name / 250)}.${name % 250}`);
    expect((throttle as unknown as { failures: Map<string, unknown> }).failures.size).toBeLessThanOrEqual(100);
  });
});
