import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  dnsLabelIssue,
  GroupedCluster,
  ScaffolderGatewayList,
  ScaffolderNamespace,
  ScaffolderNamespaceList,
} from '@daprise/plugin-daprise-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { FleetIndex } from '../fleetIndex';
import {
  candidateNamespaces,
  checkAppId,
  clusterGateways,
} from '../scaffolderPickers';
import type { RouterOptions } from './types';
import { listParam, parseQuery } from './queryParams';

const clustersQuerySchema = z.object({
  cluster: listParam(z.string().min(1)),
});

const appIdParamsSchema = z.object({
  cluster: z.string().min(1).max(253),
  namespace: z.string().superRefine((value, ctx) => {
    const issue = dnsLabelIssue('Namespace', value);
    if (issue)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: issue.message });
  }),
  // Any text: a malformed app-id is answered with its format issue, for the form to show.
  appId: z.string().min(1).max(253),
});

/**
 * The clusters a query names, refusing a name that is not configured; when it names none, all,
 * the scaffolder's default cluster first.
 */
function clustersOf(
  fleet: FleetIndex,
  names: string[] | undefined,
  defaultCluster?: string,
): string[] {
  const configured = fleet.clusterNames();
  if (!names || names.length === 0)
    return [
      ...configured.filter(name => name === defaultCluster),
      ...configured.filter(name => name !== defaultCluster),
    ];
  const unknown = names.filter(name => !configured.includes(name));
  if (unknown.length > 0)
    throw new InputError(
      `cluster must be one of ${
        configured.join(', ') || '(none configured)'
      }; got '${unknown.join(', ')}'`,
    );
  return [...new Set(names)];
}

/** The kinds an app-id's use shows in: its workloads and its `<app-id>-dapr` Service. */
const APP_ID_KINDS = [
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'Service',
] as const;

/**
 * A cluster's grouped objects as last indexed, and whether that index holds every kind an
 * app-id's use shows in, listed (not still syncing, forbidden or failing).
 */
function clusterState(
  fleet: FleetIndex,
  name: string,
): { grouped?: GroupedCluster; synced: boolean } {
  const grouped = fleet.index.grouped.clusters.get(name);
  const kinds = grouped?.state?.kinds;
  return {
    grouped,
    synced:
      kinds !== undefined &&
      APP_ID_KINDS.every(kind => kinds[kind]?.status === 'synced'),
  };
}

/**
 * The scaffolder form's pickers, answered from the index:
 * - `GET /scaffolder/namespaces?cluster=`: the namespaces the user may apply into
 *   (`daprise.cluster.apply`, asked for every namespace at once);
 * - `GET /scaffolder/gateways?cluster=`: the Gateways with their listeners and status;
 * - `GET /scaffolder/app-ids/:cluster/:namespace/:appId`: whether an app-id is free there.
 */
export function scaffolderRouter(options: RouterOptions): express.Router {
  const { httpAuth, fleet, reads } = options;
  const router = Router();

  router.get('/scaffolder/namespaces', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const names = clustersOf(
      fleet,
      parseQuery(clustersQuerySchema, req.query).cluster,
      options.scaffolderDefaultCluster,
    );
    const candidates: ScaffolderNamespace[] = [];
    const clusters: ScaffolderNamespaceList['clusters'] = [];
    for (const name of names) {
      const { grouped } = clusterState(fleet, name);
      const namespaces = grouped ? candidateNamespaces(grouped) : undefined;
      clusters.push({ name, namespacesKnown: namespaces !== undefined });
      for (const ns of namespaces ?? [])
        candidates.push({ cluster: name, ...ns });
    }
    const allowed = await reads.access.mayApplyInto(candidates, credentials);
    const body: ScaffolderNamespaceList = {
      items: candidates.filter((_, i) => allowed[i]),
      clusters,
    };
    res.json(body);
  });

  router.get('/scaffolder/gateways', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await reads.access.requireScaffolderRead(credentials);
    const names = clustersOf(
      fleet,
      parseQuery(clustersQuerySchema, req.query).cluster,
    );
    const body: ScaffolderGatewayList = {
      items: names.flatMap(name => {
        const { grouped } = clusterState(fleet, name);
        return grouped ? clusterGateways(grouped) : [];
      }),
    };
    res.json(body);
  });

  router.get(
    '/scaffolder/app-ids/:cluster/:namespace/:appId',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { cluster, namespace, appId } = parseQuery(
        appIdParamsSchema,
        req.params,
      );
      if (!fleet.clusterNames().includes(cluster))
        throw new NotFoundError(`No cluster named ${cluster} is configured`);
      // Whether an app-id is used in a namespace is for whoever may create a service there.
      const [mayApply] = await reads.access.mayApplyInto(
        [{ cluster, namespace }],
        credentials,
      );
      if (!mayApply && !(await reads.access.mayReadFleet(credentials)))
        throw new NotAllowedError(
          `You may not apply into namespace ${namespace} of cluster ${cluster} (daprise.cluster.apply)`,
        );
      const { grouped, synced } = clusterState(fleet, cluster);
      const check = checkAppId(cluster, grouped, namespace, appId, synced);
      res.json(check);
    },
  );

  return router;
}
