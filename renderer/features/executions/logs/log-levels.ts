// Log levels as small integers, so a line's level fits in one byte of a typed array.
import type { LogLevel } from '../../../../main/contract/kestra-model';

export const LEVELS: readonly LogLevel[] = ['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'];

export const LEVEL_CODE: Readonly<Record<LogLevel, number>> = { ERROR: 0, WARN: 1, INFO: 2, DEBUG: 3, TRACE: 4 };

/** Bit mask with every level enabled. */
export const ALL_LEVELS_MASK = 0b11111;

export function levelName(code: number): LogLevel {
  return LEVELS[code] ?? 'INFO';
}

/** Level code for anything the server sent; unknown levels read as INFO rather than being dropped. */
export function levelCode(level: string): number {
  return LEVEL_CODE[level as LogLevel] ?? LEVEL_CODE.INFO;
}

/** Mask of every level at or above `minLevel` in severity (ERROR is the most severe). */
export function maskAtLeast(minLevel: LogLevel): number {
  return (1 << (LEVEL_CODE[minLevel] + 1)) - 1;
}

export function isLevelEnabled(mask: number, code: number): boolean {
  return (mask & (1 << code)) !== 0;
}
