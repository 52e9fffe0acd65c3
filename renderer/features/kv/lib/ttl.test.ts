import { describe, expect, it } from 'vitest';
import { ttlError, TTL_PRESETS } from './ttl';

describe('ttlError', () => {
  it('accepts positive durations and every preset', () => {
    expect(ttlError('PT30M')).toBeUndefined();
    for (const preset of TTL_PRESETS) if (preset.value) expect(ttlError(preset.value)).toBeUndefined();
  });
  it('refuses negative, zero and unparsable TTLs with a reason', () => {
    expect(ttlError('-PT1H')).toMatch(/negative/);
    expect(ttlError('PT0S')).toMatch(/zero/);
    expect(ttlError('P1W')).toMatch(/not an ISO-8601 duration/);
  });
});
