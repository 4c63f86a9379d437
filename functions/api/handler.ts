import { Logger } from '@aws-lambda-powertools/logger';
import { createApiHandler } from '../../shared/api/api-handler.js';
import { composeApiRuntime } from '../shared/composition.js';

/**
 * The organiser API (`/v1/*`, JWT), its OpenAPI description and HMAC-signed event ingestion (`POST /events`):
 * one handler for the HTTP API's three routes. Everything is built once per container.
 */
const logger = new Logger({ serviceName: 'api' });

export const handler = createApiHandler(composeApiRuntime(), logger);
