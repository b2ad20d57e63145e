export type { SecretCipher } from './secretCipher.js';
export { SecretDecryptError } from './secretCipher.js';
export { AesGcmCipher } from './aesGcmCipher.js';
export { SecretStore, SecretStoreError } from './secretStore.js';
export { loadOrCreateEncryptionKey, ENCRYPTION_KEY_FILE } from './encryptionKeyFile.js';
export type { EncryptionKeyResult } from './encryptionKeyFile.js';
export { createHeadlessCipher } from './headlessCipher.js';
export { createSafeStorageCipher, SAFE_STORAGE_KIND } from './safeStorageCipher.js';
export type { SafeStorageLike } from './safeStorageCipher.js';
