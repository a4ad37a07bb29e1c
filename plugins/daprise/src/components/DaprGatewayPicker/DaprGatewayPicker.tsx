import { useApi } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import type {
  DaprGatewayChoice,
  ScaffolderCondition,
  ScaffolderGateway,
  ScaffolderListener,
} from '@daprise/plugin-daprise-common';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { dapriseApiRef } from '../../api';
import { FieldSelect } from '../shared/FieldSelect';
import {
  clusterOf,
  DaprScaffolderFieldOptions,
  useApplyNamespaces,
} from '../shared/scaffolderTarget';

/** The name templates use: `ui:field: DaprGatewayPicker`. */
export const DAPR_GATEWAY_PICKER = 'DaprGatewayPicker';

/** One condition in words: `Accepted`, `not Programmed (Invalid: …)`, `Accepted unknown`. */
export function conditionText(
  type: string,
  condition: ScaffolderCondition | undefined,
): string {
  if (!condition) return `${type} not reported`;
  if (condition.status === 'True') return type;
  const why = [condition.reason, condition.message].filter(Boolean).join(': ');
  const text = condition.status === 'False' ? `not ${type}` : `${type} unknown`;
  return why ? `${text} (${why})` : text;
}

function statusText(item: {
  accepted?: ScaffolderCondition;
  programmed?: ScaffolderCondition;
}): string {
  return `${conditionText('Accepted', item.accepted)}, ${conditionText(
    'Programmed',
    item.programmed,
  )}`;
}

/** A listener in one line: `http · HTTP :80 · *.shop.example.com`. */
export function listenerText(listener: ScaffolderListener): string {
  return [
    listener.name,
    `${listener.protocol} :${listener.port}`,
    listener.hostname ?? 'any host name',
  ].join(' · ');
}

function describeListener(listener: ScaffolderListener): string {
  const from = {
    All: 'routes from every namespace',
    Same: "routes from the Gateway's namespace",
    Selector: 'routes from the namespaces its selector picks',
  }[listener.allowedRoutesFrom];
  return [
    `Listener ${listenerText(listener)}`,
    listener.listenerSet
      ? `of ListenerSet ${listener.listenerSet.namespace}/${listener.listenerSet.name}`
      : undefined,
    `admits ${from}`,
    listener.attachedRoutes !== undefined
      ? `${listener.attachedRoutes} attached`
      : undefined,
    statusText(listener),
  ]
    .filter(Boolean)
    .join('; ');
}

const keyOf = (namespace: string, name: string, listener?: string) =>
  JSON.stringify([namespace, name, listener ?? '']);

function choiceOf(
  gateway: ScaffolderGateway,
  listener: ScaffolderListener | undefined,
): DaprGatewayChoice {
  const https = listener
    ? listener.protocol === 'HTTPS'
    : gateway.listeners.length > 0 &&
      gateway.listeners.every(l => l.protocol === 'HTTPS');
  return {
    name: gateway.name,
    namespace: gateway.namespace,
    ...(listener ? { listener: listener.name } : {}),
    https,
  };
}

/**
 * A scaffolder field for the Gateway and listener a new service is published through: the
 * Gateways of the cluster (from the Daprise backend's index) with their listeners, host
 * names, ports, protocols and status (Accepted, Programmed), ListenerSets' listeners
 * included. Its value is `{ name, namespace, listener?, https }`.
 */
