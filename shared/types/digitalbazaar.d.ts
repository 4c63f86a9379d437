// Minimal declarations of the reference-stack packages used by tests and benchmarks (they ship no types).
declare module '@digitalbazaar/ed25519-multikey' {
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<{
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    signer(): unknown;
    verifier(): unknown;
  }>;
}
declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; cryptosuite: unknown; date?: Date | string });
  }
}
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: unknown;
}
declare module '@digitalbazaar/vc' {
  export function issue(options: {
    credential: object;
    suite: unknown;
    documentLoader: (url: string) => Promise<unknown>;
  }): Promise<object>;
}
declare module '@digitalcredentials/verifier-core' {
  export function verifyCredential(options: { credential: object; knownDIDRegistries: unknown[] }): Promise<{
    errors?: unknown[];
    log?: Array<{ id: string; valid: boolean }>;
    additionalInformation?: unknown;
    [key: string]: unknown;
  }>;
}
