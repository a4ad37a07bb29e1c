import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { findingsQueryToSearchParams } from './findingsQuery';
import { fleetQueryToSearchParams } from './fleetQuery';
import type {
  AppIdCheck,
  ClusterStatusList,
  DapriseApi,
  DapriseRequestOptions,
  EntityDapriseView,
  FleetFilters,
  FleetPage,
  FleetQuery,
  FindingsFilters,
  FindingsPage,
  FindingsQuery,
  IndexChange,
  RuleList,
  ScaffolderGatewayList,
  ScaffolderNamespaceList,
} from './types';

/**
 * Talks to the Daprise backend through the app's fetch API, so requests carry the user's token.
 * @public
 */
export class DapriseClient implements DapriseApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityView(
    entityRef: CompoundEntityRef,
    options?: DapriseRequestOptions,
  ): Promise<EntityDapriseView> {
    const { namespace, kind, name } = entityRef;
    const path = `/entity/${[namespace, kind, name]
      .map(encodeURIComponent)
      .join('/')}`;
    return (await this.get(path, options)).json();
  }

  async getFleet(
    query: FleetQuery = {},
    options?: DapriseRequestOptions,
  ): Promise<FleetPage> {
    return (await this.get(`/fleet${queryString(query)}`, options)).json();
  }

  async getFleetCsv(
    filters: FleetFilters = {},
    options?: DapriseRequestOptions,
  ): Promise<Blob> {
    const params = fleetQueryToSearchParams(filters);
    params.set('format', 'csv');
    return (await this.get(`/fleet?${params}`, options)).blob();
  }

  async getFindings(
    query: FindingsQuery = {},
    options?: DapriseRequestOptions,
  ): Promise<FindingsPage> {
    const params = findingsQueryToSearchParams(query).toString();
    return (
      await this.get(`/findings${params ? `?${params}` : ''}`, options)
    ).json();
  }

  async getFindingsCsv(
    filters: FindingsFilters = {},
    options?: DapriseRequestOptions,
  ): Promise<Blob> {
    const params = findingsQueryToSearchParams(filters);
    params.set('format', 'csv');
    return (await this.get(`/findings?${params}`, options)).blob();
  }

  async getRules(options?: DapriseRequestOptions): Promise<RuleList> {
    return (await this.get('/rules', options)).json();
  }

  async getClusters(
    options?: DapriseRequestOptions,
  ): Promise<ClusterStatusList> {
    return (await this.get('/clusters', options)).json();
  }

  async waitForChanges(
    after: number,
    options?: DapriseRequestOptions,
  ): Promise<IndexChange> {
    const params = new URLSearchParams({ after: String(after) });
    return (await this.get(`/changes?${params}`, options)).json();
  }

  async getScaffolderNamespaces(
    query: { cluster?: string } = {},
    options?: DapriseRequestOptions,
  ): Promise<ScaffolderNamespaceList> {
    return (
      await this.get(`/scaffolder/namespaces${clusterQuery(query)}`, options)
    ).json();
  }

  async getScaffolderGateways(
    query: { cluster?: string } = {},
    options?: DapriseRequestOptions,
  ): Promise<ScaffolderGatewayList> {
    return (
      await this.get(`/scaffolder/gateways${clusterQuery(query)}`, options)
    ).json();
  }

  async checkAppId(
    target: { cluster: string; namespace: string; appId: string },
    options?: DapriseRequestOptions,
  ): Promise<AppIdCheck> {
    const path = [target.cluster, target.namespace, target.appId]
      .map(encodeURIComponent)
      .join('/');
    return (await this.get(`/scaffolder/app-ids/${path}`, options)).json();
  }

  private async get(
    path: string,
    options?: DapriseRequestOptions,
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('daprise');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      signal: options?.signal,
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response;
  }
}

function queryString(query: FleetQuery): string {
  const params = fleetQueryToSearchParams(query);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function clusterQuery(query: { cluster?: string }): string {
  return query.cluster
    ? `?${new URLSearchParams({ cluster: query.cluster })}`
    : '';
}
