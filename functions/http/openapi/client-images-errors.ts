import { notFound } from '../../../domain/shared/errors.ts';
import type { DeclaredError } from './errors.ts';
import type { OperationId } from './operation-ids.ts';

/** Errors particular to the client image routes. */
export const clientImageErrors: Partial<Record<OperationId, DeclaredError[]>> = {
  getClientImage: [
    {
      when: '`imageId` names no image this client had (`not_found`)',
      error: notFound('image', '01JNG4C6E8G0J2L4N6Q8S0U2W4'),
      specific: { shownBy: 'test/integration/client-images.test.ts' },
    },
  ],
};
