import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import {
  Entity,
  getCompoundEntityRef,
  makeValidator,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
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
}) {
  const { settings, catalog } = options;
  return createTemplateAction({
    id: REGISTER_LOCAL_ACTION_ID,
    description:
      'Copies the workspace to <daprise.scaffolder.publishDirectory>/<namespace>/<name> on the backend host and registers its catalog-info.yaml in the catalog as a file location, for portals without a git host. Registering again refreshes the existing location.',
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
