import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { bakePng } from '../shared/baking/index.js';
import { citizen21Definitions } from '../shared/catalogue/definitions.js';
import { activeKey, newKeyRing } from '../shared/crypto/keys.js';
import { bundledDocumentLoader } from '../shared/formats/contexts.js';
import { issueAward } from '../shared/issuance/issue-award.js';
import { prepareBadge } from '../shared/issuance/prepared-badge.js';
import { siteLayout } from '../shared/site/layout.js';
import { makePng } from '../test/fixtures/baking/make-png.js';
import { formatRate, measure, type Rate } from './harness.js';

/**
 * Issue #2's benchmark: (a) our default issuance per award, (b) the same credential issued with the stack of the
 * reference wallet ecosystem (@digitalbazaar/vc + eddsa-rdfc-2022 cryptosuite), (c) bare Ed25519 signatures,
 * (d) baking a 256 KB PNG against a plain copy of its bytes.
 */
export async function runCoreBench(
  seconds = 2,
): Promise<{ rates: Record<'a' | 'b' | 'c' | 'bake' | 'copy', Rate>; ratios: Record<string, number> }> {
  const layout = siteLayout('https://badges.citizen21.example.org');
  const ring = await newKeyRing(new Date());
  const keys = { ed25519: activeKey(ring, 'EdDSA'), rsa: activeKey(ring, 'RS256') };
  const badge = prepareBadge(citizen21Definitions()[0] as never, layout);
  const issuer = {
    baseUrl: layout.baseUrl,
    name: 'Citizen 2.1',
    url: 'https://citizen21.example.org',
    email: 'badges@citizen21.example.org',
    formats: { vcJwt: false, ob2Signed: false },
  };
  let n = 0;
  const award = () => ({
    awardId: randomUUID(),
    badge,
    recipient: { email: `participant${n++}@example.org`, name: 'Participant' },
    issuedAt: new Date(),
    status: { listId: 'revocation-1', index: n % 131072 },
  });

  const a = await measure(
    'a. default issuance per award (OB 3.0 eddsa-rdfc-2022 + OB 2.0 hosted + baked PNG)',
    () => issueAward(award(), { layout, issuer, keys }),
    { seconds },
  );

  // (b): the same unsigned credential, signed by @digitalbazaar/vc.
  const sample = await issueAward(award(), { layout, issuer, keys });
  const { proof: _proof, ...unsigned } = sample.credential as Record<string, unknown>;
  const keyPair = await Ed25519Multikey.generate({ controller: layout.did });
  keyPair.id = `${layout.did}#${keyPair.publicKeyMultibase}`;
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022 });
  const documentLoader = async (url: string) => bundledDocumentLoader(url);
  const b = await measure(
    'b. @digitalbazaar/vc issue() with eddsa-rdfc-2022, same credential',
    () =>
      vc.issue({
        credential: { ...unsigned, id: `${layout.baseUrl}/credentials/${randomUUID()}.json` },
        suite,
        documentLoader,
      }),
    { seconds, warmup: 5 },
  );

  const { privateKey } = generateKeyPairSync('ed25519');
  const message = Buffer.alloc(64, 7);
  const c = await measure('c. bare Ed25519 signature (node:crypto)', () => sign(null, message, privateKey), {
    seconds,
  });

  const png = makePng(253, 253, 1); // about 256 KB of incompressible pixels
  const bytes = png.byteLength;
  const payload = JSON.stringify(sample.credential);
  const bake = await measure(
    `d1. bake a ${(bytes / 1024).toFixed(0)} KB PNG (both keywords)`,
    () => bakePng(png, { ob3: payload, ob2: payload }),
    { seconds },
  );
  const copy = await measure(
    `d2. plain copy of the same ${(bytes / 1024).toFixed(0)} KB`,
    () => Buffer.from(png),
    { seconds },
  );

  const rates = { a, b, c, bake, copy };
  const ratios = {
    'a/b': a.perSecond / b.perSecond,
    'a/c': a.perSecond / c.perSecond,
    'd (bake/copy)': bake.perSecond / copy.perSecond,
  };
  return { rates, ratios };
}

export function printCoreBench(result: Awaited<ReturnType<typeof runCoreBench>>): void {
  for (const rate of Object.values(result.rates)) console.log(formatRate(rate));
  for (const [name, value] of Object.entries(result.ratios))
    console.log(`ratio ${name}: ${value.toFixed(3)}`);
}
