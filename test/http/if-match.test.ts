import { describe, expect, it } from 'vitest';
import { versionMismatch } from '../../domain/shared/errors.ts';
import { parseIfMatch, runConditional } from '../../functions/http/if-match.ts';

describe('If-Match', () => {
  it.each([
    ['"3"', 3],
    ['3', 3],
    ['W/"3"', 3],
    [' "12" ', 12],
    ['*', 'any'],
    ['"abc"', -1],
    ['"99999999999999999999"', -1],
    [undefined, undefined],
  ] as const)('reads %j as %j', (header, expected) => {
    expect(parseIfMatch(header)).toBe(expected);
  });

  it.each(['abc', '', '"1", "2"', 'W/3', '"3', '-1', '**'])('refuses %j with a 400 at /header/if-match', (header) => {
    expect(() => parseIfMatch(header)).toThrow(
      expect.objectContaining({ status: 400, errors: [expect.objectContaining({ pointer: '/header/if-match', code: 'invalid_if_match' })] }),
    );
  });

  it('runs a change again when * lost a race, at most three times, and never for a named version', async () => {
    let calls = 0;
    const losingTwice = async () => (++calls <= 2 ? Promise.reject(versionMismatch('client', 'c1')) : 'done');
    await expect(runConditional('any', losingTwice)).resolves.toBe('done');
    expect(calls).toBe(3);

    calls = 0;
    const alwaysLosing = async () => {
      calls++;
      throw versionMismatch('client', 'c1');
    };
    await expect(runConditional('any', alwaysLosing)).rejects.toMatchObject({ code: 'version_mismatch' });
    expect(calls).toBe(3);

    calls = 0;
    await expect(runConditional(3, alwaysLosing)).rejects.toMatchObject({ code: 'version_mismatch' });
    expect(calls).toBe(1);
  });
});
