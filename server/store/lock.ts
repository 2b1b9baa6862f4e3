import { closeSync, constants, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { tryLock, unlock } from 'fs-native-extensions';
import { StoreOpenError } from './store';

/** The file whose OS lock says who owns a data folder. It stays when released: deleting it would let two processes lock two different files. */
export const LOCK_FILE = 'lock';

/** Who holds a data folder, as written in its lock file by the holder. */
export interface LockOwner {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export interface DirLock {
  release(): void;
}

export class DataDirLockedError extends StoreOpenError {
  constructor(
    readonly dir: string,
    readonly owner: LockOwner | null,
  ) {
    super('data_dir_locked', `${dir} is in use by another IOC Wall process: ${describeOwner(owner)}. One process per data folder: stop that one, or give this one its own IOC_DATA_DIR.`);
  }
}

/**
 * Takes a data folder for this process, or throws `DataDirLockedError`. The lock is the
 * operating system's (an open-file-description lock on Linux, flock on macOS): the kernel
 * drops it when the process ends in any way, SIGKILL included, so a crash never leaves the
 * folder locked and no pid is ever guessed stale. The pid in the file only names the holder.
 */
export function lockDataDir(dir: string, command = thisCommand()): DirLock {
  const path = join(dir, LOCK_FILE);
  const fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o644);
  if (!attempt(fd, false)) {
    closeSync(fd);
    throw new DataDirLockedError(dir, readOwner(path));
  }
  const owner: LockOwner = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
  ftruncateSync(fd, 0);
  writeSync(fd, `${JSON.stringify(owner)}\n`, 0);
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      unlock(fd);
      closeSync(fd);
    },
  };
}

/**
 * The process holding `dir` now, or null when none does. Probes with a shared lock that is let
 * go at once, so a reader never keeps a server from starting.
 */
export function folderOwner(dir: string): LockOwner | null {
  const path = join(dir, LOCK_FILE);
  if (!existsSync(path)) return null;
  const fd = openSync(path, constants.O_RDONLY);
  try {
    if (!attempt(fd, true)) return readOwner(path) ?? { pid: 0, host: '?', command: '?', since: '?' };
    unlock(fd);
    return null;
  } finally {
    closeSync(fd);
  }
}

function attempt(fd: number, shared: boolean): boolean {
  try {
    return tryLock(fd, { shared });
  } catch (err) {
    // POSIX lets fcntl report a held lock as EACCES as well as EAGAIN.
    if ((err as NodeJS.ErrnoException).code === 'EACCES') return false;
    throw err;
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' ? { pid: owner.pid, host: String(owner.host), command: String(owner.command), since: String(owner.since) } : null;
  } catch {
    // Written by the holder just after it took the lock: it may still be empty.
    return null;
  }
}

export function describeOwner(owner: LockOwner | null): string {
  if (!owner) return 'a process that has not written its pid yet';
  return `pid ${owner.pid} on ${owner.host} (${owner.command}), since ${owner.since}`;
}

function thisCommand(): string {
  const script = process.argv[1] ? relative(process.cwd(), process.argv[1]) || process.argv[1] : 'node';
  return [script, ...process.argv.slice(2)].join(' ');
}
