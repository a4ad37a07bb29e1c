import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
  },
  path: {
    fill: '#7df3e1',
  },
});

/** The Backstage logo in the sidebar: one path in the logo's colour, at a given height. */
export function BackstageLogo(props: {
  height: number;
  viewBox: string;
  path: string;
}) {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      style={{ height: props.height }}
      xmlns="http://www.w3.org/2000/svg"
      viewBox={props.viewBox}
    >
      <path className={classes.path} d={props.path} />
    </svg>
  );
}
