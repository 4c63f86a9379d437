/** True for DynamoDB's answer to a failed condition expression (the AWS SDK's and dynalite's alike). */
export function isConditionalCheckFailed(error: unknown): boolean {
  return (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}
