import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type KeyRing, type KeyStore, parseKeyRing } from '../crypto/keys.js';

/** A key ring in one file, readable by its owner only; written atomically so a crash never leaves half a ring. */
export class FileKeyStore implements KeyStore {
  constructor(private readonly path: string) {}

  async load(): Promise<KeyRing | undefined> {
    try {
      return parseKeyRing(await readFile(this.path, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async createIfAbsent(ring: KeyRing): Promise<KeyRing> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    try {
      await writeFile(this.path, JSON.stringify(ring), { mode: 0o600, flag: 'wx' });
      return ring;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return (await this.load()) as KeyRing;
    }
  }

  async save(ring: KeyRing): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(ring), { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, this.path);
  }
}
