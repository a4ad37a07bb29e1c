import { isDeepStrictEqual } from 'node:util';
import { CustomErrorBase, InputError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { sortForApply } from '../render/order';
import {
  describeObject,
  JsonPatchOperation,
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
 * - objects that exist already and belong to another app (their `app.kubernetes.io/part-of`
 *   label differs): a forced server-side apply would silently take them over.
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
      const wanted = object.metadata.labels?.[PART_OF_LABEL];
      const actual = existing?.metadata.labels?.[PART_OF_LABEL];
      if (existing && wanted !== undefined && actual !== wanted) {
        failures.push({
          object: referenceOf(object),
          source: manifest.source,
          message: `${describeObject(referenceOf(object))} already exists and ${
            actual ? `belongs to ${actual}` : 'does not belong to any app'
          } (label ${PART_OF_LABEL}), not to ${wanted}`,
          fields: [{ field: 'metadata.name' }],
          reason: 'AlreadyExists',
          fix: 'Choose another name; applying would take the object over from its owner.',
        });
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

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * A JSON patch that puts an object back as it was: its body (every top-level field but
 * `metadata` and `status`), its labels and annotations, and its managed fields, so that field
 * ownership is as before too and a later apply by the previous owner does not conflict. Guarded
 * by a `test` of the resourceVersion this run left: if anyone changed the object since, the
 * patch fails instead of overwriting their change.
 */
export function restoreOperations(
  previous: KubeObject,
  current: KubeObject,
): JsonPatchOperation[] {
  const operations: JsonPatchOperation[] = [
    {
      op: 'test',
      path: '/metadata/resourceVersion',
      value: current.metadata.resourceVersion,
    },
  ];
  const restore = (
    before: Record<string, unknown>,
    after: Record<string, unknown>,
    prefix: string,
    keys: string[],
  ) => {
    for (const key of keys) {
      if (isDeepStrictEqual(before[key], after[key])) continue;
      const path = `${prefix}/${escapePointer(key)}`;
      if (before[key] === undefined) operations.push({ op: 'remove', path });
      else
        operations.push({
          op: after[key] === undefined ? 'add' : 'replace',
          path,
          value: before[key],
        });
    }
  };
  const bodyKeys = [
    ...new Set([...Object.keys(previous), ...Object.keys(current)]),
  ].filter(key => !['apiVersion', 'kind', 'metadata', 'status'].includes(key));
  restore(previous, current, '', bodyKeys);
  restore(previous.metadata, current.metadata, '/metadata', [
    'labels',
    'annotations',
    'managedFields',
  ]);
  return operations;
}

/** One object this run applied: what it was before (absent: created) and what it is now. */
interface AppliedStep {
  outcome: ObjectOutcome;
  previous?: KubeObject;
  current: KubeObject;
}

/**
 * Undoes applied steps, last first. A failure to undo one object does not stop the others; it is
 * reported. The preconditions (uid for a delete, resourceVersion for a restore) make sure a
 * rollback never destroys what someone else did in the meantime.
 */
async function rollBack(
  client: KubernetesConnection,
  done: AppliedStep[],
  fieldManager: string,
): Promise<Pick<ApplyRolledBackError, 'rolledBack' | 'notRolledBack'>> {
  const rolledBack: ApplyRolledBackError['rolledBack'] = [];
  const notRolledBack: ApplyRolledBackError['notRolledBack'] = [];
  const conflict = (e: unknown) =>
    e instanceof KubernetesError &&
    (e.statusCode === 409 || e.statusCode === 422);
  for (const step of [...done].reverse()) {
    const target = referenceOf(step.current);
    if (step.outcome.outcome === 'created') {
      try {
        await client.delete(target, {
          uid: step.current.metadata.uid as string,
        });
        rolledBack.push({ ...target, action: 'deleted' });
      } catch (e) {
        notRolledBack.push({
          ...target,
          reason: conflict(e)
            ? 'deleted and re-created by someone else since this run created it; left alone'
            : `delete failed: ${(e as Error).message}`,
        });
      }
    } else if (step.outcome.outcome === 'configured' && step.previous) {
      try {
        await client.jsonPatch(
          target,
          restoreOperations(step.previous, step.current),
          {
            fieldManager,
          },
        );
        rolledBack.push({ ...target, action: 'restored' });
      } catch (e) {
        notRolledBack.push({
          ...target,
          reason: conflict(e)
            ? 'changed by someone else since this run applied it; not restored, to keep their change'
            : `restore failed: ${(e as Error).message}`,
        });
      }
    }
  }
  return { rolledBack, notRolledBack };
}

/**
 * Applies checked manifests in order, all or nothing. Before each object it reads what exists;
 * when an apply fails, it undoes this run in reverse order: objects this run created are deleted
 * (only that incarnation, by uid), objects it changed are restored to what they were (see
 * `restoreOperations`), objects it left unchanged are left alone. Objects that existed before and
 * are not rendered any more are never touched.
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
      const previous = await client.get(ref);
      const current = await client.apply(manifest.object, {
        fieldManager: options.fieldManager,
      });
      let outcome: ObjectOutcomeKind = 'created';
      if (previous) {
        outcome =
          previous.metadata.resourceVersion === current.metadata.resourceVersion
            ? 'unchanged'
            : 'configured';
      }
      logger.info(`${describeObject(ref)} ${outcome}`);
      done.push({
        outcome: { ...ref, source: manifest.source, outcome },
        previous,
        current,
      });
    } catch (e) {
      const failure = failureFrom(manifest, e);
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
