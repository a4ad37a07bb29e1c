import { Content } from '@backstage/core-components';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { AppSection } from '../EntityDapriseCard/AppSection';
import {
  EntityDaprApps,
  MissingDaprAppId,
  scopeText,
  useEntityDaprRef,
} from '../EntityDapriseCard/EntityDaprApps';
import { ComponentMetadataTables } from './ComponentMetadataTables';
import { PoliciesTable } from './PoliciesTable';

const useStyles = makeStyles(theme => ({
  app: {
    padding: theme.spacing(2),
    '& + &': { marginTop: theme.spacing(3) },
  },
  more: {
    display: 'grid',
    gap: theme.spacing(2),
    marginTop: theme.spacing(2),
  },
}));

/**
 * The entity's whole Dapr view, for a tab of the entity page: per cluster and namespace
 * what the card shows (runtime, components, routes with their route maps, findings), and
 * the components' metadata (secret references by name, literals masked) and the network
 * policies that select the app.
 * @public
 */
export function EntityDapriseContent() {
  const classes = useStyles();
  const { entity, daprRef } = useEntityDaprRef();
  return (
    <Content>
      {daprRef ? (
        <>
          <Typography variant="body2" color="textSecondary" paragraph>
            app-id <code>{daprRef.appId}</code>
            {scopeText(daprRef)}
          </Typography>
          <EntityDaprApps
            entity={entity}
            daprRef={daprRef}
            renderApp={(app, cluster, observedAt) => (
              <Paper className={classes.app} variant="outlined">
                <AppSection
                  app={app}
                  cluster={cluster}
                  observedAt={observedAt}
                />
                <div className={classes.more}>
                  <ComponentMetadataTables app={app} />
                  <PoliciesTable app={app} />
                </div>
              </Paper>
            )}
          />
        </>
      ) : (
        <MissingDaprAppId />
      )}
    </Content>
  );
}
