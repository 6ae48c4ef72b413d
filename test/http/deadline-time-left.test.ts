import { describe, expect, it } from 'vitest';
import { MASS_WRITE_RESERVE_MS, requestDeadline, whileTimeLeft } from '../../functions/http/deadline.ts';

describe('the time a route has left', () => {
  it("follows Lambda's clock minus the answering margin, reads 0 once the deadline fired, and stops a loop at the reserve", () => {
    let remaining = 20_000;
    const deadline = requestDeadline({ getRemainingTimeInMillis: () => remaining }, 1_500);
    expect(deadline.timeLeftMs()).toBe(18_500);
    const keepGoing = whileTimeLeft(deadline.timeLeftMs);
    expect(keepGoing()).toBe(true);
    remaining = 1_500 + MASS_WRITE_RESERVE_MS + 1;
    expect(keepGoing()).toBe(true);
    remaining = 1_500 + MASS_WRITE_RESERVE_MS;
    expect(keepGoing()).toBe(false);
    remaining = 100;
    expect(deadline.timeLeftMs()).toBe(0);
    deadline.clear();
  });

  it('reads 0 as soon as the deadline fires, whatever the clock says', async () => {
    // The first reading sets the deadline at once; later readings claim plenty of time.
    let readings = 0;
    const deadline = requestDeadline({ getRemainingTimeInMillis: () => (readings++ === 0 ? 1_500 : 30_000) }, 1_500);
    await new Promise((resolve) => deadline.signal.addEventListener('abort', resolve, { once: true }));
    expect(deadline.timeLeftMs()).toBe(0);
  });

  it('without a Lambda clock that reads as one, counts down from the default itself', () => {
    const deadline = requestDeadline({ getRemainingTimeInMillis: () => 0 }, 1_500);
    expect(deadline.timeLeftMs()).toBeGreaterThan(28_000 - MASS_WRITE_RESERVE_MS);
    expect(whileTimeLeft(deadline.timeLeftMs)()).toBe(true);
    deadline.clear();
  });
});
