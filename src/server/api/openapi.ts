// Builds the OpenAPI 3 document from the routes as Fastify registered them (see ./route-doc.ts).
import type { RouteOptions } from 'fastify';
import type { JsonSchema, RouteDoc } from './route-doc.ts';

export interface CollectedRoute {
  method: string;
  url: string;
  schema?: { params?: unknown; querystring?: unknown; body?: unknown };
  doc?: RouteDoc;
}

export function collectRoute(route: RouteOptions): CollectedRoute[] {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  return methods
    .filter((m) => m !== 'HEAD')
    .map((method) => ({
      method,
      url: route.url,
      schema: route.schema as CollectedRoute['schema'],
      doc: (route.config as { doc?: RouteDoc } | undefined)?.doc,
    }));
}

/** `/api/records/:id` -> `/api/records/{id}` */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parametersOf(schema: unknown, where: 'path' | 'query'): unknown[] {
  const s = schema as { properties?: Record<string, JsonSchema>; required?: string[] } | undefined;
  return Object.entries(s?.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (s?.required ?? []).includes(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

const errorBody = {
  type: 'object',
  properties: { error: { type: 'string' } },
  required: ['error'],
};

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}

function operationOf(route: CollectedRoute): Record<string, unknown> {
  const doc = route.doc;
  const access = doc?.access ?? (route.method === 'GET' ? 'read' : 'change');
  const changes = route.method !== 'GET';
  const responses: Record<string, unknown> = {
    200: {
      description: doc?.response.description ?? 'OK',
      content: { 'application/json': { schema: doc?.response.schema ?? {} } },
    },
    400: errorResponse('The request does not match the schema'),
  };
  if (access !== 'public') responses[401] = errorResponse('No valid session: log in first');
  if (access !== 'public' && changes)
    responses[403] = errorResponse(
      access === 'change' ? 'Missing CSRF token, or a read-only user' : 'Missing CSRF token',
    );
  for (const [status, description] of Object.entries(doc?.errors ?? {}))
    responses[status] = errorResponse(description);

  const operation: Record<string, unknown> = {
    operationId: `${route.method.toLowerCase()}${route.url
      .replace(/^\/api/, '')
      .split(/[/\-.:]/)
      .filter(Boolean)
      .map((p) => p[0]!.toUpperCase() + p.slice(1))
      .join('')}`,
    summary: doc?.summary ?? route.url,
    tags: [doc?.tag ?? 'other'],
    parameters: [
      ...parametersOf(route.schema?.params, 'path'),
      ...parametersOf(route.schema?.querystring, 'query'),
    ],
    responses,
    'x-koppla-access': access,
  };
  if (route.schema?.body)
    operation.requestBody = {
      required: true,
      content: { 'application/json': { schema: route.schema.body } },
    };
  operation.security =
    access === 'public' ? [] : changes ? [{ sessionCookie: [], csrfHeader: [] }] : [{ sessionCookie: [] }];
  return operation;
}

export function buildOpenApiDocument(routes: CollectedRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of [...routes].sort((a, b) => a.url.localeCompare(b.url))) {
    const path = openApiPath(route.url);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operationOf(route);
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Koppla admin API',
      version: '1',
      description:
        'What the Koppla dashboard shows and does. Log in with POST /api/login; send the returned csrfToken in the X-CSRF-Token header on every POST.',
    },
    paths,
    components: {
      schemas: { Error: errorBody },
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'koppla_session' },
        csrfHeader: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
      },
    },
  };
}
