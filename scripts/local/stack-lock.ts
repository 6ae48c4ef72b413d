import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Who holds a data folder: the `npm start` process and the DynamoDB Local JVM it spawned, recorded in
 * `<dataDir>/stack.pid.json`. A SIGKILL of `npm start` leaves the JVM running with the folder's database
 * file open; the next start reads this file to find it instead of starting a second JVM on the same file.
 */
export interface StackLock {
  start: number;
  dynamodb: number;
}

const lockFile = (dataDir: string) => join(dataDir, 'stack.pid.json');

export function writeStackLock(dataDir: string, lock: StackLock): void {
  writeFileSync(lockFile(dataDir), JSON.stringify(lock));
}

export function clearStackLock(dataDir: string): void {
  rmSync(lockFile(dataDir), { force: true });
}

export function readStackLock(dataDir: string): StackLock | undefined {
  if (!existsSync(lockFile(dataDir))) return undefined;
  try {
    return JSON.parse(readFileSync(lockFile(dataDir), 'utf8')) as StackLock;
  } catch {
    return undefined;
  }
}

/** Running (a zombie left for a parent that does not reap it counts as gone). */
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(0) said it exists
  }
};

/** The command line of a live process (Linux /proc, else `ps`), or undefined when it is gone. */
export function commandLine(pid: number): string | undefined {
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    try {
      return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      return undefined;
    }
  }
}

/** The `npm start` that holds the folder, if it still runs (a reused pid running something else does not count). */
export function liveOwner(lock: StackLock | undefined): number | undefined {
  return lock && commandLine(lock.start)?.includes('start.ts') ? lock.start : undefined;
}

/**
 * Stops the DynamoDB Local JVM of the lock when it still runs on `dbPath` although its `npm start` is gone.
 * Returns its pid when it stopped one.
 */
export async function stopOrphanedDynamo(lock: StackLock | undefined, dbPath: string): Promise<number | undefined> {
  if (!lock || liveOwner(lock)) return undefined;
  const command = commandLine(lock.dynamodb);
  if (!command?.includes('DynamoDBLocal') || !command.includes(dbPath)) return undefined;
  process.kill(lock.dynamodb, 'SIGTERM');
  for (let waited = 0; waited < 5_000 && isAlive(lock.dynamodb); waited += 100) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(lock.dynamodb)) process.kill(lock.dynamodb, 'SIGKILL');
  return lock.dynamodb;
}
