import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import MenuItem from '@material-ui/core/MenuItem';
import { useEffect } from 'react';
import { FieldSelect } from '../shared/FieldSelect';
import {
  clusterOf,
  DaprScaffolderFieldOptions,
  useApplyNamespaces,
} from '../shared/scaffolderTarget';

/** The name templates use: `ui:field: DaprNamespacePicker`. */
export const DAPR_NAMESPACE_PICKER = 'DaprNamespacePicker';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * A scaffolder field for the namespace of a new service: a choice of the namespaces of the
 * cluster that the signed-in user may apply into (`daprise.cluster.apply`, as the apply
 * action checks it), from the Daprise backend's index.
 */
export const DaprNamespacePicker = (
  props: FieldExtensionComponentProps<string, DaprScaffolderFieldOptions>,
) => {
  const { formData, onChange, required, rawErrors, idSchema, uiSchema } = props;
  const { title = 'Namespace', description, default: fallback } = props.schema;
  const option = uiSchema?.['ui:options']?.cluster;
  const { list, loading, error } = useApplyNamespaces(option);
  const cluster = clusterOf(list, option);
  const choices = (list?.items ?? []).filter(n => n.cluster === cluster);
  const namespacesKnown =
    list?.clusters.find(c => c.name === cluster)?.namespacesKnown ?? false;
  const defaultValue =
    typeof fallback === 'string' && choices.some(n => n.namespace === fallback)
      ? fallback
      : undefined;
  const value = formData ?? defaultValue ?? '';
  // The form holds what it shows: an allowed default the user never touched is submitted too.
  useEffect(() => {
    if (formData === undefined && defaultValue !== undefined)
      onChange(defaultValue);
  }, [formData, onChange, defaultValue]);
  const held = value && !choices.some(n => n.namespace === value);

  let help: string;
  if (error) help = `The namespaces could not be read: ${error.message}`;
  else if (loading) help = 'Reading the namespaces you may apply into…';
  else if (!cluster) help = 'The Daprise backend watches no cluster.';
  else if (!namespacesKnown)
    help = `The namespaces of cluster ${cluster} are not known yet (being listed, or not readable).`;
  else if (choices.length === 0)
    help = `You may apply into no namespace of cluster ${cluster} (permission daprise.cluster.apply).`;
  else if (held)
    help = `You may not apply into ${value} of cluster ${cluster}: choose one of yours.`;
  else help = `The namespaces of cluster ${cluster} you may apply into.`;

  return (
    <FieldSelect
      id={idSchema?.$id ?? 'namespace'}
      title={title}
      value={value}
      onChange={onChange}
      required={required}
      invalid={(rawErrors?.length ?? 0) > 0 || Boolean(error) || Boolean(held)}
      disabled={loading}
      description={description}
      help={help}
    >
      {choices.map(n => (
        <MenuItem key={n.namespace} value={n.namespace}>
          {n.namespace}
          {n.appIds > 0 ? ` (${plural(n.appIds, 'app-id')})` : ''}
        </MenuItem>
      ))}
      {held ? (
        <MenuItem key={value} value={value} disabled>
          {value}
        </MenuItem>
      ) : null}
    </FieldSelect>
  );
};
