import type { ReactNode } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.25),
    margin: 0,
  },
  term: {
    color: theme.palette.text.secondary,
  },
  definition: {
    margin: 0,
    overflowWrap: 'anywhere',
  },
}));

/** Label/value pairs as a definition list. Pairs whose value is undefined are left out. */
export function Fields(props: { fields: Array<[string, ReactNode]> }) {
  const classes = useStyles();
  return (
    <dl className={classes.list}>
      {props.fields
        .filter(([, value]) => value !== undefined && value !== null)
        .map(([term, value]) => (
          <Typography
            key={term}
            variant="body2"
            component="div"
            style={{ display: 'contents' }}
          >
            <dt className={classes.term}>{term}</dt>
            <dd className={classes.definition}>{value}</dd>
          </Typography>
        ))}
    </dl>
  );
}

/** A heading inside a card section. */
export function SectionHeading(props: { children: ReactNode; id?: string }) {
  return (
    <Typography variant="subtitle2" component="h4" id={props.id} gutterBottom>
      {props.children}
    </Typography>
  );
}

/** A section of the card, labelled by its heading. */
export function CardSection(props: {
  id: string;
  heading: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={props.id}>
      <SectionHeading id={props.id}>{props.heading}</SectionHeading>
      {props.children}
    </section>
  );
}
