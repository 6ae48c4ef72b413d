import type { ImportRunDeps } from '../../domain/imports/import-run.use-case.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from '../../domain/imports/import-limits.ts';
import { MAX_IMPORT_BYTES } from '../../domain/imports/import-job.schema.ts';
import type { ImportType, WorkbookPackageCheck } from '../../domain/imports/rows.ts';
import { s3Client } from '../adapters/aws-clients.ts';
import { isConditionalFailure } from '../adapters/dynamodb/conditional.ts';
import { dynamoOutboxRepository } from '../adapters/dynamodb/outbox.repository.ts';
import { defaultPackageLimits, s3WorkbookPackageCheck } from '../adapters/s3/workbook-package-check.ts';
import { exceljsErrorWorkbook } from '../adapters/s3/exceljs-error-workbook.ts';
import { exceljsRowReader } from '../adapters/s3/exceljs-row-reader.ts';
import { importProcessorFactories, type ImportProcessorFactory } from './import-processors.ts';
import { importRepositories } from './imports.ts';
import type { TableDependencies } from './table.ts';

export interface ImportRunnerOptions {
  /** The processors by type (default: the registry of import-processors.ts). */
  processors?: Partial<Record<ImportType, ImportProcessorFactory>>;
  limits?: Partial<ImportLimits>;
  packageCheck?: WorkbookPackageCheck;
  maxBytes?: number;
}

/**
 * What the import runner and the sweeper share: S3 (reader, package check, error workbook), the job and
 * failed-row stores, the outbox, the processors. The only wiring with exceljs; no HTTP function uses it.
 */
export function importRunnerDependencies(table: TableDependencies, options: ImportRunnerOptions = {}): ImportRunDeps {
  const s3 = s3Client(table.config);
  const bucket = table.config.uploadsBucket;
  const repositories = importRepositories(table);
  const outbox = dynamoOutboxRepository(table.data);
  const factories = options.processors ?? importProcessorFactories;
  const built = new Map<ImportType, ReturnType<ImportProcessorFactory>>();
  return {
    jobs: repositories.jobs,
    failures: repositories.failedRows,
    rows: exceljsRowReader(s3, bucket),
    // The whole check (zip bomb, macros, password, size) from the central directory alone: nothing parses before it.
    packageCheck: options.packageCheck ?? s3WorkbookPackageCheck(s3, bucket, { ...defaultPackageLimits, maxBytes: options.maxBytes ?? MAX_IMPORT_BYTES }),
    errorWorkbook: exceljsErrorWorkbook(s3, bucket),
    processors: (type) => {
      const factory = factories[type];
      if (!factory) return undefined;
      if (!built.has(type)) built.set(type, factory(table));
      return built.get(type);
    },
    outbox: {
      async enqueueOnce(email) {
        try {
          await outbox.enqueue(email);
        } catch (error) {
          // Its id is the job's: already queued by an earlier run of the same job.
          if (!isConditionalFailure(error)) throw error;
        }
      },
    },
    async mailRoute(job) {
      const [user, tenant] = await Promise.all([table.users.get(job.tenantId, job.createdBy), table.tenants.get(job.tenantId)]);
      if (!user) return undefined;
      return { to: user.email, from: tenant?.senderEmail ?? table.config.defaultSender };
    },
    async requester(job) {
      const [user, tenant] = await Promise.all([table.users.get(job.tenantId, job.createdBy), table.tenants.get(job.tenantId)]);
      if (user?.status !== 'active' || !tenant || tenant.status === 'suspended' || !user.permissions.includes('imports.run')) return undefined;
      return {
        tenantId: job.tenantId,
        userId: user.id,
        accessLevel: user.accessLevel,
        ...(user.branchId ? { branchId: user.branchId } : {}),
        ...(user.departmentId ? { departmentId: user.departmentId } : {}),
        permissions: [...user.permissions],
      };
    },
    jobLink: (job) => `/v1/imports/${job.id}`,
    clock: table.clock,
    limits: { ...DEFAULT_IMPORT_LIMITS, ...options.limits },
  };
}
