import * as v from 'valibot';
import { ValidationError } from './errors';

/**
 * Validates `input` against a shared schema and returns the typed output, or throws a
 * ValidationError whose message lists each issue with its path, e.g. `signals.foo.durationMs: ...`.
 */
export function parseWith<S extends v.GenericSchema>(schema: S, input: unknown, what: string): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const issues = result.issues.slice(0, 10).map((issue) => {
    const path = v.getDotPath(issue);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  throw new ValidationError(what, issues);
}
