import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const logger = new Logger();

// Entry point only: the API pipeline fills this in. Until then every route answers 501.
export const handler = middy(
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    logger.info('api request received', { routeKey: event.routeKey });
    return {
      statusCode: 501,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'NOT_IMPLEMENTED', message: 'Not implemented yet' }),
    };
  },
);
