/**
 * The longest message a {@link KubernetesError} carries. Long enough for any Status message the
 * API server writes for one object (an `Invalid` with a few causes is about 300 characters), short
 * enough that a proxy's HTML page or a stack trace in a body never reaches responses or logs whole.
 * @public
 */
export const KUBERNETES_ERROR_MESSAGE_LIMIT = 500;

/** How much of a body that is not a Kubernetes `Status` an error quotes. */
const BODY_EXCERPT_LIMIT = 200;

/**
 * What went wrong, in one word, so callers decide without parsing text. The API server's own
 * `Status` reasons (`NotFound`, `AlreadyExists`, `Conflict`, `Invalid`, `Expired`, ...) are kept
 * as they come; a status without one is named after its HTTP code; errors without an answer are
 * `Timeout`, `Unreachable`, `IncompleteResponse` or `InvalidResponse`.
 * @public
 */
export type KubernetesErrorReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'Conflict'
  | 'AlreadyExists'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout'
  | 'Unreachable'
  | 'IncompleteResponse'
  | 'InvalidResponse'
  | (string & {});

/**
 * One field the API server names as the cause of a rejection (`details.causes[]` of a Status).
 * @public
 */
export interface KubernetesStatusCause {
  field?: string;
  reason?: string;
  message?: string;
}

const REASON_BY_STATUS: Record<number, KubernetesErrorReason> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Gone',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  502: 'ServiceUnavailable',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** Answers worth the same request again a moment later. */
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/** Cuts text to `limit` characters, saying so. */
export function cut(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= limit ? flat : `${flat.slice(0, limit - 1)}…`;
}

/**
 * An error of a request to the API server: its HTTP status (0 when no complete answer came),
 * a short `reason`, whether the same request may succeed when retried, and a message cut to
 * {@link KUBERNETES_ERROR_MESSAGE_LIMIT} characters. The message quotes a `Status` message but at
 * most a short excerpt of any other body: those come from proxies and load balancers and carry
 * HTML pages, internal addresses and stack traces.
 * @public
 */
export class KubernetesError extends Error {
  /** The HTTP status code of the answer, 0 when there was none (or it broke off). */
  readonly statusCode: number;
  readonly reason: KubernetesErrorReason;
  /** True for timeouts, broken connections and answers that did not arrive whole, and for 429 and 5xx. */
  readonly retryable: boolean;
  readonly causes: KubernetesStatusCause[];
  /**
   * The `message` of the API server's Status, as it wrote it (what a template author needs to
   * read); undefined when the answer was not a Status or there was no answer.
   */
  readonly statusMessage?: string;

  constructor(options: {
    statusCode: number;
    reason: KubernetesErrorReason;
    message: string;
    retryable?: boolean;
    causes?: KubernetesStatusCause[];
    statusMessage?: string;
    cause?: unknown;
  }) {
    super(cut(options.message, KUBERNETES_ERROR_MESSAGE_LIMIT), {
      cause: options.cause,
    });
    this.name = 'KubernetesError';
    this.statusCode = options.statusCode;
    this.reason = options.reason;
    this.retryable =
      options.retryable ?? RETRYABLE_STATUS.has(options.statusCode);
    this.causes = options.causes ?? [];
    if (options.statusMessage !== undefined)
      this.statusMessage = options.statusMessage;
  }

  /**
   * The error for an answer outside 2xx. `what` names the request (`GET /api/v1/pods`), so that
   * a message read in a log says what failed.
   */
  static fromResponse(
    statusCode: number,
    body: string,
    what?: string,
  ): KubernetesError {
    const prefix = what ? `${what}: ` : '';
    let status: any;
    try {
      status = JSON.parse(body);
    } catch {
      // Not JSON: a proxy or load balancer answered, not the API server.
    }
    if (status?.kind === 'Status') {
      return KubernetesError.fromStatus(status, statusCode, prefix);
    }
    const excerpt = cut(body, BODY_EXCERPT_LIMIT);
    return new KubernetesError({
      statusCode,
      reason: REASON_BY_STATUS[statusCode] ?? `HTTP${statusCode}`,
      message: `${prefix}${statusCode}${excerpt ? ` ${excerpt}` : ''}`,
    });
  }

  /** The error a `Status` object describes (an error answer, or a watch's ERROR event). */
  static fromStatus(
    status: any,
    statusCode = Number(status?.code) || 0,
    prefix = '',
  ): KubernetesError {
    const statusMessage =
      typeof status?.message === 'string' ? status.message : undefined;
    return new KubernetesError({
      statusCode,
      reason:
        (typeof status?.reason === 'string' && status.reason) ||
        REASON_BY_STATUS[statusCode] ||
        `HTTP${statusCode}`,
      message: `${prefix}${statusCode} ${statusMessage ?? ''}`,
      statusMessage,
      causes: Array.isArray(status?.details?.causes)
        ? status.details.causes.map((c: KubernetesStatusCause) => ({
            field: c.field,
            reason: c.reason,
            message: c.message,
          }))
        : [],
    });
  }
}

/**
 * Whether an error is an answer of the API server with this HTTP status code.
 * @public
 */
export function isKubernetesStatus(
  error: unknown,
  ...statusCodes: number[]
): error is KubernetesError {
  return (
    error instanceof KubernetesError && statusCodes.includes(error.statusCode)
  );
}

/**
 * The short reason of any error, for readers who should not see messages (which can name
 * internal addresses or identities): a {@link KubernetesError}'s reason, else `Error`.
 * @public
 */
export function kubernetesErrorReason(error: unknown): string {
  return error instanceof KubernetesError ? error.reason : 'Error';
}
