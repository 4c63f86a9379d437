import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag/acknowledge.js';
import type { BadgeFunction } from './badge-function.js';

/** JSON access logs with HTTP API context variables (the default format uses REST API ones). */
const HTTP_API_ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    routeKey: '$context.routeKey',
    path: '$context.path',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
  }),
);

export interface OrganiserApiProps {
  handler: BadgeFunction;
  jwtIssuer: string;
  jwtAudience: readonly string[];
  rateLimitPerSecond: number;
  burstLimit: number;
}

/**
 * The HTTP API: organisers call `/v1/*` with a JWT; `POST /events` is for registration systems that cannot
 * call AWS and sign their requests with an HMAC the function checks; `GET /openapi.json` is public.
 */
export class OrganiserApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: OrganiserApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Open Badges issuer: organiser API and event ingestion',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimitPerSecond, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: HTTP_API_ACCESS_LOG_FORMAT,
      },
    });

    const integration = new HttpLambdaIntegration('ApiFunction', props.handler.function);
    const jwt = new HttpJwtAuthorizer('OrganiserJwt', props.jwtIssuer, {
      jwtAudience: [...props.jwtAudience],
      identitySource: ['$request.header.Authorization'],
    });
    const publicRoutes = [
      ...this.httpApi.addRoutes({ path: '/openapi.json', methods: [HttpMethod.GET], integration }),
      ...this.httpApi.addRoutes({ path: '/events', methods: [HttpMethod.POST], integration }),
    ];
    this.httpApi.addRoutes({ path: '/v1/{proxy+}', methods: [HttpMethod.ANY], integration, authorizer: jwt });

    acknowledge(
      publicRoutes[0] as Construct,
      'AwsSolutions-APIG4',
      'The OpenAPI description is public documentation.',
    );
    acknowledge(
      publicRoutes[1] as Construct,
      'AwsSolutions-APIG4',
      'Registration systems authenticate POST /events with an HMAC signature over the body, checked by the function before anything is accepted.',
    );
  }

  /** `https://<id>.execute-api.<region>.amazonaws.com` (the $default stage has no path). */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}