export const DaprGatewayPicker = (
  props: FieldExtensionComponentProps<
    Partial<DaprGatewayChoice>,
    DaprScaffolderFieldOptions
  >,
) => {
  const { formData, onChange, required, rawErrors, idSchema, uiSchema } = props;
  const { title = 'Gateway', description } = props.schema;
  const api = useApi(dapriseApiRef);
  const option = uiSchema?.['ui:options']?.cluster;
  const { list } = useApplyNamespaces(option);
  const cluster = clusterOf(list, option);
  const gateways = useAsync(
    async () =>
      cluster ? (await api.getScaffolderGateways({ cluster })).items : [],
    [api, cluster],
  );
  const id = idSchema?.$id ?? 'gateway';
  const value = formData ?? {};

  if (gateways.error) {
    // Without the index (no permission, backend down) the Gateway is typed in.
    const set = (key: 'name' | 'namespace', text: string) =>
      onChange({ https: false, ...value, [key]: text || undefined });
    return (
      <FormControl fullWidth margin="normal" required={required}>
        <Typography variant="subtitle1">{title}</Typography>
        <TextField
          id={`${id}-name`}
          label="Gateway name"
          value={value.name ?? ''}
          onChange={e => set('name', e.target.value)}
        />
        <TextField
          id={`${id}-namespace`}
          label="Gateway namespace"
          value={value.namespace ?? ''}
          onChange={e => set('namespace', e.target.value)}
        />
        <FormHelperText>
          The Gateways could not be read ({gateways.error.message}): type the
          Gateway's name and namespace.
        </FormHelperText>
      </FormControl>
    );
  }

  const items = gateways.value ?? [];
  const selected = items.find(
    g => g.name === value.name && g.namespace === value.namespace,
  );
  const selectedListener = selected?.listeners.find(
    l => l.name === value.listener,
  );
  const selectedKey =
    value.name && value.namespace
      ? keyOf(value.namespace, value.name, value.listener)
      : '';
  const known =
    selectedKey === '' ||
    (selected !== undefined &&
      (value.listener === undefined || selectedListener !== undefined));

  const options: JSX.Element[] = [];
  for (const gateway of items) {
    options.push(
      // A heading, not a choice (MUI's Select makes every child an option).
      <MenuItem key={`${gateway.namespace}/${gateway.name}`} disabled>
        Gateway {gateway.namespace}/{gateway.name}: {statusText(gateway)}
      </MenuItem>,
      <MenuItem
        key={keyOf(gateway.namespace, gateway.name)}
        value={keyOf(gateway.namespace, gateway.name)}
      >
        {gateway.namespace}/{gateway.name} · every listener that admits the
        route
      </MenuItem>,
      ...gateway.listeners.map(listener => (
        <MenuItem
          key={keyOf(gateway.namespace, gateway.name, listener.name)}
          value={keyOf(gateway.namespace, gateway.name, listener.name)}
        >
          {gateway.namespace}/{gateway.name} · {listenerText(listener)}
        </MenuItem>
      )),
    );
  }
  if (!known)
    options.push(
      <MenuItem key={selectedKey} value={selectedKey} disabled>
        {value.namespace}/{value.name}
        {value.listener ? ` · ${value.listener}` : ''} (not found)
      </MenuItem>,
    );

  const onSelect = (key: unknown) => {
    if (typeof key !== 'string' || !key.startsWith('[')) return;
    const [namespace, name, listenerName] = JSON.parse(key) as string[];
    const gateway = items.find(
      g => g.name === name && g.namespace === namespace,
    );
    if (!gateway) return;
    onChange(
      choiceOf(
        gateway,
        gateway.listeners.find(l => l.name === listenerName),
      ),
    );
  };

  let help: string;
  if (gateways.loading) help = 'Reading the Gateways…';
  else if (items.length === 0)
    help = `Cluster ${cluster ?? '(none)'} has no Gateway.`;
  else if (!known)
    help = `The cluster has no Gateway ${value.namespace}/${value.name}${
      value.listener ? ` with a listener ${value.listener}` : ''
    }: choose one of its Gateways.`;
  else if (selected)
    help = [
      `Gateway ${selected.namespace}/${selected.name} (class ${
        selected.gatewayClassName
      }${
        selected.addresses.length ? `, ${selected.addresses.join(', ')}` : ''
      }): ${statusText(selected)}.`,
      ...(selectedListener
        ? [`${describeListener(selectedListener)}.`]
        : selected.listeners.map(l => `${describeListener(l)}.`)),
    ].join(' ');
  else help = `The Gateways of cluster ${cluster}, with their listeners.`;

  return (
    <FieldSelect
      id={id}
      title={title}
      value={selectedKey}
      onChange={onSelect}
      required={required}
      invalid={(rawErrors?.length ?? 0) > 0 || !known}
      disabled={gateways.loading}
      description={description}
      help={help}
    >
      {options}
    </FieldSelect>
  );
};
