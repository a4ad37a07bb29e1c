import Typography from '@material-ui/core/Typography';
import { useNow } from '../../hooks/useNow';

/**
 * How long ago something happened, compactly: `just now`, `5 s ago`, `3 min ago`, `2 h ago`,
 * `4 d ago`.
 */
export function formatAge(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return 'at an unknown time';
  const seconds = Math.floor((now - then) / 1000);
  if (seconds < 1) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/**
 * `observed 5 s ago`, ticking; the exact time is in the `<time>` element and its tooltip.
 */
export function ObservedAt(props: { at?: string; prefix?: string }) {
  const { at, prefix = 'observed' } = props;
  const now = useNow();
  if (!at) return null;
  const time = new Date(at);
  return (
    <Typography variant="caption" color="textSecondary" component="span">
      <time
        dateTime={at}
        title={Number.isNaN(time.getTime()) ? at : time.toISOString()}
      >
        {prefix} {formatAge(at, now)}
      </time>
    </Typography>
  );
}
