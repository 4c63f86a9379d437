import type { AlignmentInput } from '../ob3/types.js';

/** Who issues, and in which formats. One issuer per deployment (one CDN origin, one did:web). */
export interface IssuerSettings {
  /** The public base URL of the CDN (https in production), e.g. https://badges.example.org */
  baseUrl: string;
  name: string;
  /** The issuer's home page. */
  url: string;
  /** Contact email; OB 2.0 validators require it. */
  email: string;
  description?: string;
  formats: {
    /** Also publish a VC-JWT (RS256) of each OB 3.0 credential. */
    vcJwt: boolean;
    /** OB 2.0 assertions signed (JWS RS256) instead of hosted. */
    ob2Signed: boolean;
  };
}

/** A badge class as the issuer defines it (the Citizen 2.1 catalogue, or one made through the API). */
export interface BadgeClassDefinition {
  slug: string;
  name: string;
  description: string;
  criteria: string;
  tags: string[];
  alignment?: AlignmentInput[];
  /** The badge image: PNG bytes (checked before use). */
  image: Uint8Array;
}
