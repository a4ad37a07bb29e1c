import { useApi } from '@backstage/core-plugin-api';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import {
  AppIdCheck,
  appIdFormatIssue,
  NameIssue,
} from '@daprise/plugin-daprise-common';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { dapriseApiRef } from '../../api';
import { statusOf } from '../shared/errors';
import {
  clusterOf,
  DaprScaffolderFieldOptions,
  formDataOf,
  resolveCluster,
  useApplyNamespaces,
} from '../shared/scaffolderTarget';

/** The name templates use: `ui:field: DaprAppIdField`. */
export const DAPR_APP_ID_FIELD = 'DaprAppIdField';

/**
 * `ui:options` of the app-id field: the cluster, and the form field that holds the
 * namespace (default `namespace`).
 * @public
 */
export type DaprAppIdFieldOptions = DaprScaffolderFieldOptions & {
  /** The form field that holds the namespace the app-id must be free in. */
  namespaceField?: string;
};

/** How long the field waits after the last key stroke before asking the backend. */
export const APP_ID_CHECK_DEBOUNCE_MS = 400;

function formatMessage(issue: NameIssue): string {
  return `${issue.message}. ${issue.fix}`;
}

function takenMessage(check: AppIdCheck): string {
  return `App-id "${check.appId}" is already used in namespace ${
    check.namespace
  } of cluster ${check.cluster} (${check.usedBy.join(
    ', ',
  )}): Dapr resolves app-ids per namespace, so choose another.`;
}

/**
 * The form's check before the next step: the app-id's format, and that nothing in the chosen
 * namespace uses it already. A check that cannot be made (the backend unreachable) lets the
 * form go on: the render action checks again against the cluster.
 */
export const daprAppIdValidation: CustomFieldValidator<
  string,
  DaprAppIdFieldOptions
> = async (appId, field, { apiHolder, formData, uiSchema }) => {
  if (!appId) return;
  const issue = appIdFormatIssue(appId);
  if (issue) {
    field.addError(formatMessage(issue));
    return;
  }
  const options = uiSchema?.['ui:options'];
  const namespace = formData?.[options?.namespaceField ?? 'namespace'];
  const api = apiHolder.get(dapriseApiRef);
  if (!api || typeof namespace !== 'string' || !namespace) return;
  try {
    const cluster = await resolveCluster(api, options?.cluster);
    if (!cluster) return;
    const check = await api.checkAppId({ cluster, namespace, appId });
    if (check.usedBy.length > 0) field.addError(takenMessage(check));
  } catch {
    // Checked again by daprise:service:render.
  }
};

/**
 * A scaffolder field for a new service's Dapr app-id, checked as it is typed: its format (the
 * rules of daprise:service:render) at once, and, a moment after the last key stroke, whether
 * something in the chosen namespace of the cluster uses it already (the Daprise backend's
 * index).
 */
export const DaprAppIdField = (
  props: FieldExtensionComponentProps<string, DaprAppIdFieldOptions>,
) => {
  const { formData, onChange, required, rawErrors, idSchema, uiSchema } = props;
  const { title = 'App-id', description } = props.schema;
  const api = useApi(dapriseApiRef);
  const options = uiSchema?.['ui:options'];
  const namespace = formDataOf(props)[options?.namespaceField ?? 'namespace'];
  const { list } = useApplyNamespaces(options?.cluster);
  const cluster = clusterOf(list, options?.cluster);
  const value = formData ?? '';
  const formatIssue = value ? appIdFormatIssue(value) : undefined;

  const [settled, setSettled] = useState(value);
  useDebounce(() => setSettled(value), APP_ID_CHECK_DEBOUNCE_MS, [value]);
  const checkable =
    settled !== '' &&
    !appIdFormatIssue(settled) &&
    typeof namespace === 'string' &&
    namespace !== '' &&
    cluster !== undefined;
  const check = useAsync(
    async () =>
      checkable
        ? api.checkAppId({
            cluster: cluster!,
            namespace: namespace as string,
            appId: settled,
          })
        : undefined,
    [api, checkable, cluster, namespace, settled],
  );

  let status = '';
  let error = false;
  if (formatIssue) {
    status = formatMessage(formatIssue);
    error = true;
  } else if (!value || typeof namespace !== 'string' || !namespace) {
    status = '';
  } else if (settled !== value || check.loading) {
    status = `Checking whether ${value} is free in namespace ${namespace}…`;
  } else if (check.error) {
    status =
      statusOf(check.error) === 403
        ? `You may not create a service in namespace ${namespace} of cluster ${cluster}.`
        : `Could not check the app-id: ${check.error.message}`;
    error = statusOf(check.error) === 403;
  } else if (check.value && check.value.usedBy.length > 0) {
    status = takenMessage(check.value);
    error = true;
  } else if (check.value) {
    status = `${value} is free in namespace ${namespace} of cluster ${
      check.value.cluster
    }${check.value.known ? '' : ' (as far as the cluster has been read)'}.`;
  }

  return (
    <TextField
      id={idSchema?.$id ?? 'appId'}
      label={title}
      fullWidth
      margin="normal"
      required={required}
      value={value}
      // The template's `ui:autofocus`: the first field of the form, as RJSF's own inputs do.
      // eslint-disable-next-line jsx-a11y/no-autofocus
      autoFocus={uiSchema?.['ui:autofocus'] === true}
      placeholder={uiSchema?.['ui:placeholder'] as string | undefined}
      onChange={event => onChange(event.target.value || undefined)}
      error={error || (rawErrors?.length ?? 0) > 0}
      helperText={[description, status].filter(Boolean).join(' ')}
    />
  );
};
