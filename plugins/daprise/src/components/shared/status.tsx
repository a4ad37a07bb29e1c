import { makeStyles, Theme } from '@material-ui/core/styles';
import Chip from '@material-ui/core/Chip';
import CheckCircleOutline from '@material-ui/icons/CheckCircleOutline';
import ErrorOutline from '@material-ui/icons/ErrorOutline';
import HelpOutline from '@material-ui/icons/HelpOutline';
import InfoOutlined from '@material-ui/icons/InfoOutlined';
import ReportProblemOutlined from '@material-ui/icons/ReportProblemOutlined';
import type { SvgIconProps } from '@material-ui/core/SvgIcon';
import type { ComponentType } from 'react';
import type { HopStatus, Severity } from '@daprise/plugin-daprise-common';

/**
 * A status as the plugin shows it: always an icon and a word, never colour alone.
 */
export type Tone = 'ok' | 'warning' | 'error' | 'info' | 'unknown';

interface ToneStyle {
  Icon: ComponentType<SvgIconProps>;
}

export const TONES: Record<Tone, ToneStyle> = {
  ok: { Icon: CheckCircleOutline },
  warning: { Icon: ReportProblemOutlined },
  error: { Icon: ErrorOutline },
  info: { Icon: InfoOutlined },
  unknown: { Icon: HelpOutline },
};

/** The theme colour of a tone: readable on the theme's paper in light and dark mode. */
export function toneColor(theme: Theme, tone: Tone): string {
  switch (tone) {
    case 'ok':
      return theme.palette.success.main;
    case 'warning':
      return theme.palette.warning.main;
    case 'error':
      return theme.palette.error.main;
    case 'info':
      return theme.palette.info.main;
    default:
      return theme.palette.text.secondary;
  }
}

/** What a hop status is called on screen. */
export const HOP_STATUS_TEXT: Record<HopStatus, string> = {
  ok: 'OK',
  warning: 'Warning',
  error: 'Error',
  unknown: 'Unknown',
};

export function hopTone(status: HopStatus): Tone {
  return status;
}

export function severityTone(severity: Severity): Tone {
  switch (severity) {
    case 'critical':
    case 'high':
      return 'error';
    case 'medium':
      return 'warning';
    case 'low':
      return 'info';
    default:
      return 'unknown';
  }
}

/** A Kubernetes condition status as a tone: True is fine, False is not, Unknown is unknown. */
export function conditionTone(status: string): Tone {
  if (status === 'True') return 'ok';
  if (status === 'False') return 'error';
  return 'unknown';
}

const useStyles = makeStyles(theme => ({
  chip: {
    borderColor: ({ tone }: { tone: Tone }) => toneColor(theme, tone),
  },
  icon: {
    color: ({ tone }: { tone: Tone }) => `${toneColor(theme, tone)} !important`,
  },
  toneIcon: {
    color: ({ tone }: { tone: Tone }) => toneColor(theme, tone),
    verticalAlign: 'middle',
  },
}));

/** An outlined chip whose border and icon carry the tone; the label carries the meaning. */
export function ToneChip(props: {
  tone: Tone;
  label: string;
  title?: string;
  size?: 'small' | 'medium';
}) {
  const { tone, label, title, size = 'small' } = props;
  const classes = useStyles({ tone });
  const { Icon } = TONES[tone];
  return (
    <Chip
      variant="outlined"
      size={size}
      label={label}
      title={title}
      icon={<Icon className={classes.icon} aria-hidden />}
      classes={{ root: classes.chip }}
    />
  );
}

/** The icon of a tone, coloured; hidden from assistive technology (the text next to it speaks). */
export function ToneIcon(props: {
  tone: Tone;
  fontSize?: 'inherit' | 'small';
}) {
  const classes = useStyles({ tone: props.tone });
  const { Icon } = TONES[props.tone];
  return (
    <Icon
      className={classes.toneIcon}
      fontSize={props.fontSize ?? 'small'}
      aria-hidden
    />
  );
}

/** The severity of a finding, e.g. `high`. */
export function SeverityChip(props: { severity: Severity; count?: number }) {
  const { severity, count } = props;
  return (
    <ToneChip
      tone={severityTone(severity)}
      label={count === undefined ? severity : `${severity}: ${count}`}
    />
  );
}
