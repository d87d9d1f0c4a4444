import { bodyToOpenApi, paramToOpenApi, type JsonObject } from './params.js';
import type { RouteSpec } from './routes.js';
import { COMPONENT_SCHEMAS, schemaRef } from './schemas.js';

export const OPENAPI_PATH = '/api/openapi.json';

const errorResponse = (description: string): JsonObject => ({ description, content: { 'application/json': { schema: schemaRef('Error') } } });

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'A parameter or the body is malformed; the message says which and why.',
  404: 'No such item.',
  405: 'The path exists for another method.',
  415: 'The body is not sent as application/json.',
};

/** The OpenAPI 3.1 description of the API, built from the route table (the same table validates requests). */
export function openApiDocument(routes: readonly RouteSpec[], version: string): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const r of routes) {
    const responses: JsonObject = {
      200: r.response.contentType
        ? { description: r.response.description, content: { [r.response.contentType]: { schema: { type: 'string' } } } }
        : { description: r.response.description, content: { 'application/json': { schema: r.response.schema ?? {} } } },
      400: errorResponse(ERROR_DESCRIPTIONS[400]!),
    };
    for (const status of r.errors ?? []) responses[status] = errorResponse(ERROR_DESCRIPTIONS[status] ?? 'Error.');
    const operation: JsonObject = {
      operationId: r.operationId,
      summary: r.summary,
      tags: [r.tag],
      parameters: r.params.map(paramToOpenApi),
      ...(r.body ? { requestBody: bodyToOpenApi(r.body) } : {}),
      responses,
    };
    paths[r.path] = { ...(paths[r.path] ?? {}), [r.method.toLowerCase()]: operation };
  }
  paths[OPENAPI_PATH] = {
    get: {
      operationId: 'getOpenApi',
      summary: 'This document',
      tags: ['meta'],
      parameters: [],
      responses: { 200: { description: 'The OpenAPI 3.1 description of the API', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'sitrep API',
      version,
      description:
        'A sourced situation picture built from news articles. Lists are paginated with limit and offset and answer {total, items}; ' +
        'a bad parameter gets 400 {"error"}, an unknown id 404 {"error"}. Dates are YYYY, YYYY-MM or YYYY-MM-DD. ' +
        'Entity parameters take an id or a name (case and accents folded). Text fields are plain text, never HTML.',
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: '/' }],
    paths,
    components: { schemas: COMPONENT_SCHEMAS },
  };
}
