import type * as z from 'zod';
import { type FieldError, ValidationError } from './errors';

const pathOf = (path: PropertyKey[]) => path.map(String).join('.') || '(root)';

/** One entry per offending field; an unknown key is reported at its own path. */
export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: issue.message }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  );
}

/** Parses or throws a ValidationError with field paths. */
export function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(toFieldErrors(result.error));
  return result.data;
}
