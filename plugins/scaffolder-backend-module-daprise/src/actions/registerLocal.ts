import fs from 'node:fs/promises';
import path from 'node:path';
import {
  AuthService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  getCompoundEntityRef,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseDocument } from 'yaml';
import type { DapriseScaffolderSettings } from '../lib/settings';
import { examples } from './registerLocal.examples';

/** @public */
export const REGISTER_LOCAL_ACTION_ID = 'daprise:catalog:register-local';

const validator = makeValidator();

async function readEntity(file: string, shown: string): Promise<Entity> {
  const text = await fs.readFile(file, 'utf8').catch(() => {
    throw new InputError(
      `catalogInfoPath: ${shown} does not exist in the workspace — render the service first (daprise:service:render)`,
    );
  });
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw new InputError(
      `catalogInfoPath: ${shown} is not valid YAML: ${document.errors[0].message}`,
    );
  }
  const entity = document.toJS() as Entity | null;
  if (
    !entity ||
    typeof entity.kind !== 'string' ||
    typeof entity.metadata?.name !== 'string' ||
    !validator.isValidEntityName(entity.metadata.name) ||
    !validator.isValidNamespace(entity.metadata.namespace ?? 'default')
  ) {
    throw new InputError(
      `catalogInfoPath: ${shown} does not hold a catalog entity with a valid kind and metadata.name`,
    );
  }
  return entity;
}

/** The Kubernetes namespace of the service a catalog entity describes, as render writes it. */
const KUBERNETES_NAMESPACE_ANNOTATION = 'backstage.io/kubernetes-namespace';

function serviceOf(entity: Entity) {
  const owner = entity.spec?.owner;
  return {
    namespace: entity.metadata.annotations?.[KUBERNETES_NAMESPACE_ANNOTATION],
    // `team-shop` and `group:default/team-shop` are the same owner.
    owner: typeof owner === 'string' ? ownerRef(owner, entity) : undefined,
  };
}

function ownerRef(owner: string, entity: Entity): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return owner;
  }
}

/**
 * Why registering `incoming` would take over `existing` (another Kubernetes namespace's
 * service, or another owner's), or undefined when it is the same service again. Entities are
 * named after the app-id, which is unique only per Kubernetes namespace, so `orders` of `shop2`
 * and `orders` of `shop` are both `component:default/orders`: the second must not replace the
 * first's files and owner.
 */
function takeOver(
  existing: Entity,
  incoming: Entity,
  where: string,
): string | undefined {
  const before = serviceOf(existing);
  const after = serviceOf(incoming);
  const ref = stringifyEntityRef(existing);
  if ((before.namespace ?? '') !== (after.namespace ?? '')) {
    return `${ref} (${where}) is the service of Kubernetes namespace ${
      before.namespace ?? '(none)'
    }, not ${
      after.namespace ?? '(none)'
    }: registering would replace another namespace's service — choose another app-id, or unregister ${ref} first`;
  }
  if ((before.owner ?? '') !== (after.owner ?? '')) {
    return `${ref} (${where}) is owned by ${
      before.owner ?? '(no owner)'
    }, not ${
      after.owner ?? '(no owner)'
    }: registering would take it over — choose another app-id, or have its owner change spec.owner`;
  }
  return undefined;
}

async function readPublished(file: string): Promise<Entity | undefined> {
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const value = parseDocument(text).toJS() as Entity | null;
  return value && typeof value.metadata?.name === 'string' ? value : undefined;
}

/**
 * Publishes the workspace to a folder on the backend host and registers its catalog-info.yaml
 * as a `file` location: how a portal without a git host (the demo) gets the new service into
 * its catalog. The catalog must accept `file` locations from its API (by default it accepts
 * only `url`); see the README.
 * @public
 */
