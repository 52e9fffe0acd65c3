// The log viewer's storage: millions of lines kept in columns, never one object per line.
//
// Lines live in fixed-size chunks. Each chunk has typed arrays (timestamp, level + flags, task
// reference) and its text as a few large strings with an offsets array, so a million lines cost
// about their own text plus ~17 bytes each, and a search runs one regular expression over a whole
// chunk instead of a million small strings. A message with newlines becomes several lines (the
// later ones flagged as continuations), so every row the viewer draws is one line of text.
//
// The store is bounded: past `maxLines` or `maxChars` it drops its oldest chunks (the full log is
// always available through the download, which main streams to disk). Line numbers are absolute
// and never reused, so a dropped line simply stops being retrievable.
import type { LogBatch } from '../../../../main/contract/streams';
import { hasAnsi, stripAnsi } from './ansi';

// V8 keeps a string one byte per char only while every char is Latin-1; a single emoji would make a
// whole chunk two bytes per char. Such (rare) lines are stored as their UTF-8 bytes instead.
const WIDE = /[\u0100-\uffff]/;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** UTF-8 bytes of `text`, one Latin-1 char per byte. */
export function toByteString(text: string): string {
  const bytes = utf8Encoder.encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

export function fromByteString(bytes: string): string {
  const buffer = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 1) buffer[i] = bytes.charCodeAt(i);
  return utf8Decoder.decode(buffer);
}
import { levelCode } from './log-levels';

export const CHUNK_LINES = 16_384;

/** Bits stored next to the level (the level uses the low 3 bits). */
export const FLAG_CONTINUATION = 1 << 3;
export const FLAG_ANSI = 1 << 4;
/** The line had characters beyond Latin-1: it is held as UTF-8 bytes (one char per byte). */
export const FLAG_WIDE = 1 << 5;
/** Lines a bulk regex pass cannot judge: search tests them one by one on their visible text. */
export const FLAG_SEARCH_ALONE = FLAG_ANSI | FLAG_WIDE;
const LEVEL_BITS = 0b111;

export interface TaskRef {
  taskId: string;
  taskRunId: string;
  attemptNumber?: number;
}

interface Chunk {
  /** Absolute number of this chunk's first line. */
  start: number;
  count: number;
  timestamps: Float64Array;
  /** Level in the low bits, FLAG_* above. */
  levels: Uint8Array;
  taskRefs: Int32Array;
  /**
   * Text segments: segment k holds lines [segmentLines[k], segmentLines[k+1]) joined by '\n'.
   * A sealed chunk has exactly one segment.
   */
  segments: string[];
  segmentLines: number[];
  /** Offset of each line's text inside its segment. */
  offsets: Uint32Array;
  /** Characters of text held (for the memory bound). */
  chars: number;
}

export interface LogStoreOptions {
  maxLines?: number;
  maxChars?: number;
}

export interface AppendResult {
  /** Lines added (after splitting multi-line messages). */
  added: number;
  /** Lines the stream said were skipped (gap between batches), if any. */
  gap: number;
}

type Listener = () => void;

export class LogStore {
  private readonly chunks: Chunk[] = [];
  private totalLines = 0;
  private dropped = 0;
  private totalChars = 0;
  private readonly maxLines: number;
  private readonly maxChars: number;
  private readonly tasks: TaskRef[] = [];
  /** Next stream index expected from the server (entries, before splitting into lines). */
  private nextStreamIndex = 0;
  private gapEntries = 0;
  /** Lines at WARN or ERROR, in order (absolute numbers), for "jump to next problem". */
  private problems = new Int32Array(1024);
  private problemCount = 0;
  private problemsDropped = 0;
  private boundDropped = 0;
  private readonly levelCounts = new Float64Array(5);
  private readonly taskLineCounts: number[] = [];
  private version = 0;
  private readonly listeners = new Set<Listener>();

  constructor(options: LogStoreOptions = {}) {
    this.maxLines = options.maxLines ?? 5_000_000;
    this.maxChars = options.maxChars ?? 400_000_000;
  }

  /** Absolute number one past the last line. */
  get end(): number {
    return this.totalLines;
  }

  /** First line still held (lines before it were dropped to stay within bounds). */
  get first(): number {
    return this.dropped;
  }

  get size(): number {
    return this.totalLines - this.dropped;
  }

