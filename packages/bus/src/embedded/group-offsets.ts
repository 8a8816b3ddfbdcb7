import { open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

type OffsetsByGroup = Record<string, Record<string, number>>;

/**
 * Committed offsets of every consumer group, in one small JSON file replaced atomically (write a
 * temporary file, fsync, rename, fsync the directory): after a crash it holds the old or the new state.
 */
export class GroupOffsets {
  readonly #path: string;
  readonly #groups: OffsetsByGroup;
  #version = 0;
  #writtenVersion = 0;
  #writes: Promise<void> = Promise.resolve();

  private constructor(path: string, groups: OffsetsByGroup) {
    this.#path = path;
    this.#groups = groups;
  }

  static async open(path: string): Promise<GroupOffsets> {
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '{}';
      throw error;
    });
    return new GroupOffsets(path, JSON.parse(text) as OffsetsByGroup);
  }

  committed(group: string, topic: string): number | undefined {
    return this.#groups[group]?.[topic];
  }

  /** Resolves once the offset is on disk. Commits made while a write runs share the next write. */
  commit(group: string, topic: string, nextOffset: number): Promise<void> {
    this.#groups[group] = { ...this.#groups[group], [topic]: nextOffset };
    const wanted = ++this.#version;
    this.#writes = this.#writes
      .catch(() => undefined)
      .then(() => (this.#writtenVersion >= wanted ? undefined : this.#write()));
    return this.#writes;
  }

  async #write(): Promise<void> {
    const version = this.#version;
    const temporary = `${this.#path}.tmp`;
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(JSON.stringify(this.#groups));
      await file.datasync();
    } finally {
      await file.close();
    }
    await rename(temporary, this.#path);
    await syncDirectory(dirname(this.#path));
    this.#writtenVersion = version;
  }
}

/** Makes a rename or a new file's directory entry durable. */
export async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
