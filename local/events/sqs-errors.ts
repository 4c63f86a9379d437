/**
 * SQS errors as the JSON protocol carries them. The SDK reads the query-compatible code from the
 * `x-amzn-query-error` header (`<code>;Sender`) first, then `__type`; sending both makes the SDK throw
 * the modelled exception class (`QueueDoesNotExist`, `ReceiptHandleIsInvalid`, ...) with the legacy `Code`
 * (`AWS.SimpleQueueService.NonExistentQueue`) that older tooling matches on.
 */
import { BadgeError } from '../../shared/errors.js';

export const SQS_REQUEST_REJECTED = 'SQS_REQUEST_REJECTED';

interface ErrorShape {
  /** The query protocol's code, sent in `x-amzn-query-error`. */
  readonly queryCode: string;
  readonly status: number;
}

/** The error shapes this endpoint sends, with the codes and statuses of the SQS service model. */
const SHAPES = {
  QueueDoesNotExist: { queryCode: 'AWS.SimpleQueueService.NonExistentQueue', status: 400 },
  ReceiptHandleIsInvalid: { queryCode: 'ReceiptHandleIsInvalid', status: 404 },
  InvalidAddress: { queryCode: 'InvalidAddress', status: 404 },
  InvalidAttributeName: { queryCode: 'InvalidAttributeName', status: 400 },
  InvalidMessageContents: { queryCode: 'InvalidMessageContents', status: 400 },
  InvalidParameterValue: { queryCode: 'InvalidParameterValue', status: 400 },
  MissingParameter: { queryCode: 'MissingParameter', status: 400 },
  EmptyBatchRequest: { queryCode: 'AWS.SimpleQueueService.EmptyBatchRequest', status: 400 },
  TooManyEntriesInBatchRequest: {
    queryCode: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    status: 400,
  },
  BatchEntryIdsNotDistinct: { queryCode: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', status: 400 },
  InvalidBatchEntryId: { queryCode: 'AWS.SimpleQueueService.InvalidBatchEntryId', status: 400 },
  BatchRequestTooLong: { queryCode: 'AWS.SimpleQueueService.BatchRequestTooLong', status: 400 },
  UnsupportedOperation: { queryCode: 'AWS.SimpleQueueService.UnsupportedOperation', status: 400 },
  UnknownOperationException: { queryCode: 'UnknownOperationException', status: 400 },
  SerializationException: { queryCode: 'SerializationException', status: 400 },
  RequestEntityTooLarge: { queryCode: 'RequestEntityTooLarge', status: 413 },
  ServiceUnavailable: { queryCode: 'ServiceUnavailable', status: 503 },
  InternalFailure: { queryCode: 'InternalFailure', status: 500 },
} as const satisfies Record<string, ErrorShape>;

export type SqsErrorType = keyof typeof SHAPES;

/** A request SQS rejects; `type` names the error shape, which fixes the status and the query code. */
export class SqsRequestRejected extends BadgeError {
  readonly type: SqsErrorType;
  readonly queryCode: string;
  /** Whether the caller is at fault (`Sender`) or the service (`Receiver`), as batch results report it. */
  readonly senderFault: boolean;

  constructor(type: SqsErrorType, message: string) {
    const shape: ErrorShape = SHAPES[type];
    super(SQS_REQUEST_REJECTED, message, { status: shape.status, details: { type } });
    this.type = type;
    this.queryCode = shape.queryCode;
    this.senderFault = shape.status < 500;
  }

  /** The JSON body: `__type` is the shape id in the SQS namespace. */
  toBody(): { __type: string; message: string } {
    return { __type: `com.amazonaws.sqs#${this.type}`, message: this.message };
  }

  /** The `x-amzn-query-error` header value. */
  queryErrorHeader(): string {
    return `${this.queryCode};${this.senderFault ? 'Sender' : 'Receiver'}`;
  }
}

export function queueDoesNotExist(): SqsRequestRejected {
  return new SqsRequestRejected('QueueDoesNotExist', 'The specified queue does not exist.');
}

export function invalidParameter(parameter: string, value: unknown, reason: string): SqsRequestRejected {
  return new SqsRequestRejected(
    'InvalidParameterValue',
    `Value ${describe(value)} for parameter ${parameter} is invalid. Reason: ${reason}`,
  );
}

export function missingParameter(parameter: string): SqsRequestRejected {
  return new SqsRequestRejected('MissingParameter', `The request must contain the parameter ${parameter}.`);
}

export function invalidReceiptHandle(handle: unknown): SqsRequestRejected {
  return new SqsRequestRejected(
    'ReceiptHandleIsInvalid',
    `The input receipt handle "${describe(handle)}" is not a valid receipt handle.`,
  );
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  // Bodies can be large; an error message only needs enough to recognise the value.
  return text === undefined ? 'null' : text.length > 100 ? `${text.slice(0, 100)}...` : text;
}
