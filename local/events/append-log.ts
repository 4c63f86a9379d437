import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

interface PendingWrite {
  readonly line: string;
  readonly durable: boolean;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * An append-only file of JSON lines with group commit: appends made while a write is in progress are
 * written together, and one `fdatasync` covers every durable append of the group. A line torn by a crash
 * is dropped when the log is reopened. `compact` rewrites the file from a snapshot (atomic rename).
 */
export class AppendLog<Entry> {
  private pending: PendingWrite[] = [];
  private flushing: Promise<void> | undefined;
  private compactionSnapshot: (() => Entry[]) | undefined;
  private linesInFile: number;
  private closed = false;

  private constructor(
    private readonly path: string,
    private handle: FileHandle,
    lineCount: number,
  ) {
    this.linesInFile = lineCount;
  }

  /** Opens (or creates) the log and returns the entries it holds, oldest first. */
  static async open<Entry>(path: string): Promise<{ log: AppendLog<Entry>; entries: Entry[] }> {
    await mkdir(dirname(path), { recursive: true });
    const { entries, intactBytes, existed } = await readEntries<Entry>(path);
    const handle = await open(path, 'a');
    // Drop a torn last line so the next append starts on a line boundary.
    if ((await handle.stat()).size !== intactBytes) await handle.truncate(intactBytes);
    if (!existed) await syncDirectory(dirname(path));
    return { log: new AppendLog<Entry>(path, handle, entries.length), entries };
  }

  /** Number of lines in the file, so the owner can decide when compaction pays off. */
  get size(): number {
    return this.linesInFile;
  }

  /** Resolves once the entry is written, and when `durable`, once it is on stable storage. */
  append(entries: readonly Entry[], durable: boolean): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`log ${this.path} is closed`));
    if (entries.length === 0) return Promise.resolve();
    const line = entries.map((entry) => JSON.stringify(entry)).join('\n');
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line, durable, resolve, reject });
      this.linesInFile += entries.length;
      this.startFlush();
    });
  }

  /** Replaces the file's content with `snapshot()` at the next quiet moment between writes. */
  requestCompaction(snapshot: () => Entry[]): void {
    this.compactionSnapshot = snapshot;
    this.startFlush();
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing !== undefined) await this.flushing;
    await this.handle.close();
  }

  private startFlush(): void {
    if (this.flushing !== undefined) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = undefined;
      if (this.pending.length > 0 || this.compactionSnapshot !== undefined) this.startFlush();
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0 || this.compactionSnapshot !== undefined) {
      if (this.pending.length === 0 && this.compactionSnapshot !== undefined) {
        await this.compact(this.compactionSnapshot);
        continue;
      }
      const group = this.pending;
      this.pending = [];
      try {
        await this.handle.write(`${group.map((write) => write.line).join('\n')}\n`);
        if (group.some((write) => write.durable)) await this.handle.datasync();
        for (const write of group) write.resolve();
      } catch (error) {
        for (const write of group) write.reject(error);
      }
    }
  }

  private async compact(snapshot: () => Entry[]): Promise<void> {
    this.compactionSnapshot = undefined;
    // Taken while nothing is pending, so the snapshot and the file agree.
    const entries = snapshot();
    const temporaryPath = `${this.path}.compacting`;
    let replacement: FileHandle | undefined;
    try {
      replacement = await open(temporaryPath, 'w');
      if (entries.length > 0)
        await replacement.write(`${entries.map((entry) => JSON.stringify(entry)).join('\n')}\n`);
      await replacement.sync();
      // The handle follows the inode through the rename, so no append can land in the replaced file.
      await rename(temporaryPath, this.path);
    } catch {
      // The old file is still in place and complete: keep appending to it and try again later.
      await replacement?.close().catch(() => undefined);
      return;
    }
    const previous = this.handle;
    this.handle = replacement;
    this.linesInFile =
      entries.length + this.pending.reduce((count, write) => count + lineCount(write.line), 0);
    await previous.close().catch(() => undefined);
    await syncDirectory(dirname(this.path)).catch(() => undefined);
  }
}

async function readEntries<Entry>(
  path: string,
): Promise<{ entries: Entry[]; intactBytes: number; existed: boolean }> {
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { entries: [], intactBytes: 0, existed: false };
    throw error;
  }
  const intactBytes = content.lastIndexOf(0x0a) + 1;
  const entries: Entry[] = [];
  for (const line of content.subarray(0, intactBytes).toString('utf8').split('\n')) {
    if (line === '') continue;
    try {
      entries.push(JSON.parse(line) as Entry);
    } catch {
      // A line that does not parse was never acknowledged as durable; skipping it is the recovery.
    }
  }
  return { entries, intactBytes, existed: true };
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function lineCount(text: string): number {
  let count = 1;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
}
