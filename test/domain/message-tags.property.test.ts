import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageTags, refFromTags } from '../../functions/adapters/ses/message-tags.ts';

describe('SES message tags', () => {
  // Up to 40 code points (160 bytes, 216 in base64): an id of more than 192 bytes does not fit a tag value (256).
  it('carry any tenant and message id there and back, in values SES accepts', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }), fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }), (tenantId, id) => {
        const tags = messageTags({ tenantId, id, type: 'due_soon' });
        for (const t of tags) expect(t.Value).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
        const asEvent = Object.fromEntries(tags.map((t) => [t.Name, [t.Value]]));
        expect(refFromTags(asEvent)).toEqual({ tenantId, id });
      }),
    );
  });
});
