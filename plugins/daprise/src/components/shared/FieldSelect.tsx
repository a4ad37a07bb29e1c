import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import InputLabel from '@material-ui/core/InputLabel';
import Select from '@material-ui/core/Select';
import type { ReactNode } from 'react';

/**
 * The labelled select of a scaffolder field, as the form lays its fields out: the choices
 * (`MenuItem`s) as children, and a help text made of the schema's description and what the
 * field says about its choices.
 */
export function FieldSelect(props: {
  id: string;
  title: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  invalid: boolean;
  disabled: boolean;
  description?: string;
  help: string;
  children: ReactNode;
}) {
  const { id } = props;
  return (
    <FormControl
      fullWidth
      margin="normal"
      required={props.required}
      error={props.invalid}
    >
      <InputLabel id={`${id}-label`}>{props.title}</InputLabel>
      <Select
        labelId={`${id}-label`}
        id={id}
        value={props.value}
        disabled={props.disabled}
        onChange={event => props.onChange(String(event.target.value))}
      >
        {props.children}
      </Select>
      <FormHelperText>
        {[props.description, props.help].filter(Boolean).join(' ')}
      </FormHelperText>
    </FormControl>
  );
}
