// The persona registry: `resolvePersona('2.0', 'EE')` → the traits the server and handlers read.
import type { EnterpriseOptions, Edition, Persona, PersonaId, PersonaTraits } from './persona';
import { PERSONA_IDS } from './persona';
import { KESTRA_0_22 } from './v0-22';
import { KESTRA_0_24 } from './v0-24';
import { KESTRA_1_3 } from './v1-3';
import { KESTRA_2_0 } from './v2-0';
import { defaultEnterprise } from './enterprise';

export * from './persona';

export const PERSONAS: Record<PersonaId, PersonaTraits> = {
  '0.22': KESTRA_0_22,
  '0.24': KESTRA_0_24,
  '1.3': KESTRA_1_3,
  '2.0': KESTRA_2_0,
};

export const DEFAULT_PERSONA: PersonaId = '1.3';

/** Accepts a persona id or a full version of its line (`0.24.3`, `2.0.1`, `1.3.25`). */
export function parsePersonaId(text: string): PersonaId | undefined {
  const trimmed = text.trim().replace(/^v/i, '');
  for (const id of PERSONA_IDS) if (trimmed === id || trimmed.startsWith(`${id}.`)) return id;
  return undefined;
}

export function resolvePersona(id: PersonaId = DEFAULT_PERSONA, edition: Edition = 'OSS', enterprise?: Partial<EnterpriseOptions>): Persona {
  const traits = PERSONAS[id];
  if (edition === 'OSS') return { ...traits, edition, tenants: ['main'] };
  if (traits.pathForm === 'legacy') throw new Error(`Kestra ${traits.version} Enterprise is not available as a persona (use 0.24 or later)`);
  const options = { ...defaultEnterprise(), ...enterprise };
  if (options.tenants.length === 0) throw new Error('An Enterprise persona needs at least one tenant');
  return { ...traits, edition, tenants: options.tenants, enterprise: options };
}
