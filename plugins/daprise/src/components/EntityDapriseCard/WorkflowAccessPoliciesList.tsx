import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  AppView,
  SlimWorkflowAccessPolicy,
} from '@daprise/plugin-daprise-common';
import { CardSection } from '../shared/Fields';
import { ItemBox } from '../shared/ItemBox';

const useStyles = makeStyles(theme => ({
  rules: {
    margin: 0,
    paddingLeft: theme.spacing(2.5),
  },
}));

/** One rule of a WorkflowAccessPolicy in words: who may do what. */
export function workflowRuleText(
  rule: SlimWorkflowAccessPolicy['rules'][number],
): string {
  const what = [
    ...rule.workflows.map(
      w =>
        `workflow ${w.name}${
          w.operations.length > 0 ? ` (${w.operations.join(', ')})` : ''
        }`,
    ),
    ...rule.activities.map(a => `activity ${a}`),
  ];
  const callers = rule.callers.length > 0 ? rule.callers.join(', ') : 'no app';
  return `${callers} → ${what.length > 0 ? what.join(', ') : 'nothing'}`;
}

/**
 * The WorkflowAccessPolicies guarding the app's workflows and activities, with the caller
 * app-ids each lets in: shown only when one applies to the app.
 */
export function WorkflowAccessPoliciesList(props: { app: AppView }) {
  const { app } = props;
  const classes = useStyles();
  if (app.workflowAccessPolicies.length === 0) return null;
  return (
    <CardSection
      id={`daprise-workflow-access-${app.key}`}
      heading={`Workflow access policies (${app.workflowAccessPolicies.length})`}
    >
      {app.workflowAccessPolicies.map(policy => (
        <ItemBox
          key={policy.name}
          label={`WorkflowAccessPolicy ${policy.name}`}
        >
          <Typography variant="body2" gutterBottom>
            <strong>
              WorkflowAccessPolicy {policy.namespace}/{policy.name}
            </strong>
          </Typography>
          <ul className={classes.rules}>
            {policy.rules.map((rule, index) => (
              <li key={index}>
                <Typography variant="body2">
                  {workflowRuleText(rule)}
                </Typography>
              </li>
            ))}
          </ul>
        </ItemBox>
      ))}
    </CardSection>
  );
}
