import type { OperationDoc } from './operations.ts';
import { sample } from './samples.ts';

/** What the document says about the client image operations (spread into operations.ts). */

const { client, user, tenant, at, later } = sample;
const imageId = '01JNG4C6E8G0J2L4N6Q8S0U2W4';
const folder = `https://cobranza-uploads.s3.sa-east-1.amazonaws.com/tenants/${tenant.id}/clients/${client.id}/images/${imageId}`;
const signed = 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=600&X-Amz-Signature=5b1c…&X-Amz-SignedHeaders=host';
const image = {
  id: imageId,
  contentType: 'image/jpeg' as const,
  sizeBytes: 1_843_221,
  width: 4000,
  height: 3000,
  thumbnail: { width: 256, height: 256, sizeBytes: 9_874, contentType: 'image/webp' as const },
  setAt: later,
  setBy: user.id,
};
const upload = {
  id: imageId,
  clientId: client.id,
  declaredContentType: 'image/jpeg' as const,
  declaredSizeBytes: 1_843_221,
  requestedBy: user.id,
  requestedAt: at,
  uploadExpiresAt: '2026-03-02T13:14:52.000Z',
};
const scoped = '\n\nA client outside your reach (another company’s, or beyond your access level) is a 404, as one that does not exist.';

export const clientImageDocs = {
  requestClientImageUpload: {
    description: `Starts a new image for a client you can change (seed 004, "Cambiar" in the client's details): give the type and exact size of the file; the answer holds the upload record (\`pending\`) and a presigned PUT (15 minutes) signed for that type and size — send exactly the headers it lists. Up to 5 MB; JPEG, PNG or WebP.\n\nOnce the file is in the bucket the image function judges it **by its bytes** (magic numbers and the header, never the name or the declared type), refuses anything else, anything over 50 megapixels (decompression bombs are refused from the header, before decoding) and damaged files, makes a 256 × 256 WebP thumbnail and sets the image on the client (a new client version, with the change in its history; the image it replaces stays in the history and its files are kept). Follow it with \`GET /v1/clients/{clientId}/image\`: \`lastUpload.status\` becomes \`ready\` or \`rejected\` with the reason in your language.\n\nSend an \`Idempotency-Key\` to retry safely.${scoped}`,
    request: { contentType: 'image/jpeg', sizeBytes: 1_843_221 },
    response: {
      upload: { ...upload, status: 'pending' },
      put: {
        url: `${folder}/original?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=900&X-Amz-Signature=9d2e…&X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost&x-id=PutObject`,
        method: 'PUT',
        headers: { 'content-type': 'image/jpeg', 'content-length': '1843221' },
        expiresAt: '2026-03-02T13:14:52.000Z',
      },
    },
  },
  getClientImage: {
    description: `The client's image: its metadata and presigned GET links of the original (served inline as the type its bytes showed) and of the thumbnail, valid 10 minutes (read again for new ones); and the newest upload, so a rejected file says why (\`lastUpload.rejection\`: \`not_an_image\`, \`too_large\`, \`too_many_pixels\`, \`unreadable_image\`, \`client_gone\`). \`imageId\` asks for an earlier image of the client, as its history names it. Client lists and \`GET /v1/clients/{clientId}\` carry only the metadata (\`image\`), never links.${scoped}`,
    response: {
      image: {
        ...image,
        url: `${folder}/original?response-content-type=image%2Fjpeg&${signed}`,
        thumbnailUrl: `${folder}/thumbnail.webp?${signed}`,
        linksExpireAt: '2026-03-09T15:12:44.108Z',
        current: true,
      },
      lastUpload: {
        ...upload,
        id: '01JNG5D7F9H1K3M5P7R9T1V3X5',
        status: 'rejected',
        completedAt: later,
        rejection: {
          code: 'not_an_image',
          message:
            'El archivo no es una imagen JPEG, PNG ni WebP (se revisa su contenido, no su nombre ni el tipo declarado). Sube una foto en uno de esos formatos',
        },
      },
    },
  },
  removeClientImage: {
    description: `Takes the image off the client: a new client version (its \`ETag\`), with the change in the history. The image's files and upload record are kept, so the history can still show it (\`GET …/image?imageId=\`). A client without an image is answered as it is.${scoped}`,
    response: { ...client, version: 3, updatedAt: later },
  },
} satisfies Record<string, OperationDoc>;
