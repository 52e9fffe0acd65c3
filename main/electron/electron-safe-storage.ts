// Electron's safeStorage behind the vault's SafeStorageLike: the asynchronous API where this
// Electron has it (the synchronous one is deprecated and goes away in Electron 46), otherwise
// the synchronous calls wrapped in promises.
import { safeStorage } from 'electron';
import type { SafeStorageLike } from '../vault/safe-storage-vault';

interface AsyncSafeStorage {
  isAsyncEncryptionAvailable?: () => Promise<boolean>;
  encryptStringAsync?: (text: string) => Promise<Buffer>;
  decryptStringAsync?: (data: Buffer) => Promise<{ result: string; shouldReEncrypt: boolean }>;
}

export function electronSafeStorage(): SafeStorageLike {
  const asyncApi = safeStorage as unknown as AsyncSafeStorage;
  return {
    isAsyncEncryptionAvailable: () => asyncApi.isAsyncEncryptionAvailable?.() ?? Promise.resolve(safeStorage.isEncryptionAvailable()),
    getSelectedStorageBackend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'),
    encryptStringAsync: (text) => asyncApi.encryptStringAsync?.(text) ?? Promise.resolve().then(() => safeStorage.encryptString(text)),
    decryptStringAsync: (data) =>
      asyncApi.decryptStringAsync?.(data) ?? Promise.resolve().then(() => ({ result: safeStorage.decryptString(data), shouldReEncrypt: false })),
  };
}
