// Every admin API route is declared with `described()`: its input schemas (validated by Fastify),
// who may call it, and what it answers. The OpenAPI document is built from these same
// declarations, so a served route cannot be missing from it.
import type { FastifySchema } from 'fastify';

/**
 * public: no session (login). read: any logged-in user. change: operators only.
 * session: any logged-in user even though it is a POST (logout, validate a config text).
 */
export type Access = 'public' | 'read' | 'change' | 'session';

export type JsonSchema = Record<string, unknown>;

export interface RouteDoc {
  summary: string;
  tag: string;
  access: Access;
  response: { description: string; schema: JsonSchema };
  /** Extra documented answers besides 200/401/403, e.g. 404 or 409. */
  errors?: Record<number, string>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    doc?: RouteDoc;
  }
}

export interface Described {
  schema: FastifySchema;
  config: { doc: RouteDoc };
}

export function described(
  doc: RouteDoc & { params?: JsonSchema; query?: JsonSchema; body?: JsonSchema },
): Described {
  const { params, query, body, ...rest } = doc;
  const schema: FastifySchema = {};
  if (params) schema.params = params;
  if (query) schema.querystring = query;
  if (body) schema.body = body;
  return { schema, config: { doc: rest } };
}

// Small schema builders: the route files read like the shapes they accept and return.
export const str = (description?: string): JsonSchema => ({
  type: 'string',
  ...(description ? { description } : {}),
});
export const int = (description?: string): JsonSchema => ({
  type: 'integer',
  ...(description ? { description } : {}),
});
export const num = (): JsonSchema => ({ type: 'number' });
export const bool = (): JsonSchema => ({ type: 'boolean' });
export const nullable = (schema: JsonSchema): JsonSchema => ({ ...schema, nullable: true });
export const arr = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
export const anyJson = (description?: string): JsonSchema => (description ? { description } : {});

export function obj(
  properties: Record<string, JsonSchema>,
  required: string[] = Object.keys(properties),
): JsonSchema {
  return { type: 'object', properties, required };
}

/** A request schema: unknown properties are refused rather than silently ignored. */
export function input(properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema {
  return { type: 'object', properties, required, additionalProperties: false };
}
