import { OB_V2_CONTEXT } from '../formats/contexts.js';
import { InputProblems } from './build-input.js';
import type { Ob2Alignment, Ob2BadgeClass } from './types.js';
import { isObject } from './values.js';

export interface Ob2BadgeClassInput {
  id: string;
  name: string;
  description: string;
  /** An http(s) URL or a data: URI (allowed on a BadgeClass, unlike on an Assertion). */
  image: string;
  criteria: { id?: string; narrative: string };
  /** The issuer Profile's id. */
  issuer: string;
  tags?: string[];
  /** Alignments to frameworks such as ESCO skills. */
  alignment?: Ob2Alignment[];
}

export function buildOb2BadgeClass(input: Ob2BadgeClassInput): Ob2BadgeClass {
  const problems = new InputProblems('BadgeClass');
  problems.requireHttpUrl('id', input.id);
  problems.requireText('name', input.name);
  problems.requireText('description', input.description);
  problems.requireImage('image', input.image, { allowDataUri: true });
  if (!isObject(input.criteria)) {
    problems.add('criteria', 'is required: { id?, narrative }');
  } else {
    problems.requireText('criteria.narrative', input.criteria.narrative);
    problems.optionalHttpUrl('criteria.id', input.criteria.id);
  }
  problems.requireHttpUrl('issuer', input.issuer);
  if (input.tags !== undefined && !Array.isArray(input.tags)) problems.add('tags', 'must be a list');
  for (const [index, tag] of (Array.isArray(input.tags) ? input.tags : []).entries()) {
    problems.requireText(`tags[${index}]`, tag);
  }
  if (input.alignment !== undefined && !Array.isArray(input.alignment))
    problems.add('alignment', 'must be a list');
  for (const [index, item] of (Array.isArray(input.alignment) ? input.alignment : []).entries()) {
    checkAlignment(problems, `alignment[${index}]`, item);
  }
  problems.throwIfAny();

  return {
    '@context': OB_V2_CONTEXT,
    type: 'BadgeClass',
    id: input.id,
    name: input.name,
    description: input.description,
    image: input.image,
    criteria: {
      ...(input.criteria.id === undefined ? {} : { id: input.criteria.id }),
      narrative: input.criteria.narrative,
    },
    issuer: input.issuer,
    ...(input.tags?.length ? { tags: [...input.tags] } : {}),
    ...(input.alignment?.length ? { alignment: input.alignment.map(copyAlignment) } : {}),
  };
}

function checkAlignment(problems: InputProblems, field: string, item: unknown): void {
  if (!isObject(item)) {
    problems.add(field, 'must be { targetName, targetUrl, ... }');
    return;
  }
  problems.requireText(`${field}.targetName`, item.targetName);
  problems.requireHttpUrl(`${field}.targetUrl`, item.targetUrl);
  problems.optionalText(`${field}.targetDescription`, item.targetDescription);
  problems.optionalText(`${field}.targetFramework`, item.targetFramework);
  problems.optionalText(`${field}.targetCode`, item.targetCode);
}

function copyAlignment(item: Ob2Alignment): Ob2Alignment {
  return {
    targetName: item.targetName,
    targetUrl: item.targetUrl,
    ...(item.targetDescription === undefined ? {} : { targetDescription: item.targetDescription }),
    ...(item.targetFramework === undefined ? {} : { targetFramework: item.targetFramework }),
    ...(item.targetCode === undefined ? {} : { targetCode: item.targetCode }),
  };
}
