import { useApi } from '@backstage/core-plugin-api';
import type { ScaffolderNamespaceList } from '@daprise/plugin-daprise-common';
import useAsync from 'react-use/esm/useAsync';
import { dapriseApiRef } from '../../api';
import type { DapriseApi } from '../../api';

/**
 * The `ui:options` the Daprise scaffolder fields share.
 * @public
 */
export type DaprScaffolderFieldOptions = {
  /**
   * The configured cluster the service goes to; default: the scaffolder's default cluster
   * (`daprise.scaffolder.defaultCluster`, else the first), which the backend lists first.
   */
  cluster?: string;
};

/** The form's data as the scaffolder hands it to every field (`formContext.formData`). */
export function formDataOf(props: {
  formContext?: unknown;
}): Record<string, unknown> {
  const context = props.formContext as
    | { formData?: Record<string, unknown> }
    | undefined;
  return context?.formData ?? {};
}

/** The cluster a field works on: the one its options name, else the backend's first (the scaffolder's default). */
export function clusterOf(
  list: ScaffolderNamespaceList | undefined,
  option: string | undefined,
): string | undefined {
  return option ?? list?.clusters[0]?.name;
}

/** The namespaces the user may apply into, of the named cluster (or of all). */
export function useApplyNamespaces(cluster: string | undefined): {
  list?: ScaffolderNamespaceList;
  loading: boolean;
  error?: Error;
} {
  const api = useApi(dapriseApiRef);
  const { value, loading, error } = useAsync(
    () => api.getScaffolderNamespaces(cluster ? { cluster } : {}),
    [api, cluster],
  );
  return { list: value, loading, error };
}

/** The same cluster resolution for a validation function, which has no hooks. */
export async function resolveCluster(
  api: DapriseApi,
  option: string | undefined,
): Promise<string | undefined> {
  if (option) return option;
  return clusterOf(await api.getScaffolderNamespaces(), undefined);
}
