import { z } from 'zod';

/**
 * The OpenAPI 3.1 document of the HTTP API, built in code from the same schemas the
 * server uses. Each group of paths lives next to the code that serves it and is
 * listed in `api.ts`; this file only puts the groups together.
 */
export interface ApiPathGroup {
  /** The tag every operation of the group carries. */
  tag: { name: string; description: string };
  /** OpenAPI path items by path, e.g. { '/api/health': { get: {...} } }. */
  paths: Record<string, Record<string, unknown>>;
  /** Component schemas the group's paths refer to with `#/components/schemas/<name>`. */
  schemas?: Record<string, unknown>;
  securitySchemes?: Record<string, unknown>;
}

export const OPENAPI_VERSION = '3.1.0';
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** A zod schema as a JSON Schema (draft 2020-12) for a component, without `$schema`. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io }) as Record<string, unknown>;
  return rest;
}

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A JSON body of `schema`: a request's or a response's `content`. */
export const jsonContent = (schema: unknown) => ({ content: { 'application/json': { schema } } });
/** An error response with the shared error body (`AuthError`: error, message, field?). */
export const errorResponse = (description: string) => ({ description, ...jsonContent(ref('AuthError')) });
/** The Retry-After header of a 429 or 503. */
export const retryAfterHeader = { 'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } } };

function mergeInto(target: Record<string, unknown>, more: Record<string, unknown> | undefined, what: string): void {
  for (const [name, value] of Object.entries(more ?? {})) {
    if (name in target) throw new Error(`OpenAPI: ${what} "${name}" is defined by two path groups`);
    target[name] = value;
  }
}

export function buildOpenApiDocument(groups: ApiPathGroup[], o: { version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = {};
  const securitySchemes: Record<string, unknown> = {};
  for (const g of groups) {
    for (const [p, item] of Object.entries(g.paths)) {
      if (p in paths) throw new Error(`OpenAPI: path "${p}" is defined by two path groups`);
      paths[p] = Object.fromEntries(
        Object.entries(item).map(([method, op]) => [method, { tags: [g.tag.name], ...(op as Record<string, unknown>) }]),
      );
    }
    mergeInto(schemas, g.schemas, 'schema');
    mergeInto(securitySchemes, g.securitySchemes, 'security scheme');
  }
  return {
    openapi: OPENAPI_VERSION,
    jsonSchemaDialect: JSON_SCHEMA_DIALECT,
    info: {
      title: 'Tillstream API',
      version: o.version,
      description:
        'The HTTP API of Tillstream, the real-time retail operations dashboard. Money is in integer minor units (cents), ' +
        'timestamps are ISO 8601 UTC with a Z. The event contract is in docs/events.md and /schemas/events.schema.json.',
    },
    tags: groups.map((g) => g.tag),
    paths,
    components: { schemas, securitySchemes },
  };
}

/**
 * The query parameters of a zod object schema (its input side: what a client sends), for
 * an operation's `parameters`: each property's description and schema; required unless
 * optional or defaulted.
 */
export function queryParameters(schema: z.ZodObject): Record<string, unknown>[] {
  const js = jsonSchemaOf(schema, 'input') as { properties: Record<string, { description?: string }>; required?: string[] };
  const required = new Set(js.required ?? []);
  return Object.entries(js.properties).map(([name, s]) => ({ name, in: 'query', required: required.has(name), description: s.description, schema: s }));
}
