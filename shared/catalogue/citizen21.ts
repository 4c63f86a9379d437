/**
 * The four Citizen 2.1 badges. Citizen 2.1 is a European project on digital technology in vocational training;
 * its badges recognise participation, skills shared with peers, innovative practice, and building the project.
 * Texts are the project's own wording of the partners' intentions.
 */
export type ParticipationRole = 'attended' | 'spoke' | 'presented_practice' | 'organized';
export type AwardMode = 'auto' | 'claim' | 'approval';

export interface BadgeDefinition {
  slug: string;
  name: string;
  description: string;
  criteria: string;
  tags: string[];
  /** The participation role that earns the badge by default. */
  trigger: ParticipationRole;
  mode: AwardMode;
  /** Colours of the drawn badge image: ring, field, glyph. */
  palette: {
    ring: [number, number, number];
    field: [number, number, number];
    glyph: [number, number, number];
  };
  glyph: 'eye' | 'speech' | 'spark' | 'blocks';
}

export const CITIZEN21_ISSUER = {
  name: 'Citizen 2.1',
  description:
    'A European partnership that explores how digital technology can transform vocational training, and recognises the people who take part in it.',
};

export const CITIZEN21_BADGES: readonly BadgeDefinition[] = [
  {
    slug: 'witness',
    name: 'Witness',
    description:
      'Recognises a participant who took part, as a trainee, in a Citizen 2.1 training course on digital technology in vocational training.',
    criteria:
      'Took part as a trainee in at least one Citizen 2.1 training course or workshop, as recorded by the course organisers.',
    tags: ['Citizen 2.1', 'participation', 'vocational training', 'digital skills'],
    trigger: 'attended',
    mode: 'auto',
    palette: { ring: [21, 67, 96], field: [214, 234, 248], glyph: [21, 67, 96] },
    glyph: 'eye',
  },
  {
    slug: 'knowledgeable-witness',
    name: 'Knowledgeable Witness',
    description:
      'Recognises a participant who spoke at a Citizen 2.1 session and shared concrete examples of innovative practice met in their own work.',
    criteria:
      'Spoke at a Citizen 2.1 course or workshop and illustrated the talk with examples of innovative practices encountered in their professional activity.',
    tags: ['Citizen 2.1', 'speaker', 'knowledge sharing', 'innovative practice'],
    trigger: 'spoke',
    mode: 'auto',
    palette: { ring: [17, 120, 100], field: [209, 242, 235], glyph: [17, 120, 100] },
    glyph: 'speech',
  },
  {
    slug: 'innovative-pioneer',
    name: 'Innovative Pioneer',
    description:
      'Recognises a participant who presented an innovative practice of their own to the Citizen 2.1 community of practice.',
    criteria:
      'Presented, at a Citizen 2.1 course or workshop, an innovative practice that they designed or carried out themselves.',
    tags: ['Citizen 2.1', 'innovation', 'community of practice', 'pioneer'],
    trigger: 'presented_practice',
    mode: 'auto',
    palette: { ring: [175, 96, 26], field: [253, 235, 208], glyph: [175, 96, 26] },
    glyph: 'spark',
  },
  {
    slug: 'innovative-project-builder',
    name: 'Innovative Project Builder',
    description:
      'Recognises a person who helped build or organise the Citizen 2.1 project: its courses, workshops and partnership.',
    criteria:
      'Contributed to designing, building or organising the Citizen 2.1 project or one of its courses and workshops, as confirmed by the project organisers.',
    tags: ['Citizen 2.1', 'organiser', 'project building', 'community'],
    trigger: 'organized',
    mode: 'auto',
    palette: { ring: [108, 52, 131], field: [235, 222, 240], glyph: [108, 52, 131] },
    glyph: 'blocks',
  },
];

export function citizen21Badge(slug: string): BadgeDefinition | undefined {
  return CITIZEN21_BADGES.find((badge) => badge.slug === slug);
}
