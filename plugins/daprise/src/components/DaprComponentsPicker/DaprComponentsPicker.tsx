import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import {
  COMPONENT_TYPES_SOURCE,
  componentType,
  componentTypeChoices,
  componentTypeVersions,
  DaprComponentDraft,
} from '@daprise/plugin-daprise-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import Grid from '@material-ui/core/Grid';
import InputLabel from '@material-ui/core/InputLabel';
import Link from '@material-ui/core/Link';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import Select from '@material-ui/core/Select';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useMemo, useState } from 'react';
import {
  addableFields,
  ComponentEdit,
  draftOf,
  draftProblems,
  editOf,
  FieldEdit,
  withAddedField,
  withProfile,
  withType,
  withVersion,
} from './componentDrafts';

/** The name templates use: `ui:field: DaprComponentsPicker`. */
export const DAPR_COMPONENTS_PICKER = 'DaprComponentsPicker';

const typeChoices = componentTypeChoices();

/** The form's check before the next step: names, types, required and secret fields. */
export const daprComponentsValidation: CustomFieldValidator<
  DaprComponentDraft[]
> = (components, field) => {
  for (const problem of draftProblems(components ?? []))
    field.addError(problem);
};

function MetadataField(props: {
  id: string;
  field: FieldEdit;
  example?: string;
  allowedValues?: string[];
  onChange: (field: FieldEdit) => void;
}) {
  const { id, field, onChange } = props;
  if (field.sensitive) {
    return (
      <Grid
        container
        spacing={1}
        role="group"
        aria-label={`${field.name} (secret)`}
      >
        <Grid item xs={12}>
          <Typography variant="body2">
            <strong>{field.name}</strong>
            {field.required ? ' (required)' : ''}: a secret, taken from a
            Kubernetes Secret in the namespace (secretKeyRef), never as a plain
            value.
          </Typography>
        </Grid>
        <Grid item xs={6}>
          <TextField
            id={`${id}-secret-name`}
            label={`${field.name}: Secret name`}
            fullWidth
            required={field.required}
            value={field.secretName}
            onChange={e => onChange({ ...field, secretName: e.target.value })}
          />
        </Grid>
        <Grid item xs={6}>
          <TextField
            id={`${id}-secret-key`}
            label={`${field.name}: key in the Secret`}
            fullWidth
            required={field.required}
            value={field.secretKey}
            onChange={e => onChange({ ...field, secretKey: e.target.value })}
          />
        </Grid>
      </Grid>
    );
  }
  if (props.allowedValues?.length) {
    return (
      <TextField
        id={`${id}-value`}
        select
        label={field.name}
        fullWidth
        required={field.required}
        value={field.value}
        onChange={e => onChange({ ...field, value: String(e.target.value) })}
      >
        {props.allowedValues.map(v => (
          <MenuItem key={v} value={v}>
            {v}
          </MenuItem>
        ))}
      </TextField>
    );
  }
  return (
    <TextField
      id={`${id}-value`}
      label={field.name}
      fullWidth
      required={field.required}
      value={field.value}
      placeholder={props.example?.replace(/^"|"\s*$/g, '').trim()}
      onChange={e => onChange({ ...field, value: e.target.value })}
    />
  );
}

