import { useApi } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  DEFAULT_DAPRD_VERSION,
  daprdVersionChoices,
} from '@daprise/plugin-daprise-common';
import MenuItem from '@material-ui/core/MenuItem';
import { useEffect } from 'react';
import { FieldSelect } from '../shared/FieldSelect';
import useAsync from 'react-use/esm/useAsync';
import { dapriseApiRef } from '../../api';

/** The name templates use: `ui:field: DaprdVersionPicker`. */
export const DAPRD_VERSION_PICKER = 'DaprdVersionPicker';

/**
 * The versions to offer: those the fleet's Dapr control planes run (`GET /clusters`), newest
 * first; the supported versions when the clusters cannot be read (none indexed yet, or a user
 * who may not read the fleet). The template's default and a value already chosen stay
 * choosable, so that a form never loses what it holds.
 */
export function useDaprdVersionChoices(current?: string): {
  choices: string[];
  fromFleet: boolean;
  loading: boolean;
} {
  const api = useApi(dapriseApiRef);
  const { value, loading } = useAsync(
    () =>
      api.getClusters().then(
        list => list.items,
        () => [],
      ),
    [api],
  );
  const fleet = daprdVersionChoices(value ?? [], []);
  const choices = fleet.length > 0 ? fleet : daprdVersionChoices([]);
  if (current && !choices.includes(current)) choices.push(current);
  return { choices, fromFleet: fleet.length > 0, loading };
}

/**
 * A scaffolder field for a daprd version: a choice of the versions the fleet's Dapr control
 * planes run, newest first. A service's daprd should match its cluster's control plane.
 */
export const DaprdVersionPicker = (
  props: FieldExtensionComponentProps<string>,
) => {
  const { formData, onChange, required, rawErrors, idSchema } = props;
  const {
    title = 'daprd version',
    description,
    default: fallback,
  } = props.schema;
  const value =
    formData ??
    (typeof fallback === 'string' ? fallback : DEFAULT_DAPRD_VERSION);
  const { choices, fromFleet, loading } = useDaprdVersionChoices(value);
  // The form holds what it shows: a default the user never touched is submitted too.
  useEffect(() => {
    if (formData === undefined) onChange(value);
  }, [formData, onChange, value]);
  return (
    <FieldSelect
      id={idSchema?.$id ?? 'daprdVersion'}
      title={title}
      value={value}
      onChange={onChange}
      required={required}
      invalid={(rawErrors?.length ?? 0) > 0}
      disabled={loading}
      description={description}
      help={
        fromFleet
          ? "The versions your clusters' Dapr control planes run, newest first."
          : 'The supported versions (the clusters could not be read).'
      }
    >
      {choices.map(version => (
        <MenuItem key={version} value={version}>
          {version}
        </MenuItem>
      ))}
    </FieldSelect>
  );
};
