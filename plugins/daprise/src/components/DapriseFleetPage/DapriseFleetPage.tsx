import { useCallback } from 'react';
import {
  Content,
  ContentHeader,
  Link,
  Header,
  Page,
  Progress,
  SupportButton,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import {
  DAPRISE_FLEET_CHANNEL,
  dapriseFleetReadPermission,
} from '@daprise/plugin-daprise-common';
import { dapriseApiRef, fleetQueryToSearchParams } from '../../api';
import { useLiveResource } from '../../hooks/useLiveResource';
import { useLiveUpdates } from '../../hooks/useLiveUpdates';
import { DapriseErrorPanel, PermissionRequired } from '../shared/errors';
import { ObservedAt } from '../shared/ObservedAt';
import { useRulesPath } from '../shared/RuleLink';
import { ClusterHealth } from './ClusterHealth';
import { ExportCsvButton } from './ExportCsvButton';
import { FleetFilters } from './FleetFilters';
import { FleetSummary } from './FleetSummary';
import { FleetTable } from './FleetTable';
import { ObjectFindingsSection } from './ObjectFindingsSection';
import { useFleetQueryParams } from './useFleetQueryParams';

const FLEET_PERMISSION_DESCRIPTION =
  'The Dapr fleet lists every app-id in every cluster with its findings.';

function FleetView() {
  const api = useApi(dapriseApiRef);
  const [query, updateQuery] = useFleetQueryParams();
  const rulesPath = useRulesPath();
  const fleet = useLiveResource(
    signal => api.getFleet(query, { signal }),
    fleetQueryToSearchParams(query).toString(),
    { keepValueAcrossKeys: true },
  );
  const clusters = useLiveResource(
    signal => api.getClusters({ signal }),
    'clusters',
  );
  const { refresh: refreshFleet } = fleet;
  const { refresh: refreshClusters } = clusters;
  const refresh = useCallback(() => {
    refreshFleet();
    refreshClusters();
  }, [refreshFleet, refreshClusters]);
  useLiveUpdates(DAPRISE_FLEET_CHANNEL, fleet.value?.indexVersion, refresh);

  if (!fleet.value && fleet.error) {
    return (
      <DapriseErrorPanel
        error={fleet.error}
        title="Could not load the Dapr fleet"
        permission={dapriseFleetReadPermission.name}
        permissionDescription={FLEET_PERMISSION_DESCRIPTION}
      />
    );
  }

  return (
    <>
      <ContentHeader
        title="Governance"
        description="Every Dapr app-id the clusters run or route to, judged by the governance rules"
      >
        <ObservedAt at={fleet.value?.observedAt} prefix="observed" />
        {rulesPath && <Link to={rulesPath}>Rules</Link>}
        <ExportCsvButton query={query} />
        <SupportButton>
          Every app-id Daprise finds in the clusters it watches, with its Dapr
          Shared instance or sidecar, routes, components and the findings of the
          governance rules. Filters are kept in the address, so a filtered view
          can be shared.
        </SupportButton>
      </ContentHeader>
      {fleet.error && (
        <Box mb={2}>
          <Alert severity="warning">
            Could not refresh the fleet ({fleet.error.message}); showing the
            last state loaded.
          </Alert>
        </Box>
      )}
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <ClusterHealth
            clusters={clusters.value?.items}
            error={clusters.error}
          />
        </Grid>
        <Grid item xs={12} md={3}>
          <FleetFilters
            query={query}
            facets={fleet.value?.facets}
            onChange={updateQuery}
          />
          <Box mt={3}>
            <FleetSummary
              summary={fleet.value?.summary}
              query={query}
              onChange={updateQuery}
            />
          </Box>
        </Grid>
        <Grid item xs={12} md={9}>
          <FleetTable
            page={fleet.value}
            query={query}
            loading={fleet.loading}
            onChange={updateQuery}
          />
        </Grid>
        <Grid item xs={12}>
          <ObjectFindingsSection indexVersion={fleet.value?.indexVersion} />
        </Grid>
      </Grid>
    </>
  );
}

/**
 * The fleet page's content, for hosts that supply the page header themselves (the new frontend
 * system's page layout): shown only to users with `daprise.fleet.read`.
 */
export function DapriseFleetContent() {
  const { loading, allowed } = usePermission({
    permission: dapriseFleetReadPermission,
  });
  if (loading) return <Progress />;
  if (!allowed) {
    return (
      <PermissionRequired
        permission={dapriseFleetReadPermission.name}
        description={FLEET_PERMISSION_DESCRIPTION}
      />
    );
  }
  return <FleetView />;
}

/**
 * The Dapr fleet page: every app-id across clusters with its findings, filters, a summary by
 * rule and severity, the clusters' health, and a CSV export.
 * @public
 */
export function DapriseFleetPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Dapr fleet"
        subtitle="Dapr Shared, sidecars and Gateway routes across clusters"
      />
      <Content>
        <DapriseFleetContent />
      </Content>
    </Page>
  );
}
