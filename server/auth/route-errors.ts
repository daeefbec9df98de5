import type { Logger } from '../../lib/log';
import { authAnswers } from './answers';
import { UserInputError } from './user-input';
import { UnknownUserError, UserExistsError } from './user-store';

/** Redis (or the secret in it) could not be used: not the client's fault, so 503 rather than a 4xx or 500. */
export class AuthUnavailableError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'AuthUnavailableError';
  }
}

const isInputError = (err: unknown) => err instanceof UserInputError || err instanceof UserExistsError || err instanceof UnknownUserError;

/**
 * Wraps every method of a Redis-backed object (the user store, the sign-in limiter) so
 * that a failure of Redis surfaces as AuthUnavailableError, while the errors that are
 * answers (bad input, no such user, name taken) pass through as they are.
 */
export function unavailableOnError<T extends object>(target: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(target)) {
    wrapped[name] =
      typeof fn === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
            } catch (err) {
              throw isInputError(err) ? err : new AuthUnavailableError(err);
            }
          }
        : fn;
  }
  return wrapped as T;
}

/** Runs a route's work and turns the errors it may meet into their answers. */
export async function answerErrors(log: Logger, what: string, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof UserInputError) return authAnswers.badRequest(err.field, err.problem);
    if (err instanceof UserExistsError) return authAnswers.conflict(err.message);
    if (err instanceof UnknownUserError) return authAnswers.notFound(err.message);
    if (err instanceof AuthUnavailableError) {
      log.warn({ err: err.message }, `auth: ${what}: a dependency is unavailable`);
      return authAnswers.unavailable();
    }
    log.error({ err }, `auth: ${what} failed`);
    return authAnswers.internalError();
  }
}
