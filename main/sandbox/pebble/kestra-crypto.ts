// Kestra's EncryptionService (core/.../encryption/EncryptionService.java), used by the `encrypt`
// and `decrypt` functions and by SECRET inputs and outputs: AES/GCM/NoPadding with a base64 key
// (16, 24 or 32 bytes), a random 12-byte IV, a 128-bit tag; the result is
// base64(IV ‖ ciphertext ‖ tag), Java's layout, so values move between the sandbox and Kestra.
import { createCipheriv, createDecipheriv, randomBytes, type CipherGCMTypes } from 'node:crypto';

export class KestraCryptoError extends Error {}

const IV_LENGTH = 12;
const TAG_LENGTH = 16;

function algorithm(key: Buffer): CipherGCMTypes {
  switch (key.length) {
    case 16:
      return 'aes-128-gcm';
    case 24:
      return 'aes-192-gcm';
    case 32:
      return 'aes-256-gcm';
    default:
      // javax.crypto's InvalidKeyException message.
      throw new KestraCryptoError(`Invalid AES key length: ${key.length} bytes`);
  }
}

/** java.util.Base64.getDecoder(): strict, no whitespace. */
function decodeBase64(text: string): Buffer {
  const invalid = /[^A-Za-z0-9+/=]/.exec(text);
  if (invalid) throw new KestraCryptoError(`Illegal base64 character ${invalid[0].charCodeAt(0).toString(16)}`);
  return Buffer.from(text, 'base64');
}

export function kestraEncrypt(keyBase64: string, plaintext: string | null): string | null {
  if (plaintext === null || plaintext === '') return plaintext;
  const key = decodeBase64(keyBase64);
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv(algorithm(key), key, iv, { authTagLength: TAG_LENGTH });
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
}

export function kestraDecrypt(keyBase64: string, encrypted: string | null): string | null {
  if (encrypted === null || encrypted === '') return encrypted;
  const key = decodeBase64(keyBase64);
  const data = decodeBase64(encrypted);
  if (data.length < IV_LENGTH + TAG_LENGTH) throw new KestraCryptoError('Input data too short');
  const decipher = createDecipheriv(algorithm(key), key, data.subarray(0, IV_LENGTH), { authTagLength: TAG_LENGTH });
  decipher.setAuthTag(data.subarray(data.length - TAG_LENGTH));
  try {
    return Buffer.concat([decipher.update(data.subarray(IV_LENGTH, data.length - TAG_LENGTH)), decipher.final()]).toString('utf8');
  } catch {
    // javax.crypto.AEADBadTagException: a wrong key or tampered text.
    throw new KestraCryptoError('Tag mismatch');
  }
}