  get chars(): number {
    return this.totalChars;
  }

  /** Entries the stream skipped (a gap in `firstIndex`), to tell the user lines are missing. */
  get missingEntries(): number {
    return this.gapEntries;
  }

  /** Changes on every append or drop; cheap to compare in React. */
  get revision(): number {
    return this.version;
  }

  get taskCount(): number {
    return this.tasks.length;
  }

  task(ref: number): TaskRef | undefined {
    return ref >= 0 ? this.tasks[ref] : undefined;
  }

  /** Finds the dictionary index of a task run (or -1). */
  taskRefOf(taskRunId: string): number {
    return this.tasks.findIndex((t) => t.taskRunId === taskRunId);
  }

  /** Lines seen per task ref (including dropped ones). */
  linesOfTask(ref: number): number {
    return this.taskLineCounts[ref] ?? 0;
  }

  levelCount(code: number): number {
    return this.levelCounts[code] ?? 0;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  /**
   * Appends one batch from the `logs.follow` stream. Overlap with lines already held (a replay
   * after reconnect) is skipped by `firstIndex`; a gap is counted.
   */
  appendBatch(batch: LogBatch): AppendResult {
    for (const t of batch.newTasks) {
      this.tasks.push(t.attemptNumber === undefined ? { taskId: t.taskId, taskRunId: t.taskRunId } : { ...t });
      this.taskLineCounts.push(0);
    }
    const n = batch.messages.length;
    let skip = 0;
    let gap = 0;
    if (batch.firstIndex < this.nextStreamIndex) skip = Math.min(n, this.nextStreamIndex - batch.firstIndex);
    else if (batch.firstIndex > this.nextStreamIndex) {
      gap = batch.firstIndex - this.nextStreamIndex;
      this.gapEntries += gap;
    }
    const before = this.totalLines;
    if (skip < n) {
      this.appendColumns(batch.timestamps, batch.levels, batch.taskRefs, batch.messages, skip, n);
      this.nextStreamIndex = batch.firstIndex + n;
    }
    const added = this.totalLines - before;
    if (added > 0 || gap > 0) this.notify();
    return { added, gap };
  }

  /** Appends entries given as columns (used by the stream and by tests and benchmarks). */
  appendColumns(
    timestamps: ArrayLike<number>,
    levels: ArrayLike<string>,
    taskRefs: ArrayLike<number>,
    messages: ArrayLike<string>,
    from = 0,
    to = messages.length,
  ): void {
    if (from >= to) return;
    let chunk = this.writableChunk();
    let startCount = chunk.count;
    let charBase = this.segmentCharLength(chunk);
    let pieces: string[] = [];
    const flush = (): void => {
      this.sealOpenSegment(chunk, pieces, startCount);
      this.recordLines(chunk, startCount);
      pieces = [];
    };
    for (let i = from; i < to; i += 1) {
      const ts = timestamps[i] ?? 0;
      const level = levelCode(levels[i] ?? 'INFO');
      const taskRef = taskRefs[i] ?? -1;
      const message = messages[i] ?? '';
      const lines = message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0 ? splitLines(message) : [message];
      for (let k = 0; k < lines.length; k += 1) {
        if (chunk.count === CHUNK_LINES) {
          // A multi-line entry may straddle two chunks; its later lines stay continuations.
          flush();
          chunk = this.writableChunk();
          startCount = 0;
          charBase = 0;
        }
        let text = lines[k]!;
        const index = chunk.count;
        chunk.timestamps[index] = ts;
        let flags = level;
        if (k > 0) flags |= FLAG_CONTINUATION;
        if (hasAnsi(text)) flags |= FLAG_ANSI;
        if (WIDE.test(text)) {
          flags |= FLAG_WIDE;
          text = toByteString(text);
        }
        chunk.levels[index] = flags;
        chunk.taskRefs[index] = taskRef;
        chunk.offsets[index] = charBase;
        charBase += text.length + 1;
        pieces.push(text);
        chunk.count += 1;
      }
    }
    flush();
    this.enforceBounds();
  }

  private segmentCharLength(chunk: Chunk): number {
    const last = chunk.segments.length - 1;
    return last < 0 ? 0 : chunk.offsets[chunk.segmentLines[last]!]! + chunk.segments[last]!.length + 1;
  }

  private sealOpenSegment(chunk: Chunk, pieces: string[], startCount: number): void {
    if (pieces.length === 0) return;
    const text = pieces.join('\n');
    chunk.segments.push(text);
    chunk.segmentLines.push(startCount);
    chunk.chars += text.length;
    this.totalChars += text.length;
    if (chunk.count >= CHUNK_LINES && chunk.segments.length > 1) {
      // Full: one string for the whole chunk makes later searches a single regex pass.
      const joined = chunk.segments.join('\n');
      chunk.segments = [joined];
      chunk.segmentLines = [0];
    }
  }

  private recordLines(chunk: Chunk, from: number): void {
    for (let index = from; index < chunk.count; index += 1) {
      const flags = chunk.levels[index]!;
      const level = flags & LEVEL_BITS;
      this.levelCounts[level] = (this.levelCounts[level] ?? 0) + 1;
      const ref = chunk.taskRefs[index]!;
      if (ref >= 0 && ref < this.taskLineCounts.length) this.taskLineCounts[ref] = this.taskLineCounts[ref]! + 1;
      if (level <= 1 && (flags & FLAG_CONTINUATION) === 0) this.pushProblem(chunk.start + index);
    }
    this.totalLines = chunk.start + chunk.count;
  }

  private pushProblem(line: number): void {
    if (this.problemCount === this.problems.length) {
      const grown = new Int32Array(this.problems.length * 2);
      grown.set(this.problems);
      this.problems = grown;
    }
    this.problems[this.problemCount] = line;
    this.problemCount += 1;
  }

  private writableChunk(): Chunk {
    const last = this.chunks[this.chunks.length - 1];
    if (last && last.count < CHUNK_LINES) return last;
    const chunk: Chunk = {
      start: this.totalLines,
      count: 0,
      timestamps: new Float64Array(CHUNK_LINES),
      levels: new Uint8Array(CHUNK_LINES),
      taskRefs: new Int32Array(CHUNK_LINES),
      segments: [],
      segmentLines: [],
      offsets: new Uint32Array(CHUNK_LINES),
      chars: 0,
    };
    this.chunks.push(chunk);
    return chunk;
  }

  private enforceBounds(): void {
    while (this.chunks.length > 1 && (this.size > this.maxLines || this.totalChars > this.maxChars)) {
      const oldest = this.chunks.shift()!;
      this.dropped = oldest.start + oldest.count;
      this.boundDropped += oldest.count;
      this.totalChars -= oldest.chars;
      let drop = 0;
      while (drop < this.problemCount && this.problems[drop]! < this.dropped) drop += 1;
      if (drop > 0) {
        this.problems.copyWithin(0, drop, this.problemCount);
        this.problemCount -= drop;
        this.problemsDropped += drop;
      }
    }
  }

  private chunkOf(line: number): Chunk | undefined {
    if (line < this.dropped || line >= this.totalLines) return undefined;
    const first = this.chunks[0];
    if (!first) return undefined;
    // Chunks are full except the last, so the index is arithmetic.
    return this.chunks[Math.floor((line - first.start) / CHUNK_LINES)];
  }

  has(line: number): boolean {
    return line >= this.dropped && line < this.totalLines;
  }

  timestamp(line: number): number {
    const chunk = this.chunkOf(line);
    return chunk ? chunk.timestamps[line - chunk.start]! : 0;
  }

  /** Level code (0 = ERROR … 4 = TRACE). */
  level(line: number): number {
    const chunk = this.chunkOf(line);
    return chunk ? chunk.levels[line - chunk.start]! & LEVEL_BITS : 2;
  }

  flags(line: number): number {
    const chunk = this.chunkOf(line);
    return chunk ? chunk.levels[line - chunk.start]! & ~LEVEL_BITS : 0;
  }

  taskRef(line: number): number {
    const chunk = this.chunkOf(line);
    return chunk ? chunk.taskRefs[line - chunk.start]! : -1;
  }

  /** The line's raw text, escape sequences included. */
  rawText(line: number): string {
    const chunk = this.chunkOf(line);
    if (!chunk) return '';
    const stored = this.storedText(chunk, line - chunk.start);
    return chunk.levels[line - chunk.start]! & FLAG_WIDE ? fromByteString(stored) : stored;
  }

  /** The line as held in its chunk (UTF-8 bytes for wide lines). */
  private storedText(chunk: Chunk, index: number): string {
    const segment = segmentOf(chunk, index);
    const text = chunk.segments[segment]!;
    const base = chunk.offsets[chunk.segmentLines[segment]!]!;
    const from = chunk.offsets[index]! - base;
    const nextIndex = index + 1;
    const nextInSegment = segment + 1 < chunk.segmentLines.length ? chunk.segmentLines[segment + 1]! : chunk.count;
    const to = nextIndex < nextInSegment ? chunk.offsets[nextIndex]! - base - 1 : text.length;
    return text.slice(from, to);
  }

  /** The line's text as the user reads it (no escape sequences). */
  text(line: number): string {
    const raw = this.rawText(line);
    return this.flags(line) & FLAG_ANSI ? stripAnsi(raw) : raw;
  }

  /** Problems (WARN/ERROR first lines) still held, as absolute line numbers in order. */
  problemLines(): Int32Array {
    return this.problems.subarray(0, this.problemCount);
  }

  /**
   * Visits the held lines in [from, to) chunk by chunk: `visit(text, offsets, start, count)` gets a
   * segment's text, the offsets of its lines inside it (relative), the absolute number of its first
   * line and the line count. Used by search to run one regex per segment.
   */
  forEachSegment(
    from: number,
    to: number,
    visit: (text: string, lineOffsets: (i: number) => number, startLine: number, count: number) => boolean | void,
  ): void {
    for (const chunk of this.chunks) {
      const chunkEnd = chunk.start + chunk.count;
      if (chunkEnd <= from) continue;
      if (chunk.start >= to) break;
      for (let s = 0; s < chunk.segments.length; s += 1) {
        const segStart = chunk.segmentLines[s]!;
        const segEnd = s + 1 < chunk.segmentLines.length ? chunk.segmentLines[s + 1]! : chunk.count;
        if (chunk.start + segEnd <= from || chunk.start + segStart >= to) continue;
        const base = chunk.offsets[segStart]!;
        const offsets = (i: number): number => chunk.offsets[segStart + i]! - base;
        if (visit(chunk.segments[s]!, offsets, chunk.start + segStart, segEnd - segStart) === false) return;
      }
    }
  }

  /** Fast per-line scan of levels and task refs (for building filtered views). */
  scan(from: number, to: number, visit: (line: number, level: number, taskRef: number, flags: number) => void): void {
    for (const chunk of this.chunks) {
      const chunkEnd = chunk.start + chunk.count;
      if (chunkEnd <= from) continue;
      if (chunk.start >= to) break;
      const a = Math.max(from, chunk.start) - chunk.start;
      const b = Math.min(to, chunkEnd) - chunk.start;
      const levels = chunk.levels;
      const refs = chunk.taskRefs;
      for (let i = a; i < b; i += 1) {
        const f = levels[i]!;
        visit(chunk.start + i, f & LEVEL_BITS, refs[i]!, f & ~LEVEL_BITS);
      }
    }
  }

  /** Drops everything (e.g. when the execution restarts and the log is re-followed). */
  clear(): void {
    this.chunks.length = 0;
    this.dropped = this.totalLines;
    this.totalChars = 0;
    this.problemCount = 0;
    this.nextStreamIndex = 0;
    this.gapEntries = 0;
    this.tasks.length = 0;
    this.taskLineCounts.length = 0;
    this.levelCounts.fill(0);
    this.notify();
  }

  /** Approximate bytes held: typed arrays plus text (one byte per stored char, see FLAG_WIDE). */
  approximateBytes(): number {
    return this.chunks.length * CHUNK_LINES * (8 + 1 + 4 + 4) + this.totalChars;
  }

  /** Lines dropped to stay within bounds (they are still in the downloadable log). */
  get droppedLines(): number {
    return this.boundDropped;
  }

  get droppedProblems(): number {
    return this.problemsDropped;
  }
}

function segmentOf(chunk: Chunk, index: number): number {
  const lines = chunk.segmentLines;
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Splits a message into display lines: \r\n and \n break lines; a stray \r is dropped. */
export function splitLines(message: string): string[] {
  const lines = message.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line.indexOf('\r') >= 0) lines[i] = line.replace(/\r/g, '');
  }
  // A trailing newline does not make an empty last line.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
