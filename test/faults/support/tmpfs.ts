/**
 * A tiny tmpfs to fill a disk for real: `mount -t tmpfs -o size=…` needs root
 * (or CAP_SYS_ADMIN); where that is refused the caller skips, saying why.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SmallDisk {
  path: string;
  /** Grows the tmpfs (`mount -o remount,size=…`): the operator adding space. */
  resize(size: string): Promise<void>;
  /** Unmounts and removes the mount point. */
  remove(): Promise<void>;
}

/** Mounts a tmpfs of `size` (e.g. `3m`); resolves to the reason it cannot, as an Error. */
export async function mountSmallDisk(size: string): Promise<SmallDisk> {
  const path = mkdtempSync(join(tmpdir(), 'consentry-full-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', path]);
  } catch (error) {
    rmSync(path, { recursive: true, force: true });
    throw new Error(
      `cannot mount a tmpfs (${(error as { stderr?: string }).stderr?.trim() || (error as Error).message})`,
    );
  }
  return {
    path,
    async resize(newSize) {
      await run('mount', ['-o', `remount,size=${newSize}`, path]);
    },
    async remove() {
      await run('umount', [path]);
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** Why a tmpfs cannot be mounted here, or null: a trial mount, unmounted at once. */
export async function smallDiskUnavailable(): Promise<string | null> {
  try {
    const disk = await mountSmallDisk('64k');
    await disk.remove();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
