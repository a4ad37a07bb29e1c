import { CustomErrorBase, InputError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { KUBERNETES_ID_ANNOTATION } from '@daprise/plugin-daprise-common';
import { sortForApply } from '../render/order';
import {
  describeObject,
  KubernetesConnection,
  KubernetesError,
  KubeObject,
  ObjectReference,
  referenceOf,
} from '@daprise/plugin-daprise-node';
import type { LoadedManifest } from './manifests';

/** The label that says which app an object belongs to (set on everything the template renders). */
const PART_OF_LABEL = 'app.kubernetes.io/part-of';

/**
 * What happened, or would happen, to one object.
 * @public
 */
export type ObjectOutcomeKind =
  /** validate: the API server accepts the object (dry run). */
  | 'valid'
  /** apply in the scaffolder's dry-run mode: the object would be created / updated. */
  | 'would-create'
  | 'would-update'
  /** apply: the object was created, changed, or already as rendered. */
  | 'created'
  | 'configured'
  | 'unchanged';

/**
 * One object and what happened to it.
 * @public
 */
export interface ObjectOutcome extends ObjectReference {
  /** Where the manifest came from: `<file>#<document index>`. */
  source: string;
  outcome: ObjectOutcomeKind;
}

/**
 * An object the API server rejects (or would reject), with its reasons.
 * @public
 */
export interface ObjectFailure {
  object: ObjectReference;
  source?: string;
  /** The API server's message (or, for problems found before asking it, ours). */
  message: string;
  /** The fields the API server names (`details.causes[].field` of its Status). */
  fields: Array<{ field: string; message?: string }>;
  /** The Status reason, e.g. `Invalid`, `Forbidden`, `NotFound`. */
  reason?: string;
  /** What to do about it, when we know better than the API server. */
  fix?: string;
}

function formatFailure(failure: ObjectFailure): string {
  const lines = [
    `- ${describeObject(failure.object)}${
      failure.source ? ` (${failure.source})` : ''
    }: ${failure.message}${failure.reason ? ` [${failure.reason}]` : ''}${
      failure.fix ? ` — ${failure.fix}` : ''
    }`,
  ];
  for (const field of failure.fields) {
    lines.push(
      `    field ${field.field}${field.message ? `: ${field.message}` : ''}`,
    );
  }
  return lines.join('\n');
}

/**
 * The cluster rejects (or would reject) some of the manifests. Lists every rejected object with
 * the fields and messages the API server gave.
 * @public
 */
export class ManifestsRejectedError extends InputError {
  readonly failures: ObjectFailure[];

  constructor(cluster: string, total: number, failures: ObjectFailure[]) {
    super(
      `Cluster ${cluster} rejects ${
        failures.length
      } of ${total} object(s); nothing was applied:\n${failures
        .map(formatFailure)
        .join('\n')}`,
    );
    this.failures = failures;
  }
}

function failureFrom(manifest: LoadedManifest, error: unknown): ObjectFailure {
  let message = error instanceof Error ? error.message : String(error);
  // The API server's own words (a Status message), not which request failed.
  if (error instanceof KubernetesError && error.statusMessage !== undefined)
    message = error.statusMessage;
  const failure: ObjectFailure = {
    object: referenceOf(manifest.object),
    source: manifest.source,
    message,
    fields: [],
  };
  if (error instanceof KubernetesError) {
    failure.reason = error.reason || undefined;
    failure.fields = error.causes
      .filter(cause => cause.field)
      .map(cause => ({ field: cause.field!, message: cause.message }));
  }
  return failure;
}

/**
 * Manifests in apply order, each checked against the cluster: what must exist first, then what
 * depends on it (Dapr components before the daprd that loads them, Services before routes).
 */
export interface Preflight {
  ordered: LoadedManifest[];
  outcomes: ObjectOutcome[];
  failures: ObjectFailure[];
}

/**
 * Checks manifests against a cluster without changing it: every object is server-side applied
 * with `dryRun=All`, so the API server runs defaulting, schema and CEL validation, admission and
 * authorization exactly as for the real apply, and persists nothing. Collects every failure rather
 * than stopping at the first. Also refuses, before asking the server:
 *
 * - objects in a namespace that does not exist (the scaffolder never creates namespaces; the
 *   server would only say "not found" once per object);
 * - namespaced objects without a namespace (an apply must not depend on a default namespace);
 * - manifests without Daprise's ownership labels, and objects that exist already and belong to
 *   another app or to none (see `ownershipProblem`): a forced server-side apply would silently
 *   take them over. The apply checks this again for every object, right before writing it.
 */
export async function preflight(
  client: KubernetesConnection,
  manifests: LoadedManifest[],
  options: { fieldManager: string },
): Promise<Preflight> {
  const ordered = sortForApply(
    manifests.map(manifest => ({ kind: manifest.object.kind, manifest })),
  ).map(entry => entry.manifest);
  const failures: ObjectFailure[] = [];
  const outcomes: ObjectOutcome[] = [];

  // Which objects are namespaced, and which namespaces they need.
  const checkable: LoadedManifest[] = [];
  const namespaces = new Map<string, LoadedManifest[]>();
  for (const manifest of ordered) {
    const { object } = manifest;
    let namespaced: boolean;
    try {
      namespaced = await client.isNamespaced(object.apiVersion, object.kind);
    } catch (e) {
      failures.push(failureFrom(manifest, e));
      continue;
    }
    if (namespaced && !object.metadata.namespace) {
      failures.push({
        object: referenceOf(object),
        source: manifest.source,
        message: `${object.kind} is namespaced but has no metadata.namespace`,
        fields: [{ field: 'metadata.namespace' }],
        fix: 'Set metadata.namespace.',
      });
      continue;
    }
    if (namespaced) {
      const namespace = object.metadata.namespace!;
      namespaces.set(namespace, [
        ...(namespaces.get(namespace) ?? []),
        manifest,
      ]);
    }
    checkable.push(manifest);
  }

  const missingNamespaces = new Set<string>();
  for (const [namespace, inNamespace] of namespaces) {
    try {
      const found = await client.get({
        apiVersion: 'v1',
        kind: 'Namespace',
        name: namespace,
      });
      if (!found) {
        missingNamespaces.add(namespace);
        failures.push({
          object: { apiVersion: 'v1', kind: 'Namespace', name: namespace },
          message: `Namespace ${namespace} does not exist, so its ${inNamespace.length} object(s) cannot be created`,
          fields: [],
          reason: 'NotFound',
          fix: `Create namespace ${namespace} first (the platform team's job: the scaffolder may only read namespaces) or choose an existing namespace.`,
        });
      }
    } catch (e) {
      // May not read namespaces: let the dry run tell whether the namespace exists.
      if (!(e instanceof KubernetesError && e.statusCode === 403)) throw e;
    }
  }

  for (const manifest of checkable) {
    const { object } = manifest;
    if (
      object.metadata.namespace &&
      missingNamespaces.has(object.metadata.namespace)
    ) {
      continue;
    }
    try {
      const existing = await client.get(referenceOf(object));
      const problem = ownershipProblem(manifest, existing);
      if (problem) {
        failures.push(problem);
        continue;
      }
      await client.apply(object, {
        fieldManager: options.fieldManager,
        dryRun: true,
      });
      outcomes.push({
        ...referenceOf(object),
        source: manifest.source,
        outcome: existing ? 'would-update' : 'would-create',
      });
    } catch (e) {
      failures.push(failureFrom(manifest, e));
    }
  }
  return { ordered, outcomes, failures };
}

/**
 * An apply failed part-way and was rolled back (or could not be, entirely).
 * @public
 */
export class ApplyRolledBackError extends CustomErrorBase {
  readonly failure: ObjectFailure;
  /** What this run had applied before the failure. */
  readonly applied: ObjectOutcome[];
  /** What the rollback undid: objects deleted (created by this run) or restored. */
  readonly rolledBack: Array<
    ObjectReference & { action: 'deleted' | 'restored' }
  >;
  /** What the rollback could not undo, with why. Empty when the cluster is as before. */
  readonly notRolledBack: Array<ObjectReference & { reason: string }>;

  constructor(options: {
    cluster: string;
    failure: ObjectFailure;
    applied: ObjectOutcome[];
    rolledBack: ApplyRolledBackError['rolledBack'];
    notRolledBack: ApplyRolledBackError['notRolledBack'];
  }) {
    const { failure, rolledBack, notRolledBack } = options;
    const lines = [
      `Applying to cluster ${options.cluster} failed at ${formatFailure(
        failure,
      ).slice(2)}`,
    ];
    lines.push(
      rolledBack.length > 0
        ? `Rolled back: ${rolledBack
            .map(r => `${r.action} ${describeObject(r)}`)
            .join('; ')}.`
        : 'Nothing had been changed before the failure.',
    );
    if (notRolledBack.length > 0) {
      lines.push(
        `Could NOT roll back (fix by hand): ${notRolledBack
          .map(r => `${describeObject(r)}: ${r.reason}`)
          .join('; ')}.`,
      );
    } else {
      lines.push('The cluster is as it was before this run.');
    }
    super(lines.join('\n'));
    this.failure = failure;
    this.applied = options.applied;
    this.rolledBack = rolledBack;
    this.notRolledBack = notRolledBack;
  }
}

/**
 * The apply configuration that puts an object back as it was, applied by Daprise's own field
 * manager: its body (every top-level field but `metadata` and `status`), its labels and its
 * annotations. Server-side apply needs no resourceVersion, so the status a controller writes a
 * moment after Daprise's apply (a new resourceVersion every time) does not stand in its way;
 * and since it changes only what it names and what Daprise's manager alone owned, fields that
 * others set since (a controller's status or annotations) stay as they are.
 */
export function restoreConfiguration(previous: KubeObject): KubeObject {
  const { apiVersion, kind, metadata, status: _status, ...body } = previous;
  const restored: KubeObject = {
    apiVersion,
    kind,
    metadata: { name: metadata.name },
  };
  if (metadata.namespace) restored.metadata.namespace = metadata.namespace;
  if (metadata.labels) restored.metadata.labels = metadata.labels;
  if (metadata.annotations)
    restored.metadata.annotations = metadata.annotations;
  return { ...restored, ...body };
}

type ManagedFieldsEntry = { manager?: string; subresource?: string };

/**
 * Field ownership as it was before this run, so a later apply by the previous owner does not
 * conflict with Daprise: the previous entries, plus the entries of managers that came since and
 * are not Daprise's (a controller that wrote status meanwhile keeps its fields).
 */
export function restoredManagedFields(
  previous: KubeObject,
  current: KubeObject,
  fieldManager: string,
): unknown[] {
  const before = (previous.metadata.managedFields ??
    []) as ManagedFieldsEntry[];
  const key = (e: ManagedFieldsEntry) => `${e.manager}/${e.subresource ?? ''}`;
  const known = new Set(before.map(key));
  const since = (
    (current.metadata.managedFields ?? []) as ManagedFieldsEntry[]
  ).filter(e => !known.has(key(e)) && e.manager !== fieldManager);
  return [...before, ...since];
}

/** The labels by which Daprise owns an object: both name the same app-id. */
const OWNER_LABELS = [PART_OF_LABEL, KUBERNETES_ID_ANNOTATION] as const;

/** The app that owns an object by Daprise's labels, or undefined. */
function ownerOf(object: {
  metadata: KubeObject['metadata'];
}): string | undefined {
  const labels = object.metadata.labels ?? {};
  const [partOf, id] = OWNER_LABELS.map(l => labels[l]);
  return partOf && partOf === id ? partOf : undefined;
}

/**
 * Why Daprise may not write `manifest` over `existing`, or undefined when it may: the manifest
 * must carry Daprise's ownership labels (what it applies is always an app's), and an object that
 * exists must carry the same (it is that app's, not another's or nobody's).
 */
export function ownershipProblem(
  manifest: LoadedManifest,
  existing: KubeObject | undefined,
): ObjectFailure | undefined {
  const { object, source } = manifest;
  const wanted = ownerOf(object);
  if (!wanted) {
    return {
      object: referenceOf(object),
      source,
      message: `${describeObject(
        referenceOf(object),
      )} has no ownership labels: Daprise applies only objects that name their app in both ${OWNER_LABELS.join(
        ' and ',
      )}`,
      fields: [{ field: 'metadata.labels' }],
      reason: 'Forbidden',
      fix: `Set metadata.labels ${OWNER_LABELS.map(l => `${l}: <app-id>`).join(
        ', ',
      )} (daprise:service:render does).`,
    };
  }
  if (!existing) return undefined;
  const actual = ownerOf(existing);
  if (actual === wanted) return undefined;
  return {
    object: referenceOf(object),
    source,
    message: `${describeObject(referenceOf(object))} already exists and ${
      actual ? `belongs to ${actual}` : 'does not belong to any app'
    } (labels ${OWNER_LABELS.join(', ')}), not to ${wanted}`,
    fields: [{ field: 'metadata.name' }],
    reason: 'AlreadyExists',
    fix: 'Choose another name; applying would take the object over from its owner.',
  };
}

/** An object this run may not write: it is not, or not only, the app's. */
class OwnershipError extends Error {
  constructor(readonly failure: ObjectFailure) {
    super(failure.message);
    this.name = 'OwnershipError';
  }
}

/** One object this run applied: what it was before (absent: created) and what it is now. */
interface AppliedStep {
  outcome: ObjectOutcome;
  previous?: KubeObject;
  current: KubeObject;
}

/** No answer came (timeout, broken connection): the request may or may not have been applied. */
function unanswered(e: unknown): boolean {
  return e instanceof KubernetesError && e.statusCode === 0;
}

/** Whether a managed-fields entry of Daprise's manager shows that an apply of it landed. */
function appliedBy(object: KubeObject, fieldManager: string): boolean {
  return ((object.metadata.managedFields ?? []) as any[]).some(
    e =>
      e.manager === fieldManager && e.operation === 'Apply' && !e.subresource,
  );
}

/**
 * Undoes applied steps, last first. A failure to undo one object does not stop the others; it is
 * reported. Before undoing, each object is read again and must still be the incarnation this run
 * wrote (its uid) and still be the app's (its ownership labels): what someone deleted,
 * re-created or took over since is left alone.
 */
async function rollBack(
  client: KubernetesConnection,
  done: AppliedStep[],
  fieldManager: string,
): Promise<Pick<ApplyRolledBackError, 'rolledBack' | 'notRolledBack'>> {
  const rolledBack: ApplyRolledBackError['rolledBack'] = [];
  const notRolledBack: ApplyRolledBackError['notRolledBack'] = [];
  for (const step of [...done].reverse()) {
    const target = referenceOf(step.current);
    const leave = (reason: string) => notRolledBack.push({ ...target, reason });
    try {
      const now = await client.get(target);
      if (!now || now.metadata.uid !== step.current.metadata.uid) {
        leave(
          step.outcome.outcome === 'created'
            ? 'deleted or re-created by someone else since this run created it; left alone'
            : 'deleted or re-created by someone else since this run applied it; left alone',
        );
        continue;
      }
      if (ownerOf(now) !== ownerOf(step.current)) {
        leave(
          `taken over since this run applied it (labels ${OWNER_LABELS.join(
            ', ',
          )} now say ${ownerOf(now) ?? 'no app'}); left alone`,
        );
        continue;
      }
      if (step.outcome.outcome === 'created') {
        await client.delete(target, { uid: step.current.metadata.uid });
        rolledBack.push({ ...target, action: 'deleted' });
      } else if (step.outcome.outcome === 'configured' && step.previous) {
        const restored = await client.apply(
          restoreConfiguration(step.previous),
          { fieldManager },
        );
        // Field ownership too; not guarded by the resourceVersion, which controllers move on.
        await client.jsonPatch(
          target,
          [
            {
              op: 'replace',
              path: '/metadata/managedFields',
              value: restoredManagedFields(
                step.previous,
                restored,
                fieldManager,
              ),
            },
          ],
          { fieldManager },
        );
        rolledBack.push({ ...target, action: 'restored' });
      }
    } catch (e) {
      leave(
        `${step.outcome.outcome === 'created' ? 'delete' : 'restore'} failed: ${
          (e as Error).message
        }`,
      );
    }
  }
  return { rolledBack, notRolledBack };
}

/** Conflicts in a row on one object before the apply gives up: someone keeps writing it. */
const MAX_CONFLICTS = 5;

/**
 * Applies one object over exactly the state read before it (and checked for ownership). Over an
 * object that exists, the apply carries that resourceVersion as its precondition, so if anything
 * wrote the object in between (a controller's status, say) it is refused with a conflict, read
 * again, checked again and retried. Where nothing exists, the apply does not force: if someone
 * creates the object in between, their values conflict with Daprise's instead of being taken
 * over, and the object is read again (and found not to be the app's). Whether this run created
 * the object is the apply's own answer (201), never the read's.
 */
async function applyOne(
  client: KubernetesConnection,
  manifest: LoadedManifest,
  fieldManager: string,
  done: AppliedStep[],
): Promise<ObjectOutcome> {
  const ref = referenceOf(manifest.object);
  for (let attempt = 1; ; attempt++) {
    const previous = await client.get(ref);
    const problem = ownershipProblem(manifest, previous);
    if (problem) throw new OwnershipError(problem);
    const object = previous
      ? {
          ...manifest.object,
          metadata: {
            ...manifest.object.metadata,
            resourceVersion: previous.metadata.resourceVersion,
          },
        }
      : manifest.object;
    let result: { object: KubeObject; created: boolean };
    try {
      result = await client.applyWithResult(object, {
        fieldManager,
        force: previous !== undefined,
      });
    } catch (e) {
      if (
        attempt < MAX_CONFLICTS &&
        e instanceof KubernetesError &&
        e.statusCode === 409
      ) {
        continue;
      }
      if (unanswered(e)) {
        await reconcile(client, manifest, previous, fieldManager, done);
      }
      throw e;
    }
    const { object: current, created } = result;
    if (!previous && !created) {
      // Created by someone else between the read and the apply, with the same values (else
      // the apply would have conflicted): it is theirs. Releases this run's fields (an empty
      // apply by its manager) and leaves the object.
      await client
        .apply(
          {
            apiVersion: ref.apiVersion,
            kind: ref.kind,
            metadata: { name: ref.name, namespace: ref.namespace },
          },
          { fieldManager, force: false },
        )
        .catch(() => undefined);
      throw new OwnershipError({
        object: ref,
        source: manifest.source,
        message: `${describeObject(
          ref,
        )} was created by someone else while this run applied it`,
        fields: [{ field: 'metadata.name' }],
        reason: 'AlreadyExists',
        fix: "Find out who created it; if it is not this app's, choose another name.",
      });
    }
    let outcome: ObjectOutcomeKind = 'created';
    if (previous) {
      outcome =
        previous.metadata.resourceVersion === current.metadata.resourceVersion
          ? 'unchanged'
          : 'configured';
    }
    const step = {
      outcome: { ...ref, source: manifest.source, outcome },
      previous,
      current,
    };
    done.push(step);
    return step.outcome;
  }
}

/**
 * After an apply that got no answer: the server may have carried it out. Reads the object again
 * and, if this run's apply landed, records it as applied, so the rollback undoes it too.
 */
async function reconcile(
  client: KubernetesConnection,
  manifest: LoadedManifest,
  previous: KubeObject | undefined,
  fieldManager: string,
  done: AppliedStep[],
): Promise<void> {
  const ref = referenceOf(manifest.object);
  const current = await client.get(ref).catch(() => undefined);
  if (!current) return;
  const source = manifest.source;
  if (!previous) {
    // Absent a moment ago, and Daprise's apply is in its managed fields: this run created it
    // (an apply that does not force cannot have taken over someone else's values).
    if (!appliedBy(current, fieldManager)) return;
    done.push({ outcome: { ...ref, source, outcome: 'created' }, current });
  } else if (
    current.metadata.uid === previous.metadata.uid &&
    current.metadata.resourceVersion !== previous.metadata.resourceVersion
  ) {
    done.push({
      outcome: { ...ref, source, outcome: 'configured' },
      previous,
      current,
    });
  }
}

/**
 * Applies checked manifests in order, all or nothing. Each object is checked for ownership again
 * right before its apply (see `applyOne`); when an apply fails (or gets no answer: then the
 * object is read again, see `reconcile`), this run is undone in reverse order: objects this run
 * created are deleted (only that incarnation, by uid), objects it changed are restored to what
 * they were by server-side apply (see `restoreConfiguration`), objects it left unchanged are left
 * alone. Objects that existed before and are not rendered any more are never touched.
 */
export async function applyAllOrNothing(
  client: KubernetesConnection,
  ordered: LoadedManifest[],
  options: { cluster: string; fieldManager: string; logger: LoggerService },
): Promise<ObjectOutcome[]> {
  const { logger } = options;
  const done: AppliedStep[] = [];
  for (const manifest of ordered) {
    const ref = referenceOf(manifest.object);
    try {
      const outcome = await applyOne(
        client,
        manifest,
        options.fieldManager,
        done,
      );
      logger.info(`${describeObject(ref)} ${outcome.outcome}`);
    } catch (e) {
      const failure =
        e instanceof OwnershipError ? e.failure : failureFrom(manifest, e);
      logger.error(`${describeObject(ref)} failed: ${failure.message}`);
      const { rolledBack, notRolledBack } = await rollBack(
        client,
        done,
        options.fieldManager,
      );
      for (const r of rolledBack)
        logger.info(`rolled back: ${r.action} ${describeObject(r)}`);
      for (const r of notRolledBack) {
        logger.error(`could not roll back ${describeObject(r)}: ${r.reason}`);
      }
      throw new ApplyRolledBackError({
        cluster: options.cluster,
        failure,
        applied: done.map(d => d.outcome),
        rolledBack,
        notRolledBack,
      });
    }
  }
  return done.map(d => d.outcome);
}
