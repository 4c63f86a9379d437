/**
 * `MD5OfMessageAttributes` as SQS computes it (and as SDKs check it): attributes sorted by name, each
 * encoded as length-prefixed name, length-prefixed data type, a transport byte (1 string, 2 binary) and the
 * length-prefixed value; lengths are 4-byte big-endian, strings UTF-8, binary values their raw bytes.
 */
import { createHash } from 'node:crypto';
import type { MessageAttributeValue } from './queue-message.js';

const STRING_TRANSPORT = 1;
const BINARY_TRANSPORT = 2;

export function md5OfMessageAttributes(attributes: Readonly<Record<string, MessageAttributeValue>>): string {
  const hash = createHash('md5');
  // Names are ASCII (SQS allows letters, digits, '-', '_' and '.'), so code-unit order is byte order.
  for (const name of Object.keys(attributes).sort()) {
    const value = attributes[name] as MessageAttributeValue;
    hash.update(lengthPrefixed(Buffer.from(name, 'utf8')));
    hash.update(lengthPrefixed(Buffer.from(value.dataType, 'utf8')));
    if (value.binaryValue !== undefined) {
      hash.update(Uint8Array.of(BINARY_TRANSPORT));
      hash.update(lengthPrefixed(Buffer.from(value.binaryValue, 'base64')));
    } else {
      hash.update(Uint8Array.of(STRING_TRANSPORT));
      hash.update(lengthPrefixed(Buffer.from(value.stringValue ?? '', 'utf8')));
    }
  }
  return hash.digest('hex');
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}
