import { BadgeError } from '../shared/errors.js';
import type {
  FunctionConfig,
  HttpApiConfig,
  HttpCorsConfig,
  JwtAuthorizerConfig,
  RouteConfig,
} from './cloud-config.js';
import { functionNameOf, props } from './template-props.js';
import type { TemplateResolver } from './template-resolver.js';

/** Reads each HTTP API (AWS::ApiGatewayV2::Api) with its routes, integrations, JWT authorizers and CORS. */
export function readHttpApis(resolver: TemplateResolver, functions: FunctionConfig[]): HttpApiConfig[] {
  const belongsTo = (apiId: string) => (ref: Parameters<TemplateResolver['ref']>[0]) =>
    resolver.resolve(ref.stackName, ref.resource.Properties?.ApiId) === apiId;

  return resolver.resourcesOfType('AWS::ApiGatewayV2::Api').flatMap((apiRef) => {
    const apiProps = props(resolver, apiRef, ['Name', 'ProtocolType', 'CorsConfiguration']);
    if (apiProps.ProtocolType !== 'HTTP') return [];
    const id = resolver.ref(apiRef);

    const integrations = new Map<
      string,
      { functionName: string; payloadFormatVersion: '1.0' | '2.0'; timeoutMillis: number }
    >();
    for (const ref of resolver.resourcesOfType('AWS::ApiGatewayV2::Integration').filter(belongsTo(id))) {
      const p = props(resolver, ref, [
        'IntegrationType',
        'IntegrationUri',
        'PayloadFormatVersion',
        'TimeoutInMillis',
      ]);
      if (p.IntegrationType !== 'AWS_PROXY') {
        throw new BadgeError(
          'LOCAL_TEMPLATE_UNSUPPORTED',
          `integration ${ref.logicalId}: type ${String(p.IntegrationType)}`,
        );
      }
      const functionName = functionNameOf(String(p.IntegrationUri));
      if (!functions.some((fn) => fn.name === functionName)) {
        throw new BadgeError(
          'LOCAL_TEMPLATE_UNSUPPORTED',
          `integration ${ref.logicalId}: ${functionName} is not a local function`,
        );
      }
      integrations.set(resolver.ref(ref), {
        functionName,
        payloadFormatVersion: p.PayloadFormatVersion === '1.0' ? '1.0' : '2.0',
        timeoutMillis: p.TimeoutInMillis === undefined ? 30_000 : Number(p.TimeoutInMillis),
      });
    }

    const authorizers = new Map<string, JwtAuthorizerConfig>();
    for (const ref of resolver.resourcesOfType('AWS::ApiGatewayV2::Authorizer').filter(belongsTo(id))) {
      const p = props(resolver, ref, ['AuthorizerType', 'Name', 'IdentitySource', 'JwtConfiguration']);
      if (p.AuthorizerType !== 'JWT') continue;
      const jwt = (p.JwtConfiguration ?? {}) as { Issuer?: string; Audience?: string[] };
      authorizers.set(resolver.ref(ref), {
        type: 'JWT',
        name: String(p.Name ?? ref.logicalId),
        issuer: String(jwt.Issuer ?? ''),
        audience: jwt.Audience ?? [],
        identitySource: (p.IdentitySource as string[] | undefined) ?? ['$request.header.Authorization'],
      });
    }

    const routes: RouteConfig[] = resolver
      .resourcesOfType('AWS::ApiGatewayV2::Route')
      .filter(belongsTo(id))
      .map((ref) => {
        const p = props(resolver, ref, [
          'RouteKey',
          'Target',
          'AuthorizationType',
          'AuthorizerId',
          'AuthorizationScopes',
        ]);
        const routeKey = String(p.RouteKey);
        const integrationId = String(p.Target ?? '').replace(/^integrations\//, '');
        const integration = integrations.get(integrationId);
        if (!integration)
          throw new BadgeError('LOCAL_TEMPLATE_UNSUPPORTED', `route ${routeKey} has no Lambda integration`);
        const authorizationType = String(p.AuthorizationType ?? 'NONE');
        let authorizer: JwtAuthorizerConfig | undefined;
        if (authorizationType === 'JWT') {
          authorizer = authorizers.get(String(p.AuthorizerId));
          if (!authorizer)
            throw new BadgeError('LOCAL_TEMPLATE_INVALID', `route ${routeKey}: unknown authorizer`);
        } else if (authorizationType !== 'NONE') {
          throw new BadgeError(
            'LOCAL_TEMPLATE_UNSUPPORTED',
            `route ${routeKey}: authorization ${authorizationType}`,
          );
        }
        const [method, path] = routeKey === '$default' ? [undefined, undefined] : routeKey.split(' ');
        return {
          routeKey,
          method,
          path,
          ...integration,
          authorizer,
          authorizationScopes: (p.AuthorizationScopes as string[] | undefined) ?? [],
        };
      });

    return [
      {
        logicalId: apiRef.logicalId,
        id,
        name: String(apiProps.Name ?? apiRef.logicalId),
        endpoint: resolver.getAtt(apiRef, 'ApiEndpoint'),
        routes,
        cors: readCors(apiProps.CorsConfiguration),
      },
    ];
  });
}

function readCors(value: unknown): HttpCorsConfig | undefined {
  if (value === undefined) return undefined;
  const cors = value as {
    AllowOrigins?: string[];
    AllowMethods?: string[];
    AllowHeaders?: string[];
    ExposeHeaders?: string[];
    AllowCredentials?: boolean;
    MaxAge?: number;
  };
  return {
    allowOrigins: cors.AllowOrigins ?? [],
    allowMethods: (cors.AllowMethods ?? []).map((method) => method.toUpperCase()),
    allowHeaders: (cors.AllowHeaders ?? []).map((header) => header.toLowerCase()),
    exposeHeaders: (cors.ExposeHeaders ?? []).map((header) => header.toLowerCase()),
    allowCredentials: cors.AllowCredentials === true,
    maxAgeSeconds: cors.MaxAge === undefined ? undefined : Number(cors.MaxAge),
  };
}
