import { pendingEmail, type OutboundEmail } from '../messaging/outbound-email.schema.ts';
import type { ExportFailureCode, ExportJob, ExportLanguage, ExportType } from './export-job.schema.ts';

/** Why an export failed, in the words of each language. */
export const failureReasons: Record<ExportFailureCode, Record<ExportLanguage, string>> = {
  attempts_exhausted: {
    es: 'La exportación se interrumpió varias veces y no se pudo terminar. Vuelva a solicitarla; si se repite, contacte a soporte.',
    en: 'The export was interrupted several times and could not finish. Request it again; if it happens again, contact support.',
  },
  requester_inactive: {
    es: 'El usuario que solicitó la exportación ya no está activo: no se generó el archivo.',
    en: 'The user who requested the export is no longer active: no file was produced.',
  },
  export_error: {
    es: 'No se pudo generar el archivo de la exportación. Vuelva a solicitarla; si se repite, contacte a soporte.',
    en: 'The export file could not be produced. Request it again; if it happens again, contact support.',
  },
};

const what: Record<ExportType, Record<ExportLanguage, string>> = {
  clients: { es: 'el listado de clientes', en: 'the client list' },
  delinquency: { es: 'el reporte de mora', en: 'the delinquency report' },
  notes: { es: 'el reporte de notas específicas', en: 'the follow-up notes report' },
};

const fileStem: Record<ExportType, Record<ExportLanguage, string>> = {
  clients: { es: 'clientes', en: 'clients' },
  delinquency: { es: 'mora', en: 'delinquency' },
  notes: { es: 'notas', en: 'notes' },
};

/** The file name a download saves as: `clientes-<id>.xlsx`, `mora-<id>.xlsx`, `notas-<id>.xlsx`. */
export const exportFileName = (job: Pick<ExportJob, 'id' | 'type' | 'language'>) => `${fileStem[job.type][job.language]}-${job.id}.xlsx`;

/** The e-mail's id: one per export, so a retried finish cannot queue a second one. */
export const exportEmailId = (exportId: string) => `export-${exportId}`;

export interface ExportEmailInput {
  job: ExportJob;
  to: string;
  from: string;
  now: Date;
  /** Completed: the time-limited link and when it expires. */
  link?: { url: string; expiresAt: Date } | undefined;
}

/**
 * The e-mail to the requesting user: the link (it expires; `GET /v1/exports/{id}` hands out a fresh one
 * while the file is kept) or, on failure, the reason. In the language the export was asked in.
 */
export function exportEmail({ job, to, from, now, link }: ExportEmailInput): OutboundEmail {
  const es = job.language === 'es';
  const subject = link
    ? es
      ? `Tu exportación está lista: ${what[job.type].es}`
      : `Your export is ready: ${what[job.type].en}`
    : es
      ? `No se pudo completar tu exportación: ${what[job.type].es}`
      : `Your export could not be completed: ${what[job.type].en}`;
  const apiPath = `/v1/exports/${job.id}`;
  const text = link
    ? es
      ? `Hola:\n\nYa está disponible ${what[job.type].es} que solicitaste (${job.rowsWritten} filas).\n\nDescárgalo aquí (enlace válido hasta ${link.expiresAt.toISOString()}):\n${link.url}\n\nSi el enlace venció, GET ${apiPath} entrega uno nuevo.\n`
      : `Hello,\n\n${capital(what[job.type].en)} you requested is ready (${job.rowsWritten} rows).\n\nDownload it here (link valid until ${link.expiresAt.toISOString()}):\n${link.url}\n\nIf the link has expired, GET ${apiPath} gives a fresh one.\n`
    : `${es ? 'Hola:' : 'Hello,'}\n\n${failureReasons[job.failure?.code ?? 'export_error'][job.language]}\n`;
  return pendingEmail(
    { id: exportEmailId(job.id), tenantId: job.tenantId, kind: link ? 'export.completed' : 'export.failed', from: from, to: to, subject, text },
    now,
  );
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
