/** `npm run reset`: wipes the local stack's data folder (refuses while the stack is running). */
import { existsSync, rmSync } from 'node:fs';
import { localDataDir, runtimeFile } from './local/paths.ts';

if (existsSync(runtimeFile)) {
  console.error('The local stack seems to be running (stop it with Ctrl-C first), or it crashed: delete .local/runtime.json and retry.');
  process.exit(1);
}
rmSync(localDataDir, { recursive: true, force: true });
console.log(`Removed ${localDataDir}. The next npm start creates and seeds a fresh stack.`);
