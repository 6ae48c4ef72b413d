import type { RuntimeConfig } from './config.ts';
import { clientRepositories } from './wiring/clients.ts';
import { exportRepositories } from './wiring/exports.ts';
import { importRepositories } from './wiring/imports.ts';
import { mailer } from './wiring/mailer.ts';
import { noteRepositories } from './wiring/notes.ts';
import { taskRepositories } from './wiring/tasks.ts';
import { receivableRepositories } from './wiring/receivables.ts';
import { tableDependencies } from './wiring/table.ts';
import { downloadUrls, uploadUrls } from './wiring/uploads.ts';
import { userDirectory } from './wiring/user-directory.ts';
import { workspaceRepositories } from './wiring/workspace.ts';

/**
 * Every adapter at once, for the local runtime, scripts and tests. Handlers never import this: each
 * wires only what it uses from functions/wiring/ (a test keeps exceljs out of HTTP bundles). S3 and SES
 * adapters are built on first use.
 */
export function createDependencies(config: RuntimeConfig) {
  const table = tableDependencies(config);
  let uploads: ReturnType<typeof uploadUrls> | undefined;
  let downloads: ReturnType<typeof downloadUrls> | undefined;
  let mail: ReturnType<typeof mailer> | undefined;
  return {
    ...table,
    ...workspaceRepositories(table),
    ...importRepositories(table),
    ...exportRepositories(table),
    ...clientRepositories(table),
    ...receivableRepositories(table),
    ...noteRepositories(table),
    ...taskRepositories(table),
    get uploads() {
      uploads ??= uploadUrls(config, table.clock);
      return uploads;
    },
    get downloads() {
      downloads ??= downloadUrls(config, table.clock);
      return downloads;
    },
    get mailer() {
      mail ??= mailer(config);
      return mail;
    },
    directory: userDirectory(config),
  };
}

export type Dependencies = ReturnType<typeof createDependencies>;
