import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type {
  AppView,
  DaprSharedInstance,
  DaprSharedMadeBy,
  ObjectRef,
  SidecarApp,
} from '@daprise/plugin-daprise-common';
import { Fields, CardSection } from '../shared/Fields';
import { ItemBox } from '../shared/ItemBox';
import { ToneIcon, type Tone } from '../shared/status';

const MADE_BY_TEXT: Record<DaprSharedMadeBy, string> = {
  helm: 'dapr-shared Helm chart',
  daprise: 'Daprise template',
  manual: 'by hand',
};

const useStyles = makeStyles(theme => ({
  inline: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
}));

export function objectName(ref: ObjectRef): string {
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}

function readinessTone(ready: number, desired: number): Tone {
  if (desired === 0) return 'warning';
  if (ready === 0) return 'error';
  return ready < desired ? 'warning' : 'ok';
}

function Readiness(props: { ready: number; desired: number }) {
  const classes = useStyles();
  const { ready, desired } = props;
  return (
    <span className={classes.inline}>
      <ToneIcon tone={readinessTone(ready, desired)} />
      {ready}/{desired} ready
    </span>
  );
}

function Mtls(props: { enabled: boolean }) {
  const classes = useStyles();
  return (
    <span className={classes.inline}>
      <ToneIcon tone={props.enabled ? 'ok' : 'warning'} />
      {props.enabled ? 'on' : 'off'}
    </span>
  );
}

function DaprSharedDetails(props: { instance: DaprSharedInstance }) {
  const { instance } = props;
  const channel = instance.appChannelAddress
    ? `${instance.appChannelAddress}${
        instance.appPort ? `:${instance.appPort}` : ''
      }`
    : undefined;
  return (
    <ItemBox>
      <Typography variant="body2" gutterBottom>
        <strong>Dapr Shared</strong> · {instance.ref.kind}{' '}
        {objectName(instance.ref)}
      </Typography>
      <Fields
        fields={[
          [
            'Strategy',
            instance.strategy === 'daemonset'
              ? 'DaemonSet (one daprd per node)'
              : 'Deployment (replicas)',
          ],
          [
            'Ready',
            <Readiness ready={instance.ready} desired={instance.desired} />,
          ],
          ['daprd', instance.daprdVersion ?? instance.daprdImage ?? 'unknown'],
          ['mTLS', <Mtls enabled={instance.mtls} />],
          ['Configuration', instance.config ?? 'none (control plane default)'],
          ['App channel', channel],
          ['Made by', MADE_BY_TEXT[instance.madeBy]],
        ]}
      />
    </ItemBox>
  );
}

function SidecarDetails(props: { sidecar: SidecarApp }) {
  const { sidecar } = props;
  return (
    <ItemBox>
      <Typography variant="body2" gutterBottom>
        <strong>Sidecar</strong> · {sidecar.ref.kind} {objectName(sidecar.ref)}
      </Typography>
      <Fields
        fields={[
          [
            'Ready',
            <Readiness ready={sidecar.ready} desired={sidecar.desired} />,
          ],
          ['daprd', sidecar.daprdVersion ?? 'injector default'],
          ['Configuration', sidecar.config ?? 'none (control plane default)'],
          ['App port', sidecar.appPort],
        ]}
      />
    </ItemBox>
  );
}

/** The daprd of the app: its Dapr Shared instances or its sidecars. */
export function DaprRuntimeDetails(props: { app: AppView }) {
  const { app } = props;
  return (
    <CardSection id={`daprise-runtime-${app.key}`} heading="Dapr runtime">
      {app.daprShared.map(instance => (
        <DaprSharedDetails
          key={`${instance.ref.kind}/${instance.ref.name}`}
          instance={instance}
        />
      ))}
      {app.sidecars.map(sidecar => (
        <SidecarDetails
          key={`${sidecar.ref.kind}/${sidecar.ref.name}`}
          sidecar={sidecar}
        />
      ))}
      {app.daprShared.length === 0 && app.sidecars.length === 0 && (
        <Alert severity="warning">
          No Dapr Shared instance or sidecar runs app-id {app.appId} in
          namespace {app.namespace}.
        </Alert>
      )}
    </CardSection>
  );
}
