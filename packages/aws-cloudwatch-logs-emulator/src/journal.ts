import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { PersistenceError } from './errors.js';
import type { InputEvent } from './event-columns.js';
import type { Mutation, State } from './state.js';

const HEADER_BYTES = 8;
const SNAPSHOT = 'snapshot.bin';
const JOURNAL = 'journal.bin';
const LOCK = 'emulator.pid';
const FORMAT = 1;

export interface JournalOptions {
  /** Journal size (bytes) past which it is compacted into a snapshot; 64 MiB by default. */
  compactBytes?: number;
  /** fsync after every record (survives power loss, slower); off by default. */
  fsync?: boolean;
  /** Told about a torn or corrupt journal tail that was skipped. */
  onWarning?: (message: string) => void;
}

export interface RecoveryReport {
  snapshotRecords: number;
  journalRecords: number;
  /** Bytes of a torn or corrupt tail dropped from the journal (0 when it was whole). */
  droppedBytes: number;
}

type Encoded =
  | Mutation
  | (Omit<Extract<Mutation, { t: 'putEvents' }>, 'events'> & { e: Array<[number, string]> });

function encode(seq: number, m: Mutation): Buffer {
  const body: Encoded =
    m.t === 'putEvents'
      ? {
          t: m.t,
          group: m.group,
          stream: m.stream,
          at: m.at,
          e: m.events.map((e) => [e.timestamp, e.message]),
        }
      : m;
  const payload = Buffer.from(JSON.stringify([seq, body]), 'utf8');
  const out = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  payload.copy(out, HEADER_BYTES);
  return out;
}

function decode(payload: Buffer): { seq: number; m: Mutation } {
  const [seq, body] = JSON.parse(payload.toString('utf8')) as [
    number,
    Encoded & { e?: Array<[number, string]> },
  ];
  if (body.t === 'putEvents' && 'e' in body && body.e) {
    const events: InputEvent[] = body.e.map(([timestamp, message]) => ({ timestamp, message }));
    return {
      seq,
      m: { t: 'putEvents', group: body.group, stream: body.stream, at: body.at, events },
    };
  }
  return { seq, m: body as Mutation };
}

/** Reads framed records; stops at the first torn or corrupt one and says where. */
function* records(buffer: Buffer): Generator<{ seq: number; m: Mutation; end: number }, number> {
  let offset = 0;
  while (offset < buffer.length) {
    if (buffer.length - offset < HEADER_BYTES) return offset;
    const length = buffer.readUInt32LE(offset);
    const checksum = buffer.readUInt32LE(offset + 4);
    const start = offset + HEADER_BYTES;
    if (start + length > buffer.length) return offset;
    const payload = buffer.subarray(start, start + length);
    if (crc32(payload) !== checksum) return offset;
    let record: { seq: number; m: Mutation };
    try {
      record = decode(payload);
    } catch {
      return offset;
    }
    offset = start + length;
    yield { ...record, end: offset };
  }
  return offset;
}

function readIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PersistenceError(path, `Cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Persistence: every accepted change is appended to `journal.bin` as a length-prefixed,
 * CRC-32-checked record before the request is answered; when the journal grows past
 * `compactBytes` the whole state is written to `snapshot.bin` (atomically, by rename) and the
 * journal starts over. Records carry sequence numbers, so a crash between the two steps never
 * replays a change twice. A torn last record (a crash mid-write) is dropped on start.
 */
export class Journal {
  private fd: number;
  private seq = 0;
  private size: number;
  private compacting = false;
  private closed = false;
  private readonly compactBytes: number;

  private constructor(
    private readonly dir: string,
    private readonly state: State,
    private readonly options: JournalOptions,
    fd: number,
    seq: number,
    size: number,
  ) {
    this.fd = fd;
    this.seq = seq;
    this.size = size;
    this.compactBytes = options.compactBytes ?? 64 * 1024 * 1024;
  }

  /** Loads `dir` into `state` (which must be empty) and opens the journal for appending. */
  static open(
    dir: string,
    state: State,
    options: JournalOptions = {},
  ): { journal: Journal; report: RecoveryReport } {
    mkdirSync(dir, { recursive: true });
    Journal.lock(dir);
    const report: RecoveryReport = { snapshotRecords: 0, journalRecords: 0, droppedBytes: 0 };
    let seq = 0;
    const snapshotPath = join(dir, SNAPSHOT);
    const snapshot = readIfExists(snapshotPath);
    if (snapshot) {
      const it = records(snapshot);
      let first = true;
      for (let r = it.next(); ; r = it.next()) {
        if (r.done) {
          if (r.value !== snapshot.length)
            throw new PersistenceError(
              snapshotPath,
              `${snapshotPath} is corrupt at byte ${r.value}; snapshots are written atomically, so this is damage from outside the emulator. Move the file away to start from the journal alone.`,
            );
          break;
        }
        if (first) {
          first = false;
          const header = r.value.m as unknown as { t: string; format?: number };
          if (header.t !== 'snapshot' || header.format !== FORMAT)
            throw new PersistenceError(
              snapshotPath,
              `${snapshotPath} is not an emulator snapshot of format ${FORMAT}.`,
            );
          seq = r.value.seq;
          continue;
        }
        state.apply(r.value.m);
        report.snapshotRecords += 1;
      }
    }
    const journalPath = join(dir, JOURNAL);
    const journal = readIfExists(journalPath) ?? Buffer.alloc(0);
    const it = records(journal);
    let validEnd = 0;
    for (let r = it.next(); ; r = it.next()) {
      if (r.done) {
        validEnd = r.value;
        break;
      }
      if (r.value.seq <= seq) continue;
      try {
        state.apply(r.value.m);
      } catch (error) {
        throw new PersistenceError(
          journalPath,
          `${journalPath} holds a change that does not fit the data before it (${(error as Error).message}).`,
          { cause: error },
        );
      }
      seq = r.value.seq;
      report.journalRecords += 1;
    }
    const fd = openSync(journalPath, 'a+');
    if (validEnd < journal.length) {
      report.droppedBytes = journal.length - validEnd;
      ftruncateSync(fd, validEnd);
      options.onWarning?.(
        `${journalPath}: dropped a torn or corrupt tail of ${report.droppedBytes} bytes after ${report.journalRecords} good records (the emulator stopped mid-write); the data before it is intact.`,
      );
    }
    return { journal: new Journal(dir, state, options, fd, seq, validEnd), report };
  }

  private static lock(dir: string): void {
    const path = join(dir, LOCK);
    const existing = readIfExists(path);
    if (existing) {
      const pid = Number(existing.toString('utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid))
        throw new PersistenceError(
          path,
          `${dir} is in use by another emulator (process ${pid}); give each emulator its own persistDir.`,
        );
    }
    writeFileSync(path, String(process.pid));
  }

  append(m: Mutation): void {
    if (this.closed) throw new PersistenceError(this.dir, 'The journal is closed.');
    this.seq += 1;
    const record = encode(this.seq, m);
    writeSync(this.fd, record);
    if (this.options.fsync) fsyncSync(this.fd);
    this.size += record.length;
    if (this.size >= this.compactBytes && !this.compacting) {
      this.compacting = true;
      setImmediate(() => {
        try {
          if (!this.closed) this.compact();
        } catch (error) {
          this.options.onWarning?.(
            `compaction failed, the journal keeps growing: ${(error as Error).message}`,
          );
        } finally {
          this.compacting = false;
        }
      }).unref();
    }
  }

  /** Writes the whole state to a new snapshot, then empties the journal. */
  compact(): void {
    const tmp = join(this.dir, `${SNAPSHOT}.tmp`);
    const fd = openSync(tmp, 'w');
    try {
      const chunks: Buffer[] = [];
      let pending = 0;
      const flush = () => {
        if (pending === 0) return;
        writeSync(fd, Buffer.concat(chunks, pending));
        chunks.length = 0;
        pending = 0;
      };
      const push = (b: Buffer) => {
        chunks.push(b);
        pending += b.length;
        if (pending >= 1 << 20) flush();
      };
      push(encode(this.seq, { t: 'snapshot', format: FORMAT } as unknown as Mutation));
      for (const m of this.state.mutations()) push(encode(this.seq, m));
      flush();
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(this.dir, SNAPSHOT));
    try {
      const dirFd = openSync(this.dir, 'r');
      fsyncSync(dirFd);
      closeSync(dirFd);
    } catch {
      // Not every platform can fsync a directory.
    }
    ftruncateSync(this.fd, 0);
    this.size = fstatSync(this.fd).size;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    rmSync(join(this.dir, LOCK), { force: true });
  }
}
