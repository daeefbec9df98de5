import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>; components: unknown };

/**
 * Checks answers against an OpenAPI 3.1 document: which statuses an operation
 * documents, and whether a body matches the schema documented for its status.
 */
export function openApiChecker(doc: unknown) {
  const d = doc as Doc;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const compiled = new Map<string, ValidateFunction>();
  let n = 0;
  const compile = (schema: unknown): ValidateFunction =>
    // Each schema is compiled as a root that carries the components, so `#/components/…` resolves.
    ajv.compile({ $id: `https://tillstream.test/openapi/${n++}`, components: d.components, ...(schema as object) });

  const operation = (path: string, method: string) => {
    const op = d.paths[path]?.[method];
    if (!op) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
    return op;
  };

  return {
    statuses: (path: string, method: string): string[] => Object.keys(operation(path, method).responses),
    /** Null when `body` is what the document says `status` answers; else the problems. */
    checkBody: (path: string, method: string, status: number, body: unknown): string | null => {
      const response = operation(path, method).responses[String(status)];
      if (!response) return `status ${status} is not documented`;
      const schema = response.content?.['application/json']?.schema;
      if (!schema) return `status ${status} documents no JSON body`;
      const id = `${method} ${path} ${status}`;
      let validate = compiled.get(id);
      if (!validate) compiled.set(id, (validate = compile(schema)));
      return validate(body) ? null : ajv.errorsText(validate.errors);
    },
    /** A validator for any schema of the document, e.g. { $ref: '#/components/schemas/Event' }. */
    validator: (schema: unknown): ValidateFunction => compile(schema),
  };
}
