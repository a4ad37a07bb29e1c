import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

export interface PermissionDecisionsOptions {
  permissions: PermissionsService;
  /** How long a policy's answer is reused for the same principal; 0 asks every time. */
  ttlMs: number;
  /** At most this many answers are kept (the oldest go first). */
  maxEntries?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/** A policy's answer: for one resource, allow or deny; for all, also conditional. */
export type Answer = 'allow' | 'deny' | 'conditional';

interface Entry {
  expiresAt: number;
  answer: Promise<Answer>;
}

/**
 * The permission policy's answers to Daprise's read permissions, reused for a few seconds
 * per principal.
 *
 * An entity page asks for its Dapr view on every load and on every cluster change, and a
 * round trip to the permission backend (an internal request with a freshly signed token)
 * was most of the entity endpoint's time in the benchmark. So the policy is asked once per
 * principal and permission — with `authorizeConditional` for the per-entity permission,
 * whose ALLOW or DENY holds for every entity — and the answer is reused for `ttlMs`
 * (the Kubernetes API server's webhook authorizer does the same, for 5 minutes by
 * default). A CONDITIONAL answer (a policy that decides per entity, e.g. owners only)
 * is not evaluated here: such views are authorized per entity by the permission backend,
 * whose answers are reused per principal and entity for the same `ttlMs`. Answers never
 * outlive the credentials they were given for.
 */
export class PermissionDecisions {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: PermissionDecisionsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Whether the principal may use a basic (non-resource) permission. */
  async isAllowed(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const answer = await this.remembered(credentials, permission.name, () =>
      this.ask({ permission }, credentials),
    );
    return answer === 'allow';
  }

  /** Whether the principal may use a resource permission on one resource. */
  async isAllowedOn(
    permission: ResourcePermission,
    resourceRef: string,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const overall = await this.overallAnswer(permission, credentials);
    if (overall !== 'conditional') return overall === 'allow';
    const answer = await this.remembered(
      credentials,
      `${permission.name} ${resourceRef}`,
      () => this.ask({ permission, resourceRef }, credentials),
    );
    return answer === 'allow';
  }

  /**
   * Whether the principal may use a resource permission on each of `resourceRefs`, in their
   * order. One question for the policy's overall answer; when it is conditional, one batch
   * `authorize` for the resources whose answers are not remembered (a picker asks about every
   * namespace of a cluster at once).
   */
  async allowedOnEach(
    permission: ResourcePermission,
    resourceRefs: readonly string[],
    credentials: BackstageCredentials,
  ): Promise<boolean[]> {
    if (resourceRefs.length === 0) return [];
    const overall = await this.overallAnswer(permission, credentials);
    if (overall !== 'conditional')
      return resourceRefs.map(() => overall === 'allow');
    const principal = principalKey(credentials);
    const questions = resourceRefs.map(ref => `${permission.name} ${ref}`);
    const known = questions.map(question =>
      principal && this.options.ttlMs > 0
        ? this.entries.get(`${principal}\n${question}`)
        : undefined,
    );
    const now = this.now();
    const unknown = resourceRefs.filter(
      (_, i) => !(known[i] && known[i]!.expiresAt > now),
    );
    const batch =
      unknown.length > 0
        ? this.options.permissions
            .authorize(
              unknown.map(resourceRef => ({ permission, resourceRef })),
              { credentials },
            )
            .then(decisions =>
              decisions.map(d =>
                d.result === AuthorizeResult.ALLOW ? 'allow' : 'deny',
              ),
            )
        : Promise.resolve([] as Answer[]);
    const answers = resourceRefs.map((ref, i) => {
      const index = unknown.indexOf(ref);
      if (index < 0) return known[i]!.answer;
      return this.remembered(credentials, questions[i], () =>
        batch.then(all => all[index]),
      );
    });
    return (await Promise.all(answers)).map(answer => answer === 'allow');
  }

  /**
   * The policy's answer to a resource permission for no resource in particular: allow or deny
   * for every resource, or conditional (decided per resource).
   */
  overallAnswer(
    permission: ResourcePermission,
    credentials: BackstageCredentials,
  ): Promise<Answer> {
    return this.remembered(credentials, permission.name, async () => {
      const [decision] = await this.options.permissions.authorizeConditional(
        [{ permission }],
        { credentials },
      );
      if (decision.result === AuthorizeResult.CONDITIONAL) return 'conditional';
      return decision.result === AuthorizeResult.ALLOW ? 'allow' : 'deny';
    });
  }

  /** The policy's answer to one request, as allow or deny. */
  private async ask(
    request: AuthorizePermissionRequest,
    credentials: BackstageCredentials,
  ): Promise<Answer> {
    const [decision] = await this.options.permissions.authorize([request], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW ? 'allow' : 'deny';
  }

  private remembered(
    credentials: BackstageCredentials,
    question: string,
    ask: () => Promise<Answer>,
  ): Promise<Answer> {
    const principal = principalKey(credentials);
    if (this.options.ttlMs <= 0 || !principal) return ask();
    const key = `${principal}\n${question}`;
    const now = this.now();
    const known = this.entries.get(key);
    if (known && known.expiresAt > now) return known.answer;
    if (known) this.entries.delete(key);

    const expiresAt = Math.min(
      now + this.options.ttlMs,
      credentials.expiresAt?.getTime() ?? Infinity,
    );
    // Concurrent views of the same principal share one question to the policy.
    const answer = ask();
    this.entries.set(key, { expiresAt, answer });
    answer.catch(() => {
      if (this.entries.get(key)?.answer === answer) this.entries.delete(key);
    });
    const maxEntries = this.options.maxEntries ?? 10_000;
    while (this.entries.size > maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return answer;
  }
}

/**
 * Who the policy was asked about. A user's ownership claims are not part of the key: they
 * change at sign-in, not within an answer's few seconds.
 */
function principalKey(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
    actor?: { subject?: string };
    accessRestrictions?: unknown;
  };
  if (principal.type === 'user' && principal.userEntityRef)
    return JSON.stringify([
      'user',
      principal.userEntityRef,
      principal.actor?.subject ?? null,
    ]);
  if (principal.type === 'service' && principal.subject)
    return JSON.stringify([
      'service',
      principal.subject,
      principal.accessRestrictions ?? null,
    ]);
  // Anonymous requests are never remembered.
  return undefined;
}
