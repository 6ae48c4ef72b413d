import { existsSync, readFileSync } from 'node:fs';
import { runtimeFile } from './paths.ts';
import type { RuntimeInfo } from './runtime.ts';

/** The stack `npm start` is running (its endpoints), or a clear error if there is none. */
export function runningStack(): RuntimeInfo {
  if (!existsSync(runtimeFile)) {
    console.error('No local stack is running: start it with `npm start` in another terminal first.');
    process.exit(2);
  }
  const info = JSON.parse(readFileSync(runtimeFile, 'utf8')) as RuntimeInfo;
  Object.assign(process.env, info.env);
  return info;
}

export function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
