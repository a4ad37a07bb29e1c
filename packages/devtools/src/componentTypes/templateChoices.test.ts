import fs from 'node:fs';
import path from 'node:path';
import {
  componentTypeChoices,
  componentVersionChoices,
} from '@daprise/plugin-daprise-common';
import { parse } from 'yaml';
import { withComponentChoices } from './templateChoices';

const template = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
spec:
  parameters:
    - title: Service
      properties:
        appId:
          type: string
    - title: Components
      properties:
        components:
          type: array
          items:
            properties:
              type:
                title: Type
                type: string
                enum:
                  - state.redis
                enumNames:
                  - Redis state store # the old label
              version:
                enum:
                  - v1
                default: v1
`;

describe('the template component choices', () => {
  it('replaces only the lists of types, labels and versions', () => {
    const out = withComponentChoices(
      template,
      [
        { type: 'pubsub.redis', label: 'Redis (pubsub)' },
        { type: 'state.redis', label: 'Redis: state' },
      ],
      ['v1', 'v2'],
    );
    expect(parse(out).spec.parameters[1].properties.components.items).toEqual({
      properties: {
        type: {
          title: 'Type',
          type: 'string',
          enum: ['pubsub.redis', 'state.redis'],
          enumNames: ['Redis (pubsub)', 'Redis: state'],
        },
        version: { enum: ['v1', 'v2'], default: 'v1' },
      },
    });
    // every other line is kept as it was
    const kept = (text: string) =>
      text.split('\n').filter(line => !line.trimStart().startsWith('- '));
    expect(kept(out)).toEqual(kept(template));
  });

  it('refuses a template without a Components page', () => {
    expect(() =>
      withComponentChoices(
        template.replace('title: Components', 'title: Other'),
        [],
        [],
      ),
    ).toThrow(/no "Components" page/);
  });

  it('are committed in the template exactly as the script writes them', () => {
    const file = path.resolve(
      __dirname,
      '../../../../examples/templates/dapr-shared-service/template.yaml',
    );
    const committed = fs.readFileSync(file, 'utf8');
    expect(
      withComponentChoices(
        committed,
        componentTypeChoices(),
        componentVersionChoices(),
      ),
    ).toBe(committed);
  });
});
