import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

/**
 * The host bundle: the files the installer writes (the host's JavaScript and
 * its native addon), packed into one byte string so one detached Ed25519
 * signature covers all of it. Layout: u32le header length, a JSON header
 * `{ files: [{ name, size, mode }] }`, then the file bodies in order.
 */
export type BundleFile = { name: string; mode: number; data: Uint8Array };

export function packBundle(files: BundleFile[]): Buffer {
  const header = Buffer.from(JSON.stringify({ files: files.map((f) => ({ name: f.name, size: f.data.length, mode: f.mode })) }));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return Buffer.concat([length, header, ...files.map((f) => Buffer.from(f.data))]);
}

/** Unpacks a bundle whose signature was checked; still refuses names that could leave the install folder. */
export function unpackBundle(bundle: Uint8Array): BundleFile[] {
  const buf = Buffer.from(bundle.buffer, bundle.byteOffset, bundle.byteLength);
  const headerLength = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + headerLength).toString('utf8')) as { files: Array<{ name: string; size: number; mode: number }> };
  let offset = 4 + headerLength;
  return header.files.map((f) => {
    if (!/^[A-Za-z0-9._-]+$/.test(f.name) || f.name.startsWith('.')) throw new Error(`bad file name in bundle: ${f.name}`);
    const data = buf.subarray(offset, offset + f.size);
    offset += f.size;
    return { name: f.name, mode: f.mode & 0o755, data };
  });
}

/**
 * The host's JavaScript files run as CommonJS functions of this exact source
 * text (the build makes each file's V8 code cache from it, and the launcher
 * compiles the same text): the verified bytes in memory run, never a copy on disk.
 */
export const wrapModule = (code: string): string => `(function (exports, require, module, __filename, __dirname) {${code}\n})`;

/** The V8 code cache of a host file travels in the signed bundle under this name (only for the platform it was built on). */
export const codeCacheName = (file: string): string => `${file}.v8cache`;

/** Detached Ed25519 signature of the bundle with the release key (PKCS#8 PEM). */
export const signBundle = (bundle: Uint8Array, privateKeyPem: string): Buffer => sign(null, bundle, createPrivateKey(privateKeyPem));

/** True only if `signature` is the release key's signature of exactly these bytes. */
export function verifyBundle(bundle: Uint8Array, signature: Uint8Array, publicKeyPem: string): boolean {
  try {
    return verify(null, bundle, createPublicKey(publicKeyPem), signature);
  } catch {
    return false;
  }
}

/** A throwaway key pair, for tests and local builds; releases use a key kept out of the repository. */
export function generateSigningKey(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export const publicKeyOf = (privateKeyPem: string): string =>
  createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