export function createDapriseCatalogRegisterLocalAction(options: {
  settings: DapriseScaffolderSettings;
  catalog: CatalogService;
  /** Looks the entity up with the backend's own credentials: the initiator may not see it. */
  auth: AuthService;
}) {
  const { settings, catalog, auth } = options;
  return createTemplateAction({
    id: REGISTER_LOCAL_ACTION_ID,
    description:
      'Copies the workspace to <daprise.scaffolder.publishDirectory>/<namespace>/<name> on the backend host and registers its catalog-info.yaml in the catalog as a file location, for portals without a git host. Registering the same service again refreshes the existing location; an entity of that name that belongs to another Kubernetes namespace, another owner or another location is refused, never replaced.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        catalogInfoPath: z =>
          z
            .string({
              description:
                'Path of the catalog file in the workspace (default catalog-info.yaml)',
            })
            .optional(),
      },
      output: {
        entityRef: z =>
          z.string({ description: 'Ref of the registered entity' }),
        catalogInfoPath: z =>
          z.string({
            description:
              'Absolute path of the registered catalog file on the backend host',
          }),
      },
    },
    async handler(ctx) {
      const relative = ctx.input.catalogInfoPath ?? 'catalog-info.yaml';
      const source = resolveSafeChildPath(ctx.workspacePath, relative);
      const entity = await readEntity(source, relative);
      const entityRef = stringifyEntityRef(entity);
      const { namespace, name } = getCompoundEntityRef(entity);

      if (!settings.publishDirectory) {
        throw new InputError(
          'daprise.scaffolder.publishDirectory is not configured — set it to a folder on the backend host where published services are kept',
        );
      }
      const destination = path.join(settings.publishDirectory, namespace, name);
      const catalogInfoPath = path.join(
        destination,
        path.relative(ctx.workspacePath, source),
      );

      // Refuse before anything is copied: the published folder and the catalog entity of the
      // same name must be this service's (same Kubernetes namespace and owner).
      const published = await readPublished(catalogInfoPath);
      const known = await catalog.getEntityByRef(entityRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      const refusals = [
        published && takeOver(published, entity, `published at ${destination}`),
        known && takeOver(known, entity, 'in the catalog'),
      ];
      const origin = known?.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
      if (known && origin && origin !== `file:${catalogInfoPath}`) {
        refusals.push(
          `${entityRef} is already registered from ${origin}: registering ${catalogInfoPath} would conflict with it — choose another app-id, or unregister that location first`,
        );
      }
      const refusal = refusals.find(Boolean);
      if (refusal) throw new ConflictError(refusal);

      ctx.output('entityRef', entityRef);
      ctx.output('catalogInfoPath', catalogInfoPath);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would publish to ${destination} and register ${catalogInfoPath}`,
        );
        return;
      }

      // Copy into a staging folder beside the destination, then swap it in, so the catalog
      // never reads a half-copied folder.
      await fs.mkdir(path.dirname(destination), { recursive: true });
      const staging = await fs.mkdtemp(`${destination}.staging-`);
      const previous = `${staging}.previous`;
      try {
        await fs.cp(ctx.workspacePath, staging, {
          recursive: true,
          filter: from => !/[\\/](\.git|\.daprise-staging-[^\\/]*)$/.test(from),
        });
        const hadPrevious = await fs
          .rename(destination, previous)
          .then(() => true)
          .catch(() => false);
        try {
          await fs.rename(staging, destination);
        } catch (e) {
          if (hadPrevious) await fs.rename(previous, destination);
          throw e;
        }
        if (hadPrevious)
          await fs.rm(previous, { recursive: true, force: true });
      } finally {
        await fs.rm(staging, { recursive: true, force: true });
      }
      ctx.logger.info(`Published the workspace to ${destination}`);

      try {
        await catalog.addLocation(
          { type: 'file', target: catalogInfoPath, onConflict: 'refresh' },
          { credentials: await ctx.getInitiatorCredentials() },
        );
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (/allowed type/i.test(message)) {
          throw new InputError(
            `The catalog does not accept file locations (${message}) — add a catalog backend module that calls catalogLocationsExtensionPoint.setAllowedLocationTypes(['url', 'file']); see the README of @daprise/plugin-scaffolder-backend-module-daprise`,
          );
        }
        throw e;
      }
      ctx.logger.info(
        `Registered ${catalogInfoPath} in the catalog as ${entityRef}`,
      );
    },
  });
}
