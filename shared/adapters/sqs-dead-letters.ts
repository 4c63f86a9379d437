import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * Sends a message that can never succeed straight to the dead-letter queue, with why: retrying it would only
 * delay the same answer. Operators read the reason from the message attributes, fix the sender, and redrive.
 */
export class SqsDeadLetters {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(
    body: string,
    reason: { code: string; message: string; sourceMessageId: string },
  ): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: body,
        MessageAttributes: {
          errorCode: { DataType: 'String', StringValue: reason.code },
          errorMessage: { DataType: 'String', StringValue: reason.message.slice(0, 1000) },
          sourceMessageId: { DataType: 'String', StringValue: reason.sourceMessageId },
        },
      }),
    );
  }
}
