import { headerText, mapHeaders } from '../../domain/imports/header-mapping.ts';
import type { CellValue, HeaderMapping, ImportContext, ImportTypeSpec } from '../../domain/imports/rows.ts';

/** Jobs whose state one processor keeps (a process runs one job at a time; a few interleaved ones are remembered). */
const JOBS_KEPT = 4;

/**
 * A processor's memory of each job it runs (lookups read once per job, the keys its rows claimed): made by
 * `create` on the job's first batch, forgotten again when `loading` of it fails, so the job's next batch
 * reads afresh instead of meeting a cached failure.
 */
export function perJob<S>(create: (context: ImportContext) => S, loading: (state: S) => Promise<unknown>): (context: ImportContext) => S {
  const jobs = new Map<string, S>();
  return (context) => {
    const key = `${context.actor.tenantId}#${context.jobId}`;
    let state = jobs.get(key);
    if (state === undefined) {
      const created = create(context);
      state = created;
      jobs.set(key, created);
      if (jobs.size > JOBS_KEPT) jobs.delete(jobs.keys().next().value!);
      loading(created).catch(() => {
        if (jobs.get(key) === created) jobs.delete(key);
      });
    }
    return state;
  };
}

/** Maps a file's header row for `spec`, remembering the file's own header text per column key (the error workbook repeats them). */
export function fileHeaderMemory(spec: ImportTypeSpec) {
  const headers = new WeakMap<HeaderMapping, Map<string, string>>();
  return {
    mapHeaders(cells: readonly CellValue[]) {
      const result = mapHeaders(spec, cells);
      if ('mapping' in result) headers.set(result.mapping, new Map([...result.mapping.columns].map(([index, key]) => [key, headerText(cells[index])])));
      return result;
    },
    of: (mapping: HeaderMapping): ReadonlyMap<string, string> | undefined => headers.get(mapping),
  };
}
