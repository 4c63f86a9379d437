import { describe, expect, it } from 'vitest';
import {
  attributesSize,
  parseMessageAttributes,
  selectMessageAttributes,
  toWireAttributes,
} from '../../../../local/events/sqs-message-attributes.js';

const rejection = (type: string) => expect.objectContaining({ code: 'SQS_REQUEST_REJECTED', type });

describe('SQS message attributes', () => {
  it('keeps string, number and binary attributes in the stored form, binary as base64', () => {
    const parsed = parseMessageAttributes({
      errorCode: { DataType: 'String', StringValue: 'EVENT_INVALID' },
      attempts: { DataType: 'Number', StringValue: '-1.5e3' },
      signature: { DataType: 'Binary.sig', BinaryValue: 'AQID' },
    });

    expect(parsed).toEqual({
      errorCode: { dataType: 'String', stringValue: 'EVENT_INVALID' },
      attempts: { dataType: 'Number', stringValue: '-1.5e3' },
      signature: { dataType: 'Binary.sig', binaryValue: 'AQID' },
    });
    expect(toWireAttributes(parsed)).toEqual({
      errorCode: { DataType: 'String', StringValue: 'EVENT_INVALID' },
      attempts: { DataType: 'Number', StringValue: '-1.5e3' },
      signature: { DataType: 'Binary.sig', BinaryValue: 'AQID' },
    });
  });

  it('treats absent attributes as none', () => {
    expect(parseMessageAttributes(undefined)).toEqual({});
  });

  it.each([
    ['a reserved prefix', { 'aws.trace': { DataType: 'String', StringValue: 'x' } }],
    ['a name ending with a period', { 'code.': { DataType: 'String', StringValue: 'x' } }],
    ['two periods in a row', { 'error..code': { DataType: 'String', StringValue: 'x' } }],
    ['a character outside the name alphabet', { 'error code': { DataType: 'String', StringValue: 'x' } }],
    ['an unknown data type', { errorCode: { DataType: 'Text', StringValue: 'x' } }],
    ['a missing data type', { errorCode: { StringValue: 'x' } }],
    ['an empty value', { errorCode: { DataType: 'String', StringValue: '' } }],
    ['a binary type without a binary value', { errorCode: { DataType: 'Binary', StringValue: 'x' } }],
    ['a number that is not one', { attempts: { DataType: 'Number', StringValue: 'three' } }],
    ['a value with a forbidden character', { errorCode: { DataType: 'String', StringValue: 'a\u0000b' } }],
    ['list values', { codes: { DataType: 'String', StringValue: 'x', StringListValues: ['a'] } }],
  ])('rejects %s as InvalidParameterValue', (_case, attributes) => {
    expect(() => parseMessageAttributes(attributes)).toThrow(rejection('InvalidParameterValue'));
  });

  it('rejects more than ten attributes', () => {
    const attributes = Object.fromEntries(
      Array.from({ length: 11 }, (_, index) => [`a${index}`, { DataType: 'String', StringValue: 'x' }]),
    );
    expect(() => parseMessageAttributes(attributes)).toThrow(rejection('InvalidParameterValue'));
  });

  it('counts names, data types and values (binary decoded) towards the message size', () => {
    const parsed = parseMessageAttributes({
      code: { DataType: 'String', StringValue: 'é' },
      raw: { DataType: 'Binary', BinaryValue: 'AQID' },
    });
    expect(attributesSize(parsed)).toBe(4 + 6 + 2 + (3 + 6 + 3));
  });

  it('selects attributes by exact name, by prefix and all at once', () => {
    const stored = parseMessageAttributes({
      errorCode: { DataType: 'String', StringValue: 'EVENT_INVALID' },
      errorMessage: { DataType: 'String', StringValue: 'detail is missing' },
      'trace.id': { DataType: 'String', StringValue: 't-1' },
      'trace.parent': { DataType: 'String', StringValue: 't-0' },
    });

    expect(Object.keys(selectMessageAttributes(stored, ['errorCode']))).toEqual(['errorCode']);
    expect(Object.keys(selectMessageAttributes(stored, ['trace.*']))).toEqual(['trace.id', 'trace.parent']);
    expect(Object.keys(selectMessageAttributes(stored, ['All']))).toHaveLength(4);
    expect(Object.keys(selectMessageAttributes(stored, ['.*']))).toHaveLength(4);
    expect(selectMessageAttributes(stored, undefined)).toEqual({});
  });
});
