// Ion files in internal storage, streamed: Kestra's FileSerde writes one value per line and reads a
// file value after value. A value that spans lines (hand-written or pretty-printed Ion) is read by
// joining lines until they parse, up to a bound.
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { IonError, ionLine, parseIon } from './ion-values';

/** A single value may span lines up to this size before the file is declared invalid. */
const MAX_VALUE_CHARS = 16 * 1024 * 1024;

/** Every top-level value of an Ion text stream, in order (`typed`: see fromIonDom). */
export async function* readIonValues(input: Readable, typed = false): AsyncGenerator<unknown> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let pending = '';
  let lineNumber = 0;
  let pendingStart = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (pending === '' && line.trim() === '') continue;
    if (pending === '') pendingStart = lineNumber;
    pending = pending === '' ? line : `${pending}\n${line}`;
    let values: unknown[];
    try {
      values = parseIon(pending, typed);
    } catch (error) {
      if (pending.length > MAX_VALUE_CHARS) throw new IonError(`Invalid Ion at line ${pendingStart}: ${(error as Error).message}`);
      continue;
    }
    pending = '';
    yield* values;
  }
  if (pending.trim() !== '') {
    try {
      yield* parseIon(pending, typed);
    } catch (error) {
      throw new IonError(`Invalid Ion at line ${pendingStart}: ${(error as Error).message.replace(/^Invalid Ion: /, '')}`);
    }
  }
}

/** The values as an Ion file stream (FileSerde.writeAll), for `putFile`. */
export function ionStream(values: AsyncIterable<unknown> | Iterable<unknown>): Readable {
  async function* lines(): AsyncGenerator<string> {
    let batch = '';
    for await (const value of values as AsyncIterable<unknown>) {
      batch += ionLine(value);
      if (batch.length >= 64 * 1024) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }
  return Readable.from(lines());
}
