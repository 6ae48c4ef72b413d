import type { ImageRejection } from '../../../domain/clients/client-image.schema.ts';
import type { Language } from './accept-language.ts';

type Params = Record<string, string | number> | undefined;
const megabytes = (bytes: unknown) => `${Math.round(Number(bytes) / (1024 * 1024))} MB`;
const megapixels = (pixels: unknown) => `${Math.round(Number(pixels) / 1_000_000)}`;

/** Why an uploaded file did not become the client's image, as `GET /v1/clients/{id}/image` says it. */
export const imageRejectionWording: Record<ImageRejection, Record<Language, (p: Params) => string>> = {
  not_an_image: {
    es: () =>
      'El archivo no es una imagen JPEG, PNG ni WebP (se revisa su contenido, no su nombre ni el tipo declarado). Sube una foto en uno de esos formatos',
    en: () => 'The file is not a JPEG, PNG or WebP image (its content is checked, not its name or declared type). Upload a picture in one of those formats',
  },
  too_large: {
    es: (p) => `El archivo pesa más de ${megabytes(p?.maxBytes)}; reduce la foto y súbela de nuevo`,
    en: (p) => `The file is larger than ${megabytes(p?.maxBytes)}; make the picture smaller and upload it again`,
  },
  too_many_pixels: {
    es: (p) =>
      `La imagen mide ${p?.width} × ${p?.height} píxeles, más de los ${megapixels(p?.maxPixels)} megapíxeles permitidos; reduce su tamaño y súbela de nuevo`,
    en: (p) => `The image is ${p?.width} × ${p?.height} pixels, more than the ${megapixels(p?.maxPixels)} megapixels allowed; resize it and upload it again`,
  },
  unreadable_image: {
    es: () => 'La imagen está dañada o incompleta y no se pudo leer; vuelve a exportarla y súbela de nuevo',
    en: () => 'The image is damaged or incomplete and could not be read; export it again and upload it again',
  },
  client_gone: {
    es: () => 'El cliente ya no existe, así que la imagen no se guardó en él',
    en: () => 'The client no longer exists, so the image was not set on it',
  },
};

/** An upload view with its rejection worded in `lang`. */
export function wordUpload<U extends { rejection?: { code: ImageRejection; params?: Params } | undefined }>(
  upload: U,
  lang: Language,
): Omit<U, 'rejection'> & { rejection?: { code: ImageRejection; message: string; params?: Record<string, string | number> } } {
  const { rejection, ...rest } = upload;
  if (!rejection) return rest;
  const { code, params } = rejection;
  return { ...rest, rejection: { code, message: imageRejectionWording[code][lang](params), ...(params ? { params } : {}) } };
}
