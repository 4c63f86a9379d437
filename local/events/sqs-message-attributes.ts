/**
 * Message attributes between the SQS JSON form (`{ DataType, StringValue | BinaryValue }`, binary as
 * base64) and the queue's stored form, validated as SQS validates them.
 */
import type { MessageAttributeValue } from './queue-message.js';
import { SqsRequestRejected } from './sqs-errors.js';
import { isObject } from './sqs-input.js';

export type MessageAttributes = Readonly<Record<string, MessageAttributeValue>>;

export interface WireMessageAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

const MAX_ATTRIBUTES = 10;
const MAX_NAME_LENGTH = 256;
const NAME = /^[A-Za-z0-9_.-]+$/;
const RESERVED_PREFIX = /^(aws\.|amazon\.)/i;
const DATA_TYPE = /^(String|Number|Binary)(\..+)?$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** The characters SQS accepts in bodies and string values (XML 1.0's). */
const INVALID_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export function hasOnlyValidCharacters(text: string): boolean {
  return !INVALID_CHARACTER.test(text);
}

/** Validates the MessageAttributes member of a send request; absent means none. */
export function parseMessageAttributes(value: unknown): MessageAttributes {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) {
    throw new SqsRequestRejected('SerializationException', 'MessageAttributes must be an object');
  }
  const names = Object.keys(value);
  if (names.length > MAX_ATTRIBUTES) {
    throw invalid(
      `Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`,
    );
  }
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const name of names) attributes[name] = parseAttribute(name, value[name]);
  return attributes;
}

/** The bytes the attributes add to a message's size: names, data types and values. */
export function attributesSize(attributes: MessageAttributes): number {
  let size = 0;
  for (const [name, value] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.dataType, 'utf8');
    size +=
      value.binaryValue === undefined
        ? Buffer.byteLength(value.stringValue ?? '', 'utf8')
        : Buffer.from(value.binaryValue, 'base64').length;
  }
  return size;
}

/**
 * The attributes a ReceiveMessage asked for: `All` or `.*` for every one, `prefix.*` for the names under
 * a prefix, otherwise exact names.
 */
export function selectMessageAttributes(
  attributes: MessageAttributes,
  requested: readonly string[] | undefined,
): MessageAttributes {
  if (requested === undefined || requested.length === 0) return {};
  const wanted = (name: string): boolean =>
    requested.some((pattern) =>
      pattern === 'All' || pattern === '.*'
        ? true
        : pattern.endsWith('.*')
          ? name.startsWith(pattern.slice(0, -1))
          : name === pattern,
    );
  const selected: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) if (wanted(name)) selected[name] = value;
  return selected;
}

export function toWireAttributes(attributes: MessageAttributes): Record<string, WireMessageAttribute> {
  const wire: Record<string, WireMessageAttribute> = {};
  for (const [name, value] of Object.entries(attributes)) {
    wire[name] =
      value.binaryValue === undefined
        ? { DataType: value.dataType, StringValue: value.stringValue ?? '' }
        : { DataType: value.dataType, BinaryValue: value.binaryValue };
  }
  return wire;
}

function parseAttribute(name: string, value: unknown): MessageAttributeValue {
  if (
    name.length > MAX_NAME_LENGTH ||
    !NAME.test(name) ||
    name.startsWith('.') ||
    name.endsWith('.') ||
    name.includes('..')
  ) {
    throw invalid(`Message (user) attribute name '${name}' is invalid.`);
  }
  if (RESERVED_PREFIX.test(name)) {
    throw invalid(
      `Message (user) attribute name '${name}' is invalid. The attribute name starts with a reserved prefix.`,
    );
  }
  if (!isObject(value)) {
    throw new SqsRequestRejected('SerializationException', `Message attribute ${name} must be an object`);
  }
  const dataType = value.DataType;
  if (typeof dataType !== 'string' || dataType === '') {
    throw invalid(`The message attribute '${name}' must contain non-empty message attribute type.`);
  }
  const kind = DATA_TYPE.exec(dataType)?.[1];
  if (kind === undefined || dataType.length > MAX_NAME_LENGTH) {
    throw invalid(
      `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  }
  if (nonEmptyList(value.StringListValues) || nonEmptyList(value.BinaryListValues)) {
    // SQS reserves the list members and rejects values in them.
    throw invalid(`Message (user) attribute '${name}' uses list values, which SQS does not support.`);
  }
  const missingValue = (): SqsRequestRejected =>
    invalid(
      `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${kind}'.`,
    );
  if (kind === 'Binary') {
    if (typeof value.BinaryValue !== 'string' || value.BinaryValue === '') throw missingValue();
    return { dataType, binaryValue: value.BinaryValue };
  }
  if (typeof value.StringValue !== 'string' || value.StringValue === '') throw missingValue();
  if (kind === 'Number' && !NUMBER.test(value.StringValue)) {
    throw invalid(`Can't cast the value of message (user) attribute '${name}' to a number.`);
  }
  if (!hasOnlyValidCharacters(value.StringValue)) {
    throw invalid(`Message (user) attribute '${name}' value contains invalid characters.`);
  }
  return { dataType, stringValue: value.StringValue };
}

function nonEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

function invalid(message: string): SqsRequestRejected {
  return new SqsRequestRejected('InvalidParameterValue', message);
}
