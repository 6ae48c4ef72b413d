import type { WorkbookInspector } from '../../domain/imports/ports.ts';
import { s3Client } from '../adapters/aws-clients.ts';
import { exceljsWorkbookInspector } from '../adapters/s3/exceljs-workbook-inspector.ts';
import type { RuntimeConfig } from '../config.ts';

/** Reads uploaded workbooks: the only wiring that brings exceljs (≈ 1 MB) into a bundle. */
export const workbookInspector = (config: RuntimeConfig): WorkbookInspector => exceljsWorkbookInspector(s3Client(config), config.uploadsBucket);
