// Encryption of SECRET inputs and outputs, like Kestra with `kestra.encryption.secret-key` set: the
// execution stores ciphertext, tasks see the clear value. The key is generated once per data
// directory. The ciphertext is Kestra's (EncryptionService: base64 of IV ‖ ciphertext ‖ tag).
import { createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { kestraDecrypt, kestraEncrypt } from '../pebble/kestra-crypto';

export class SecretBox {
  private readonly key: string;

  constructor(dataDir: string) {
    const file = path.join(dataDir, 'encryption.key');
    if (existsSync(file)) {
      this.key = readFileSync(file, 'utf8').trim();
    } else {
      this.key = randomBytes(32).toString('base64');
      writeFileSync(file, this.key, { mode: 0o600 });
    }
  }

  encrypt(value: string): string {
    return kestraEncrypt(this.key, value) ?? value;
  }

  decrypt(value: string): string {
    try {
      return kestraDecrypt(this.key, value) ?? value;
    } catch (error) {
      // Data directories written before the sandbox used Kestra's layout kept IV ‖ tag ‖ ciphertext.
      const data = Buffer.from(value, 'base64');
      if (data.length < 28) throw error;
      try {
        const decipher = createDecipheriv('aes-256-gcm', Buffer.from(this.key, 'base64'), data.subarray(0, 12));
        decipher.setAuthTag(data.subarray(12, 28));
        return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw error;
      }
    }
  }
}
