/** Open Badges 3.0 documents as this product issues them (a subset of the data model, in its canonical JSON form). */
export type Json = Record<string, unknown>;

export interface ImageRef {
  id: string;
  type: 'Image';
  caption?: string;
}

export interface Alignment {
  type: ['Alignment'];
  targetName: string;
  targetUrl: string;
  targetDescription?: string;
  targetFramework?: string;
  targetCode?: string;
  targetType?: string;
}

export interface AlignmentInput {
  targetName: string;
  targetUrl: string;
  targetDescription?: string;
  targetFramework?: string;
  targetCode?: string;
  /** e.g. `ext:ESCOSkill`, `CFItem`, `CTDL`. */
  targetType?: string;
}

export interface ProfileRef {
  id: string;
  type: ['Profile'];
  name: string;
  url?: string;
  email?: string;
  description?: string;
  image?: ImageRef;
}
