import type { WorkbookPackageCheck } from '../../domain/imports/rows.ts';
import { s3Client } from '../adapters/aws-clients.ts';
import { s3WorkbookPackageCheck } from '../adapters/s3/workbook-package-check.ts';
import type { RuntimeConfig } from '../config.ts';

/** The check an upload passes before any parse (ranged GETs on the uploads bucket; yauzl, no exceljs). */
export const workbookPackageCheck = (config: RuntimeConfig): WorkbookPackageCheck => s3WorkbookPackageCheck(s3Client(config), config.uploadsBucket);
