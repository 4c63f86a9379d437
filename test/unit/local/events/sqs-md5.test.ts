import { describe, expect, it } from 'vitest';
import { md5OfMessageAttributes } from '../../../../local/events/sqs-md5.js';

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

// Known answers published with AWS's own SDK tests of the SQS message-attribute digest.
describe('md5OfMessageAttributes', () => {
  it('digests string attributes in name order, whatever order they were given in', () => {
    expect(
      md5OfMessageAttributes({
        test_attribute_name_2: { dataType: 'String', stringValue: 'test_attribute_value_2' },
        test_attribute_name_1: { dataType: 'String', stringValue: 'test_attribute_value_1' },
      }),
    ).toBe('d53f3b558fe951154770f25cb63dbba9');
  });

  it('digests a binary attribute from its raw bytes, with the binary transport type', () => {
    expect(
      md5OfMessageAttributes({
        test_attribute_name: { dataType: 'Binary', binaryValue: base64('test_attribute_value') },
      }),
    ).toBe('23f6bd27ea87aab7dfeadcc9aebee495');
  });

  it('digests Number attributes like strings, keeping their data type', () => {
    expect(
      md5OfMessageAttributes({
        ordinal: { dataType: 'Number', stringValue: '1' },
        category: { dataType: 'String', stringValue: 'test' },
      }),
    ).toBe('d21ae90c49061e927f57df5f5d72be1f');
  });

  it('changes when any part of an attribute changes', () => {
    const digest = md5OfMessageAttributes({ errorCode: { dataType: 'String', stringValue: 'INVALID' } });
    expect(
      md5OfMessageAttributes({ errorCode: { dataType: 'String.code', stringValue: 'INVALID' } }),
    ).not.toBe(digest);
    expect(md5OfMessageAttributes({ errorCode: { dataType: 'String', stringValue: 'INVALID!' } })).not.toBe(
      digest,
    );
  });
});
