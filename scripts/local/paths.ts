import { join } from 'node:path';
import { projectRoot } from './handlers.ts';

/** Git-ignored folder where `npm start` keeps data across restarts (`npm run reset` wipes it). */
export const localDataDir = process.env.COBRANZA_DATA_DIR ?? join(projectRoot, '.local');
export const runtimeFile = join(localDataDir, 'runtime.json');
