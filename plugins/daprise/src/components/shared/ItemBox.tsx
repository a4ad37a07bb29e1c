import type { ReactNode } from 'react';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  box: {
    padding: theme.spacing(1),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    marginBottom: theme.spacing(1),
  },
}));

/** One item of a card section (a route, an MCP server, a policy) in a bordered box. */
export function ItemBox(props: { children: ReactNode; label?: string }) {
  const classes = useStyles();
  return (
    <div className={classes.box} aria-label={props.label}>
      {props.children}
    </div>
  );
}