function ComponentEditor(props: {
  id: string;
  index: number;
  edit: ComponentEdit;
  onChange: (edit: ComponentEdit) => void;
  onRemove: () => void;
}) {
  const { id, index, edit, onChange, onRemove } = props;
  const info = componentType(edit.type, edit.version);
  const versions = componentTypeVersions(edit.type);
  const profiles = info?.authenticationProfiles ?? [];
  const addable = addableFields(edit);
  const choice = typeChoices.find(c => c.type === edit.type) ?? null;
  const fieldInfo = (name: string) =>
    info
      ? [
          ...info.metadata,
          ...(info.authenticationProfiles ?? []).flatMap(p => p.metadata),
        ].find(f => f.name === name)
      : undefined;
  const label = `Component ${edit.name || index + 1}`;
  return (
    <Paper variant="outlined" role="group" aria-label={label}>
      <Box p={2}>
        <Grid container spacing={2}>
          <Grid item xs={12} sm={4}>
            <TextField
              id={`${id}-name`}
              label="Name"
              required
              fullWidth
              value={edit.name}
              helperText="The name the app uses, e.g. statestore"
              onChange={e => onChange({ ...edit, name: e.target.value })}
            />
          </Grid>
          <Grid item xs={12} sm={6}>
            <Autocomplete
              id={`${id}-type`}
              options={typeChoices}
              getOptionLabel={c => c.label}
              getOptionSelected={(a, b) => a.type === b.type}
              value={choice}
              onChange={(_event, picked) =>
                onChange(
                  picked ? withType(edit, picked.type) : { ...edit, type: '' },
                )
              }
              renderInput={params => (
                <TextField
                  {...params}
                  label="Type"
                  required
                  helperText={
                    info ? (
                      <>
                        {edit.type}, {info.status}
                        {info.docsUrl ? (
                          <>
                            {' · '}
                            <Link
                              href={info.docsUrl}
                              target="_blank"
                              rel="noopener"
                            >
                              reference
                            </Link>
                          </>
                        ) : null}
                      </>
                    ) : (
                      `components-contrib ${COMPONENT_TYPES_SOURCE.version}`
                    )
                  }
                />
              )}
            />
          </Grid>
          <Grid item xs={12} sm={2}>
            <TextField
              id={`${id}-version`}
              select
              label="Version"
              fullWidth
              value={versions.includes(edit.version) ? edit.version : ''}
              disabled={versions.length === 0}
              onChange={e =>
                onChange(withVersion(edit, String(e.target.value)))
              }
            >
              {versions.map(v => (
                <MenuItem key={v} value={v}>
                  {v}
                </MenuItem>
              ))}
            </TextField>
          </Grid>
          {profiles.length > 0 ? (
            <Grid item xs={12}>
              <TextField
                id={`${id}-profile`}
                select
                label="Authentication"
                fullWidth
                value={String(edit.profile)}
                onChange={e =>
                  onChange(withProfile(edit, Number(e.target.value)))
                }
              >
                {profiles.map((p, i) => (
                  <MenuItem key={p.title} value={String(i)}>
                    {p.title}
                  </MenuItem>
                ))}
                <MenuItem value="-1">None</MenuItem>
              </TextField>
            </Grid>
          ) : null}
          {edit.fields.map((field, i) => (
            <Grid item xs={12} key={field.name}>
              <MetadataField
                id={`${id}-metadata-${i}`}
                field={field}
                example={fieldInfo(field.name)?.example}
                allowedValues={fieldInfo(field.name)?.allowedValues}
                onChange={changed =>
                  onChange({
                    ...edit,
                    fields: edit.fields.map((f, j) => (j === i ? changed : f)),
                  })
                }
              />
            </Grid>
          ))}
          <Grid item xs={12} sm={8}>
            {addable.length > 0 ? (
              <FormControl fullWidth>
                <InputLabel id={`${id}-add-label`}>Add a field</InputLabel>
                <Select
                  labelId={`${id}-add-label`}
                  id={`${id}-add`}
                  value=""
                  onChange={e =>
                    onChange(withAddedField(edit, String(e.target.value)))
                  }
                >
                  {addable.map(name => (
                    <MenuItem key={name} value={name}>
                      {name}
                    </MenuItem>
                  ))}
                </Select>
              </FormControl>
            ) : null}
          </Grid>
          <Grid item xs={12} sm={4}>
            <Button onClick={onRemove} aria-label={`Remove ${label}`}>
              Remove
            </Button>
          </Grid>
        </Grid>
      </Box>
    </Paper>
  );
}

/**
 * A scaffolder field for a new service's Dapr components, over the components-contrib
 * catalogue: pick a type and version, and it shows the type's required metadata fields (and
 * those of its authentication profile), takes a sensitive field only as a `secretKeyRef`
 * (Secret name and key, never a plain value), and offers the type's other fields. Its value is
 * the template's `components` parameter, as daprise:service:render takes it.
 */
export const DaprComponentsPicker = (
  props: FieldExtensionComponentProps<DaprComponentDraft[]>,
) => {
  const { formData, onChange, rawErrors, idSchema } = props;
  const { title = 'Dapr components', description } = props.schema;
  // What the user edits, blank fields included; the form holds only what the action takes.
  const initial = useMemo(() => (formData ?? []).map(editOf), []); // eslint-disable-line react-hooks/exhaustive-deps
  const [edits, setEdits] = useState<ComponentEdit[]>(initial);
  const update = (next: ComponentEdit[]) => {
    setEdits(next);
    onChange(next.map(draftOf));
  };
  const id = idSchema?.$id ?? 'components';
  return (
    <FormControl fullWidth margin="normal" error={(rawErrors?.length ?? 0) > 0}>
      <Typography variant="h6" component="h3">
        {title}
      </Typography>
      {description ? (
        <Typography variant="body2" color="textSecondary">
          {description}
        </Typography>
      ) : null}
      {edits.map((edit, index) => (
        <Box mt={2} key={index}>
          <ComponentEditor
            id={`${id}-${index}`}
            index={index}
            edit={edit}
            onChange={changed =>
              update(edits.map((e, j) => (j === index ? changed : e)))
            }
            onRemove={() => update(edits.filter((_, j) => j !== index))}
          />
        </Box>
      ))}
      <Box mt={2}>
        <Button
          variant="outlined"
          onClick={() =>
            update([
              ...edits,
              { name: '', type: '', version: 'v1', profile: -1, fields: [] },
            ])
          }
        >
          Add a component
        </Button>
      </Box>
      <FormHelperText>
        The component types of Dapr's components-contrib{' '}
        {COMPONENT_TYPES_SOURCE.version}. Each component is scoped to this
        app-id alone.
      </FormHelperText>
    </FormControl>
  );
};
