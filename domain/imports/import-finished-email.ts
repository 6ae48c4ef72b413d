import { pendingEmail, type OutboundEmail } from '../messaging/outbound-email.schema.ts';
import type { ImportJob } from './import-job.schema.ts';

/** The outbox id of a job's closing e-mail: one per job, so enqueueing it again finds it there. */
export const importEmailId = (jobId: string) => `IMPORT-${jobId}`;

const texts = {
  es: (job: ImportJob, link: string) => {
    const p = job.progress;
    const counts = `Filas leídas: ${p.rowsRead}. Creadas: ${p.created}. Actualizadas: ${p.updated}. Sin cambios: ${p.unchanged}. Con errores: ${p.failed}.`;
    const dry = job.dryRun ? ' (prueba: no se guardó nada)' : '';
    const head =
      job.status === 'completed'
        ? { subject: `Importación terminada: ${job.fileName}`, line: `La importación de «${job.fileName}» terminó sin errores${dry}.` }
        : job.status === 'completed_with_errors'
          ? {
              subject: `Importación terminada con errores: ${job.fileName}`,
              line: `La importación de «${job.fileName}» terminó${dry}; algunas filas no se importaron. El libro de errores se descarga desde la importación.`,
            }
          : { subject: `Importación fallida: ${job.fileName}`, line: `La importación de «${job.fileName}» falló: ${job.failure?.message.es ?? ''}` };
    return { subject: head.subject, text: `Hola:\n\n${head.line}\n\n${counts}\n\nVer la importación: ${link}\n` };
  },
  en: (job: ImportJob, link: string) => {
    const p = job.progress;
    const counts = `Rows read: ${p.rowsRead}. Created: ${p.created}. Updated: ${p.updated}. Unchanged: ${p.unchanged}. Failed: ${p.failed}.`;
    const dry = job.dryRun ? ' (dry run: nothing was saved)' : '';
    const head =
      job.status === 'completed'
        ? { subject: `Import finished: ${job.fileName}`, line: `The import of "${job.fileName}" finished without errors${dry}.` }
        : job.status === 'completed_with_errors'
          ? {
              subject: `Import finished with errors: ${job.fileName}`,
              line: `The import of "${job.fileName}" finished${dry}; some rows were not imported. The error workbook downloads from the import.`,
            }
          : { subject: `Import failed: ${job.fileName}`, line: `The import of "${job.fileName}" failed: ${job.failure?.message.en ?? ''}` };
    return { subject: head.subject, text: `Hello,\n\n${head.line}\n\n${counts}\n\nSee the import: ${link}\n` };
  },
};

/** The e-mail the requester gets when the job ends, in the job's language, from the tenant's sender. */
export function importFinishedEmail(input: { job: ImportJob; to: string; from: string; link: string; now: Date }): OutboundEmail {
  const { job, now } = input;
  const { subject, text } = texts[job.language](job, input.link);
  return pendingEmail({ id: importEmailId(job.id), tenantId: job.tenantId, kind: 'import.finished', from: input.from, to: input.to, subject, text }, now);
}
